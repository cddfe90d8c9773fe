"""The schema version: each migration, an old file brought up to date, a newer file left alone."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from facepacer.errors import NewerDatabase, StoreError
from facepacer.store import Store, schema

from .helpers import T0, stored


def file_at(path, version: int) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), isolation_level=None)
    schema.migrate(conn, target=version)
    return conn


def names(conn, kind: str) -> set:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))
    return {name for (name,) in rows if not name.startswith("sqlite_")}


def test_a_new_file_gets_the_latest_schema(db_path):
    Store(db_path).close()
    assert stored(db_path, "PRAGMA user_version") == [(schema.LATEST,)]
    assert stored(db_path, "PRAGMA journal_mode") == [("wal",)]


def test_migration_1_creates_sessions_and_steps(db_path):
    conn = file_at(db_path, 1)
    assert schema.version(conn) == 1
    assert names(conn, "table") == {"sessions", "steps"}
    conn.close()


def test_migration_2_adds_faults_and_the_indexes_and_keeps_every_row(db_path):
    conn = file_at(db_path, 1)
    conn.execute(
        "INSERT INTO sessions (ritual_id, ritual_title, started_at, status, steps_done,"
        " steps_total, seconds, mood) VALUES ('glow', 'Glow', '2026-05-04T07:30:00+00:00',"
        " 'completed', 1, 1, 20.0, 4)"
    )
    conn.execute("INSERT INTO steps VALUES (1, 0, 'neck', 'both', 20.0, 20.0, 'timer', 0.0, 20.0)")
    assert schema.migrate(conn, target=2) == 1
    assert schema.version(conn) == 2
    assert names(conn, "table") == {"sessions", "steps", "faults"}
    assert names(conn, "index") == {"faults_by_session", "sessions_by_start", "sessions_running"}
    assert conn.execute("SELECT ritual_id, mood FROM sessions").fetchall() == [("glow", 4)]
    assert conn.execute("SELECT count(*) FROM steps").fetchone() == (1,)
    conn.close()


def test_migration_3_adds_reminders_and_counts_ended_sessions_as_already_published(db_path):
    conn = file_at(db_path, 2)
    for status in ("completed", "running"):
        conn.execute(
            "INSERT INTO sessions (ritual_id, ritual_title, started_at, status, steps_done,"
            f" steps_total, seconds) VALUES ('glow', 'Glow', '2026-05-04T07:30:00+00:00',"
            f" '{status}', 1, 1, 20.0)"
        )
    assert schema.migrate(conn, target=3) == 2
    assert names(conn, "table") == {"sessions", "steps", "faults", "reminders"}
    assert {"reminders_by_time", "sessions_unpublished"} <= names(conn, "index")
    rows = conn.execute("SELECT status, published FROM sessions ORDER BY id").fetchall()
    assert rows == [("completed", 1), ("running", 0)]
    conn.execute(
        "INSERT INTO reminders (shown_at, ritual_id) VALUES ('2026-05-04T19:30:00+00:00', 'glow')"
    )
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE reminders SET outcome = 'snoozed'")
    conn.close()


@pytest.mark.parametrize("version", range(schema.LATEST))
def test_each_migration_moves_the_version_up_by_exactly_one(db_path, version):
    conn = file_at(db_path, version)
    schema.migrate(conn, target=version + 1)
    assert schema.version(conn) == version + 1
    conn.close()


def test_a_version_1_file_opens_at_the_latest_version_with_its_sessions(db_path):
    conn = file_at(db_path, 1)
    conn.execute(
        "INSERT INTO sessions (ritual_id, ritual_title, started_at, ended_at, status,"
        " steps_done, steps_total, seconds) VALUES ('glow', 'Glow', '2026-05-04T07:30:00+00:00',"
        " '2026-05-04T07:32:00+00:00', 'completed', 3, 3, 120.0)"
    )
    conn.close()
    with Store(db_path) as store:
        assert store.sessions()[0]["status"] == "completed"
        sid = store.start_session(
            ritual_id="glow", ritual_title="Glow", steps_total=2, started_at=T0
        )
        store.note_fault(sid, started_offset=1.0, ended_offset=2.0, message="sensor lost")
        assert store.faults(sid)[0]["message"] == "sensor lost"
    assert stored(db_path, "PRAGMA user_version") == [(schema.LATEST,)]


def test_reopening_a_current_file_changes_nothing(db_path):
    with Store(db_path) as store:
        store.start_session(ritual_id="glow", ritual_title="Glow", steps_total=2, started_at=T0)
    with Store(db_path) as store:
        assert store.count() == 1
    assert stored(db_path, "PRAGMA user_version") == [(schema.LATEST,)]


def test_a_migration_that_fails_leaves_the_file_at_its_old_version(db_path):
    conn = file_at(db_path, 1)
    conn.execute("CREATE TABLE faults (x)")  # in the way of migration 2
    conn.close()
    with pytest.raises(StoreError, match="cannot open the session log .*faults already exists"):
        Store(db_path)
    assert stored(db_path, "PRAGMA user_version") == [(1,)]
    assert stored(db_path, "SELECT name FROM sqlite_master WHERE name LIKE 'sessions_%'") == []


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_from_a_newer_facepacer_is_refused_and_left_untouched(db_path):
    conn = file_at(db_path, schema.LATEST)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    conn.close()
    before = digest(db_path)
    with pytest.raises(NewerDatabase) as raised:
        Store(db_path)
    message = str(raised.value)
    assert str(db_path) in message
    assert f"schema version {schema.LATEST + 1}" in message
    assert "left untouched" in message and "Update facepacer" in message
    assert digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["sessions.db"]


def test_a_newer_file_is_refused_by_a_reader_too(db_path):
    conn = file_at(db_path, schema.LATEST)
    conn.execute(f"PRAGMA user_version = {schema.LATEST + 3}")
    conn.close()
    with pytest.raises(NewerDatabase):
        Store(db_path, recover=False)
    assert stored(db_path, "PRAGMA user_version") == [(schema.LATEST + 3,)]
