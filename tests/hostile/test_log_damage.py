"""A damaged session log never stops the device: repaired, kept aside (regular files only), or
read row by row with a warning; a reader never writes."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timezone

import pytest

from facepacer.errors import StoreError
from facepacer.store import Store, schema

from ..store.helpers import T0, session, stored

WHEN = datetime(2026, 5, 4, 7, 30, 5, tzinfo=timezone.utc)
KEPT = "sessions.db.corrupt-20260504T073005Z"


@pytest.fixture
def log(home):
    path = home / "data" / "facepacer" / "sessions.db"
    with Store(path) as store:
        for _ in range(3):
            session(store, T0)
    return path


def set_header_version(path, value: int) -> None:
    """user_version is the big-endian 4-byte integer at offset 60 of the file's header."""
    with open(path, "r+b") as file:
        file.seek(60)
        file.write(value.to_bytes(4, "big", signed=True))


def test_a_negative_schema_version_keeps_the_log_aside_and_starts_a_new_one(log):
    set_header_version(log, -2)
    damaged = log.read_bytes()
    with Store(log, clock_wall=lambda: WHEN) as store:
        assert store.count() == 0
        assert "schema version -2" in store.notice and KEPT in store.notice
    assert log.with_name(KEPT).read_bytes() == damaged


def test_a_reader_reports_a_negative_schema_version_and_moves_nothing(log, facepacer):
    set_header_version(log, -1)
    outcome = facepacer("history", "--db", str(log))
    assert outcome.code == 1
    assert "damaged" in outcome.err and "schema version -1" in outcome.err
    # SQLite's own shared-memory files may stay beside it; nothing is renamed or kept aside.
    assert {p.name for p in log.parent.iterdir()} <= {"sessions.db", "sessions.db-wal",
                                                      "sessions.db-shm"}  # fmt: skip


def test_a_flipped_header_byte_ends_a_headless_run_cleanly(log, headless):
    with open(log, "r+b") as file:
        file.seek(60)
        file.write(b"\xff")
    outcome = headless("--db", str(log))
    assert outcome.code == 0 and outcome.summary["status"] == "completed"
    assert outcome.summary["logged"] is True
    assert "kept as sessions.db.corrupt-" in outcome.err
    names = sorted(p.name for p in log.parent.iterdir())
    assert names[0] == "sessions.db" and names[1].startswith("sessions.db.corrupt-")


def test_a_log_without_its_sessions_table_is_kept_aside(log):
    conn = sqlite3.connect(log)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DROP TABLE sessions")
    conn.commit()
    conn.close()
    with Store(log, clock_wall=lambda: WHEN) as store:
        assert "the table 'sessions' is missing" in store.notice
        session(store, T0)
        assert store.count() == 1
    assert stored(log.with_name(KEPT), "SELECT count(*) FROM steps") == [(9,)]


def test_a_log_missing_a_column_is_kept_aside(log):
    conn = sqlite3.connect(log)
    conn.execute("ALTER TABLE sessions DROP COLUMN mood")
    conn.commit()
    conn.close()
    with Store(log, clock_wall=lambda: WHEN) as store:
        assert "the table 'sessions' has no column 'mood'" in store.notice


def damage_rows(path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE sessions SET started_at = 1746343805 WHERE id = 1")
    conn.execute("UPDATE sessions SET started_at = 'yesterday-ish' WHERE id = 2")
    conn.commit()
    conn.close()


def test_rows_with_an_unreadable_start_are_skipped_with_a_warning(log, facepacer):
    damage_rows(log)
    for form in ([], ["--json"], ["--csv"]):
        outcome = facepacer("history", "--db", str(log), *form)
        assert outcome.code == 0
        assert "facepacer history: warning: 2 sessions in " in outcome.err
        assert "ids 1, 2" in outcome.err
    table = facepacer("history", "--db", str(log)).out
    assert table.count("completed") == 1


def test_the_device_reads_its_stats_past_rows_with_an_unreadable_start(log):
    damage_rows(log)
    with Store(log) as store:
        stats = store.stats(date(2026, 5, 4))
        assert stats.days[-1].completed == 1
        assert store.done_days() == [T0.astimezone().date()]
        assert len(store.sessions()) == 1


def test_a_device_run_beside_rows_with_an_unreadable_start_logs_its_session(log, headless):
    damage_rows(log)
    outcome = headless("--db", str(log))
    assert outcome.summary["logged"] is True and outcome.summary["session_id"] == 4


@pytest.mark.parametrize("version", [0, 1])
def test_history_reads_an_old_or_empty_log_without_writing_it(tmp_path, facepacer, version):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    if version:
        for statement in schema.MIGRATIONS[0].split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute(
            "INSERT INTO sessions (ritual_id, ritual_title, started_at, status, steps_total)"
            " VALUES ('glow', 'Glow', '2026-05-04T07:30:00+00:00', 'completed', 2)"
        )
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    outcome = facepacer("history", "--db", str(path), "--json")
    assert outcome.code == 0, outcome.err
    assert path.read_bytes() == before
    assert [row["ritual"] for row in json.loads(outcome.out)] == (["glow"] if version else [])


def test_history_reads_a_log_in_a_read_only_folder(log, facepacer, read_only):
    read_only(log.parent)
    outcome = facepacer("history", "--db", str(log), "--json")
    assert outcome.code == 0, outcome.err
    assert len(json.loads(outcome.out)) == 3


def test_a_killed_session_is_rewritten_interrupted_when_the_device_starts(log, headless):
    conn = sqlite3.connect(log)
    conn.execute("UPDATE sessions SET status = 'running', ended_at = NULL, writer_pid = 0"
                 " WHERE id = 3")  # fmt: skip
    conn.commit()
    conn.close()
    headless("--db", str(log))
    assert stored(log, "SELECT status FROM sessions WHERE id = 3") == [("interrupted",)]


def test_store_error_for_a_missing_table_when_not_recovering(log):
    conn = sqlite3.connect(log)
    conn.execute("DROP TABLE faults")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="the table 'faults' is missing"):
        Store(log, recover=False)


def test_a_log_left_with_a_hot_journal_is_rolled_back_and_opened(tmp_path):
    """A log whose last write died in rollback-journal mode (as an older copy or a hand edit
    could leave it): the read-only look first cannot roll it back; the device's open does."""
    source = tmp_path / "source.db"
    with Store(source) as store:
        session(store, T0)
    conn = sqlite3.connect(source, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("DELETE FROM steps")
    conn.execute("PRAGMA cache_spill = 1")  # write the change into the file, journal beside it
    conn.execute("DELETE FROM sessions")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    (crashed / "sessions.db").write_bytes(source.read_bytes())
    journal = source.with_name("source.db-journal")
    if not journal.exists():
        pytest.skip("SQLite kept the change in memory: no hot journal to test with")
    (crashed / "sessions.db-journal").write_bytes(journal.read_bytes())
    conn.execute("ROLLBACK")
    conn.close()
    with Store(crashed / "sessions.db") as store:
        assert store.notice is None
        assert store.count() == 1
