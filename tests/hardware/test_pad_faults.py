"""The pad under faults: it never raises, says what is wrong and where within a second, drops a
press it cannot finish, and is back within two seconds of the sensor."""

from __future__ import annotations

import errno

import pytest

from facepacer.config import SensorConfig
from facepacer.engine.events import HOLD, PRESS, TAP
from facepacer.errors import SensorNotFound
from facepacer.hardware.bus import open_bus
from facepacer.hardware.emulated import EmulatedBus, EmulatedMPR121
from facepacer.hardware.pad import Pad
from facepacer.hardware.parts import SensorFactory

from .helpers import ERRNOS, LAG, SimPad, VirtualLoop, kinds

UNPLUGGED = (
    "no MPR121 at 0x5a on I2C bus 1: [Errno 121] Remote I/O error; "
    "check wiring SDA GPIO2 / SCL GPIO3 and `i2cdetect -y 1`"
)
OVER_CURRENT = (
    "MPR121 at 0x5a reports over-current (OVCF) on its REXT pin: the board is damaged or "
    "miswired there; check the breakout's REXT resistor and VREG capacitor, and that VDD is 3.3 V"
)


def first_status(loop: VirtualLoop, ok: bool, after: float):
    """(t, status) of the first status change to ``ok`` after ``after``."""
    return next((t, s) for t, s in loop.statuses if s.ok == ok and t >= after)


@pytest.mark.parametrize("irq_pin", [4, None], ids=["irq", "polling"])
def test_a_10_second_unplug_is_reported_within_a_second_and_recovered_within_two(irq_pin):
    sim = SimPad(SensorConfig(irq_pin=irq_pin))
    loop = VirtualLoop(sim)
    loop.tap(2.0).at(10.0, sim.chip.unplug).at(20.0, sim.chip.replug).tap(23.0)
    gestures = loop.run(25.0)
    down_at, down = first_status(loop, False, 10.0)
    assert down_at < 11.0
    assert down.message == UNPLUGGED
    assert 10.0 <= down.since <= down_at
    up_at, up = first_status(loop, True, 20.0)
    assert up_at <= 22.0
    assert up.since == up_at
    ((start, end, message),) = sim.pad.faults
    assert (start, end, message) == (down.since, up_at, UNPLUGGED)
    assert [g.kind for g in gestures] == [PRESS, TAP, PRESS, TAP]
    lag = SensorConfig().poll_interval if irq_pin is None else 0.0
    assert 23.1 + LAG <= gestures[-1].t <= 23.1 + LAG + lag


def test_while_the_sensor_is_lost_the_pad_retries_at_least_every_half_second():
    sim = SimPad()
    loop = VirtualLoop(sim).at(1.0, sim.chip.unplug)
    attempts = []
    loop.run(1.5)
    for _ in range(40):
        deadline = sim.pad.next_deadline()
        attempts.append(deadline)
        loop.run(deadline)
    gaps = [b - a for a, b in zip(attempts, attempts[1:])]
    assert max(gaps) <= 0.5 + 1e-9
    assert not sim.pad.status.ok


def test_a_press_cut_off_by_an_unplug_fires_neither_tap_nor_hold():
    sim = SimPad()
    loop = VirtualLoop(sim).press(5.0).at(5.3, sim.chip.unplug).at(8.0, sim.chip.replug)
    loop.release(8.0)
    assert kinds(loop.run(10.0)) == [(PRESS, 5.023)]
    assert sim.pad.touched == 0


def test_a_finger_still_down_after_reconnecting_needs_a_fresh_press():
    sim = SimPad()
    loop = VirtualLoop(sim).press(5.0).at(5.3, sim.chip.unplug).at(8.0, sim.chip.replug)
    loop.release(9.0).tap(12.0)
    assert kinds(loop.run(13.0)) == [(PRESS, 5.023), (PRESS, 12.023), (TAP, 12.103)]


@pytest.mark.parametrize("every", [2, 3, 5])
def test_a_storm_of_every_nth_transfer_failing_lets_taps_through_and_stays_ok(every):
    sim = SimPad(retries=0)  # no driver retries: the pad alone rides it out
    loop = VirtualLoop(sim)
    loop.run(1.0)
    sim.chip.fail_every(every)
    loop.tap(2.0, 0.2).press(4.0).release(5.5)
    gestures = loop.run(8.0)
    assert [g.kind for g in gestures] == [PRESS, TAP, PRESS, HOLD]
    tap = gestures[1]
    assert 2.2 <= tap.t <= 2.25
    assert gestures[3].t == pytest.approx(5.0 + LAG)
    assert sim.pad.status.ok and sim.pad.faults == []
    assert sim.pad.bus_errors > 0


@pytest.mark.parametrize("name", list(ERRNOS))
def test_any_bus_error_that_persists_is_reported_and_survived(name):
    code = ERRNOS[name]
    sim = SimPad()
    loop = VirtualLoop(sim)
    loop.run(1.0)
    sim.chip.fail_next(20, code)
    loop.run(4.0)
    assert sim.pad.status.ok
    ((start, end, message),) = sim.pad.faults
    assert 1.0 <= start < end <= 4.0
    assert "0x5a on I2C bus 1" in message
    assert f"[Errno {code}]" in message
    loop.tap(5.0)
    assert [g.kind for g in loop.run(6.0)] == [PRESS, TAP]


