"""The panel's own power: dim and switch off its backlight when the screen sleeps.

Drawing black only darkens the pixels; an LCD's backlight still glows and still wears. Linux
exposes a panel's backlight in ``/sys/class/backlight/NAME/`` (the official DSI touchscreens, many
SPI and DSI panels): ``brightness`` (0..``max_brightness``) and ``bl_power`` (0 on, 4 off). An
HDMI monitor has none; then nothing is done, and ``reason`` says so. Writing needs permission
(root, or a udev rule giving the ``video`` group the files); a refusal is reported once and the
screen keeps working, drawn dim or black as always.

With several backlights (a laptop's and a panel's, or a DSI panel beside an HDMI monitor), the
one named in the config (``backlight:``) is used; else one that belongs to a connected display
(its device under a connected DRM connector's, or named in it); else by kind, as the kernel's
``type`` ranks them (firmware, platform, raw); the name decides only a tie. The brightness found
at start is kept in a small file while the panel is dimmed, so a device that dies dimmed comes
back at the user's brightness, not at the dim level, and it is restored on exit.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import List, Optional, Tuple

from facepacer import userfiles
from facepacer.engine.snapshot import AWAKE, BLANK, DIM, Power

log = logging.getLogger(__name__)

SYSFS = Path("/sys/class/backlight")
DRM = Path("/sys/class/drm")
KINDS = ("firmware", "platform", "raw")  # the kernel's backlight types, best first
STATE_MAX = 4096  # bytes: the saved brightness is one short line
DIM_FRACTION = 0.3  # of the brightness the panel had when the device started
BL_ON, BL_OFF = "0", "4"  # FB_BLANK_UNBLANK, FB_BLANK_POWERDOWN


def _connected_connectors(drm: Path) -> List[Path]:
    try:
        connectors = sorted(p for p in drm.iterdir() if (p / "status").exists())
    except OSError:
        return []
    out = []
    for connector in connectors:
        try:
            if connector.joinpath("status").read_text().strip() == "connected":
                out.append(connector)
        except OSError:
            continue
    return out


def _rank(device: Path, connectors: List[Path]) -> Tuple[int, int, str]:
    """Lower is better: on a connected display first, then by kind, then by name."""
    real = os.path.realpath(device / "device") if (device / "device").exists() else None
    on_display = any(
        (c / device.name).exists()
        or (real is not None and real.startswith(os.path.realpath(c) + os.sep))
        for c in connectors
    )
    try:
        kind = (device / "type").read_text().strip()
    except OSError:
        kind = ""
    return (0 if on_display else 1, KINDS.index(kind) if kind in KINDS else len(KINDS), device.name)


def panel_backlight(name: Optional[str] = None) -> Backlight:
    """The device's backlight: ``name`` from the config, the starting brightness kept in the
    data directory while dimmed."""
    from facepacer.paths import data_dir

    return Backlight(name=name, state_file=data_dir() / "backlight")


def choose(root: Path, name: Optional[str], drm: Path = DRM) -> Tuple[Optional[Path], str]:
    """The panel's backlight under ``root``, and why there is none when there is none."""
    try:
        devices = [p for p in Path(root).iterdir() if (p / "brightness").exists()]
    except OSError:
        devices = []
    if name:
        named = [p for p in devices if p.name == name]
        if named:
            return named[0], ""
        found = ", ".join(sorted(p.name for p in devices)) or "none"
        return None, f"no backlight {name!r} under {root} (there: {found})"
    if not devices:
        return None, f"no backlight under {root}"
    connectors = _connected_connectors(drm)
    return min(devices, key=lambda d: _rank(d, connectors)), ""


class Backlight:
    """The panel's backlight under ``root`` (``name`` picks one); :meth:`apply` follows the
    snapshot's power state. ``state_file`` keeps the starting brightness while dimmed."""

    def __init__(
        self,
        root: Path = SYSFS,
        dim_fraction: float = DIM_FRACTION,
        *,
        name: Optional[str] = None,
        drm: Path = DRM,
        state_file: Optional[Path] = None,
    ):
        self.reason: Optional[str] = None
        self.state = AWAKE
        self.dim_fraction = dim_fraction
        self.state_file = state_file
        self._full = 0
        self.device, why = choose(root, name, drm)
        if self.device is None:
            self.reason = f"{why}: the screen sleeps by drawing black"
            return
        self._full = self._saved(self.device) or self._read(self.device, "brightness")
        if self._full <= 0:
            self._full = self._read(self.device, "max_brightness") or 1

    @property
    def available(self) -> bool:
        return self.device is not None and self.reason is None

    def apply(self, power: Power) -> None:
        """Set the panel for ``power`` (awake, dim or blank); does nothing when unchanged."""
        device = self.device
        if power == self.state or device is None or self.reason is not None:  # not available
            self.state = power
            return
        self.state = power
        self._save(device, power != AWAKE)
        if power == BLANK:
            self._write(device, "bl_power", BL_OFF, optional=True)
            self._write(device, "brightness", "0")
            return
        level = self._full if power != DIM else max(1, round(self._full * self.dim_fraction))
        self._write(device, "brightness", str(level))
        self._write(device, "bl_power", BL_ON, optional=True)

    def restore(self) -> None:
        """The brightness found at start, and the panel on (on exit)."""
        self.apply(AWAKE)

    def _read(self, device: Path, name: str) -> int:
        try:
            return int((device / name).read_text().strip())
        except (OSError, ValueError) as exc:
            if name == "brightness":
                self._fail(f"cannot read {device / name}: {exc}")
            return 0

    def _saved(self, device: Path) -> int:
        """The brightness kept by a run that ended dimmed or dark (a crash, a power cut)."""
        if self.state_file is None:
            return 0
        try:
            text = userfiles.read_text(
                self.state_file, limit=STATE_MAX, what="the saved brightness"
            )
            saved_device, level = text.split()
            return int(level) if saved_device == device.name else 0
        except (OSError, ValueError):
            return 0

    def _save(self, device: Path, dimmed: bool) -> None:
        if self.state_file is None:
            return
        try:
            if dimmed:
                self.state_file.parent.mkdir(parents=True, exist_ok=True)
                self.state_file.write_text(f"{device.name} {self._full}\n")
            elif self.state_file.exists():
                self.state_file.unlink()
        except OSError as exc:
            log.warning("cannot keep the backlight's brightness in %s: %s", self.state_file, exc)

    def _write(self, device: Path, name: str, value: str, optional: bool = False) -> None:
        path = device / name
        if optional and not path.exists():
            return
        try:
            path.write_text(value)
        except OSError as exc:
            self._fail(f"cannot write {path}: {exc.strerror or exc}")

    def _fail(self, problem: str) -> None:
        self.reason = f"{problem}: the screen sleeps by drawing black"
        log.warning(self.reason)
