"""The pacing rules of one ritual, on exact virtual times."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from facepacer.engine.events import BACK, HOLD, NEXT, PAUSE, PRESS, TAP, Gesture, SessionEnded
from facepacer.engine.run import RitualRun, step_events

from .helpers import cues, hold, ritual, step, steps_ended, tap


def run_until(run, end, step_size=None):
    """Advance to each deadline up to ``end`` (as the virtual clock does), collecting outputs."""
    out = run.advance(run.t0)
    while True:
        due = run.deadline()
        if due is None or due > end:
            break
        out += run.advance(due)
    return out + run.advance(end)


def three_steps():
    return ritual(step(10), step(10), step(10))


def test_timer_steps_end_exactly_at_their_seconds():
    run = RitualRun(three_steps(), 0.0)
    out = run_until(run, 100)
    ends = steps_ended(out)
    assert [(s.started, s.ended, s.ended_by) for s in ends] == [
        (0.0, 10.0, "timer"), (10.0, 20.0, "timer"), (20.0, 30.0, "timer"),
    ]  # fmt: skip
    assert run.status == "completed" and run.ended_at == 30.0


def test_a_tap_skips_to_the_next_step_which_runs_its_full_time():
    run = RitualRun(three_steps(), 0.0)
    out = run_until(run, 3.0) + tap(run, 3.0)
    out += run_until(run, 100)
    ends = steps_ended(out)
    assert (ends[0].ended, ends[0].ended_by) == (3.1, "touch")
    assert (ends[1].started, ends[1].ended) == (3.1, pytest.approx(13.1))


def test_a_hold_pauses_and_a_tap_resumes_with_paused_time_excluded():
    run = RitualRun(three_steps(), 0.0)
    out = run_until(run, 5.0) + hold(run, 5.0)
    assert run.paused and cues(out, "pause")[0].t == 6.0
    out += run_until(run, 20.0) + tap(run, 20.0)
    assert not run.paused and cues(out, "resume")[0].t == pytest.approx(20.1)
    out += run_until(run, 100)
    first = steps_ended(out)[0]
    assert first.active == pytest.approx(10.0)
    assert first.ended == pytest.approx(24.1)


def test_cues_due_during_a_pause_wait_for_the_resume():
    run = RitualRun(ritual(step(10, strokes=5)), 0.0)
    out = run_until(run, 1.0) + hold(run, 1.0)  # paused at 2.0, just as stroke 1 is due
    out += run_until(run, 50.0)
    strokes = [c.t for c in cues(out, "stroke")]
    assert strokes == [0.0, 2.0]  # stroke 1 was due at 2.0 and issued before the pause
    out += tap(run, 50.0)
    out += run_until(run, 100)
    strokes = [c.t for c in cues(out, "stroke")]
    assert strokes[2:] == pytest.approx([50.1 + 2.0, 50.1 + 4.0, 50.1 + 6.0])


def test_strokes_are_paced_evenly_from_the_step_start():
    run = RitualRun(ritual(step(10, strokes=5)), 0.0)
    out = run_until(run, 100)
    assert [c.t for c in cues(out, "stroke")] == [0.0, 2.0, 4.0, 6.0, 8.0]


def test_zone_comes_before_the_first_stroke_and_start_before_both():
    run = RitualRun(ritual(step(10, strokes=2)), 0.0)
    assert [c.cue for c in cues(run.advance(0.0))] == ["start", "zone", "stroke"]


def test_alternate_steps_switch_side_at_half_time():
    run = RitualRun(ritual(step(12, side="alternate")), 0.0)
    assert run.side_now(5.9) == "left"
    out = run_until(run, 100)
    assert [c.t for c in cues(out, "side")] == [6.0]
    run2 = RitualRun(ritual(step(12, side="alternate")), 0.0)
    assert run2.side_now(6.0) == "right"
    assert run2.side_now(6.0, partner=True) == "left"


def test_countdown_ticks_in_the_last_three_seconds_of_timer_steps_only():
    out = run_until(RitualRun(ritual(step(10)), 0.0), 100)
    assert [c.t for c in cues(out, "countdown")] == [7.0, 8.0, 9.0]
    short = run_until(RitualRun(ritual(step(2)), 0.0), 100)
    assert [c.t for c in cues(short, "countdown")] == [1.0]
    touch = RitualRun(ritual(step(10, advance="touch")), 0.0)
    assert cues(run_until(touch, 20), "countdown") == []


def test_a_touch_step_waits_for_a_tap():
    run = RitualRun(ritual(step(5, advance="touch"), step(5)), 0.0)
    run_until(run, 60.0)
    assert run.index == 0 and run.waiting(60.0)
    out = tap(run, 60.0)
    assert steps_ended(out)[0].ended_by == "touch" and run.index == 1


def test_a_touch_step_with_no_input_is_abandoned_after_five_minutes_of_waiting():
    run = RitualRun(ritual(step(5, advance="touch")), 0.0)
    out = run_until(run, 1000.0)
    ended = [o for o in out if isinstance(o, SessionEnded)][0]
    assert (ended.status, ended.t) == ("abandoned", 305.0)
    assert steps_ended(out)[0].ended_by == "abandon"
    # A step nobody touched is no activity: not the five idle minutes, nor its paced 5 s.
    assert steps_ended(out)[0].active == 0.0 and ended.active == 0.0
    assert ended.elapsed == 305.0


def test_a_touch_step_touched_and_then_left_keeps_its_paced_time_only():
    run = RitualRun(ritual(step(5, advance="touch")), 0.0)
    run.gesture(Gesture(PRESS, 2.0))  # someone was there: the paced seconds were used
    out = run_until(run, 1000.0)
    ended = [o for o in out if isinstance(o, SessionEnded)][0]
    assert steps_ended(out)[0].ended_by == "abandon"
    assert steps_ended(out)[0].active == 5.0 and ended.active == 5.0


def test_a_touch_step_longer_than_the_idle_timeout_paces_to_its_end_before_waiting():
    run = RitualRun(ritual(step(600, advance="touch", strokes=4)), 0.0)
    out = run_until(run, 899.0)
    assert not run.ended and run.waiting(899.0)
    assert [c.t for c in cues(out, "stroke")] == [0.0, 150.0, 300.0, 450.0]
    out = run_until(run, 2000.0)
    assert (run.status, run.ended_at) == ("abandoned", 900.0)


def test_input_while_waiting_restarts_the_idle_timeout():
    run = RitualRun(ritual(step(5, advance="touch")), 0.0)
    run_until(run, 200.0)
    run.gesture(Gesture(PRESS, 200.0))  # a touch that is neither tap nor hold still counts
    run_until(run, 450.0)
    assert not run.ended
    run_until(run, 500.0)
    assert run.status == "abandoned" and run.ended_at == 500.0


def test_five_minutes_paused_abandons_with_the_pause_not_counted_as_active():
    run = RitualRun(three_steps(), 0.0)
    run_until(run, 4.0)
    hold(run, 4.0)  # paused at 5.0
    out = run_until(run, 1000.0)
    ended = [o for o in out if isinstance(o, SessionEnded)][0]
    assert (ended.status, ended.t) == ("abandoned", 305.0)
    assert ended.active == pytest.approx(5.0)
    assert steps_ended(out)[0].active == pytest.approx(5.0)


def test_a_hold_while_paused_abandons_the_session():
    run = RitualRun(three_steps(), 0.0)
    hold(run, 1.0)
    out = hold(run, 3.0)
    assert run.status == "abandoned"
    assert steps_ended(out)[0].ended_by == "abandon"
    assert cues(out, "finish")


def test_quit_ends_the_step_and_the_session_as_quit():
    run = RitualRun(three_steps(), 0.0)
    run_until(run, 12.0)
    out = run.quit(12.5)
    assert steps_ended(out)[0].ended_by == "quit"
    assert run.status == "quit" and not cues(out, "finish")


def test_role_gestures_next_and_pause_act_like_tap_and_hold():
    run = RitualRun(three_steps(), 0.0)
    run.gesture(Gesture(NEXT, 2.0))
    assert run.index == 1
    run.gesture(Gesture(PAUSE, 3.0))
    assert run.paused
    run.gesture(Gesture(PAUSE, 4.0))
    assert not run.paused


def test_back_returns_to_the_previous_step():
    run = RitualRun(three_steps(), 0.0)
    run_until(run, 12.0)
    run.gesture(Gesture(BACK, 12.0))
    assert run.index == 0 and run.step_start == 12.0


def test_no_drift_over_a_long_ritual_with_fractional_periods():
    steps = [step(7, strokes=3) for _ in range(50)]
    run = RitualRun(ritual(*steps), 0.0)
    out = run_until(run, 10_000)
    ends = steps_ended(out)
    assert ends[-1].ended == pytest.approx(350.0, abs=1e-9)
    strokes = [c.due for c in cues(out, "stroke")]
    expected = [i * 7 + k * 7 / 3 for i in range(50) for k in range(3)]
    assert strokes == pytest.approx(expected, abs=1e-9)


def test_late_cues_carry_their_issue_time_and_their_schedule():
    run = RitualRun(ritual(step(10, strokes=5)), 0.0)
    run.advance(0.0)
    late = cues(run.advance(2.003), "stroke")[0]
    assert (late.t, late.due) == (2.003, 2.0)


def test_step_schedule_is_sorted_and_complete():
    events = step_events(step(9, strokes=3, side="alternate"), first=True)
    assert [(e.offset, e.kind) for e in events] == [
        (0.0, "start"), (0.0, "zone"), (0.0, "stroke"), (3.0, "stroke"), (4.5, "side"),
        (6.0, "stroke"), (6.0, "countdown"), (7.0, "countdown"), (8.0, "countdown"),
        (9.0, "end"),
    ]  # fmt: skip


def test_gestures_after_the_end_change_nothing():
    run = RitualRun(ritual(step(1)), 0.0)
    run_until(run, 5)
    assert run.gesture(Gesture(TAP, 6.0)) == [] and run.gesture(Gesture(HOLD, 7.0)) == []


def test_the_engine_imports_no_pygame_gpiozero_smbus2_or_time():
    engine_dir = Path(__file__).resolve().parents[2] / "firmware" / "facepacer" / "engine"
    forbidden = {"pygame", "gpiozero", "smbus2", "time"}
    for path in engine_dir.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in forbidden, f"{path.name} imports {name}"
