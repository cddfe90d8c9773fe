"""Forgiving streaks: a weekly goal of days, instead of a chain that breaks on one missed day.

The rule, also in README:

- A day counts when at least one ritual was completed on it (local time of the device).
- Weeks are calendar weeks, Monday to Sunday. A week meets the goal when it has at least ``goal``
  counted days (default 5 of 7).
- The current streak is the number of weeks in a row that met the goal, ending with this week.
  This week, still unfinished, adds one as soon as it meets the goal; until then it neither adds
  nor breaks anything while it can still meet the goal (enough days left until Sunday). Once it
  can no longer meet the goal, the current streak is 0.
- The best streak is the longest run of weeks in a row that met the goal, this week included once
  it has met it; it is never below the current streak.

The goal applies to the whole history: changing it recounts past weeks with the new goal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Dict, Iterable, Tuple

DAYS_IN_WEEK = 7


def check_goal(goal: int) -> int:
    """The goal as an int between 1 and 7, or ValueError saying what is allowed."""
    if isinstance(goal, bool) or not isinstance(goal, int) or not 1 <= goal <= DAYS_IN_WEEK:
        raise ValueError(f"weekly goal must be a whole number of days from 1 to 7, got {goal!r}")
    return goal


def week_start(day: date) -> date:
    """The Monday of the week holding ``day``."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Streaks:
    current: int
    best: int
    this_week: Tuple[bool, ...]  # Monday..Sunday: a ritual completed on that day
    weekday: int  # today, 0 for Monday .. 6 for Sunday
    days_done: int  # days done this week, Monday..today
    days_needed: int  # more days this week to meet the goal (0 once met)
    still_possible: bool  # this week can still meet the goal


def streaks(done_days: Iterable[date], today: date, goal: int = 5) -> Streaks:
    """Apply the rule above to the set of days on which a ritual was completed."""
    check_goal(goal)
    monday = week_start(today)
    per_week: Dict[date, int] = {}
    seen = set()
    for day in done_days:
        if day in seen:
            continue
        seen.add(day)
        start = week_start(day)
        per_week[start] = per_week.get(start, 0) + 1

    this_week = tuple(monday + timedelta(days=n) in seen for n in range(DAYS_IN_WEEK))
    # Days after today are in the future; a clock that jumped back can leave some in the log, and
    # they do not count for this week.
    days_done = sum(this_week[: today.weekday() + 1])
    left = DAYS_IN_WEEK - today.weekday() - (1 if this_week[today.weekday()] else 0)
    met_now = days_done >= goal
    possible = met_now or days_done + left >= goal

    def met(start: date) -> bool:
        if start == monday:
            return met_now
        return per_week.get(start, 0) >= goal

    current = 0
    if possible:
        start = monday if met_now else monday - timedelta(days=DAYS_IN_WEEK)
        while met(start):
            current += 1
            start -= timedelta(days=DAYS_IN_WEEK)

    best = 0
    run = 0
    previous = None
    for start in sorted(s for s in per_week if s <= monday and met(s)):
        run = run + 1 if previous == start - timedelta(days=DAYS_IN_WEEK) else 1
        best = max(best, run)
        previous = start

    return Streaks(
        current=current,
        best=max(best, current),
        this_week=this_week,
        weekday=today.weekday(),
        days_done=days_done,
        days_needed=max(0, goal - days_done),
        still_possible=possible,
    )
