"""The MPR121 driver against the emulated chip (and a bare register bus): what ends up in the
chip's registers, what the driver reports, and how it fails."""

from __future__ import annotations

import errno
import re

import pytest

from facepacer.errors import BusError, HardwareError, SensorNotFound, WrongChip
from facepacer.hardware import mpr121 as reg
from facepacer.hardware.electrodes import Electrode
from facepacer.hardware.emulated import EmulatedBus, EmulatedMPR121
from facepacer.hardware.mpr121 import MPR121

from .helpers import RegisterBus, registers, settle


class WireLog:
    """The bus as seen on the wire: every transfer in order, passed on to the chip."""

    def __init__(self, chip):
        self.chip = chip
        self.log = []

    def read_byte_data(self, address, register):
        self.log.append(("read", register))
        return self.chip.read_byte_data(address, register)

    def read_word_data(self, address, register):
        self.log.append(("read", register))
        return self.chip.read_word_data(address, register)

    def read_i2c_block_data(self, address, register, length):
        self.log.append(("read", register))
        return self.chip.read_i2c_block_data(address, register, length)

    def write_byte_data(self, address, register, value):
        self.log.append(("write", register, value))
        self.chip.write_byte_data(address, register, value)

    def write_i2c_block_data(self, address, register, data):
        self.log.append(("write", register, *data))
        self.chip.write_i2c_block_data(address, register, data)


@pytest.fixture
def chip():
    """A chip whose electrodes read without noise, so register values can be compared."""
    return EmulatedMPR121(electrodes=[Electrode(noise=0)] * 12)


def test_init_resets_checks_identity_and_stops_before_configuring(chip):
    wire = WireLog(chip)
    MPR121(wire)
    assert wire.log[:4] == [
        ("write", 0x80, 0x63), ("read", 0x5D), ("write", 0x01, 0x80), ("write", 0x5E, 0x00),
    ]  # fmt: skip
    assert wire.log[-5:-3] == [("write", 0x5E, 0xCC), ("read", 0x5E)]


def test_init_waits_after_the_soft_reset_before_the_identity_check(chip, no_reset_settle):
    waits = []
    wire = WireLog(chip)
    MPR121(wire, sleep=lambda seconds: waits.append((seconds, len(wire.log))))
    assert waits == [(reg.RESET_SETTLE, 1)]  # after the reset, before anything else
    assert no_reset_settle == []


def test_init_leaves_the_configuration_in_the_chip_registers(chip):
    MPR121(chip, touch_threshold=20, release_threshold=9)
    assert registers(chip, reg.MHDR, 11) == [1, 1, 14, 0, 1, 5, 1, 0, 0, 0, 0]
    assert registers(chip, reg.TOUCH_THRESHOLD, 24) == [20, 9] * 12
    assert registers(chip, reg.DEBOUNCE, 3) == [0x22, 0x10, 0x20]
    assert chip.register(reg.ECR) == 0xCC
    assert chip.running
    assert chip.ignored_writes == []


def test_init_configures_a_chip_that_was_already_running_with_other_settings(chip):
    chip.write_byte_data(0x5A, reg.TOUCH_THRESHOLD, 99)
    chip.write_byte_data(0x5A, reg.ECR, 0x0C)
    MPR121(chip)
    assert registers(chip, reg.TOUCH_THRESHOLD, 2) == [12, 6]
    assert chip.register(reg.ECR) == 0xCC


def test_the_chip_drops_configuration_written_while_it_runs(chip):
    MPR121(chip)
    chip.write_byte_data(0x5A, reg.TOUCH_THRESHOLD, 40)
    assert chip.register(reg.TOUCH_THRESHOLD) == 12
    assert chip.ignored_writes == [(reg.TOUCH_THRESHOLD, 40)]


def test_set_thresholds_stops_the_chip_to_write_them_then_runs_again(chip):
    sensor = MPR121(chip)
    sensor.set_thresholds(30, 15)
    assert registers(chip, reg.TOUCH_THRESHOLD, 24) == [30, 15] * 12
    assert sensor.is_running()
    assert chip.ignored_writes == []


def test_touched_reports_each_touched_electrode_as_a_bit(chip):
    sensor = MPR121(chip)
    assert sensor.touched() == 0
    chip.set_touched(3, True)
    settle(chip)
    chip.set_touched(11, True)
    settle(chip)
    assert sensor.touched() == (1 << 3) | (1 << 11)
    chip.set_touched(3, False)
    settle(chip)
    assert sensor.touched() == 1 << 11


def test_touched_masks_off_the_proximity_and_over_current_bits(chip):
    sensor = MPR121(chip)
    sensor.bus = RegisterBus(r00=0x05, r01=0x90)  # ELE0, ELE2, then ELEPROX and OVCF
    assert sensor.touched() == 0x005
    assert sensor.over_current()


def test_filtered_and_baseline_show_how_far_a_touch_pulls_the_reading_down(chip):
    sensor = MPR121(chip)
    level = chip.level(0)
    chip.set_touched(0, True, strength=40)
    settle(chip)
    assert sensor.baseline(0) == level & 0x3FC  # the register keeps the top 8 of its 10 bits
    assert sensor.filtered(0) == level - 40
    readings = sensor.readings()
    assert len(readings) == 12
    assert (readings[0].touched, readings[0].delta) == (True, (level & 0x3FC) - level + 40)
    assert [r.touched for r in readings[1:]] == [False] * 11


