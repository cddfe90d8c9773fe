"""The daily reminder in the engine: the prompt, what a tap and anything else do, ten minutes."""

from __future__ import annotations

from facepacer.engine import snapshot as S
from facepacer.engine.device import Device
from facepacer.engine.events import (
    BACK,
    HOLD,
    PRESS,
    Gesture,
    ReminderEnded,
    ReminderShown,
    SessionStarted,
)
from facepacer.engine.snapshot import Stats

from .helpers import cues, hold, ritual, step, tap

# README's numbers, written out: a prompt lets go after ten minutes; the screen sleeps after five.
TEN_MINUTES = 600.0
FIVE_MINUTES = 300.0


def device(now=0.0, last="second"):
    rituals = [ritual(step(10), rid="first"), ritual(step(10), step(10), rid="second")]
    return Device(rituals, now, stats=Stats(last_ritual_id=last))


def of(outputs, kind):
    return [o for o in outputs if isinstance(o, kind)]


def test_a_reminder_on_home_wakes_the_screen_names_the_home_ritual_and_sounds_once():
    d = device()
    assert d.power(FIVE_MINUTES + 5) == S.BLANK
    out = d.remind(FIVE_MINUTES + 5)
    assert d.screen == S.REMINDER and d.power(FIVE_MINUTES + 5) == S.AWAKE
    assert [c.cue for c in cues(out)] == ["reminder"]
    assert of(out, ReminderShown) == [ReminderShown("second", FIVE_MINUTES + 5)]
    shot = d.snapshot(FIVE_MINUTES + 5)
    assert shot.rituals[shot.highlighted].id == "second"
    assert shot.last_cue == "reminder"


def test_a_tap_on_the_reminder_starts_its_ritual_and_says_it_was_taken_after_the_start():
    d = device()
    d.remind(100.0)
    out = tap(d, 130.0)
    assert d.screen == S.STEP and d.run.ritual.id == "second"
    started, ended = of(out, SessionStarted), of(out, ReminderEnded)
    assert ended == [ReminderEnded("taken", 130.1)]
    assert out.index(started[0]) < out.index(ended[0])


def test_the_press_of_the_tap_is_not_swallowed_as_a_waking_touch():
    d = device()
    d.remind(FIVE_MINUTES + 1)
    d.gesture(Gesture(PRESS, FIVE_MINUTES + 2))
    d.gesture(Gesture("tap", FIVE_MINUTES + 2.1))
    assert d.screen == S.STEP


def test_a_hold_or_back_lets_the_reminder_go_without_starting_anything():
    for gesture in (HOLD, BACK):
        d = device()
        d.remind(50.0)
        out = d.gesture(Gesture(gesture, 60.0))
        assert d.screen == S.HOME and d.run is None
        assert of(out, ReminderEnded) == [ReminderEnded("dismissed", 60.0)]


def test_ten_minutes_without_a_touch_let_the_reminder_go_at_exactly_ten_minutes():
    d = device()
    d.remind(50.0)
    assert d.deadline(51.0) == 50.0 + TEN_MINUTES
    assert d.advance(50.0 + TEN_MINUTES - 0.01) == []
    out = d.advance(50.0 + TEN_MINUTES + 30)
    assert of(out, ReminderEnded) == [ReminderEnded("expired", 50.0 + TEN_MINUTES)]
    assert d.screen == S.HOME and d.power(50.0 + TEN_MINUTES + 30) == S.AWAKE


def test_no_reminder_shows_while_a_ritual_runs_or_its_finish_screen_is_up():
    d = device()
    d.start(d.rituals[0], 0.0)
    assert d.remind(5.0) == [] and d.screen == S.STEP
    d.advance(10.5)
    assert d.screen == S.FINISH
    assert of(d.remind(11.0), ReminderShown) == []
    assert d.screen == S.FINISH


def test_a_reminder_also_shows_over_the_picker_and_starts_the_home_ritual():
    d = device()
    hold(d, 1.0)
    assert d.screen == S.PICKER
    d.remind(5.0)
    assert d.screen == S.REMINDER
    tap(d, 6.0)
    assert d.run.ritual.id == "second"


def test_closing_the_device_while_the_reminder_shows_ends_it_as_expired():
    d = device()
    d.remind(5.0)
    assert of(d.quit(8.0), ReminderEnded) == [ReminderEnded("expired", 8.0)]
    assert d.screen == S.HOME


def test_a_reminder_over_the_picker_names_the_home_ritual_whichever_entry_was_highlighted():
    d = device()
    hold(d, 1.0)  # the picker, on the home ritual (second)
    tap(d, 3.0)  # the highlight moves on, off the home ritual
    assert d.snapshot(4.0).highlighted != 1
    assert of(d.remind(5.0), ReminderShown) == [ReminderShown("second", 5.0)]
    tap(d, 6.0)
    assert d.run.ritual.id == "second"
