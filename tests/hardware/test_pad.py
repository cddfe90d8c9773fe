"""The pad end to end: a finger on the emulated chip, the real driver, the IRQ line on a gpiozero
mock pin, gestures out, all on a virtual clock."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from gpiozero import DigitalInputDevice

from facepacer.config import SensorConfig
from facepacer.engine.events import BACK, HOLD, NEXT, PRESS, TAP
from facepacer.hardware.pad import Pad

from .helpers import SimPad, VirtualLoop, kinds, settle

POLLING = SensorConfig(irq_pin=None)


def test_a_tap_on_the_chip_comes_out_as_a_tap_at_the_release_time():
    loop = VirtualLoop(SimPad()).tap(3.0, 0.1)
    assert kinds(loop.run(5.0)) == [(PRESS, 3.023), (TAP, 3.103)]


def test_a_long_press_is_a_hold_at_one_second_and_its_release_is_nothing():
    loop = VirtualLoop(SimPad()).press(5.0).release(6.5)
    assert kinds(loop.run(8.0)) == [(PRESS, 5.023), (HOLD, 6.003)]


def test_with_the_irq_line_the_pad_reads_only_when_told_or_as_a_safety_net():
    sim = SimPad()
    loop = VirtualLoop(sim)
    loop.run(10.0)
    idle_transfers = sim.chip.transfers
    assert sim.pad.using_irq
    # Safety-net reads every 0.1 s and an ECR check every 0.5 s: about 120 in 10 s, not 500.
    assert idle_transfers < 150


def test_without_an_irq_line_the_pad_polls_and_still_times_taps_to_the_poll():
    loop = VirtualLoop(SimPad(POLLING)).tap(3.005, 0.2)
    gestures = loop.run(5.0)
    assert [g.kind for g in gestures] == [PRESS, TAP]
    assert 3.205 <= gestures[1].t <= 3.205 + POLLING.poll_interval


def test_electrodes_with_roles_tap_as_their_role():
    config = SensorConfig(roles={2: "back", 5: "next"})
    loop = VirtualLoop(SimPad(config)).tap(1.0, 0.2, electrode=2).tap(2.0, 0.2, electrode=5)
    loop.tap(3.0, 0.2, electrode=7)  # no role: ignored
    assert [(g.kind, g.t, g.electrode) for g in loop.run(4.0) if g.kind != PRESS] == [
        (BACK, 1.203, 2),
        (NEXT, 2.203, 5),
    ]


@pytest.mark.parametrize(
    "roles, message",
    [
        ({0: "back"}, "electrode 0 is the pad"),
        ({3: "exit"}, "role must be back, pause or next, got 'exit'"),
        ({12: "next"}, "electrode must be 0-11, got 12"),
    ],
)
def test_bad_roles_are_value_errors_naming_the_electrode(roles, message):
    with pytest.raises(ValueError, match=message):
        SimPad(SensorConfig(roles=roles))


def test_the_thresholds_in_the_config_decide_what_counts_as_a_touch():
    firm = SimPad(SensorConfig(touch_threshold=50, release_threshold=25))
    loop = VirtualLoop(firm)
    loop.at(1.0, lambda: firm.chip.set_touched(0, True, strength=40))
    loop.at(1.2, lambda: firm.chip.set_touched(0, False))
    assert loop.run(3.0) == []


def test_a_60_second_touch_is_not_released_by_baseline_drift():
    sim = SimPad()
    loop = VirtualLoop(sim).press(1.0)
    loop.at(30.0, lambda: sim.chip.set_touched(0, True, strength=55))  # the finger presses in
    gestures = loop.run(61.0)
    assert kinds(gestures) == [(PRESS, 1.023), (HOLD, 2.003)]
    assert sim.pad.touched == 1
    loop.release(61.5)
    assert loop.run(63.0) == []
    assert sim.pad.touched == 0
    assert sim.pad.faults == []


def test_an_electrode_stuck_touched_for_two_minutes_is_recalibrated_without_a_gesture():
    sim = SimPad()
    loop = VirtualLoop(sim).press(1.0)
    loop.at(30.0, lambda: sim.chip.drift(0, -20))  # its untouched level sinks under the finger
    loop.release(40.0)  # the finger is gone, but the frozen baseline keeps it "touched"
    gestures = loop.run(120.5)
    assert sim.pad.touched == 1
    gestures += loop.run(125.0)
    assert kinds(gestures) == [(PRESS, 1.023), (HOLD, 2.003)]
    assert sim.pad.touched == 0
    ((start, end, message),) = sim.pad.faults
    assert 121.0 <= start == end <= 121.5
    assert message == (
        "electrode 0 of the MPR121 at 0x5a on I2C bus 1 read as touched for 120 s; recalibrated it"
    )
    loop.tap(130.0)
    assert kinds(loop.run(131.0)) == [(PRESS, 130.023), (TAP, 130.103)]


def test_next_deadline_is_never_before_the_last_poll_and_is_now_after_an_irq():
    sim = SimPad()
    pad = sim.pad
    assert pad.next_deadline() is None
    pad.poll(1.0)
    assert pad.next_deadline() == pytest.approx(1.5)  # the safety-net read with the ECR check
    sim.chip.set_touched(0, True)
    settle(sim.chip)
    assert pad.next_deadline() == 1.0  # an IRQ is waiting: poll now
    pad.poll(1.0)
    assert pad.next_deadline() == pytest.approx(1.02)  # the press confirmation


def test_the_irq_event_is_set_by_a_touch_and_cleared_by_the_read():
    sim = SimPad()
    sim.pad.poll(0.0)
    assert not sim.pad.irq_event.is_set()
    sim.chip.set_touched(0, True)
    settle(sim.chip)
    assert sim.pad.irq_event.is_set()
    sim.pad.poll(0.5)
    assert not sim.pad.irq_event.is_set()


def test_with_a_clock_an_irq_edge_is_stamped_when_it_arrived_not_when_polled():
    now = [0.0]
    sim = SimPad(clock=lambda: now[0])
    sim.pad.poll(0.0)
    now[0] = 3.0
    sim.chip.set_touched(0, True)
    now[0] = 3.05
    sim.chip.set_touched(0, False)  # a quick tap while the loop was busy drawing
    now[0] = 3.06
    assert kinds(sim.pad.poll(3.06)) == []  # the read saw nothing: press and release both gone
    now[0] = 5.0
    sim.chip.set_touched(0, True)
    now[0] = sim.chip.next_change()  # the loop wakes when the chip has news: 5.003
    sim.chip.sync()
    sim.pad.poll(5.01)
    now[0] = 5.2
    sim.chip.set_touched(0, False)
    now[0] = sim.chip.next_change()
    sim.chip.sync()
    assert kinds(sim.pad.poll(5.21)) == [(PRESS, 5.023), (TAP, 5.203)]


def test_irq_callbacks_from_another_thread_are_all_read_by_the_polling_thread():
    sim = SimPad()
    pad = sim.pad
    pad.poll(0.0)
    steps = threading.Semaphore(0)
    failures = []

    def finger():
        try:
            for _ in range(20):
                sim.chip.set_touched(0, True)
                settle(sim.chip)  # gpiozero calls the pad back on this thread
                assert steps.acquire(timeout=5)
                sim.chip.set_touched(0, False)
                settle(sim.chip)
                assert steps.acquire(timeout=5)
        except BaseException as exc:  # reported on the main thread
            failures.append(exc)

    thread = threading.Thread(target=finger)
    thread.start()
    gestures, t = [], 1.0
    for _ in range(40):
        assert pad.irq_event.wait(timeout=5), "no IRQ arrived"
        before = pad.touched
        gestures += pad.poll(t)  # t stays put until the IRQ read shows the change
        assert pad.touched != before
        t += 0.1
        steps.release()
    thread.join(timeout=5)
    assert not thread.is_alive() and failures == []
    taps = [g for g in gestures if g.kind == TAP]
    assert [round(g.t, 6) for g in taps] == [round(1.1 + 0.2 * i, 6) for i in range(20)]


def test_a_storm_of_irqs_from_another_thread_leaves_the_pad_consistent():
    sim = SimPad()
    pad = sim.pad
    pad.poll(0.0)
    failures = []

    def hammer():
        try:
            for i in range(2000):
                sim.chip.set_touched(i % 3, i % 2 == 0)
        except BaseException as exc:
            failures.append(exc)

    thread = threading.Thread(target=hammer)
    thread.start()
    t = 0.0
    while thread.is_alive():
        t += 0.001
        pad.poll(t)
    thread.join()
    settle(sim.chip)
    pad.poll(t + 1.0)
    assert failures == []
    assert pad.touched & 1 == sim.chip.is_pressed(0)
    assert pad.status.ok


def test_a_loose_irq_wire_is_noticed_and_the_pad_polls_instead():
    sim = SimPad(wire_irq=False)
    loop = VirtualLoop(sim)
    for start in (1.2, 3.2, 5.2):
        loop.tap(start, 0.35)  # seen by the safety-net reads at 1.5 and 2.0, with no IRQ
    loop.tap(7.0, 0.05)
    gestures = loop.run(8.0)
    assert not sim.pad.using_irq
    assert sim.pad.irq_error == (
        "IRQ line on GPIO4: it did not signal touches (check the IRQ wire); reading the pad "
        "every 20 ms instead"
    )
    taps = [g.t for g in gestures if g.kind == TAP]
    assert len(taps) == 4
    assert 7.05 <= taps[-1] <= 7.05 + POLLING.poll_interval  # a 50 ms tap, found by polling


def test_an_irq_pin_in_use_leaves_the_pad_polling_and_says_why():
    sim = SimPad(POLLING)
    busy = DigitalInputDevice(4, pin_factory=sim.pins)
    pad = Pad(sim.make_sensor, config=SensorConfig(), pin_factory=sim.pins)
    assert not pad.using_irq
    assert pad.irq_error.startswith("IRQ line on GPIO4: cannot use it:")
    assert pad.irq_error.endswith("reading the pad every 20 ms instead")
    loop = VirtualLoop(replace_pad(sim, pad)).tap(1.0, 0.2)
    assert kinds(loop.run(2.0))[-1] == (TAP, 1.22)  # released at 1.203, read at the next poll
    busy.close()


def replace_pad(sim: SimPad, pad: Pad) -> SimPad:
    sim.pad = pad
    return sim


def test_closing_the_pad_releases_the_irq_pin():
    sim = SimPad()
    sim.pad.close()
    again = DigitalInputDevice(4, pin_factory=sim.pins)  # would raise if still reserved
    again.close()


def test_the_pad_stamps_gestures_with_the_pad_electrode_number():
    config = replace(SensorConfig(), pad=3)
    loop = VirtualLoop(SimPad(config)).tap(1.0, 0.1, electrode=3).tap(2.0, 0.1, electrode=0)
    gestures = [(g.kind, round(g.t, 6), g.electrode) for g in loop.run(3.0)]
    assert gestures == [(PRESS, 1.023, 3), (TAP, 1.103, 3)]


def test_with_the_irq_line_the_pad_wakes_the_loop_twice_a_second_when_idle():
    """Each wake costs the loop a tick; an idle pad must not wake it more than it needs."""
    sim = SimPad()
    pad, now, wakes = sim.pad, 0.0, 0
    pad.poll(now)
    while now < 10.0:
        now = pad.next_deadline()
        pad.poll(now)
        wakes += 1
    assert wakes == 20
    sim.chip.set_touched(0, True)  # a touch between wakes is read at once, on the IRQ
    settle(sim.chip)
    assert pad.next_deadline() == now
