"""The device's screens: one tap to start, the picker, finish, mood, history, screen sleep."""

from __future__ import annotations

import pytest

from facepacer.engine import snapshot as S
from facepacer.engine.device import FINISH_SECONDS, Device
from facepacer.engine.events import BACK, PRESS, TAP, Gesture, MoodGiven, SessionStarted
from facepacer.engine.simulate import snapshot_at

from .helpers import hold, ritual, step, tap

# README's numbers, written here rather than imported, so that changing one fails these tests.
MOOD_SECONDS = 20.0  # the mood check-in "moves on after 20 seconds"
MENU_IDLE = 60.0  # the picker and history go "back home after a minute without a touch"
DIM_AFTER = 120.0  # "After 2 minutes without a touch ... only a dim clock"
BLANK_AFTER = 300.0  # "after 5 minutes it is black"


def two_rituals():
    return [
        ritual(step(10), step(10), rid="first"),
        ritual(step(5, advance="touch", title="Breathe"), step(20, title="Sweep the left cheek",
               say="Sweep the left cheek up.", side="left"), rid="second"),
    ]  # fmt: skip


def walk(device, until):
    out = []
    while True:
        due = device.deadline(device_now(device))
        if due is None or due > until:
            break
        out += device.advance(due)
        device._t = due
    out += device.advance(until)
    device._t = until
    return out


def device_now(device):
    return getattr(device, "_t", 0.0)


def test_one_tap_on_home_starts_the_last_used_ritual():
    rituals = two_rituals()
    device = Device(rituals, stats=S.Stats(last_ritual_id="second"))
    out = tap(device, 1.0)
    assert device.screen == S.STEP and device.run.ritual.id == "second"
    assert any(isinstance(o, SessionStarted) and o.t == 1.1 for o in out)


def test_home_falls_back_to_the_first_ritual_when_the_last_one_is_gone():
    device = Device(two_rituals(), stats=S.Stats(last_ritual_id="deleted-one"))
    tap(device, 0.0)
    assert device.run.ritual.id == "first"


def test_hold_on_home_opens_the_picker_where_tap_moves_and_hold_chooses():
    device = Device(two_rituals())
    hold(device, 0.0)
    assert device.screen == S.PICKER and device.snapshot(1.0).menu == (
        "Test ritual", "Test ritual", "History", "Calibrate the pad", "Back",
    )  # fmt: skip
    tap(device, 2.0)
    assert device.highlighted == 1
    hold(device, 3.0)
    assert device.screen == S.STEP and device.run.ritual.id == "second"


def test_the_picker_leads_to_history_and_back_home():
    device = Device(two_rituals())
    hold(device, 0.0)
    tap(device, 2.0)
    tap(device, 3.0)
    hold(device, 4.0)
    assert device.screen == S.HISTORY
    tap(device, 6.0)
    assert device.screen == S.HOME
    hold(device, 7.0)
    device.gesture(Gesture(BACK, 9.0))
    assert device.screen == S.HOME


def test_the_pickers_last_entry_goes_back_home_at_once_without_starting_anything():
    device = Device(two_rituals(), stats=S.Stats(last_ritual_id="second"))
    hold(device, 0.0)  # the picker, on "second"
    for t in (2.0, 3.0, 4.0):  # History, Calibrate the pad, Back
        tap(device, t)
    assert device.menu[device.highlighted] == "Back"
    out = hold(device, 5.0)
    assert device.screen == S.HOME and device.run is None and out == []
    assert device.highlighted == 1  # home offers the last ritual again
    tap(device, 7.0)
    assert device.run.ritual.id == "second"


def test_the_picker_and_history_go_back_home_when_left_alone():
    device = Device(two_rituals())
    hold(device, 0.0)  # picker, from 1.0
    tap(device, 2.0)
    assert device.deadline(2.1) == pytest.approx(2.1 + MENU_IDLE)
    walk(device, 2.1 + MENU_IDLE - 0.01)
    assert device.screen == S.PICKER
    walk(device, 2.1 + MENU_IDLE)
    assert device.screen == S.HOME and device.highlighted == 0
    assert device.power(2.1 + MENU_IDLE + DIM_AFTER) == S.DIM


def test_a_completed_ritual_goes_finish_then_mood_then_home_with_the_mood_given():
    device = Device(two_rituals())
    device.start(device.rituals[0], 0.0)
    walk(device, 20.0)
    assert device.screen == S.FINISH
    walk(device, 20.0 + FINISH_SECONDS)
    assert device.screen == S.MOOD and device.snapshot(device_now(device)).mood == 3
    tap(device, 30.0)
    tap(device, 31.0)
    tap(device, 32.0)  # 3 -> 4 -> 5 -> 1
    out = hold(device, 33.0)
    assert device.screen == S.HOME
    assert [o.mood for o in out if isinstance(o, MoodGiven)] == [1]


def test_the_mood_check_in_is_skipped_after_twenty_seconds_without_input():
    device = Device(two_rituals())
    device.start(device.rituals[0], 0.0)
    walk(device, 20.0 + FINISH_SECONDS)
    assert device.screen == S.MOOD
    walk(device, 20.0 + FINISH_SECONDS + MOOD_SECONDS - 0.01)
    assert device.screen == S.MOOD
    walk(device, 20.0 + FINISH_SECONDS + MOOD_SECONDS)
    assert device.screen == S.HOME


