"""``facepacer history`` on the edges of its words and its days: one day or one reminder in the
singular, a completed ritual late in the evening on its local day, and days logged in a week still
to come (a clock that jumped back) that make no streak."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from facepacer.store import Store

from .helpers import on_day, session
from .test_history_cli import MONDAY, run


@pytest.fixture(autouse=True)
def own_folders(tmp_path, monkeypatch, tz):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    tz("UTC0")


def test_one_more_day_is_said_in_the_singular(db_path):
    with Store(db_path) as store:
        for n in (0, 2):
            session(store, on_day(MONDAY + timedelta(days=n)))
    out = run("--db", str(db_path), "--goal", "3")[1]
    assert out.splitlines()[-1] == "Streak: none yet. This week: 1 more day by Sunday start one."


def test_one_reminder_is_said_in_the_singular(db_path):
    with Store(db_path) as store:
        session(store, on_day(MONDAY))
        store.reminder_shown("symmetry-sculpt", on_day(MONDAY, 21, 30))
    out = run("--db", str(db_path))[1]
    assert out.splitlines()[-1] == "Reminders: 1 reminder in the last 30 days, 0 led to a ritual."


def test_a_ritual_completed_late_in_the_evening_counts_on_its_local_day(db_path, tz):
    tz("EST5EDT,M3.2.0,M11.1.0")  # New York: UTC-4 in May
    with Store(db_path) as store:
        session(store, datetime(2026, 5, 6, 2, 30, tzinfo=timezone.utc))  # Tuesday 22:30 local
    week = run("--db", str(db_path))[1].splitlines()[-2]
    assert week.startswith("This week: Mon -  Tue x  Wed -  Thu .")


def test_days_logged_in_a_week_still_to_come_make_no_streak(db_path):
    next_monday = MONDAY + timedelta(days=7)
    with Store(db_path) as store:
        for n in range(7):  # a clock that jumped back left a whole week ahead in the log
            session(store, on_day(next_monday + timedelta(days=n)))
    out = run("--db", str(db_path), today=MONDAY)[1]
    assert out.splitlines()[-1] == "Streak: none yet. This week: 5 more days by Sunday start one."


def test_damaged_sessions_are_named_by_their_first_10_ids_and_left_out_of_the_count(db_path):
    with Store(db_path) as store:
        for n in range(25):
            session(store, on_day(MONDAY - timedelta(days=30 - n)))
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE sessions SET started_at = 'yesterday-ish' WHERE id <= 11")
    conn.commit()
    conn.close()
    status, out, err = run("--db", str(db_path), "--limit", "5")
    assert status == 0
    assert "(14 sessions in all; the latest 5 shown, --limit 0 for all)" in out.splitlines()
    assert "11 sessions in " in err and "(ids 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...)" in err


def test_the_days_done_this_week_leave_out_days_still_to_come(db_path):
    wednesday = MONDAY + timedelta(days=2)
    with Store(db_path) as store:
        for n in (0, 4, 5):  # Friday and Saturday: a clock that jumped back
            session(store, on_day(MONDAY + timedelta(days=n)))
        assert store.stats(wednesday).week_days_done == 1
