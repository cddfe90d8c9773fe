"""Tests that would catch a broken driver: the wire log of start-up against one written down from
the datasheet, the driver's register map against the emulator's own, mutated addresses, and
fingers through real overlays on the emulated chip's physics."""

from __future__ import annotations

from dataclasses import replace

import pytest

from facepacer.clock import to_seconds
from facepacer.config import SensorConfig
from facepacer.engine.events import HOLD, PRESS, TAP
from facepacer.errors import FacepacerError
from facepacer.hardware import emulated as chipmap
from facepacer.hardware import mpr121 as reg
from facepacer.hardware.electrodes import (
    Electrode,
    acrylic,
    behind,
    glass,
    reading,
    shorted,
    unplugged,
    wet_finger,
)
from facepacer.hardware.emulated import EmulatedMPR121
from facepacer.hardware.mpr121 import MPR121, Charge

from .helpers import LAG, SimPad, VirtualLoop, kinds, settle

QUIET = [Electrode(noise=0)] * 12

# Start-up as the datasheet and AN3944 describe it, byte for byte.
START_UP = [
    ("write", 0x80, 0x63),  # soft reset
    ("read", 0x5D, 1),  # CONFIG2 reads 0x24 after a reset on an MPR121 and nothing else
    ("write", 0x01, 0x80),  # OVCF: write 1 to clear
    ("write", 0x5E, 0x00),  # stop mode: configuration is written only while stopped
    # baseline filter: rising MHD NHD NCL FDL, falling MHD NHD NCL FDL, touched NHD NCL FDL
    ("write", 0x2B, 0x01, 0x01, 0x0E, 0x00, 0x01, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00),
    ("write", 0x41, *[12, 6] * 12),  # touch and release threshold per electrode
    ("write", 0x5B, 0x22, 0x10, 0x20),  # debounce 2/2; FFI 6, 16 uA; 0.5 us, SFI 4, ESI 1 ms
    # auto-configuration: FFI 6, 2 retries, BVA as CL, ARE and ACE on; USL LSL TL at 3.3 V
    ("write", 0x7B, 0x1F, 0x00, 201, 130, 181),
    ("write", 0x5E, 0xCC),  # run: CL 0b11, no proximity, 12 electrodes
    ("read", 0x5E, 1),  # running?
    ("read", 0x02, 2),  # out-of-range flags, ACFF and ARFF
    ("read", 0x5F, 12),  # the charge current auto-configuration chose per electrode
    ("read", 0x6C, 6),  # and the charge time, two electrodes a byte
]

# Reading the chip, as the datasheet lays the registers out.
READING = [
    ("read", 0x00, 2),  # touch status word
    ("read", 0x00, 2),  # readings(): status, then
    ("read", 0x04, 24),  # filtered data, two bytes per electrode, low byte first
    ("read", 0x1E, 12),  # baselines, one byte per electrode
    ("read", 0x0A, 2),  # electrode 3's filtered data
    ("read", 0x21, 1),  # electrode 3's baseline
]

# The driver's names for the registers, and the emulator's, from the same datasheet table.
SAME_REGISTER = {
    "TOUCH_STATUS": "TOUCH_STATUS_L",
    "OOR_STATUS": "OOR_STATUS_L",
    "FILTERED_DATA": "FILTERED_0",
    "BASELINE": "BASELINE_0",
    "MHDR": "MHD_RISING",
    "NHDR": "NHD_RISING",
    "NCLR": "NCL_RISING",
    "FDLR": "FDL_RISING",
    "MHDF": "MHD_FALLING",
    "NHDF": "NHD_FALLING",
    "NCLF": "NCL_FALLING",
    "FDLF": "FDL_FALLING",
    "NHDT": "NHD_TOUCHED",
    "NCLT": "NCL_TOUCHED",
    "FDLT": "FDL_TOUCHED",
    "TOUCH_THRESHOLD": "TOUCH_THRESHOLD_0",
    "RELEASE_THRESHOLD": "RELEASE_THRESHOLD_0",
    "DEBOUNCE": "DEBOUNCE",
    "CONFIG1": "AFE_CONFIG1",
    "CONFIG2": "AFE_CONFIG2",
    "ECR": "ECR",
    "CDC": "CDC_0",
    "CDT": "CDT_0",
    "AUTO_CONFIG0": "AUTO_CONFIG0",
    "AUTO_CONFIG1": "AUTO_CONFIG1",
    "UPPER_LIMIT": "UPPER_LIMIT",
    "LOWER_LIMIT": "LOWER_LIMIT",
    "TARGET_LEVEL": "TARGET_LEVEL",
    "SOFT_RESET": "SOFT_RESET",
}
# The driver's register constants that its transfers use (the others are written in blocks).
ON_THE_WIRE = [
    "TOUCH_STATUS", "OOR_STATUS", "FILTERED_DATA", "BASELINE", "MHDR", "TOUCH_THRESHOLD",
    "DEBOUNCE", "CONFIG2", "ECR", "CDC", "CDT", "AUTO_CONFIG0", "SOFT_RESET",
]  # fmt: skip


