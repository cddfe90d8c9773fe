"""Time that stops: deadlines on a grid of samples, far from zero.

A virtual-clock run whose script tapped at 65536.0 s never ended: the emulated chip found its
sample by dividing float seconds by the period, 65536.003 s gave 65536002.99999... samples of
1 ms, one short of the sample it had named as its next change, and the loop woke at that same
time for ever. Each test here bounds its steps, so a clock that stops fails at once instead of
hanging the suite.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from facepacer.app.loop import STALL_LIMIT, App
from facepacer.app.script import parse_script
from facepacer.app.wiring import Wiring
from facepacer.clock import ClockStalled, VirtualClock, to_seconds, to_ticks
from facepacer.config import Config
from facepacer.engine.device import Device
from facepacer.engine.events import TAP
from facepacer.hardware.emulated import EmulatedMPR121
from facepacer.hardware.mpr121 import MPR121
from facepacer.hardware.parts import build_sim

from ..app.test_loop import Buzzer
from ..engine.helpers import ritual, step

DAY = 86400.0  # the latest time a script may name
STEPS = 2_000  # far more clock moves than any case here needs


class BoundedClock(VirtualClock):
    """A virtual clock that fails the test when it is moved more than ``limit`` times."""

    def __init__(self, limit: int = STEPS):
        super().__init__()
        self.moves, self.limit = 0, limit

    def advance_to(self, t: float) -> None:
        self.moves += 1
        assert self.moves <= self.limit, f"the clock was moved {self.moves} times, stuck at {t!r}"
        super().advance_to(t)


# -- ticks ------------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=2**50))
def test_a_tick_turned_into_seconds_and_back_is_the_same_tick(tick):
    assert to_ticks(to_seconds(tick)) == tick


@given(st.integers(min_value=0, max_value=2**50), st.floats(min_value=0, max_value=1e9))
def test_a_clock_at_or_past_a_ticks_seconds_is_at_or_past_that_tick(tick, later):
    assert to_ticks(to_seconds(tick) + later) >= tick


def test_the_time_that_stopped_the_clock_is_a_whole_number_of_ticks():
    assert to_ticks(65536.003) == 65_536_003_000
    assert to_ticks(65652.003) == 65_652_003_000


# -- the emulated chip --------------------------------------------------------------------------


def started_chip(clock: VirtualClock) -> EmulatedMPR121:
    """A chip read by the driver, started (its samples counted) at clock time 0."""
    chip = EmulatedMPR121(clock=clock.now)
    MPR121(chip)
    return chip


def touch_seen_at(chip: EmulatedMPR121, clock: VirtualClock, t: float) -> float:
    """Touch electrode 0 at ``t``; follow next_change until the status shows it."""
    clock.advance_to(t)
    chip.set_touched(0, True)
    for _ in range(10):
        change = chip.next_change()
        assert change is not None and change > clock.now(), (
            f"next_change gave {change!r} at {clock.now()!r}: not later than now"
        )
        clock.advance_to(change)
        if chip.register(0x00) & 1:
            return clock.now()
    raise AssertionError(f"a touch at {t!r} s never showed in the status")


@pytest.mark.parametrize("t", [65536.0, 65652.0])
def test_a_touch_at_the_times_that_stopped_the_clock_shows_three_samples_later(t):
    clock = VirtualClock()
    chip = started_chip(clock)
    assert touch_seen_at(chip, clock, t) == pytest.approx(t + 0.003, abs=1e-9)


HALF_TICK = 0.5e-6  # seconds: half the chip's microsecond tick


@settings(max_examples=200)
@given(st.floats(min_value=0.0, max_value=DAY, allow_nan=False))
def test_a_touch_at_any_time_of_the_day_shows_within_the_debounce(t):
    clock = VirtualClock()
    chip = started_chip(clock)
    seen = touch_seen_at(chip, clock, t)
    # The chip counts time in whole microseconds: a touch within half of one of a sample is
    # that sample's (1.0979995317 s is 1.098000 s), so the bounds hold to half a tick.
    assert t + 0.002 - HALF_TICK < seen <= t + 0.003 + HALF_TICK


@settings(max_examples=100)
@given(st.floats(min_value=0.0, max_value=DAY, allow_nan=False), st.integers(0, 7))
def test_a_touch_shows_on_a_sample_at_every_sample_period(t, esi):
    """With any of the eight sample periods (1-128 ms), the touch shows on the third sample
    after it, exactly on the chip's grid of samples."""
    clock = VirtualClock()
    chip = started_chip(clock)
    chip.write_byte_data(0x5A, 0x5E, 0x00)  # stop, to change the period
    chip.write_byte_data(0x5A, 0x5D, 0x20 | esi)  # CONFIG2: 1 us charge time, ESI
    chip.write_byte_data(0x5A, 0x5E, 0xCC)  # run again: sample 0 is now, at 0
    period = 0.001 * (1 << esi)
    seen = touch_seen_at(chip, clock, t)
    assert t + 2 * period - HALF_TICK < seen <= t + 3 * period + HALF_TICK
    assert to_ticks(seen) % to_ticks(period) == 0


