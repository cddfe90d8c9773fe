"""The real I2C bus: one ``smbus2.SMBus`` per bus number, shared, with a lock around each transfer.

Linux allows several opens of ``/dev/i2c-N``, but a transfer is a sequence of calls on one file
descriptor; the lock keeps the IRQ thread, the probe and the loop from interleaving theirs.
"""

from __future__ import annotations

import errno
import threading
from typing import Callable, Dict, Optional

from facepacer.errors import BusError, SensorNotFound

_registry_lock = threading.Lock()
_open: Dict[int, LockedBus] = {}


class LockedBus:
    """The five SMBus methods the MPR121 driver uses, each called under one lock.

    Opened by ``open_bus``; used as a context manager or closed with ``close``. ``number`` names
    the bus in error messages.
    """

    def __init__(self, smbus, number: int):
        self._bus = smbus
        self.number = number
        self._lock = threading.Lock()
        self._users = 1

    def read_byte_data(self, address: int, register: int) -> int:
        with self._lock:
            return self._bus.read_byte_data(address, register)

    def write_byte_data(self, address: int, register: int, value: int) -> None:
        with self._lock:
            self._bus.write_byte_data(address, register, value)

    def read_i2c_block_data(self, address: int, register: int, length: int):
        with self._lock:
            return self._bus.read_i2c_block_data(address, register, length)

    def write_i2c_block_data(self, address: int, register: int, data) -> None:
        with self._lock:
            self._bus.write_i2c_block_data(address, register, data)

    def read_word_data(self, address: int, register: int) -> int:
        with self._lock:
            return self._bus.read_word_data(address, register)

    @property
    def closed(self) -> bool:
        return self._users == 0

    def close(self) -> None:
        """Release this user's share; the device file closes with the last one."""
        with _registry_lock:
            if self._users == 0:
                return
            self._users -= 1
            if self._users:
                return
            if _open.get(self.number) is self:
                del _open[self.number]
        with self._lock:
            self._bus.close()

    def __enter__(self) -> LockedBus:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _smbus2(number: int):
    import smbus2

    return smbus2.SMBus(number)


def open_bus(number: int, *, smbus_factory: Optional[Callable[[int], object]] = None) -> LockedBus:
    """The bus ``/dev/i2c-<number>``, shared with any other user of the same number.

    ``smbus_factory`` (default ``smbus2.SMBus``) opens the device; tests pass their own. Raises
    ``SensorNotFound`` when the device file is missing (I2C disabled) or forbidden (the user is
    not in the ``i2c`` group), ``BusError`` for any other failure to open it.
    """
    device = f"/dev/i2c-{number}"
    with _registry_lock:
        shared = _open.get(number)
        if shared is not None:
            shared._users += 1
            return shared
        try:
            smbus = (smbus_factory or _smbus2)(number)
        except OSError as exc:
            raise _open_error(exc, number, device) from exc
        bus = LockedBus(smbus, number)
        _open[number] = bus
        return bus


def _open_error(exc: OSError, number: int, device: str) -> BusError:
    if exc.errno == errno.ENOENT:
        error: BusError = SensorNotFound(
            f"I2C bus {number} is not available ({device} missing): enable I2C with "
            f"`sudo raspi-config nonint do_i2c 0` and reboot"
        )
    elif exc.errno in (errno.EACCES, errno.EPERM):
        error = SensorNotFound(
            f"not permitted to open {device} (I2C bus {number}): add your user to the i2c "
            f"group with `sudo usermod -aG i2c $USER`, then log in again"
        )
    else:
        error = BusError(f"cannot open {device} (I2C bus {number}): {exc}")
    error.errno = exc.errno
    return error