def exercise(chip: EmulatedMPR121) -> MPR121:
    """Start the driver and read everything once; check the wire and what was read."""
    sensor = MPR121(chip)
    assert chip.wire == START_UP
    chip.set_touched(0, True)
    settle(chip)
    del chip.wire[:]
    assert sensor.read_status() == reg.TouchStatus(1, False)
    readings = sensor.readings()
    assert sensor.filtered(3) == chip.level(3)
    assert sensor.baseline(3) == chip.level(3) & 0x3FC
    assert chip.wire == READING
    assert readings[0].touched and readings[0].delta > 12
    assert [r.filtered for r in readings] == [chip.level(e) for e in range(12)]
    assert sensor.charges == [Charge(47, 1)] * 12  # 20 pF read at about 720 (TL is 181 * 4)
    return sensor


def test_start_up_and_reading_are_on_the_wire_exactly_as_the_datasheet_has_them():
    exercise(EmulatedMPR121(electrodes=QUIET))


def test_every_register_the_driver_names_is_at_the_datasheet_address_of_the_emulator():
    driver = {n: v for n, v in vars(reg).items() if n in SAME_REGISTER}
    assert set(driver) == set(SAME_REGISTER), "a driver register without its emulator twin"
    for name, value in driver.items():
        assert value == chipmap.REGISTERS[SAME_REGISTER[name]], name


@pytest.mark.parametrize("name", ON_THE_WIRE)
@pytest.mark.parametrize("shift", [1, -1])
def test_a_driver_register_at_a_wrong_address_fails_the_exercise(monkeypatch, name, shift):
    monkeypatch.setattr(reg, name, getattr(reg, name) + shift)
    with pytest.raises((AssertionError, FacepacerError)):
        exercise(EmulatedMPR121(electrodes=QUIET))


def test_auto_configuration_limits_for_3_3_volts_are_the_datasheet_values():
    assert reg.limits(3.3) == (201, 130, 181)
    assert reg.limits(1.8) == (156, 101, 140)


# -- fingers, overlays and time -----------------------------------------------------------------


def acrylic_pad(config=None, **changes):
    """A 40 pF copper pad behind 3 mm of acrylic, the other electrodes bare and quiet."""
    pad = replace(behind(acrylic(3.0), pad_pf=40.0), **changes)
    return SimPad(config, electrodes=[pad] + [Electrode(noise=0)] * 11)


def test_the_physics_of_a_40_pf_pad_behind_3_mm_of_acrylic():
    pad = behind(acrylic(3.0), pad_pf=40.0)
    untouched = reading(current_ua=16, time_us=0.5, capacitance_pf=40.0)
    touched = reading(current_ua=16, time_us=0.5, capacitance_pf=40.0 + pad.finger_pf())
    assert round(untouched) == 62 and untouched - touched < 2  # the old fixed charge
    assert 1.0 < pad.finger_pf() < 1.3
    assert behind(glass(3.0)).finger_pf() > pad.finger_pf()  # glass lets more through


def test_through_3_mm_of_acrylic_a_tap_is_a_tap_with_auto_configuration():
    sim = acrylic_pad()
    loop = VirtualLoop(sim).tap(1.0, 0.2)
    assert kinds(loop.run(2.0)) == [(PRESS, 1.023), (TAP, 1.203)]
    sensor = sim.pad._sensor
    assert sensor.charge is None and sensor.failed == {}
    assert sensor.charges[0] == Charge(47, 2)  # 40 pF needs twice the 20 pF charge time


def test_through_3_mm_of_acrylic_the_old_fixed_charge_misses_the_same_tap():
    sim = acrylic_pad(SensorConfig(charge_current=16, charge_time=0.5))
    loop = VirtualLoop(sim).tap(1.0, 0.2)
    assert loop.run(2.0) == []
    assert sim.chip.level(0) == 62  # the reading the old driver lived with


def test_a_flick_shorter_than_the_debounce_is_not_a_touch():
    sim = acrylic_pad()
    loop = VirtualLoop(sim).tap(1.0, 0.0015)  # 1.5 ms: two samples, three are needed
    assert loop.run(2.0) == []


