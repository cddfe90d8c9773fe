"""``facepacer history``: the table, JSON, CSV, deleting everything, and its errors."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from facepacer.cli import build_parser, main
from facepacer.cli.history import history
from facepacer.store import FIELDS, Store, schema
from facepacer.store.opening import MAGIC

from .helpers import on_day, session, stored

THURSDAY = date(2026, 5, 7)
MONDAY = THURSDAY - timedelta(days=3)


@pytest.fixture(autouse=True)
def own_folders(tmp_path, monkeypatch, tz):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    tz("UTC0")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*argv, today=THURSDAY, stdin=None):
    """Run ``facepacer history ARGV``; returns (exit status, stdout, stderr)."""
    args = build_parser().parse_args(["history", *argv])
    out, err = io.StringIO(), io.StringIO()
    status = history(args, today, stdin or io.StringIO(""), out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def week_log(db_path):
    """Last week met the goal (Monday to Friday); this week has Monday and Wednesday so far."""
    with Store(db_path) as store:
        for n in range(5):
            day = MONDAY - timedelta(days=7 - n)
            session(store, on_day(day, 7), steps=4, step_seconds=30.0, mood=(n % 5) + 1)
        session(store, on_day(MONDAY, 7), ritual="morning-glow", steps=2, step_seconds=45.0)
        session(store, on_day(MONDAY + timedelta(days=1), 21), "abandoned", step_seconds=30.0)
        session(store, on_day(MONDAY + timedelta(days=2), 6, 15), mood=4)
    return db_path


def test_the_table_shows_each_session_then_this_week_and_the_streak(week_log):
    status, out, err = run("--db", str(week_log), "--limit", "4")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "Date                  Ritual           Status     Steps  Min  Mood",
        "Fri 2026-05-01 07:00  Symmetry Sculpt  completed    4/4  2.0   5/5",
        "Mon 2026-05-04 07:00  Morning Glow     completed    2/2  1.5     -",
        "Tue 2026-05-05 21:00  Symmetry Sculpt  abandoned    1/3  0.5     -",
        "Wed 2026-05-06 06:15  Symmetry Sculpt  completed    3/3  1.0   4/5",
        "(8 sessions in all; the latest 4 shown, --limit 0 for all)",
        "",
        "This week: Mon x  Tue -  Wed x  Thu .  Fri .  Sat .  Sun .   2 of 5 days"
        "   (x done, - none, . to come)",
        "Streak: 1 week (best 1 week). This week: 3 more days by Sunday keep it going.",
    ]


def test_the_table_shows_local_times(week_log, tz):
    tz("CET-1CEST,M3.5.0,M10.5.0/3")  # UTC+2 in May
    out = run("--db", str(week_log), "--limit", "1")[1]
    assert out.splitlines()[1].startswith("Wed 2026-05-06 08:15  ")


def test_a_week_that_can_no_longer_meet_the_goal_says_so(week_log):
    saturday = MONDAY + timedelta(days=5)
    out = run("--db", str(week_log), today=saturday)[1]
    assert out.splitlines()[-1] == (
        "Streak: 0 weeks (best 1 week). This week can no longer reach 5 days; "
        "a new week starts on Monday."
    )


def test_the_goal_can_be_given_on_the_command_line_or_in_the_config(week_log, tmp_path):
    out = run("--db", str(week_log), "--goal", "2")[1]
    assert out.splitlines()[-1] == "Streak: 2 weeks (best 2 weeks). This week has its 2 days."
    config = tmp_path / "config" / "facepacer" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(f"weekly_goal: 2\ndb: {week_log}\n")
    assert run()[1] == out


def test_json_lists_every_session_with_exactly_the_design_fields(week_log):
    status, out, _ = run("--db", str(week_log), "--json", "--limit", "1")
    rows = json.loads(out)
    assert status == 0 and len(rows) == 8
    assert all(tuple(row) == FIELDS for row in rows)
    assert rows[5] == {
        "id": 6,
        "ritual": "morning-glow",
        "started_at": "2026-05-04T07:00:00+00:00",
        "ended_at": "2026-05-04T07:01:30+00:00",
        "status": "completed",
        "steps_done": 2,
        "steps_total": 2,
        "seconds": 90.0,
        "mood": None,
    }
    assert [row["status"] for row in rows[5:]] == ["completed", "abandoned", "completed"]


def test_csv_has_a_header_and_the_same_rows_as_json(week_log):
    out = run("--db", str(week_log), "--csv")[1]
    table = list(csv.reader(io.StringIO(out)))
    assert tuple(table[0]) == FIELDS
    as_json = json.loads(run("--db", str(week_log), "--json")[1])
    assert len(table) == 1 + len(as_json)
    for line, row in zip(table[1:], as_json):
        assert line == ["" if row[key] is None else str(row[key]) for key in FIELDS]


def test_a_log_not_made_yet_gives_a_friendly_line_and_creates_nothing(db_path):
    status, out, err = run("--db", str(db_path))
    assert (status, err) == (0, "")
    assert out == f"No sessions logged yet: start a ritual and it shows here. (Log: {db_path})\n"
    assert run("--db", str(db_path), "--json")[1] == "[]\n"
    assert run("--db", str(db_path), "--csv")[1] == ",".join(FIELDS) + "\n"
    assert not db_path.parent.exists()


def test_an_empty_log_still_shows_the_week(db_path):
    Store(db_path).close()
    lines = run("--db", str(db_path), today=MONDAY)[1].splitlines()
    assert lines[0].startswith("No sessions logged yet")
    assert lines[-1] == "Streak: none yet. This week: 5 more days by Sunday start one."


def test_delete_all_with_yes_empties_the_log(week_log):
    status, out, _ = run("--db", str(week_log), "--delete-all", "--yes")
    assert (status, out) == (0, f"Deleted 8 sessions from {week_log}.\n")
    assert stored(week_log, "SELECT count(*) FROM sessions") == [(0,)]
    assert stored(week_log, "SELECT count(*) FROM steps") == [(0,)]


def test_delete_all_asks_in_a_terminal_and_deletes_on_yes(week_log):
    status, out, _ = run("--db", str(week_log), "--delete-all", stdin=Terminal("yes\n"))
    assert status == 0
    assert f"Delete all 8 sessions in {week_log}? This cannot be undone." in out
    assert out.endswith(f"Deleted 8 sessions from {week_log}.\n")
    assert stored(week_log, "SELECT count(*) FROM sessions") == [(0,)]


@pytest.mark.parametrize("answer", ["no\n", "y\n", "\n", ""])
def test_delete_all_keeps_everything_without_a_typed_yes(week_log, answer):
    status, out, _ = run("--db", str(week_log), "--delete-all", stdin=Terminal(answer))
    assert status == 1 and out.endswith("Nothing deleted.\n")
    assert stored(week_log, "SELECT count(*) FROM sessions") == [(8,)]


def test_delete_all_refuses_without_a_terminal_or_yes(week_log):
    status, out, err = run("--db", str(week_log), "--delete-all", stdin=io.StringIO("yes\n"))
    assert (status, out) == (1, "")
    assert "not deleting the 8 sessions" in err and "add --yes" in err
    assert stored(week_log, "SELECT count(*) FROM sessions") == [(8,)]


def test_deleted_sessions_do_not_linger_in_the_files(db_path):
    with Store(db_path) as store:
        for _ in range(30):
            session(store, on_day(MONDAY), ritual="private-ritual-name")
        assert run("--db", str(db_path), "--delete-all", "--yes")[0] == 0
        # The device still has the log open: its -wal file is there too.
        files = [db_path, db_path.with_name("sessions.db-wal")]
        for path in files:
            assert b"private-ritual-name" not in path.read_bytes(), path.name


def test_delete_all_on_a_log_not_made_yet_has_nothing_to_do(db_path):
    assert run("--db", str(db_path), "--delete-all")[:2] == (
        0,
        f"No session log at {db_path}: nothing to delete.\n",
    )


def test_a_log_from_a_newer_facepacer_is_an_error_without_a_traceback(db_path, capsys):
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(str(db_path))
    conn.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    conn.close()
    status = main(["history", "--db", str(db_path), "--json"])
    captured = capsys.readouterr()
    assert (status, captured.out) == (1, "")
    assert captured.err.startswith("facepacer history: error: the session log ")
    assert "newer facepacer" in captured.err and "Traceback" not in captured.err


def test_a_damaged_log_is_an_error_and_stays_where_it_is(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(MAGIC + b"not a database at all" * 50)
    status, out, err = run("--db", str(db_path))
    assert (status, out) == (1, "")
    assert "is damaged" in err
    assert [path.name for path in db_path.parent.iterdir()] == ["sessions.db"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--goal", "0"], "the goal must be a number of days from 1 to 7"),
        (["--goal", "eight"], "the goal must be a number of days from 1 to 7"),
        (["--limit", "-3"], "the limit must be a whole number"),
        (["--json", "--csv"], "not allowed with argument"),
        (["--yes"], "--yes goes with --delete-all"),
    ],
)
def test_bad_options_are_usage_errors(argv, message, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["history", *argv])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_the_readme_example_is_what_history_prints(week_log):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    command = "$ facepacer history --limit 4\n"
    example = readme[readme.index(command) + len(command) :].split("```")[0]
    assert run("--db", str(week_log), "--limit", "4")[1] == example


def test_a_db_option_naming_a_folder_is_an_error_that_says_so(tmp_path):
    status, out, err = run("--db", str(tmp_path))
    assert (status, out) == (1, "")
    assert err.startswith(
        f"facepacer history: error: the session log {tmp_path} is a folder, not a file"
    )
    assert list(tmp_path.iterdir()) == []  # nothing created inside it


def test_a_goal_of_one_day_met_is_said_in_the_singular(week_log):
    status, out, _ = run("--db", str(week_log), "--goal", "1")
    assert status == 0
    assert out.splitlines()[-1].endswith("This week has its 1 day.")
    assert "2 of 1 days" not in out and "2 of 1 day " in out