def test_a_light_touch_counts_only_with_a_low_touch_threshold(chip):
    sensor = MPR121(chip, touch_threshold=12, release_threshold=6)
    chip.set_touched(0, True, strength=20)
    settle(chip)
    assert sensor.touched() == 1
    chip.set_touched(0, False)
    settle(chip)
    sensor.set_thresholds(30, 15)  # a wet pad: ignore what a film of water does
    chip.set_touched(0, True, strength=20)
    settle(chip)
    assert sensor.touched() == 0


def test_the_driver_talks_to_the_address_it_is_given():
    chip = EmulatedMPR121(0x5C)
    bus = EmulatedBus(chip, number=1)
    sensor = MPR121(bus, 0x5C)
    chip.set_touched(1, True)
    settle(chip)
    assert sensor.touched() == 0b10
    assert sensor.where == "0x5c on I2C bus 1"


def test_an_absent_chip_is_sensor_not_found_naming_address_bus_and_wiring():
    bus = EmulatedBus(EmulatedMPR121(0x5B), number=1)
    with pytest.raises(SensorNotFound) as caught:
        MPR121(bus, 0x5A)
    assert str(caught.value) == (
        "no MPR121 at 0x5a on I2C bus 1: [Errno 121] Remote I/O error; "
        "check wiring SDA GPIO2 / SCL GPIO3 and `i2cdetect -y 1`"
    )
    assert caught.value.errno == errno.EREMOTEIO
    assert isinstance(caught.value, OSError)


def test_a_different_chip_at_the_address_is_wrong_chip_quoting_what_it_read():
    bus = EmulatedBus(EmulatedMPR121(0x5B, wrong_chip=True), number=1)
    with pytest.raises(WrongChip) as caught:
        MPR121(bus, 0x5B)
    message = str(caught.value)
    assert "at 0x5b on I2C bus 1 but it is not an MPR121" in message
    assert "CONFIG2 (0x5D) reads 0x00 after a soft reset, expected 0x24" in message
    assert isinstance(caught.value, RuntimeError)


def test_a_failed_transfer_raises_bus_error_and_the_next_one_works(chip):
    sensor = MPR121(chip, retries=0)
    chip.set_touched(2, True)
    settle(chip)
    chip.fail_next(1, errno.EIO)
    with pytest.raises(BusError) as caught:
        sensor.touched()
    assert caught.value.errno == errno.EIO
    assert "MPR121 at 0x5a" in str(caught.value)
    assert "(reading touch status): [Errno 5] Input/output error" in str(caught.value)
    assert sensor.touched() == 0b100


def test_one_retry_absorbs_a_single_glitch_but_not_two(chip):
    sensor = MPR121(chip)
    chip.fail_next(1, errno.ETIMEDOUT)
    assert sensor.touched() == 0
    chip.fail_next(2, errno.ETIMEDOUT)
    with pytest.raises(BusError):
        sensor.touched()


def test_init_completes_through_a_storm_of_every_third_transfer_failing(chip):
    chip.fail_every(3)
    sensor = MPR121(chip)
    assert sensor.is_running()
    assert registers(chip, reg.TOUCH_THRESHOLD, 24) == [12, 6] * 12


def test_over_current_is_reported_on_its_own_and_stops_the_chip(chip):
    sensor = MPR121(chip)
    chip.set_touched(0, True)
    settle(chip)
    chip.over_current(True)
    assert sensor.read_status() == reg.TouchStatus(0, True)
    assert not sensor.is_running()
    with pytest.raises(HardwareError) as caught:
        sensor.begin()
    assert str(caught.value) == (
        "MPR121 at 0x5a reports over-current (OVCF) on its REXT pin: the board is damaged or "
        "miswired there; check the breakout's REXT resistor and VREG capacitor, and that VDD is "
        "3.3 V"
    )


def test_the_over_current_flag_clears_by_writing_one_once_the_short_is_gone(chip):
    sensor = MPR121(chip)
    chip.over_current(True)
    sensor.clear_over_current()
    assert sensor.over_current()  # still shorted
    chip.over_current(False)
    sensor.clear_over_current()
    assert not sensor.over_current()
    sensor.begin()
    assert sensor.is_running()


def test_a_chip_that_lost_power_reads_as_not_running_until_begun_again(chip):
    sensor = MPR121(chip)
    chip.power_cycle()
    assert not sensor.is_running()
    sensor.begin()
    assert sensor.is_running()
    assert chip.register(reg.TOUCH_THRESHOLD) == 12


@pytest.mark.parametrize("electrode", [-1, 12, 1.0, "0", True])
def test_an_electrode_outside_0_to_11_is_a_value_error_quoting_it(chip, electrode):
    sensor = MPR121(chip)
    with pytest.raises(ValueError, match=re.escape(f"got {electrode!r}")):
        sensor.filtered(electrode)
    with pytest.raises(ValueError, match="electrode must be"):
        sensor.baseline(electrode)


@pytest.mark.parametrize(
    "touch, release, quoted",
    [
        (6, 6, "touch=6 and release=6"),
        (5, 8, "touch=5 and release=8"),
        (256, 6, "got 256"),
        (12, -1, "got -1"),
        (12.5, 6, "got 12.5"),
    ],
)
def test_thresholds_must_be_bytes_with_touch_above_release(chip, touch, release, quoted):
    with pytest.raises(ValueError, match=quoted):
        MPR121(chip, touch_threshold=touch, release_threshold=release)


def test_an_address_no_mpr121_can_have_is_a_value_error_in_hex(chip):
    with pytest.raises(ValueError, match="0x5a-0x5d .*got 0x29"):
        MPR121(chip, 0x29)