def test_a_wet_finger_does_not_leave_the_pad_stuck():
    """The film a wet finger leaves keeps the electrode reading touched after it lifts, while
    the touched baseline stays frozen: the pad recalibrates after two minutes, and taps work
    before and after the film dries."""
    sim = acrylic_pad()
    sim.chip.set_electrode(0, wet_finger(sim.chip.electrodes[0], dries_after=300.0))
    loop = VirtualLoop(sim).tap(1.0, 0.2)
    gestures = loop.run(120.0)
    assert kinds(gestures) == [(PRESS, 1.023), (HOLD, 2.003)]  # the film held it down
    assert sim.pad.touched == 1
    loop.run(123.0)
    assert sim.pad.touched == 0
    (fault,) = sim.pad.faults
    assert "read as touched for 120 s; recalibrated it" in fault.message
    loop.tap(130.0, 0.2).tap(400.0, 0.2)  # before and after the film has dried at 301.2
    taps = [g.t for g in loop.run(401.0) if g.kind == TAP]
    assert taps == [pytest.approx(130.2 + LAG), pytest.approx(400.2 + LAG)]


def test_a_long_press_drifts_into_the_baseline_when_the_touched_filter_tracks():
    chip = EmulatedMPR121(electrodes=QUIET)
    sensor = MPR121(chip)
    chip.write_byte_data(0x5A, 0x5E, 0)
    chip.write_i2c_block_data(0x5A, 0x33, [1, 3, 0])  # touched: 1 count per 4 baseline samples
    chip.write_byte_data(0x5A, 0x5E, 0xCC)
    chip.set_touched(0, True)
    chip.advance(0.1)
    assert sensor.touched() == 1
    release_at = chip.next_change()
    assert release_at is not None and release_at <= to_seconds(chip._t) + 0.05
    chip.advance(10.0)
    assert sensor.touched() == 0


def test_an_hour_on_the_clock_is_one_jump():
    chip = EmulatedMPR121()
    MPR121(chip)
    chip.drift(0, -8)  # the baseline has to follow: 8 counts, one step each
    chip.advance(3600.0)
    assert abs(chip.register(chip_register("BASELINE_0")) * 4 - chip.level(0)) <= 3


def chip_register(name: str) -> int:
    return chipmap.REGISTERS[name]


# -- electrodes that fail auto-configuration ---------------------------------------------------


def test_an_unplugged_pad_and_a_shorted_one_are_named_with_their_likely_cause():
    electrodes = list(QUIET)
    electrodes[5] = unplugged()
    electrodes[7] = shorted()
    chip = EmulatedMPR121(electrodes=electrodes)
    sensor = MPR121(chip)
    assert sorted(sensor.failed) == [5, 7]
    assert chip.register(0x03) & 0x80  # ACFF
    assert sensor.problems() == [
        "electrode 5 of the MPR121 at 0x5a on the I2C bus is out of range: it reads high even "
        "at the lowest charge: almost nothing is connected (a loose or cut wire, or no pad)",
        "electrode 7 of the MPR121 at 0x5a on the I2C bus is out of range: it reads low even "
        "at the highest charge: the pad is too large or touches ground (a screw, the frame, a "
        "wet film)",
    ]
    assert sensor.problems([0, 5]) == sensor.problems()[:1]


def test_a_pad_wire_pulled_off_while_running_fails_at_the_next_start():
    chip = EmulatedMPR121(electrodes=QUIET)
    sensor = MPR121(chip)
    assert sensor.failed == {}
    chip.set_electrode(0, unplugged(QUIET[0]))
    sensor.begin()
    assert list(sensor.failed) == [0]


def test_a_fixed_charge_is_written_and_auto_configuration_left_off():
    chip = EmulatedMPR121(electrodes=QUIET)
    sensor = MPR121(chip, charge=Charge(32, 2))
    assert chip.register(0x5C) == 0x20 and chip.register(0x5D) >> 5 == 3
    assert chip.register(0x7B) == 0x00
    assert sensor.charges == [Charge(32, 2)] * 12


@pytest.mark.parametrize("charge", [Charge(0, 1), Charge(64, 1), Charge(10, 3)])
def test_a_charge_the_chip_cannot_take_is_a_value_error(charge):
    with pytest.raises(ValueError, match="charge current must be 1-63 uA"):
        MPR121(EmulatedMPR121(), charge=charge)


def test_a_pad_electrode_that_fails_auto_configuration_is_logged_by_the_pad():
    sim = SimPad(electrodes=[unplugged()] + [Electrode()] * 11)
    VirtualLoop(sim).run(1.0)
    ((start, end, message),) = sim.pad.faults
    assert start == end == 0.0
    assert message.startswith("electrode 0 of the MPR121 at 0x5a on I2C bus 1 is out of range")
