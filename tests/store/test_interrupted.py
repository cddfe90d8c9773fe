"""A running row whose writer died reads as interrupted; one whose writer lives never does."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from facepacer.errors import StoreError
from facepacer.store import Store, listing, liveness

from .helpers import T0, stored


def a_dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def start(store: Store, **writer) -> int:
    sid = store.start_session(
        ritual_id="symmetry-sculpt",
        ritual_title="Symmetry Sculpt",
        steps_total=4,
        started_at=T0,
        **writer,
    )
    store.step_ended(
        sid, 0, zone="jawline", side="both", planned=20.0, active=20.0, ended_by="timer",
        started_offset=0.0, ended_offset=20.0,
    )  # fmt: skip
    store.step_ended(
        sid, 1, zone="cheeks", side="both", planned=20.0, active=18.0, ended_by="touch",
        started_offset=20.0, ended_offset=38.0,
    )  # fmt: skip
    return sid


def test_a_session_written_by_this_live_process_reads_running(db_path):
    with Store(db_path) as writer, Store(db_path, recover=False) as reader:
        start(writer)
        assert [row["status"] for row in reader.sessions()] == ["running"]
        assert writer.mark_interrupted() == 0
        assert reader.sessions()[0]["status"] == "running"


def test_a_session_whose_process_died_reads_interrupted_with_its_finished_steps(store):
    sid = start(store, pid=a_dead_pid())
    (row,) = store.sessions()
    assert (row["status"], row["steps_done"], row["seconds"], row["ended_at"]) == (
        "interrupted",
        2,
        38.0,
        None,
    )
    assert [step["index"] for step in store.steps(sid)] == [0, 1]


def test_a_session_from_before_a_reboot_reads_interrupted(store):
    start(store, boot_id="a-boot-before-the-power-cut")
    assert store.sessions()[0]["status"] == "interrupted"


@pytest.mark.skipif(not liveness.PROC.joinpath("self").exists(), reason="needs /proc")
def test_a_session_whose_pid_now_belongs_to_another_process_reads_interrupted(db_path):
    with Store(db_path) as store:
        start(store)
    # The row says this pid, but a process start time that is not this process's: the writer
    # died and its pid was given to a new process.
    with Store(db_path) as store:
        store._conn.execute("UPDATE sessions SET writer_start = writer_start - 1")
        assert store.sessions()[0]["status"] == "interrupted"


@pytest.mark.skipif(not hasattr(os, "waitid"), reason="needs waitid")
def test_a_writer_killed_but_not_yet_reaped_reads_interrupted(store):
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE)  # fmt: skip
    try:
        start(store, pid=child.pid)
        assert store.sessions()[0]["status"] == "running"
        os.kill(child.pid, signal.SIGKILL)
        # Wait for the death without reaping: the child stays a zombie.
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
        assert store.sessions()[0]["status"] == "interrupted"
    finally:
        child.kill()
        child.wait()


def test_mark_interrupted_rewrites_only_the_rows_of_dead_writers(db_path):
    with Store(db_path) as store:
        dead = start(store, pid=a_dead_pid())
        rebooted = start(store, boot_id="another-boot")
        live = start(store)
        assert store.mark_interrupted() == 2
        assert store.mark_interrupted() == 0
        shown = {row["id"]: row["status"] for row in store.sessions()}
    assert shown == {dead: "interrupted", rebooted: "interrupted", live: "running"}
    assert stored(db_path, "SELECT id, status, steps_done FROM sessions ORDER BY id") == [
        (dead, "interrupted", 2),
        (rebooted, "interrupted", 2),
        (live, "running", 2),
    ]


def test_an_interrupted_session_is_final(store):
    sid = start(store, pid=a_dead_pid())
    store.mark_interrupted()
    with pytest.raises(StoreError, match="already ended as 'interrupted'"):
        store.end_session(sid, "completed", 80.0, T0)
    with pytest.raises(StoreError, match="already ended as 'interrupted'"):
        store.step_ended(
            sid, 2, zone="neck", side="both", planned=20.0, active=20.0, ended_by="timer",
            started_offset=38.0, ended_offset=58.0,
        )  # fmt: skip
    assert store.sessions()[0]["status"] == "interrupted"


def test_a_row_without_a_writer_pid_reads_interrupted(store):
    start(store, pid=0)
    assert store.sessions()[0]["status"] == "interrupted"


class WithoutJson:
    """A connection to an SQLite built without its JSON functions."""

    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql, *args):
        if "json_object" in sql:
            raise sqlite3.OperationalError("no such function: json_object")
        return self.conn.execute(sql, *args)


def test_the_json_text_and_the_dicts_agree_on_every_kind_of_row(db_path):
    with Store(db_path) as store:
        start(store)  # running, in this live process
        start(store, pid=a_dead_pid())  # interrupted
        sid = start(store)
        store.end_session(sid, "quit", 38.0, T0)
        sid = start(store)
        store.end_session(sid, "completed", 38.123456, T0)
        store.set_mood(sid, 5)
        expected = store.sessions()
        assert [row["status"] for row in expected] == [
            "running", "interrupted", "abandoned", "completed",
        ]  # fmt: skip
        assert expected[3]["seconds"] == 38.123
        assert json.loads(store.sessions_json()) == expected
        assert json.loads(store.sessions_json(2)) == expected[2:]
        assert json.loads(listing.as_json(WithoutJson(store._conn), None)) == expected
