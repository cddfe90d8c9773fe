"""A log that cannot be written, a damaged file: clear errors, and nothing lost."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import pytest

from facepacer.errors import StoreError
from facepacer.store import Store
from facepacer.store.opening import MAGIC

from .helpers import T0, session, stored

WHEN = datetime(2026, 5, 4, 7, 30, 5, tzinfo=timezone.utc)
KEPT = "sessions.db.corrupt-20260504T073005Z"


def a_log_with_sessions(path, count: int = 200) -> None:
    with Store(path) as store:
        for _ in range(count):
            session(store, T0)
    assert not path.with_name("sessions.db-wal").exists()  # checkpointed at close


def damage_page(path, page: int) -> None:
    (page_size,) = stored(path, "PRAGMA page_size")[0]
    with open(path, "r+b") as file:
        file.seek((page - 1) * page_size)
        file.write(b"\xff" * 64)


# SQLite's header, then nothing SQLite can read: a log damaged past its first bytes. (A file without
# the header is not taken for a log at all: see tests/hostile/test_db_paths.py.)
GARBLED = MAGIC + b"these are not the bytes of a database" * 100


def test_a_file_that_is_not_a_database_is_kept_aside_and_a_new_log_started(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(GARBLED)
    with Store(db_path, clock_wall=lambda: WHEN) as store:
        assert store.sessions() == []
        session(store, T0)
        assert "The session log was damaged (file is not a database)" in store.notice
        assert f"kept as {KEPT}" in store.notice
    kept = db_path.with_name(KEPT)
    assert kept.read_bytes() == GARBLED
    assert stored(db_path, "SELECT count(*) FROM sessions") == [(1,)]


@pytest.mark.parametrize("page", [2, 3, 5])  # the sessions table, the steps table, an index
def test_a_file_with_a_damaged_page_is_kept_aside_whole(db_path, page):
    a_log_with_sessions(db_path)
    damage_page(db_path, page)
    damaged = db_path.read_bytes()
    with Store(db_path, clock_wall=lambda: WHEN) as store:
        assert store.notice is not None and KEPT in store.notice
        assert store.sessions() == []
    assert db_path.with_name(KEPT).read_bytes() == damaged


def test_the_wal_of_a_damaged_file_goes_with_it_and_is_not_replayed(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(MAGIC + b"\x00garbage" * 512)
    db_path.with_name("sessions.db-wal").write_bytes(b"wal bytes")
    with Store(db_path, clock_wall=lambda: WHEN) as store:
        assert store.count() == 0
    assert db_path.with_name(KEPT + "-wal").read_bytes() == b"wal bytes"


def test_a_second_damaged_file_in_the_same_second_gets_its_own_name(db_path):
    db_path.parent.mkdir(parents=True)
    for text in (b"first", b"second"):
        db_path.write_bytes(MAGIC + text * 1000)
        Store(db_path, clock_wall=lambda: WHEN).close()
    assert db_path.with_name(KEPT).read_bytes() == MAGIC + b"first" * 1000
    assert db_path.with_name(KEPT + "-2").read_bytes() == MAGIC + b"second" * 1000


def test_a_reader_never_moves_a_damaged_file(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(GARBLED)
    with pytest.raises(StoreError) as raised:
        Store(db_path, recover=False)
    assert str(db_path) in str(raised.value)
    assert "is damaged (file is not a database)" in str(raised.value)
    assert "Start facepacer on the device" in str(raised.value)
    assert [p.name for p in db_path.parent.iterdir()] == ["sessions.db"]


def test_a_read_only_folder_refuses_a_new_log_with_a_clear_error(db_path, read_only):
    db_path.parent.mkdir(parents=True)
    read_only(db_path.parent)
    with pytest.raises(StoreError) as raised:
        Store(db_path)
    message = str(raised.value)
    assert f"cannot open the session log {db_path}" in message
    assert str(db_path.parent) in message and "--db" in message
    assert not db_path.exists()


def test_a_log_in_a_folder_turned_read_only_fails_to_open_and_stays_whole(db_path, read_only):
    a_log_with_sessions(db_path, 3)
    before = db_path.read_bytes()
    read_only(db_path.parent)
    with pytest.raises(StoreError, match=r"read-only for this user\. Make .* writable"):
        Store(db_path)
    assert db_path.read_bytes() == before


def test_a_read_only_file_can_be_read_but_a_write_says_why_it_failed(db_path, read_only):
    a_log_with_sessions(db_path, 2)
    read_only(db_path)
    with Store(db_path) as store:
        assert store.count() == 2
        with pytest.raises(StoreError, match="cannot write to the session log .*read-only"):
            store.start_session(ritual_id="glow", ritual_title="Glow", steps_total=2, started_at=T0)
        assert store.count() == 2


def test_a_read_only_connection_refuses_writes_with_a_store_error(db_path):
    a_log_with_sessions(db_path, 1)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    with Store(conn=conn) as store:
        with pytest.raises(StoreError, match="attempt to write a readonly database"):
            store.set_mood(1, 4)
        assert store.sessions()[0]["mood"] is None
    conn.close()


def test_a_full_disk_fails_a_write_whole_and_the_log_goes_on_once_there_is_room(db_path):
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(str(db_path))
    store = Store(conn=conn)
    sid = store.start_session(ritual_id="glow", ritual_title="Glow", steps_total=50, started_at=T0)
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    conn.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: as a full disk
    long_zone = "z" * 3000
    with pytest.raises(StoreError) as raised:
        for index in range(50):
            store.step_ended(
                sid, index, zone=long_zone, side="both", planned=1.0, active=1.0, ended_by="timer",
                started_offset=index, ended_offset=index + 1,
            )  # fmt: skip
    assert "database or disk is full" in str(raised.value)
    assert f"df -h {db_path.parent}" in str(raised.value)
    kept = store.sessions()[0]["steps_done"]
    assert kept == len(store.steps(sid)) and kept < 50
    assert not conn.in_transaction  # no lock is left behind
    conn.execute(f"PRAGMA max_page_count = {pages + 1000}")
    store.step_ended(
        sid, kept, zone="neck", side="both", planned=1.0, active=1.0, ended_by="timer",
        started_offset=0.0, ended_offset=1.0,
    )  # fmt: skip
    store.end_session(sid, "abandoned", 10.0, T0)
    assert store.sessions()[0]["steps_done"] == kept + 1
    store.close()
    conn.close()
    assert stored(db_path, "PRAGMA integrity_check") == [("ok",)]


def test_a_folder_that_cannot_be_created_is_a_store_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StoreError, match="cannot create the folder of the session log"):
        Store(blocker / "facepacer" / "sessions.db")


def test_damage_found_while_reading_is_a_store_error(db_path):
    a_log_with_sessions(db_path)
    with Store(db_path, recover=False) as store:
        damage_page(db_path, 2)
        with pytest.raises(StoreError, match="the file is damaged"):
            store.sessions()


def test_a_log_path_that_is_a_folder_says_so_and_names_a_file_to_give(tmp_path):
    with pytest.raises(StoreError) as raised:
        Store(tmp_path)
    message = str(raised.value)
    assert f"the session log {tmp_path} is a folder, not a file" in message
    assert str(tmp_path / "sessions.db") in message
    assert "SD card" not in message
