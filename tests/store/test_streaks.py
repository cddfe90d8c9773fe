"""The forgiving streak rule: weeks (Monday to Sunday) that met a goal of days, in a row."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facepacer.store.streaks import check_goal, streaks

MONDAY = date(2026, 5, 4)


def week(offset: int, *weekdays: int) -> list:
    """Days of the week ``offset`` weeks from MONDAY's (negative: earlier), 0 = Monday."""
    return [MONDAY + timedelta(weeks=offset, days=d) for d in weekdays]


WORKDAYS = (0, 1, 2, 3, 4)


def test_with_nothing_logged_there_is_no_streak_and_the_whole_goal_ahead():
    result = streaks([], MONDAY, 5)
    assert (result.current, result.best, result.days_done, result.days_needed) == (0, 0, 0, 5)
    assert result.still_possible


def test_missing_two_days_a_week_never_breaks_the_streak():
    days = [day for n in range(-10, 0) for day in week(n, *WORKDAYS)]
    result = streaks(days, MONDAY, 5)
    assert (result.current, result.best) == (10, 10)


def test_this_week_counts_as_soon_as_it_meets_the_goal():
    days = week(-2, *WORKDAYS) + week(-1, *WORKDAYS) + week(0, 0, 1, 2, 3, 4)
    result = streaks(days, MONDAY + timedelta(days=4), 5)
    assert (result.current, result.best, result.days_needed) == (3, 3, 0)


def test_an_unfinished_week_that_can_still_meet_the_goal_neither_adds_nor_breaks():
    days = week(-2, *WORKDAYS) + week(-1, *WORKDAYS) + week(0, 0)
    wednesday = MONDAY + timedelta(days=2)
    result = streaks(days, wednesday, 5)
    assert (result.current, result.best, result.days_done, result.days_needed) == (2, 2, 1, 4)
    assert result.still_possible


def test_a_week_that_can_no_longer_meet_the_goal_ends_the_streak_at_once():
    days = week(-2, *WORKDAYS) + week(-1, *WORKDAYS) + week(0, 0, 1)
    saturday = MONDAY + timedelta(days=5)  # 2 done + Saturday + Sunday = 4 < 5
    result = streaks(days, saturday, 5)
    assert (result.current, result.best) == (0, 2)
    assert not result.still_possible


def test_on_sunday_the_last_missing_day_can_still_be_today():
    days = week(-1, *WORKDAYS) + week(0, 0, 1, 2, 3)
    sunday = MONDAY + timedelta(days=6)
    before = streaks(days, sunday, 5)
    assert (before.current, before.still_possible, before.days_needed) == (1, True, 1)
    after = streaks(days + [sunday], sunday, 5)
    assert (after.current, after.days_needed) == (2, 0)


def test_a_week_short_of_the_goal_in_the_past_breaks_the_run_and_best_remembers():
    days = (
        week(-5, *WORKDAYS) + week(-4, *WORKDAYS) + week(-3, *WORKDAYS)
        + week(-2, 0, 1, 2, 3)  # one day short
        + week(-1, *WORKDAYS)
    )  # fmt: skip
    result = streaks(days, MONDAY, 5)
    assert (result.current, result.best) == (1, 3)


def test_an_empty_week_in_the_past_breaks_the_run():
    days = week(-3, *WORKDAYS) + week(-1, *WORKDAYS)
    assert streaks(days, MONDAY, 5).current == 1


def test_several_rituals_on_one_day_count_as_one_day():
    days = week(-1, 0, 0, 0, 1, 1, 2, 3)
    assert streaks(days, MONDAY, 5).current == 0
    assert streaks(days, MONDAY, 4).current == 1


def test_a_goal_of_seven_needs_every_day_and_a_goal_of_one_any_day():
    days = week(-1, 0, 1, 2, 3, 4, 5) + week(-2, 0, 1, 2, 3, 4, 5, 6)
    assert streaks(days, MONDAY, 7).current == 0
    assert streaks(days, MONDAY, 7).best == 1
    assert streaks(days, MONDAY, 1).current == 2


def test_days_after_today_do_not_count_for_this_week():
    days = week(0, 0, 5, 6)  # the clock once ran ahead: Saturday and Sunday already logged
    result = streaks(days, MONDAY, 2)
    assert (result.days_done, result.this_week) == (
        1,
        (True, False, False, False, False, True, True),
    )


@pytest.mark.parametrize("goal", [0, 8, -1, "5", 5.0, True, None])
def test_a_goal_outside_one_to_seven_is_refused(goal):
    with pytest.raises(ValueError, match="weekly goal must be a whole number of days from 1 to 7"):
        check_goal(goal)


days_strategy = st.sets(st.integers(min_value=-120, max_value=0), max_size=80)


@settings(derandomize=True, deadline=None)
@given(offsets=days_strategy, extra=st.integers(min_value=-120, max_value=0),
       goal=st.integers(min_value=1, max_value=7), weekday=st.integers(0, 6))  # fmt: skip
def test_one_more_ritual_never_lowers_a_streak_and_best_is_never_below_current(
    offsets, extra, goal, weekday
):
    today = MONDAY + timedelta(days=weekday)
    days = [today + timedelta(days=n) for n in offsets]
    before = streaks(days, today, goal)
    after = streaks(days + [today + timedelta(days=extra)], today, goal)
    assert after.current >= before.current and after.best >= before.best
    assert before.best >= before.current >= 0
