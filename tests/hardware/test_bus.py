"""Opening the real bus: errors that say how to fix the system, one shared SMBus, a lock."""

from __future__ import annotations

import errno

import pytest

from facepacer.errors import BusError, SensorNotFound
from facepacer.hardware.bus import open_bus


class FakeSMBus:
    """Stands in for smbus2.SMBus; checks that every call runs under the bus lock."""

    opened = 0

    def __init__(self, number):
        FakeSMBus.opened += 1
        self.number = number
        self.closed = False
        self.bus = None  # the LockedBus, set by the test
        self.regs = bytearray(256)

    def _under_lock(self):
        assert self.bus is not None and not self.bus._lock.acquire(blocking=False)

    def read_byte_data(self, address, register):
        self._under_lock()
        return self.regs[register]

    def write_byte_data(self, address, register, value):
        self._under_lock()
        self.regs[register] = value

    def read_i2c_block_data(self, address, register, length):
        self._under_lock()
        return list(self.regs[register : register + length])

    def write_i2c_block_data(self, address, register, data):
        self._under_lock()
        self.regs[register : register + len(data)] = bytes(data)

    def read_word_data(self, address, register):
        self._under_lock()
        return self.regs[register] | self.regs[register + 1] << 8

    def close(self):
        self.closed = True


def raising(code):
    def opener(number):
        raise OSError(code, "fake")

    return opener


def test_a_missing_device_file_says_to_enable_i2c():
    # No machine running these tests has 250 I2C buses: this is smbus2 failing for real.
    with pytest.raises(SensorNotFound) as caught:
        open_bus(250)
    assert str(caught.value) == (
        "I2C bus 250 is not available (/dev/i2c-250 missing): enable I2C with "
        "`sudo raspi-config nonint do_i2c 0` and reboot"
    )
    assert caught.value.errno == errno.ENOENT


def test_a_forbidden_device_file_says_to_join_the_i2c_group():
    with pytest.raises(SensorNotFound) as caught:
        open_bus(1, smbus_factory=raising(errno.EACCES))
    assert str(caught.value) == (
        "not permitted to open /dev/i2c-1 (I2C bus 1): add your user to the i2c group with "
        "`sudo usermod -aG i2c $USER`, then log in again"
    )
    assert caught.value.errno == errno.EACCES


def test_any_other_failure_to_open_is_a_bus_error_quoting_it():
    with pytest.raises(BusError, match=r"cannot open /dev/i2c-1 \(I2C bus 1\): \[Errno 5\] fake"):
        open_bus(1, smbus_factory=raising(errno.EIO))


def test_one_smbus_per_bus_shared_until_its_last_user_closes():
    FakeSMBus.opened = 0
    first = open_bus(7, smbus_factory=FakeSMBus)
    second = open_bus(7, smbus_factory=FakeSMBus)
    assert first is second and FakeSMBus.opened == 1
    smbus = first._bus
    first.close()
    assert not smbus.closed
    second.close()
    assert smbus.closed
    with open_bus(7, smbus_factory=FakeSMBus) as third:
        assert third is not first and FakeSMBus.opened == 2
    assert third.closed


def test_every_transfer_runs_under_the_bus_lock():
    with open_bus(8, smbus_factory=FakeSMBus) as bus:
        bus._bus.bus = bus
        bus.write_byte_data(0x5A, 0x41, 12)
        bus.write_i2c_block_data(0x5A, 0x42, [6, 12])
        assert bus.read_byte_data(0x5A, 0x41) == 12
        assert bus.read_i2c_block_data(0x5A, 0x41, 3) == [12, 6, 12]
        assert bus.read_word_data(0x5A, 0x41) == 12 | 6 << 8
        assert bus.number == 8