# -- the pad ------------------------------------------------------------------------------------


def pad_at(t: float, clock: VirtualClock, *, irq: bool = True):
    """The real pad and driver on an emulated chip started at 0, looked at last at ``t``; with
    ``irq`` False, the pad polls the chip (no IRQ wire)."""
    config = Config()
    if not irq:
        config = replace(config, sensor=replace(config.sensor, irq_pin=None))
    hardware = build_sim(config, clock=clock.now)
    hardware.pad.poll(0.0)
    clock.advance_to(t)
    hardware.pad.poll(t)
    return hardware


def follow(hardware, clock: VirtualClock, until: float) -> list:
    """What the loop does with the pad and the chip alone: sleep until the earliest of their
    deadlines and ``until``, poll, up to ``until``; every wake must move the clock on."""
    gestures = []
    while clock.now() < until:
        due = [hardware.pad.next_deadline(), hardware.chip.next_change(), until]
        wake = min(t for t in due if t is not None)
        assert wake > clock.now() or hardware.pad.irq_event.is_set(), (
            f"the pad and chip asked to wake at {wake!r}, at {clock.now()!r}"
        )
        clock.advance_to(wake)
        hardware.chip.sync(clock.now())
        gestures += hardware.pad.poll(clock.now())
    return gestures


@settings(max_examples=150)
@given(st.floats(min_value=0.0, max_value=DAY - 1.0, allow_nan=False), st.booleans())
@example(1.981999894749606, True)  # the release rounds up to a sample's microsecond
def test_the_pad_taps_at_any_time_of_the_day_at_the_release_plus_the_debounce(t, irq):
    clock = BoundedClock()
    hardware = pad_at(t, clock, irq=irq)
    assert hardware.pad.using_irq == irq
    hardware.chip.set_touched(0, True)
    release = t + 0.1
    gestures = follow(hardware, clock, release)
    hardware.chip.set_touched(0, False)
    gestures += follow(hardware, clock, release + 0.05)
    taps = [g.t for g in gestures if g.kind == TAP]
    # The chip samples every 1 ms from 0: the release shows on the third sample after it, and
    # a pad that polls every 20 ms reads it at its next poll.
    latest = release + 0.003 + (0.0 if irq else 0.02)
    assert len(taps) == 1 and release + 0.002 - HALF_TICK < taps[0] <= latest + HALF_TICK, taps


def test_a_deadline_the_pad_sets_lies_a_whole_interval_ahead_late_in_the_day():
    clock = VirtualClock()
    hardware = pad_at(DAY, clock)
    assert to_ticks(hardware.pad.next_deadline()) - to_ticks(DAY) == 500_000  # the safety read


# -- the whole loop -----------------------------------------------------------------------------


