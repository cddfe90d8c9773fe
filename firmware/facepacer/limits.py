"""The facts the settings are checked against, kept below everything that uses them.

The config (``config.py``) checks a value against these; the MPR121 driver (``hardware/``) and
the theme (``ui/``) build on them. Keeping them here, and not in the driver or the theme, lets
the settings sit below both layers (ARCHITECTURE §1, §11). Imports nothing.
"""

from __future__ import annotations

# The MPR121 (NXP datasheet, rev. 4).
ELECTRODES = 12
DEFAULT_ADDRESS = 0x5A
ADDRESSES = (0x5A, 0x5B, 0x5C, 0x5D)  # ADDR pin to GND, VDD, SDA, SCL
THRESHOLD_MAX = 255  # the touch and release threshold registers are one byte each
DEFAULT_TOUCH = 12  # the default counts of filtered-vs-baseline difference for a touch...
DEFAULT_RELEASE = 6  # ... and for its release
CHARGE_CURRENTS = (1, 63)  # uA, the lowest and highest CDC (and CONFIG1) charge current
CHARGE_TIMES = (0.5, 1, 2, 4, 8, 16, 32)  # us, CDT codes 1-7

# The screen's colour themes, by name; ``ui/theme.py`` gives each its palette.
THEME_NAMES = ("calm", "contrast")
