"""Tap, hold and press from edges, at exactly the times ARCHITECTURE §4 gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facepacer.engine.events import BACK, HOLD, PRESS, TAP, Gesture
from facepacer.hardware.gestures import GestureDetector

from .helpers import kinds


def press_for(seconds: float, start: float = 3.0, polls=()):
    detector = GestureDetector()
    out = detector.edge(True, start)
    for t in polls:
        out += detector.poll(t)
    out += detector.edge(False, start + seconds)
    return kinds(out)


def test_a_tap_fires_at_the_release_time_exactly():
    assert press_for(0.1) == [(PRESS, 3.02), (TAP, 3.1)]


def test_a_press_just_under_tap_max_is_a_tap():
    assert press_for(0.599)[-1] == (TAP, 3.599)


@pytest.mark.parametrize("start", [0.0, 0.1, 3.0, 1000.3])
def test_a_press_of_exactly_tap_max_is_not_a_tap(start):
    assert [kind for kind, _ in press_for(0.6, start)] == [PRESS]


def test_a_release_between_tap_max_and_hold_after_gives_nothing_but_the_press():
    assert press_for(0.8, polls=[3.3, 3.7]) == [(PRESS, 3.02)]


@pytest.mark.parametrize("start", [0.1, 1000.3])
def test_a_hold_fires_at_press_plus_one_second_on_any_clock_value(start):
    detector = GestureDetector()
    detector.edge(True, start)
    assert [g.kind for g in detector.poll(start + 1.0)] == [PRESS, HOLD]


def test_a_hold_fires_at_exactly_one_second_while_still_pressed():
    detector = GestureDetector()
    detector.edge(True, 3.0)
    assert kinds(detector.poll(3.999)) == [(PRESS, 3.02)]
    assert detector.poll(3.9999) == []
    assert kinds(detector.poll(4.0)) == [(HOLD, 4.0)]
    assert detector.edge(False, 4.5) == []


def test_a_late_poll_still_stamps_the_hold_at_press_plus_hold_after():
    detector = GestureDetector()
    detector.edge(True, 3.0)
    assert kinds(detector.poll(4.7)) == [(PRESS, 3.02), (HOLD, 4.0)]


def test_a_release_after_the_hold_time_without_a_poll_fires_the_hold_not_a_tap():
    assert press_for(1.5) == [(PRESS, 3.02), (HOLD, 4.0)]


def test_a_glitch_shorter_than_min_press_gives_nothing_at_all():
    assert press_for(0.01) == []


def test_a_press_of_exactly_min_press_is_a_press_and_a_tap():
    assert press_for(0.02) == [(PRESS, 3.02), (TAP, 3.02)]


def test_next_deadline_is_the_press_confirmation_then_the_hold_then_none():
    detector = GestureDetector()
    assert detector.next_deadline() is None
    detector.edge(True, 3.0)
    assert detector.next_deadline() == pytest.approx(3.02)
    detector.poll(3.02)
    assert detector.next_deadline() == 4.0
    detector.poll(4.0)
    assert detector.next_deadline() is None


def test_an_electrode_with_a_role_taps_as_that_role_and_never_holds():
    detector = GestureDetector(electrode=2, tap_kind=BACK, hold_kind=None)
    detector.edge(True, 1.0)
    assert detector.edge(False, 1.2) == [Gesture(PRESS, 1.02, 2), Gesture(BACK, 1.2, 2)]
    detector.edge(True, 5.0)
    assert kinds(detector.poll(7.0)) == [(PRESS, 5.02)]
    assert detector.next_deadline() is None


def test_cancel_forgets_the_press_so_the_release_fires_nothing():
    detector = GestureDetector()
    detector.edge(True, 3.0)
    detector.cancel()
    assert detector.edge(False, 3.1) == []
    assert detector.poll(10.0) == []


def test_repeating_the_current_state_is_not_an_edge():
    detector = GestureDetector()
    detector.edge(True, 3.0)
    assert detector.edge(True, 3.3) == []
    assert detector.edge(False, 3.4)[-1] == Gesture(TAP, 3.4)
    assert detector.edge(False, 3.5) == []


def test_configured_timings_are_honoured():
    detector = GestureDetector(tap_max=0.3, hold_after=2.0)
    detector.edge(True, 0.0)
    assert kinds(detector.edge(False, 0.4)) == [(PRESS, 0.02)]
    detector.edge(True, 1.0)
    assert kinds(detector.poll(3.0)) == [(PRESS, 1.02), (HOLD, 3.0)]


@pytest.mark.parametrize("timings", [(0.02, 0.6, 0.5), (0.7, 0.6, 1.0), (-0.1, 0.6, 1.0)])
def test_inconsistent_timings_are_a_value_error_quoting_them(timings):
    min_press, tap_max, hold_after = timings
    with pytest.raises(ValueError, match=f"min_press={min_press}, tap_max={tap_max}"):
        GestureDetector(tap_max=tap_max, hold_after=hold_after, min_press=min_press)


@given(
    start=st.floats(0, 10_000, allow_nan=False),
    length=st.floats(0, 5, allow_nan=False),
    polls=st.lists(st.floats(0, 5, allow_nan=False), max_size=8),
)
def test_any_press_gives_at_most_one_tap_or_hold_at_its_defined_time(start, length, polls):
    detector = GestureDetector()
    out = detector.edge(True, start)
    for offset in sorted(p for p in polls if p < length):
        out += detector.poll(start + offset)
    out += detector.edge(False, start + length)
    decided = [g for g in out if g.kind in (TAP, HOLD)]
    held_for = (start + length) - start  # as the detector sees it, rounding included
    if held_for < 0.02 - 1e-9:
        assert out == []
    elif held_for < 0.6 - 1e-9:
        assert decided == [Gesture(TAP, start + length)]
    elif held_for < 1.0 - 1e-9:
        assert decided == []
    else:
        assert decided == [Gesture(HOLD, start + 1.0)]
    assert [g.t for g in out] == sorted(g.t for g in out)