def loop_at(t: float, script_text: str, clock: VirtualClock) -> App:
    """The device with its real pad on an emulated chip that started at 0, and a ritual of one
    step that waits for a tap, started a second before ``t`` (``t`` >= 1): the loop runs from
    there, and the summary counts from there."""
    hardware = build_sim(Config(), clock=clock.now)
    hardware.pad.poll(0.0)  # the chip starts measuring at 0, as at boot
    clock.advance_to(t - 1.0)
    wiring = Wiring(
        clock=clock,
        device=Device([ritual(step(5, advance="touch"))], 0.0),
        pad=hardware.pad,
        buzzer=Buzzer(),
        touch=hardware.chip,
        script=parse_script(script_text),
        exit_after_session=True,
        stepped=clock,
        closers=(hardware.close,),
    )
    app = App(wiring)
    app.start(wiring.device.rituals[0])
    return app


def tap_ends_step(t: float) -> float:
    """When a scripted tap at ``t`` ends the step, counted from the step's start, ``t`` - 1."""
    clock = BoundedClock()
    app = loop_at(t, f"{t!r} tap\n", clock)
    try:
        summary = app.run().as_dict()
    finally:
        app.close()
    assert summary["status"] == "completed", summary
    return summary["steps"][0]["ended"]


@pytest.mark.parametrize("t", [65536.0, 65652.0])
def test_a_run_whose_script_taps_at_the_times_that_stopped_the_clock_ends(t):
    # The tap presses at t and releases 0.1 s later; the chip confirms each after 3 ms.
    assert tap_ends_step(t) == 1.103


@pytest.mark.parametrize("t", [3.0, 20000.0, 40000.0, 70000.0, DAY])
def test_a_scripted_tap_still_ends_its_step_at_the_release_plus_3_ms(t):
    assert tap_ends_step(t) == 1.103


@settings(max_examples=60)
@given(st.floats(min_value=1.0, max_value=DAY, allow_nan=False))
def test_a_run_that_taps_at_any_time_of_the_day_ends_at_the_release_plus_3_ms(t):
    # The summary keeps milliseconds: a tap between them ends the step within one of 1.103.
    assert tap_ends_step(t) == pytest.approx(1.103, abs=0.0011)


class StuckPart:
    """A touch sensor whose next change is always now: a part with a bug."""

    def __init__(self, clock):
        self.clock = clock

    def next_change(self):
        return self.clock.now()

    def sync(self, now):
        pass


def test_a_part_whose_deadline_never_moves_on_stops_the_run_with_its_name():
    clock = BoundedClock()
    app = loop_at(10.0, "", clock)
    app.wiring.touch = StuckPart(clock)
    with pytest.raises(ClockStalled) as caught:
        app.run()
    message = str(caught.value)
    assert "the touch sensor" in message and f"{STALL_LIMIT} times in a row" in message
    assert "stopped at 9.0 s" in message


def test_rituals_every_130_s_across_the_times_that_stopped_the_clock_all_run():
    """The stretch of the day of rituals that once stopped at its 505th session: a wake tap and a
    start tap every 130 s from 65000 s to 66300 s, one of them at 65536.0 and one at 65652.0, on
    a chip that has measured since 0."""
    clock = BoundedClock(limit=50_000)
    hardware = build_sim(Config(), clock=clock.now)
    hardware.pad.poll(0.0)
    clock.advance_to(65000.0)
    starts = [65000.0 + 130 * k for k in range(10)]  # 65520 and 65650 among them
    lines = [f"{t!r} tap\n{t + 1.0!r} tap" for t in starts]
    lines[4] = "65520.0 tap\n65536.0 tap"
    lines[5] = "65650.0 tap\n65652.0 tap"
    wiring = Wiring(
        clock=clock,
        device=Device([ritual(step(20), step(20))], 0.0),
        pad=hardware.pad,
        buzzer=Buzzer(),
        touch=hardware.chip,
        script=parse_script("\n".join(lines) + "\n66300 quit\n"),
        stepped=clock,
        closers=(hardware.close,),
    )
    app = App(wiring)
    try:
        app.run()
    finally:
        app.close()
    assert clock.now() == 66300.0
    assert wiring.device.sessions_ended == 10
