"""``facepacer doctor``: every link between the program and a working mirror, checked in turn.

Each check is a small function of a :class:`Context` returning one :class:`Result`: ok, warn or
fail, what was found, and for anything short of ok what to do about it. The context carries the
root of the file system the checks look under (``/`` on the device; a folder built by a test),
the user the answer is for, and the parts that need hardware (the I2C bus, gpiozero's pin
factory, pygame's SDL library, SDL's video started in a child process), so each failure can be
faked without touching the machine.
"""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Mapping, Optional, Protocol, Tuple

from facepacer.config import Config
from facepacer.doctor.video import Started, start_video
from facepacer.enums import StrEnum
from facepacer.hardware.pins import PinChoice, default_factory
from facepacer.ui.drivers import loaded_sdl_libraries


class Verdict(StrEnum):
    """A check's outcome, as ``doctor`` prints it and ``--json`` writes it."""

    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


OK, WARN, FAIL = Verdict.OK, Verdict.WARN, Verdict.FAIL  # the checks' short names for them


class SensorBus(Protocol):
    """What the sensor check asks of an I2C bus (``hardware.bus.LockedBus``, or a test's fake):
    a register read, which raises OSError where nothing answers."""

    def read_byte_data(self, address: int, register: int) -> int: ...


@dataclass(frozen=True)
class Result:
    check: str  # a short name: i2c, sensor, pins...
    status: Verdict
    detail: str  # what was found
    fix: str = ""  # what to do, for warn and fail

    def as_dict(self) -> dict:
        return {"check": self.check, "status": self.status, "detail": self.detail, "fix": self.fix}


@dataclass(frozen=True)
class Identity:
    """The user the checks answer for: name, user id, and the group ids of this session."""

    name: str
    uid: int
    gids: Tuple[int, ...]

    @classmethod
    def current(cls) -> Identity:
        uid = os.geteuid()
        try:
            name = pwd.getpwuid(uid).pw_name
        except KeyError:
            name = str(uid)
        return cls(name, uid, tuple(sorted(set(os.getgroups()) | {os.getegid()})))


@dataclass
class Context:
    config: Config
    root: Path = Path("/")
    who: Identity = field(default_factory=Identity.current)
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    bus: Optional[SensorBus] = None  # an I2C bus to use instead of opening /dev/i2c-N
    pins: Callable[[], PinChoice] = default_factory
    sdl_libraries: Callable[[], List[Path]] = loaded_sdl_libraries
    statvfs: Callable[[str], os.statvfs_result] = os.statvfs
    start_video: Callable[[Mapping[str, str]], Started] = start_video
    _pin_choice: Optional[PinChoice] = field(default=None, init=False, repr=False)

    def path(self, absolute: str) -> Path:
        """``absolute`` (like ``/dev/i2c-1``) under this context's root."""
        return self.root / absolute.lstrip("/")

    def pin_choice(self) -> PinChoice:
        """gpiozero's pin factory, asked for once and shared by the checks that need it."""
        if self._pin_choice is None:
            self._pin_choice = self.pins()
        return self._pin_choice

    def release_pins(self) -> None:
        """Give back the pins the checks claimed (the factory closes every pin it made)."""
        factory = self._pin_choice.factory if self._pin_choice else None
        if factory is not None:
            factory.close()


def may(path: Path, who: Identity, *, read: bool = False, write: bool = False) -> bool:
    """Whether ``who`` may read and/or write ``path`` by its owner, group and mode bits."""
    if who.uid == 0:
        return True
    st = path.stat()
    if st.st_uid == who.uid:
        bits = st.st_mode >> 6
    elif st.st_gid in who.gids:
        bits = st.st_mode >> 3
    else:
        bits = st.st_mode
    need = (4 if read else 0) | (2 if write else 0)
    return bits & need == need


def run_checks(context: Context) -> List[Result]:
    """Every check, in the order a signal travels: bus, sensor, pins, screen, user, system."""
    from facepacer.doctor import devices, system

    checks = (
        system.i2c,
        devices.sensor,
        devices.pins,
        devices.irq,
        system.sdl,
        system.display,
        system.backlight,
        system.groups,
        system.data,
        system.clock,
        system.service,
    )
    results = []
    for check in checks:
        try:
            results.append(check(context))
        except Exception as exc:  # a check that breaks must not hide the others
            name = check.__name__
            results.append(Result(name, FAIL, f"the check itself failed: {exc!r}", "report this"))
    context.release_pins()
    return results