def test_no_mood_check_in_after_an_abandoned_session_or_when_turned_off():
    device = Device(two_rituals())
    device.start(device.rituals[0], 0.0)
    hold(device, 1.0)
    hold(device, 3.0)
    assert device.screen == S.FINISH and device.run.status == "abandoned"
    tap(device, 5.0)
    assert device.screen == S.HOME
    quiet = Device(two_rituals(), mood=False)
    quiet.start(quiet.rituals[0], 0.0)
    walk(quiet, 100.0)
    assert quiet.screen == S.HOME


def test_the_home_screen_dims_then_blanks_and_the_waking_touch_does_nothing_else():
    device = Device(two_rituals())
    assert device.power(DIM_AFTER - 1) == S.AWAKE
    assert device.power(DIM_AFTER) == S.DIM
    assert device.power(BLANK_AFTER) == S.BLANK
    assert device.deadline(0.0) == DIM_AFTER
    assert device.deadline(DIM_AFTER) == BLANK_AFTER
    tap(device, 400.0)
    assert device.screen == S.HOME and device.power(400.2) == S.AWAKE
    tap(device, 401.0)
    assert device.screen == S.STEP


def test_a_ritual_keeps_the_screen_awake():
    device = Device([ritual(step(600))])
    device.start(device.rituals[0], 0.0)
    assert device.power(500.0) == S.AWAKE


def test_the_snapshot_follows_a_step():
    snap = snapshot_at(ritual(step(10, strokes=5), step(10, title="Next one")), 8.5)
    assert snap.screen == S.STEP
    assert snap.step_active == 8.5 and snap.step_left == 1.5
    assert snap.stroke == 5 and snap.show_next and snap.next_step.title == "Next one"
    assert snap.progress == pytest.approx(8.5 / 20)
    assert snap.last_cue == "countdown" and snap.last_cue_t == 8.0


def test_the_flash_shows_the_zone_not_the_stroke_that_starts_with_it():
    snap = snapshot_at(ritual(step(10, strokes=5), step(10, strokes=2)), 10.0)
    assert (snap.last_cue, snap.last_cue_t) == ("zone", 10.0)


def test_a_snapshot_taken_late_dates_the_cue_when_it_was_due():
    snap = snapshot_at(ritual(step(60, strokes=20)), 47.0)
    assert (snap.last_cue, snap.last_cue_t) == ("stroke", 45.0)


def test_partner_mode_swaps_left_and_right_in_words_and_sides():
    rituals = two_rituals()
    device = Device(rituals, partner=True)
    device.start(rituals[1], 0.0)
    tap(device, 6.0)
    snap = device.snapshot(7.0)
    assert snap.step.title == "Sweep the right cheek"
    assert snap.step.say == "Sweep the right cheek up."
    assert snap.side_now == "right" and snap.step.side == "right"


def test_skipped_steps_count_as_done_on_the_ritual_bar():
    device = Device([ritual(step(10), step(10), step(20))])
    device.start(device.rituals[0], 0.0)
    tap(device, 1.0)
    tap(device, 2.0)  # the last step starts at 2.1: the 20 s of the first two are behind
    snap = device.snapshot(7.1)
    assert snap.step.index == 2 and snap.ritual_done == pytest.approx(25.0)
    assert snap.progress == pytest.approx(25.0 / 40.0)
    assert snap.ritual_active == pytest.approx(7.1)


def test_a_paused_ritual_shows_the_paused_screen():
    device = Device(two_rituals())
    device.start(device.rituals[0], 0.0)
    hold(device, 2.0)
    snap = device.snapshot(5.0)
    assert snap.screen == S.PAUSED and snap.paused and snap.step_active == 3.0


def test_a_touch_step_snapshot_says_it_is_waiting():
    snap = snapshot_at(two_rituals()[1], 6.0)
    assert snap.waiting and snap.step_left == 0.0


def test_snapshot_at_refuses_a_negative_time():
    with pytest.raises(ValueError, match="-1"):
        snapshot_at(two_rituals()[0], -1)


def test_a_device_needs_a_ritual():
    with pytest.raises(ValueError, match="at least one ritual"):
        Device([])


def test_a_press_during_a_ritual_counts_as_input_for_the_idle_timeout():
    device = Device(two_rituals())
    device.start(device.rituals[1], 0.0)
    walk(device, 250.0)
    device.gesture(Gesture(PRESS, 250.0))
    walk(device, 500.0)
    assert device.run.status is None
    walk(device, 551.0)
    assert device.run.status == "abandoned"


def test_quit_from_home_emits_nothing():
    device = Device(two_rituals())
    assert device.quit(5.0) == []
    device.gesture(Gesture(TAP, 6.0))
    assert device.quit(7.0)[-1].status == "quit"
    assert device.screen == S.FINISH


def test_an_alert_flashes_on_any_screen_and_is_a_cue_like_the_others():
    device = Device(two_rituals())
    (cue,) = device.alert("error", 5.0)
    assert (cue.cue, cue.t, cue.step) == ("error", 5.0, None)
    snap = device.snapshot(5.1)
    assert (snap.screen, snap.last_cue, snap.last_cue_t) == (S.HOME, "error", 5.0)
    device.start(device.rituals[0], 6.0)
    assert device.alert("error", 7.0)[0].step == 0
    assert device.snapshot(7.0).last_cue == "error"
