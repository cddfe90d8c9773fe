"""The daily reminder's documented limits, probed on both sides: ten minutes late and no more
(across midnight too), and the history's "last 30 days" and what "led to a ritual" counts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from facepacer.app.reminder import DailyReminder
from facepacer.cli.history import reminder_line
from facepacer.config import ReminderConfig
from facepacer.store import Store

from ..store.helpers import session

MONDAY = date(2026, 5, 4)


def at(day: date, hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss).astimezone()


@pytest.mark.parametrize(
    "late, due",
    [((0, 0), True), ((5, 0), True), ((9, 59), True), ((10, 0), False), ((10, 1), False)],
)
def test_a_device_switched_on_late_reminds_only_within_ten_minutes(late, due):
    reminder = DailyReminder(ReminderConfig(time="21:30"))
    minutes, seconds = late
    assert reminder.due(at(MONDAY, 21, 30 + minutes, seconds)) is due


def test_a_reminder_is_not_due_a_second_before_its_time():
    reminder = DailyReminder(ReminderConfig(time="21:30"))
    assert reminder.due(at(MONDAY, 21, 29, 59)) is False
    assert reminder.due(at(MONDAY, 21, 30)) is True


@pytest.mark.parametrize(
    "wall, due",
    [((0, 2, 0), True), ((0, 7, 59), True), ((0, 8, 0), False), ((0, 30, 0), False)],
)
def test_the_ten_minutes_after_23_58_run_past_midnight_and_stop_at_00_08(wall, due):
    reminder = DailyReminder(ReminderConfig(time="23:58"))
    assert reminder.due(at(MONDAY + timedelta(days=1), *wall)) is due


def test_yesterdays_reminder_is_not_carried_over_on_a_day_that_has_none():
    reminder = DailyReminder(ReminderConfig(time="23:58", days=(0,)))  # Mondays only
    assert reminder.due(at(MONDAY + timedelta(days=1), 0, 5)) is True  # Monday's, at 00:05
    reminder = DailyReminder(ReminderConfig(time="23:58", days=(1,)))  # Tuesdays only
    assert reminder.due(at(MONDAY + timedelta(days=1), 0, 5)) is False


def test_the_reminder_comes_on_the_chosen_days_only():
    reminder = DailyReminder(ReminderConfig(time="07:15", days=(0, 1, 2, 3, 4)))
    saturday, sunday = MONDAY + timedelta(days=5), MONDAY + timedelta(days=6)
    assert reminder.due(at(saturday, 7, 15)) is False
    assert reminder.due(at(sunday, 7, 15)) is False
    assert reminder.next_at(at(saturday, 8, 0)) == at(MONDAY + timedelta(days=7), 7, 15)
    assert reminder.due(at(MONDAY + timedelta(days=7), 7, 15)) is True


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "log.db") as opened:
        yield opened


def test_only_a_reminder_taken_counts_as_leading_to_a_ritual(store):
    today = date.today()
    shown = at(today, 0, 5)
    taken = store.reminder_shown("glow", shown)
    store.reminder_ended(taken, "taken", session(store, shown))
    store.reminder_ended(store.reminder_shown("glow", shown), "dismissed")
    store.reminder_ended(store.reminder_shown("glow", shown), "expired")
    store.reminder_shown("glow", shown)  # still showing
    assert reminder_line(store, today) == (
        "Reminders: 4 reminders in the last 30 days, 1 led to a ritual.\n"
    )


def test_the_last_30_days_are_today_and_the_29_before_it(store):
    today = date(2026, 6, 30)
    store.reminder_ended(store.reminder_shown("glow", at(date(2026, 6, 1), 0, 0)), "dismissed")
    assert reminder_line(store, today) == (
        "Reminders: 1 reminder in the last 30 days, 0 led to a ritual.\n"
    )
    store.reminder_ended(store.reminder_shown("glow", at(date(2026, 5, 31), 23, 59)), "taken")
    assert reminder_line(store, today).startswith("Reminders: 1 reminder in the last 30 days")
    assert reminder_line(store, date(2026, 7, 1)) == ""


def test_a_reminder_missed_at_start_stays_missed_when_the_clock_is_set_back_into_its_minutes():
    reminder = DailyReminder(ReminderConfig(time="21:30"))
    assert reminder.due(at(MONDAY, 23, 0)) is False  # switched on late: missed
    assert reminder.due(at(MONDAY, 21, 35)) is False  # network time sets the clock back
    assert reminder.due(at(MONDAY + timedelta(days=1), 21, 30)) is True  # the next day's comes
