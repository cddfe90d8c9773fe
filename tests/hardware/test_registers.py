"""The driver reads the MPR121 where the datasheet puts each value, written here as numbers.

The emulated chip keeps its own register map (test_touch_physics compares the two); these tests
also hold the addresses on a bare register array. From the MPR121 datasheet: touch status at
0x00-0x01, filtered data at 0x04-0x1B for electrodes 0-11 (two bytes each, low byte first, 10
bits; 0x1C-0x1D is the proximity channel), baselines at 0x1E-0x29 (the upper 8 of 10 bits, one
byte per electrode).
"""

from __future__ import annotations

from facepacer.hardware.mpr121 import MPR121

from .helpers import RegisterBus


def chip_with(**registers: int) -> MPR121:
    """A started driver reading ``registers``, set after its start-up (which writes 0x01 to clear
    OVCF: on a bare array that write would stand in for the status)."""
    bus = RegisterBus(r5d=0x24)
    sensor = MPR121(bus)
    for name, value in registers.items():
        bus.regs[int(name[1:], 16)] = value
    return sensor


def test_electrode_3s_filtered_data_is_read_from_0x0a_and_0x0b():
    sensor = chip_with(r0a=0xB5, r0b=0x02)  # 0x04 + 2 * 3, low byte first: 0x2B5 = 693
    assert sensor.filtered(3) == 693
    assert sensor.readings()[3].filtered == 693
    assert [r.filtered for r in sensor.readings()].count(0) == 11


def test_electrode_11s_filtered_data_is_the_last_pair_at_0x1a_and_0x1b():
    sensor = chip_with(r1a=0xFF, r1b=0xFF, r1c=0x11, r1d=0x01)  # 10 bits count; then proximity
    assert sensor.filtered(11) == 0x3FF == sensor.readings()[11].filtered


def test_electrode_3s_baseline_is_read_from_0x21_as_its_upper_8_bits():
    sensor = chip_with(r21=0xB0)  # 0x1E + 3: 0xB0 << 2 = 704
    assert sensor.baseline(3) == 704
    assert sensor.readings()[3].baseline == 704
    assert [r.baseline for r in sensor.readings()].count(0) == 11


def test_touch_status_of_electrodes_0_to_11_is_read_from_0x00_and_0x01():
    sensor = chip_with(r00=0b00001001, r01=0b00001000)  # electrodes 0, 3 and 11
    assert [r.electrode for r in sensor.readings() if r.touched] == [0, 3, 11]
