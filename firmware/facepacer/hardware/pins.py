"""Which GPIO pin library gpiozero ends up with on this machine, and why the ones before it failed.

gpiozero tries its pin libraries in turn and warns of each failure with ``PinFactoryFallback``;
the device used to silence those warnings, which lost the one reason that mattered (lgpio, the
library every Pi from the Zero 2 W to the Pi 5 needs, refusing to start because it cannot write
its notification files into the working directory, for instance). This module keeps the reasons
so that ``facepacer run`` and ``facepacer doctor`` can say what actually went wrong.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import warnings
from dataclasses import dataclass, field
from typing import Callable, Iterator, List, Optional, Protocol, Union

# The library that works on every Pi under Bookworm and Trixie; its failure is the one to report.
PREFERRED = "lgpio"
# Pin factories that can produce a tone on any pin (lgpio times PWM in software on every pin).
PWM_FACTORIES = ("LGPIOFactory", "RPiGPIOFactory", "PiGPIOFactory", "MockFactory")


class GpioPin(Protocol):
    """What ``facepacer doctor`` does with one of gpiozero's pins: set it up, read it, let go."""

    function: str  # "input" | "output"
    pull: str  # "up" | "down" | "floating"
    frequency: Optional[float]  # a PWM tone, None for none
    state: Union[int, float]

    def close(self) -> None: ...


class PinFactory(Protocol):
    """gpiozero's pin factory, as far as this program uses it directly."""

    def pin(self, spec: int) -> GpioPin: ...

    def close(self) -> None: ...


@dataclass
class PinChoice:
    """gpiozero's default pin factory (None when none would load) and the fallback reasons."""

    factory: Optional[PinFactory]
    reasons: List[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return type(self.factory).__name__ if self.factory is not None else "none"

    def first_reason(self) -> Optional[str]:
        """The reason the preferred library was passed over, else the first reason given."""
        for reason in self.reasons:
            if f"from {PREFERRED}:" in reason:
                return reason
        return self.reasons[0] if self.reasons else None

    def problem(self, *, installed: Optional[Callable[[str], bool]] = None) -> Optional[str]:
        """What to tell the user when no PWM-capable library was chosen; None when all is well."""
        installed = installed or _installed
        if self.factory is not None and self.name in PWM_FACTORIES:
            return None
        reason = self.first_reason()
        because = f" ({reason})" if reason else ""
        if self.factory is None:
            start = "no GPIO pin library could be used"
        else:
            start = f"gpiozero fell back to {self.name}, which cannot sound the buzzer"
        if installed(PREFERRED):
            fix = (
                "lgpio is installed but failed: it writes its .lgd-nfy files into the working "
                "directory, so start facepacer from a writable one, and check the user is in "
                "the gpio group"
            )
        else:
            fix = (
                "on a Raspberry Pi install it with `sudo apt install python3-lgpio` (in a "
                "virtual environment made with --system-site-packages); on another computer, "
                "`facepacer sim` runs the device with mock hardware"
            )
        return f"{start}{because}: {fix}"


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def default_factory(loader: Optional[Callable[[], PinFactory]] = None) -> PinChoice:
    """gpiozero's default pin factory, chosen as gpiozero chooses it, with every fallback reason.

    ``loader`` (default: gpiozero's own chooser) is called with the warnings recorded.
    """
    if loader is None:
        from gpiozero import Device

        loader = Device._default_pin_factory
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            # pigpio's client prints a banner on stdout when its daemon is not running, which
            # would corrupt `--json` output; the warnings carry the reason anyway.
            with contextlib.redirect_stdout(io.StringIO()):
                factory = loader()
            failure = None
        except Exception as exc:
            factory, failure = None, f"{type(exc).__name__}: {exc}"
    reasons = [str(w.message) for w in caught if "Falling back" in str(w.message)]
    if failure and not reasons:
        reasons.append(failure)
    return PinChoice(factory, reasons)


@contextlib.contextmanager
def fallbacks_unprinted() -> Iterator[None]:
    """gpiozero's fallback warnings not printed: ``default_factory`` has already kept them."""
    from gpiozero.exc import PinFactoryFallback

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PinFactoryFallback)
        yield
