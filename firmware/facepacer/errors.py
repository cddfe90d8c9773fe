"""One exception hierarchy for the whole device.

Every class is also the builtin a caller would expect (a bad file is a ``ValueError``, a bus that
fails is an ``OSError``), and every message says what is wrong, the value, where, and what to do.
"""

from __future__ import annotations


class FacepacerError(Exception):
    """Base of every error raised on purpose by facepacer."""


class RitualError(FacepacerError, ValueError):
    """A ritual file is unusable. ``problems`` holds every ``FILE:LINE:COL: message`` found."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class RitualNotFound(FacepacerError, LookupError):
    """No loaded ritual has the id asked for, and no file has that path."""


class ScriptError(FacepacerError, ValueError):
    """A line of a ``--script`` file is wrong; the message is ``FILE:LINE: message``."""


class HardwareError(FacepacerError, RuntimeError):
    """Something on the sensor or buzzer side is wrong."""


class DisplayError(HardwareError):
    """SDL could not open a display; the message says the likely cause and the fix."""


class BusError(FacepacerError, OSError):
    """An I2C transfer failed. ``errno`` is kept from the underlying OSError."""


class SensorNotFound(BusError):
    """Nothing answers at the I2C address, or the bus device itself is missing or forbidden."""


class WrongChip(HardwareError):
    """A chip answers at the address but it is not an MPR121 (its CONFIG2 read back wrong)."""


class StoreError(FacepacerError, RuntimeError):
    """The session log cannot be read or written."""


class NewerDatabase(StoreError):
    """The session log was written by a newer facepacer; it is left untouched."""
