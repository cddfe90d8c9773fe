"""The device writing and ``facepacer history`` reading at once: nobody waits, nothing breaks."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import timedelta

from facepacer.store import Store, liveness

from .helpers import T0, stored


def glow(store) -> int:
    """Start a three-step session of Glow at ``T0``; its id."""
    return store.start_session(ritual_id="glow", ritual_title="Glow", steps_total=3, started_at=T0)


def env_for(tmp_path) -> dict:
    env = dict(os.environ)
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    return env


def test_no_lock_is_held_between_writes(db_path):
    with Store(db_path) as store:
        sid = glow(store)
        store.step_ended(
            sid, 0, zone="neck", side="both", planned=10.0, active=10.0, ended_by="timer",
            started_offset=0.0, ended_offset=10.0,
        )  # fmt: skip
        other = sqlite3.connect(str(db_path), timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # would fail at once if the store held the write lock
        other.execute("UPDATE sessions SET mood = 5")
        other.execute("COMMIT")
        other.close()
        store.step_ended(
            sid, 1, zone="chin", side="both", planned=10.0, active=10.0, ended_by="timer",
            started_offset=10.0, ended_offset=20.0,
        )  # fmt: skip
        assert store.sessions()[0]["mood"] == 5


def test_a_reader_in_the_middle_of_a_read_does_not_hold_up_the_writer(db_path):
    with Store(db_path, timeout=0) as writer, Store(db_path, recover=False) as reader:
        sid = glow(writer)
        conn = reader._conn
        conn.execute("BEGIN")
        assert conn.execute("SELECT steps_done FROM sessions").fetchall() == [(0,)]
        for index in range(3):
            writer.step_ended(
                sid, index, zone="neck", side="both", planned=10.0, active=10.0, ended_by="timer",
                started_offset=index, ended_offset=index + 1,
            )  # fmt: skip
        writer.end_session(sid, "completed", 30.0, T0 + timedelta(seconds=30))
        # The reader still sees the state its read began with, whole ...
        assert conn.execute("SELECT steps_done FROM sessions").fetchall() == [(0,)]
        conn.execute("COMMIT")
        # ... and everything once it reads again.
        assert reader.sessions()[0]["status"] == "completed"
        assert reader.sessions()[0]["steps_done"] == 3


def test_history_in_another_process_shows_a_session_in_progress_as_running(db_path, tmp_path):
    with Store(db_path) as store:
        sid = glow(store)
        store.step_ended(
            sid, 0, zone="neck", side="both", planned=10.0, active=10.0, ended_by="timer",
            started_offset=0.0, ended_offset=10.0,
        )  # fmt: skip
        result = subprocess.run(
            [sys.executable, "-m", "facepacer", "history", "--json", "--db", str(db_path)],
            capture_output=True,
            text=True,
            timeout=60,
            env=env_for(tmp_path),
        )
        assert result.returncode == 0, result.stderr
        (row,) = json.loads(result.stdout)
        assert (row["id"], row["status"], row["steps_done"]) == (sid, "running", 1)
        store.step_ended(
            sid, 1, zone="chin", side="both", planned=10.0, active=10.0, ended_by="timer",
            started_offset=10.0, ended_offset=20.0,
        )  # fmt: skip
        store.end_session(sid, "abandoned", 20.0, T0 + timedelta(seconds=20))
    assert stored(db_path, "SELECT status, steps_done FROM sessions") == [("abandoned", 2)]


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timezone
    from facepacer.store import Store

    with Store(sys.argv[1]) as store:
        for n in range(int(sys.argv[2])):
            sid = store.start_session(ritual_id="glow", ritual_title="Glow", steps_total=4,
                                      started_at=datetime.now(timezone.utc))
            for index in range(4):
                store.step_ended(
                    sid, index, zone="neck", side="both", planned=5.0, active=5.0,
                    ended_by="timer", started_offset=index, ended_offset=index + 1,
                )
            store.end_session(sid, "completed", 20.0, datetime.now(timezone.utc))
    """
)


def test_a_writing_process_and_a_reading_process_never_block_or_damage_each_other(db_path):
    Store(db_path).close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), "40"])
    seen = []
    with Store(db_path, recover=False) as reader:
        while writer.poll() is None:
            rows = reader.sessions()
            seen.append(len(rows))
            for row in rows:
                assert row["status"] in ("running", "completed")
                assert 0 <= row["steps_done"] <= 4
        assert writer.wait(timeout=60) == 0
        assert seen == sorted(seen)  # the log only grows, as seen from the reader
        assert [row["status"] for row in reader.sessions()] == ["completed"] * 40
    assert stored(db_path, "PRAGMA integrity_check") == [("ok",)]


def test_a_session_ended_by_a_writer_that_exits_during_a_read_shows_how_it_ended(
    db_path, monkeypatch
):
    # The read begins while the session runs; before it asks about the writer, the writer ends
    # the session and exits. The read must not call the completed session interrupted.
    with Store(db_path) as writer, Store(db_path, recover=False) as reader:
        sid = glow(writer)
        asked = []

        def ends_then_gone(pid, boot, start):
            if not asked:
                writer.end_session(sid, "completed", 30.0, T0 + timedelta(seconds=30))
            asked.append(pid)
            return False

        monkeypatch.setattr(liveness, "writer_alive", ends_then_gone)
        assert [row["status"] for row in reader.sessions()] == ["completed"]
        assert json.loads(reader.sessions_json())[0]["status"] == "completed"
        assert asked == [os.getpid()]  # asked once, in the first read; the second saw the end


def test_a_session_whose_writer_is_gone_reads_as_interrupted_in_both_reads(db_path, monkeypatch):
    with Store(db_path) as writer, Store(db_path, recover=False) as reader:
        glow(writer)
        monkeypatch.setattr(liveness, "writer_alive", lambda pid, boot, start: False)
        assert [row["status"] for row in reader.sessions()] == ["interrupted"]
        assert json.loads(reader.sessions_json())[0]["status"] == "interrupted"
