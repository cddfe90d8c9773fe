"""What the home and history screens draw: this week, streaks, the last 30 days, in local days."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from facepacer.engine.snapshot import DayStat

from .helpers import on_day, session

WEDNESDAY = date(2026, 5, 6)


def test_an_empty_log_gives_empty_stats_with_thirty_days(store):
    stats = store.stats(WEDNESDAY)
    assert (stats.week_days_done, stats.current_streak, stats.best_streak) == (0, 0, 0)
    assert (stats.weekly_goal, stats.last_ritual_id) == (5, None)
    assert len(stats.days) == 30
    assert stats.days[0] == DayStat(day=WEDNESDAY - timedelta(days=29), minutes=0.0, completed=0)
    assert stats.days[-1].day == WEDNESDAY


def test_days_hold_every_sessions_minutes_and_only_completed_ones_count(store, tz):
    tz("UTC0")
    session(store, on_day(WEDNESDAY, 7), "completed", steps=3, step_seconds=40.0)
    session(store, on_day(WEDNESDAY, 19), "abandoned", step_seconds=30.0)
    session(store, on_day(WEDNESDAY - timedelta(days=1)), None, step_seconds=60.0)  # running
    days = {stat.day: stat for stat in store.stats(WEDNESDAY).days}
    assert days[WEDNESDAY] == DayStat(day=WEDNESDAY, minutes=2.5, completed=1)
    assert days[WEDNESDAY - timedelta(days=1)].minutes == 1.0
    assert days[WEDNESDAY - timedelta(days=1)].completed == 0


def test_sessions_older_than_thirty_days_are_not_in_the_days(store, tz):
    tz("UTC0")
    session(store, on_day(WEDNESDAY - timedelta(days=30)))
    session(store, on_day(WEDNESDAY - timedelta(days=29)))
    days = store.stats(WEDNESDAY).days
    assert [stat.completed for stat in days][:2] == [1, 0]
    assert sum(stat.completed for stat in days) == 1


def test_a_late_evening_session_counts_on_the_local_day_not_the_utc_one(store, tz):
    tz("EST5EDT,M3.2.0,M11.1.0")  # New York: UTC-4 in May
    late = datetime(2026, 5, 6, 2, 30, tzinfo=timezone.utc)  # 22:30 on Tuesday 5 May, local
    session(store, late)
    days = {stat.day: stat.completed for stat in store.stats(WEDNESDAY).days}
    assert (days[date(2026, 5, 5)], days[WEDNESDAY]) == (1, 0)


def test_week_days_done_counts_days_with_a_completed_ritual_from_monday_to_today(store, tz):
    tz("UTC0")
    sunday_before = WEDNESDAY - timedelta(days=3)
    for day in (sunday_before, WEDNESDAY - timedelta(days=2), WEDNESDAY):
        session(store, on_day(day, 8))
        session(store, on_day(day, 20))
    session(store, on_day(WEDNESDAY - timedelta(days=1)), "abandoned")
    assert store.stats(WEDNESDAY).week_days_done == 2


def test_streaks_come_from_completed_days_with_the_given_goal(store, tz):
    tz("UTC0")
    monday = WEDNESDAY - timedelta(days=2)
    for weeks_back in (1, 2):
        for n in range(4):
            session(store, on_day(monday - timedelta(weeks=weeks_back) + timedelta(days=n)))
    stats = store.stats(WEDNESDAY, goal=5)
    assert (stats.current_streak, stats.best_streak) == (0, 0)
    stats = store.stats(WEDNESDAY, goal=4)
    assert (stats.current_streak, stats.best_streak, stats.weekly_goal) == (2, 2, 4)


def test_the_last_ritual_is_the_latest_session_whatever_its_end(store):
    session(store, on_day(WEDNESDAY), ritual="morning-glow")
    session(store, on_day(WEDNESDAY), "abandoned", ritual="symmetry-sculpt")
    assert store.stats(WEDNESDAY).last_ritual_id == "symmetry-sculpt"


def test_a_goal_outside_one_to_seven_is_refused(store):
    with pytest.raises(ValueError, match="weekly goal"):
        store.stats(WEDNESDAY, goal=0)
