"""The emulated chip keeps the MPR121's rules, so tests against it mean something."""

from __future__ import annotations

import errno

import pytest
from gpiozero.pins.mock import MockFactory

from facepacer.hardware import mpr121 as reg
from facepacer.hardware.electrodes import Electrode
from facepacer.hardware.emulated import EmulatedMPR121
from facepacer.hardware.mpr121 import MPR121

from .helpers import settle

A = 0x5A


@pytest.fixture
def chip():
    """A chip whose electrodes read without noise, so register values can be compared."""
    return EmulatedMPR121(electrodes=[Electrode(noise=0)] * 12)


def test_power_on_values_include_config2_0x24_and_a_stopped_chip(chip):
    assert chip.register(reg.CONFIG2) == 0x24
    assert chip.register(reg.CONFIG1) == 0x10
    assert chip.register(reg.ECR) == 0x00
    assert not chip.running


def test_a_soft_reset_restores_power_on_values(chip):
    MPR121(chip)
    chip.write_byte_data(A, reg.SOFT_RESET, 0x63)
    assert chip.register(reg.CONFIG2) == 0x24
    assert chip.register(reg.TOUCH_THRESHOLD) == 0
    assert not chip.running


def test_a_soft_reset_needs_the_magic_value(chip):
    MPR121(chip)
    chip.write_byte_data(A, reg.SOFT_RESET, 0x01)
    assert chip.running


def test_irq_goes_low_on_a_touch_change_and_high_when_the_status_is_read(chip):
    MPR121(chip)
    assert not chip.irq_low
    chip.set_touched(4, True)
    settle(chip)
    assert chip.irq_low
    chip.read_byte_data(A, reg.ECR)
    assert chip.irq_low  # reading another register leaves it asserted
    chip.read_word_data(A, reg.TOUCH_STATUS)
    assert not chip.irq_low
    chip.set_touched(4, False)
    settle(chip)
    assert chip.irq_low


def test_a_touch_that_changes_nothing_raises_no_irq(chip):
    MPR121(chip)
    chip.set_touched(4, True, strength=5)  # below the touch threshold of 12
    settle(chip)
    assert not chip.irq_low


def test_the_irq_line_drives_a_gpiozero_mock_pin(chip):
    pin = MockFactory().pin(4)
    chip.attach_irq_pin(pin)
    MPR121(chip)
    assert pin.state == 1
    chip.set_touched(0, True)
    settle(chip)
    assert pin.state == 0
    chip.read_word_data(A, reg.TOUCH_STATUS)
    assert pin.state == 1


def test_touch_and_release_thresholds_give_hysteresis(chip):
    sensor = MPR121(chip, touch_threshold=12, release_threshold=6)
    chip.set_touched(0, True, strength=13)
    settle(chip)
    assert sensor.touched() == 1
    chip.set_touched(0, True, strength=7)  # below touch, above release: still touched
    settle(chip)
    assert sensor.touched() == 1
    chip.set_touched(0, True, strength=5)
    settle(chip)
    assert sensor.touched() == 0
    chip.set_touched(0, True, strength=7)  # above release but not touch: stays released
    settle(chip)
    assert sensor.touched() == 0


def test_a_60_second_touch_stays_pressed_with_the_touched_filter_frozen(chip):
    sensor = MPR121(chip)
    chip.set_touched(0, True)
    settle(chip)
    chip.drift(0, -10)  # the pad cools under the finger
    settle(chip)
    for _ in range(600):
        chip.advance(0.1)
    assert sensor.touched() == 1


def test_the_same_touch_drifts_away_when_the_touched_filter_tracks(chip):
    """The emulated baseline does drift, so the test above can fail."""
    sensor = MPR121(chip)
    chip.write_byte_data(A, reg.ECR, 0)
    chip.write_i2c_block_data(A, reg.NHDT, [1, 0, 0])  # touched: follow 1 count per sample
    chip.write_byte_data(A, reg.ECR, reg.ECR_RUN)
    chip.set_touched(0, True)
    settle(chip)
    for _ in range(600):
        chip.advance(0.1)
    assert sensor.touched() == 0


def test_the_baseline_follows_slow_drift_of_an_untouched_electrode(chip):
    sensor = MPR121(chip)
    chip.drift(5, -8)  # slowly, below the touch threshold
    settle(chip)
    chip.advance(1.0)
    chip.drift(5, -8)
    settle(chip)
    chip.advance(1.0)
    assert sensor.touched() == 0
    assert abs(sensor.baseline(5) - sensor.filtered(5)) <= 3


def test_over_current_clears_outputs_keeps_the_calibration_lock_and_refuses_run_mode(chip):
    MPR121(chip)
    chip.set_touched(0, True)
    settle(chip)
    chip.over_current(True)
    assert chip.register(0x01) == 0x80
    assert chip.register(0x00) == 0
    assert chip.register(reg.ECR) == 0xC0
    assert chip.irq_low
    chip.write_byte_data(A, reg.ECR, reg.ECR_RUN)
    assert chip.register(reg.ECR) == 0xC0


def test_ovcf_is_write_one_to_clear(chip):
    MPR121(chip)
    chip.over_current(True)
    chip.over_current(False)
    chip.write_byte_data(A, 0x01, 0x00)
    assert chip.register(0x01) == 0x80
    chip.write_byte_data(A, 0x01, 0x80)
    assert chip.register(0x01) == 0x00


def test_unplugged_every_transfer_fails_with_remote_io_error(chip):
    chip.unplug()
    for call in (
        lambda: chip.read_byte_data(A, 0),
        lambda: chip.write_byte_data(A, reg.ECR, 0),
        lambda: chip.read_i2c_block_data(A, 0, 2),
    ):
        with pytest.raises(OSError) as caught:
            call()
        assert caught.value.errno == errno.EREMOTEIO


def test_replugged_the_chip_is_back_at_power_on_values(chip):
    MPR121(chip)
    chip.set_touched(0, True)
    settle(chip)
    chip.unplug()
    chip.replug()
    assert chip.register(reg.ECR) == 0
    assert chip.register(reg.CONFIG2) == 0x24
    assert chip.read_word_data(A, reg.TOUCH_STATUS) == 0


def test_fail_every_fails_exactly_every_nth_transfer(chip):
    chip.fail_every(3, errno.EAGAIN)
    outcomes = []
    for _ in range(7):
        try:
            chip.read_byte_data(A, reg.CONFIG2)
            outcomes.append("ok")
        except OSError as exc:
            outcomes.append(exc.errno)
    assert outcomes == ["ok", "ok", errno.EAGAIN, "ok", "ok", errno.EAGAIN, "ok"]


def test_fail_next_fails_the_next_transfers_then_stops(chip):
    chip.fail_next(2, errno.ETIMEDOUT)
    for _ in range(2):
        with pytest.raises(OSError):
            chip.read_byte_data(A, 0)
    assert chip.read_byte_data(A, reg.CONFIG2) == 0x24


def test_other_addresses_get_no_answer(chip):
    with pytest.raises(OSError) as caught:
        chip.read_byte_data(0x5B, reg.CONFIG2)
    assert caught.value.errno == errno.EREMOTEIO


def test_block_transfers_longer_than_32_bytes_are_refused_as_by_smbus(chip):
    with pytest.raises(ValueError, match="0-32, got 33"):
        chip.read_i2c_block_data(A, 0, 33)
