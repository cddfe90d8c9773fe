"""The panel's own power: dim and switch off its backlight when the screen sleeps.

Drawing black only darkens the pixels; an LCD's backlight still glows and still wears. Linux
exposes a panel's backlight in ``/sys/class/backlight/NAME/`` (the official DSI touchscreens, many
SPI and DSI panels): ``brightness`` (0..``max_brightness``) and ``bl_power`` (0 on, 4 off). An
HDMI monitor has none; then nothing is done, and ``reason`` says so. Writing needs permission
(root, or a udev rule giving the ``video`` group the files); a refusal is reported once and the
screen keeps working, drawn dim or black as always.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Optional

from facepacer.engine.snapshot import AWAKE, BLANK, DIM

log = logging.getLogger(__name__)

SYSFS = Path("/sys/class/backlight")
DIM_FRACTION = 0.3  # of the brightness the panel had when the device started
BL_ON, BL_OFF = "0", "4"  # FB_BLANK_UNBLANK, FB_BLANK_POWERDOWN


class Backlight:
    """The first backlight under ``root``; :meth:`apply` follows the snapshot's power state."""

    def __init__(self, root: Path = SYSFS, dim_fraction: float = DIM_FRACTION):
        self.reason: Optional[str] = None
        self.state = AWAKE
        self.dim_fraction = dim_fraction
        self.device: Optional[Path] = None
        self._full = 0
        try:
            devices = sorted(p for p in Path(root).iterdir() if (p / "brightness").exists())
        except OSError:
            devices = []
        if not devices:
            self.reason = f"no backlight under {root}: the screen sleeps by drawing black"
            return
        self.device = devices[0]
        try:
            self._full = int((self.device / "brightness").read_text().strip())
        except (OSError, ValueError) as exc:
            self._fail(f"cannot read {self.device / 'brightness'}: {exc}")
        if self._full <= 0:
            self._full = self._max()

    @property
    def available(self) -> bool:
        return self.device is not None and self.reason is None

    def apply(self, power: str) -> None:
        """Set the panel for ``power`` (awake, dim or blank); does nothing when unchanged."""
        if power == self.state or not self.available:
            self.state = power
            return
        self.state = power
        if power == BLANK:
            self._write("bl_power", BL_OFF, optional=True)
            self._write("brightness", "0")
            return
        level = self._full if power != DIM else max(1, round(self._full * self.dim_fraction))
        self._write("brightness", str(level))
        self._write("bl_power", BL_ON, optional=True)

    def _max(self) -> int:
        try:
            return int((self.device / "max_brightness").read_text().strip())
        except (OSError, ValueError):
            return 1

    def _write(self, name: str, value: str, optional: bool = False) -> None:
        path = self.device / name
        if optional and not path.exists():
            return
        try:
            path.write_text(value)
        except OSError as exc:
            self._fail(f"cannot write {path}: {exc.strerror or exc}")

    def _fail(self, problem: str) -> None:
        self.reason = f"{problem}: the screen sleeps by drawing black"
        log.warning(self.reason)