def test_a_garbled_bus_is_described_as_a_failed_transfer_not_a_missing_chip():
    sim = SimPad()
    loop = VirtualLoop(sim)
    loop.run(1.0)
    sim.chip.fail_next(1000, errno.EIO)
    loop.run(2.0)
    ((_, end, message),) = sim.pad.faults
    assert end is None
    assert message == (
        "I2C transfer with the MPR121 at 0x5a on I2C bus 1 failed (reading touch status): "
        "[Errno 5] Input/output error; check wiring SDA GPIO2 / SCL GPIO3 and `i2cdetect -y 1` "
        "(a loose or long wire garbles transfers)"
    )
    # The screen shows the latest failure: now the reconnection's first transfer.
    assert sim.pad.status.message.startswith(
        "I2C transfer with the MPR121 at 0x5a on I2C bus 1 failed (soft reset): [Errno 5]"
    )


def test_a_chip_that_restarts_is_noticed_set_up_again_and_logged():
    sim = SimPad()
    loop = VirtualLoop(sim).at(3.0, sim.chip.power_cycle).tap(4.0)
    gestures = loop.run(5.0)
    assert kinds(gestures) == [(PRESS, 4.023), (TAP, 4.103)]
    ((start, end, message),) = sim.pad.faults
    assert 3.0 <= start == end <= 3.5
    assert message == (
        "MPR121 at 0x5a on I2C bus 1 had restarted (power dip or loose wire); set up again"
    )
    assert sim.chip.running
    assert sim.pad.status.ok


def test_a_restart_mid_press_drops_the_press_instead_of_tapping():
    sim = SimPad()
    loop = VirtualLoop(sim).press(3.0).at(3.2, sim.chip.power_cycle).release(3.4)
    assert kinds(loop.run(5.0)) == [(PRESS, 3.023)]


def test_over_current_is_shown_while_the_short_lasts_and_clears_after_it():
    sim = SimPad()
    loop = VirtualLoop(sim).press(2.0)
    loop.at(2.5, lambda: sim.chip.over_current(True))
    loop.at(9.0, lambda: sim.chip.over_current(False))
    gestures = loop.run(12.0)
    down_at, down = first_status(loop, False, 2.5)
    assert down_at < 3.5 and down.message == OVER_CURRENT
    assert all(s.message == OVER_CURRENT for t, s in loop.statuses if 2.5 <= t < 9.0)
    up_at, _ = first_status(loop, True, 9.0)
    assert up_at <= 11.0
    assert kinds(gestures) == [(PRESS, 2.023)]  # the press cut short holds nothing
    ((start, end, message),) = sim.pad.faults
    assert (start, end, message) == (down.since, up_at, OVER_CURRENT)


def test_no_sensor_at_start_is_shown_then_picked_up_when_it_appears():
    chip = EmulatedMPR121()
    bus = EmulatedBus(number=1)
    pad = Pad(SensorFactory(SensorConfig(), bus=bus), config=SensorConfig(irq_pin=None))
    assert pad.poll(0.0) == []
    assert pad.status == type(pad.status)(False, UNPLUGGED, 0.0)
    bus.chips[0x5A] = chip
    t = 0.0
    while not pad.status.ok:
        t = pad.next_deadline()
        pad.poll(t)
    assert t <= 0.5
    chip.set_touched(0, True)
    chip.advance(LAG)
    pad.poll(t + 0.05)
    assert pad.touched == 1


def test_a_wrong_chip_at_the_address_is_shown_as_such():
    bus = EmulatedBus(EmulatedMPR121(wrong_chip=True), number=1)
    pad = Pad(SensorFactory(SensorConfig(), bus=bus), config=SensorConfig(irq_pin=None))
    pad.poll(0.0)
    assert "at 0x5a on I2C bus 1 but it is not an MPR121" in pad.status.message


def test_i2c_disabled_is_shown_with_the_command_that_enables_it():
    def missing(number):
        raise FileNotFoundError(errno.ENOENT, "No such file or directory")

    factory = SensorFactory(SensorConfig(), opener=lambda n: open_bus(n, smbus_factory=missing))
    pad = Pad(factory, config=SensorConfig(irq_pin=None))
    pad.poll(0.0)
    assert pad.status.message == (
        "I2C bus 1 is not available (/dev/i2c-1 missing): enable I2C with "
        "`sudo raspi-config nonint do_i2c 0` and reboot"
    )


def test_a_sensor_factory_failing_in_any_way_never_escapes_poll():
    def broken():
        raise RuntimeError("lgpio went away")

    pad = Pad(broken, config=SensorConfig(irq_pin=None))
    assert pad.poll(0.0) == []
    assert pad.status.message == (
        "touch sensor (MPR121 at 0x5a on I2C bus 1) failed: RuntimeError: lgpio went away"
    )
    assert pad.poll(pad.next_deadline()) == []


def test_the_sensor_factory_error_types_are_the_project_hierarchy():
    bus = EmulatedBus(number=1)
    with pytest.raises(SensorNotFound):
        SensorFactory(SensorConfig(), bus=bus)()
