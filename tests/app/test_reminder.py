"""The daily reminder through the whole device on a virtual clock, and in the history."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta

import pytest

from facepacer.app.reminder import DailyReminder
from facepacer.cli import main
from facepacer.config import ReminderConfig

# Yesterday evening: a run's log never holds a time still to come, so the scripted evening is past.
TODAY = date.today() - timedelta(days=1)
MONDAY = date(2026, 5, 4)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def device_run(home, capsys, config: str, script: str, wall: str):
    (home / "config.yaml").write_text(config)
    (home / "script.txt").write_text(script)
    code = main(["run", "--sim", "--headless", "--virtual-clock", "--json", "--wall", wall,
                 "--config", str(home / "config.yaml"), "--script", str(home / "script.txt"),
                 "--db", str(home / "log.db")])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out.strip().splitlines()[-1]), err


def rows(home, sql):
    conn = sqlite3.connect(str(home / "log.db"))
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_reminder_at_its_time_wakes_the_screen_and_a_tap_starts_the_ritual(home, capsys):
    # 21:29 that day: the reminder is due a minute in; the tap comes at 90 s, on the reminder.
    summary, _ = device_run(home, capsys, 'reminder: "21:30"\n', "90 tap\n",
                            f"{TODAY.isoformat()}T21:29:00")  # fmt: skip
    assert summary["session_id"] == 1 and summary["status"] in ("completed", "abandoned")
    assert summary["cues"][0]["cue"] in ("start", "zone")
    reminders = rows(home, "SELECT shown_at, ritual_id, outcome, session_id FROM reminders")
    shown_at = datetime.fromisoformat(reminders[0][0]).astimezone()
    assert shown_at.replace(tzinfo=None) == datetime.combine(TODAY, datetime.min.time()).replace(
        hour=21, minute=30
    )
    assert reminders[0][1:] == (summary["ritual"], "taken", 1)
    assert main(["history", "--db", str(home / "log.db")]) == 0
    assert "Reminders: 1 reminder in the last 30 days, 1 led to a ritual." in capsys.readouterr()[0]


def test_a_reminder_left_alone_lets_go_after_ten_minutes_and_history_says_none_led(home, capsys):
    summary, _ = device_run(home, capsys, 'reminder: "21:30"\n', "700 quit\n",
                            f"{TODAY.isoformat()}T21:29:00")  # fmt: skip
    assert summary["session_id"] is None
    assert rows(home, "SELECT outcome, session_id FROM reminders") == [("expired", None)]
    main(["history", "--db", str(home / "log.db")])
    assert "1 reminder in the last 30 days, 0 led to a ritual" in capsys.readouterr()[0]


def test_no_reminder_on_a_day_not_chosen(home, capsys):
    config = 'reminder:\n  time: "21:30"\n  days: [tue, wed]\n'
    device_run(home, capsys, config, "200 quit\n", "2026-05-04T21:29:00")  # a Monday
    assert rows(home, "SELECT count(*) FROM reminders") == [(0,)]


def test_no_reminder_once_today_has_a_completed_ritual(home, capsys):
    # A tap at once starts the home ritual; by 21:30 it is long done.
    device_run(home, capsys, 'reminder: "21:30"\n', "1 tap\n400 quit\n", "2026-05-04T21:25:00")
    assert rows(home, "SELECT status FROM sessions") == [("completed",)]
    assert rows(home, "SELECT count(*) FROM reminders") == [(0,)]


def wall(day: date, hh: int, mm: int) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm).astimezone()


def test_the_schedule_comes_once_a_day_and_never_late():
    reminder = DailyReminder(ReminderConfig(time="21:30", days=(0, 2)))
    assert reminder.next_at(wall(MONDAY, 8, 0)) == wall(MONDAY, 21, 30)
    assert reminder.due(wall(MONDAY, 21, 29)) is False
    assert reminder.due(wall(MONDAY, 21, 30)) is True
    assert reminder.due(wall(MONDAY, 21, 31)) is False  # once
    assert reminder.next_at(wall(MONDAY, 21, 31)) == wall(MONDAY + timedelta(days=2), 21, 30)
    # Switched on at 23:00 on Wednesday: too late to remind, and not again that day.
    assert reminder.due(wall(MONDAY + timedelta(days=2), 23, 0)) is False
    assert reminder.next_at(wall(MONDAY + timedelta(days=2), 23, 0)) == wall(
        MONDAY + timedelta(days=7), 21, 30
    )


def logged_before(home, started: datetime, status: str) -> None:
    from facepacer.store import Store

    from ..store.helpers import session

    with Store(home / "log.db") as store:
        session(store, started.astimezone(), status)


def test_a_ritual_abandoned_today_leaves_the_reminder_to_come(home, capsys):
    logged_before(home, datetime(2026, 5, 4, 8, 0), "abandoned")
    device_run(home, capsys, 'reminder: "21:30"\n', "200 quit\n", "2026-05-04T21:29:00")
    assert rows(home, "SELECT count(*) FROM reminders") == [(1,)]


def test_a_ritual_completed_yesterday_leaves_todays_reminder_to_come(home, capsys):
    logged_before(home, datetime(2026, 5, 3, 21, 0), "completed")
    device_run(home, capsys, 'reminder: "21:30"\n', "200 quit\n", "2026-05-04T21:29:00")
    assert rows(home, "SELECT count(*) FROM reminders") == [(1,)]


def test_a_reminder_on_one_day_a_week_comes_again_seven_days_later():
    reminder = DailyReminder(ReminderConfig(time="21:30", days=(0,)))  # Mondays
    assert reminder.due(wall(MONDAY, 21, 30)) is True
    assert reminder.next_at(wall(MONDAY, 21, 31)) == wall(MONDAY + timedelta(days=7), 21, 30)


def test_at_the_very_minute_of_the_reminder_it_is_still_the_next_one_until_it_came():
    reminder = DailyReminder(ReminderConfig(time="21:30"))
    assert reminder.next_at(wall(MONDAY, 21, 30)) == wall(MONDAY, 21, 30)
    assert reminder.due(wall(MONDAY, 21, 30)) is True
    assert reminder.next_at(wall(MONDAY, 21, 30)) == wall(MONDAY + timedelta(days=1), 21, 30)
