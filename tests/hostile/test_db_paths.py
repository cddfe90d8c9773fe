"""--db (or db: in the config) at things that are not a log file: refused, untouched, and the
device runs on without a log, saying so."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from facepacer.errors import StoreError
from facepacer.store import Store
from facepacer.store.opening import file_problem

from .conftest import SHORT, char_device

DEVICE_NODES = ["/dev/null", "/dev/full"]


def refused_before_opening(node: str) -> None:
    """Guard: CI runs as root, where a log that took a device node for a damaged file would
    rename the system's node. The pure check must refuse it before any test opens it."""
    assert char_device(node)
    assert file_problem(Path(node)) is not None, f"{node} would be opened: not running this test"


def untouched_dev(node: str) -> None:
    assert char_device(node)
    for suffix in ("-journal", "-wal", "-shm"):
        assert not os.path.exists(node + suffix), node + suffix
    kept = os.path.basename(node) + ".corrupt"
    assert not any(name.startswith(kept) for name in os.listdir("/dev"))


@pytest.mark.parametrize("node", DEVICE_NODES)
def test_a_device_node_as_the_log_is_refused_and_left_alone(node, headless):
    refused_before_opening(node)
    outcome = headless("--db", node)
    untouched_dev(node)
    assert outcome.code == 0
    assert outcome.summary["status"] == "completed"
    assert outcome.summary["logged"] is False
    assert f"the session log {node} is not a regular file (a character device)" in outcome.err
    assert outcome.err.count(node) == 1  # said once


@pytest.mark.parametrize("node", DEVICE_NODES)
def test_history_refuses_a_device_node(node, facepacer):
    refused_before_opening(node)
    outcome = facepacer("history", "--db", node)
    untouched_dev(node)
    assert (outcome.code, outcome.out) == (1, "")
    assert f"the session log {node} is not a regular file (a character device)" in outcome.err


def test_a_device_node_in_the_config_is_refused_too(home, facepacer):
    config = home / "config" / "facepacer" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("db: /dev/full\n")
    refused_before_opening("/dev/full")
    outcome = facepacer("history")  # a virtual-clock run would log to a throwaway log instead
    untouched_dev("/dev/full")
    assert (outcome.code, outcome.out) == (1, "")
    assert "the session log /dev/full is not a regular file" in outcome.err


def run_cli(*argv: str, env_home) -> subprocess.CompletedProcess:
    """The command in its own process, so a hang is a failed test instead of a stuck run."""
    env = dict(os.environ, XDG_DATA_HOME=str(env_home / "data"),
               XDG_CONFIG_HOME=str(env_home / "config"), SDL_VIDEODRIVER="dummy",
               SDL_AUDIODRIVER="dummy")  # fmt: skip
    return subprocess.run([sys.executable, "-m", "facepacer", *argv], env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip


def test_a_fifo_as_the_log_neither_hangs_run_nor_history(home):
    fifo = home / "log.fifo"
    os.mkfifo(fifo)
    ritual = home / "r.yaml"
    ritual.write_text(SHORT)
    ran = run_cli("run", "--sim", "--headless", "--virtual-clock", "--json", "--ritual",
                  str(ritual), "--db", str(fifo), env_home=home)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert f"the session log {fifo} is not a regular file (a FIFO)" in ran.stderr
    shown = run_cli("history", "--db", str(fifo), env_home=home)
    assert shown.returncode == 1 and "not a regular file (a FIFO)" in shown.stderr
    assert sorted(p.name for p in home.iterdir() if p.name != "data") == ["log.fifo", "r.yaml"]


def test_a_socket_as_the_log_is_refused(tmp_path):
    path = tmp_path / "log.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        with pytest.raises(StoreError, match=r"not a regular file \(a socket\)"):
            Store(path)
    finally:
        server.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.sock"]


def test_a_folder_as_the_log_runs_on_without_a_log(home, headless):
    folder = home / "a-folder"
    folder.mkdir()
    outcome = headless("--db", str(folder))
    assert outcome.summary["logged"] is False
    assert "is a folder, not a file" in outcome.err
    assert list(folder.iterdir()) == []


def test_a_file_that_is_not_sqlite_is_refused_and_kept_as_it_is(home, headless):
    notes = home / "notes.txt"
    notes.write_bytes(b"my shopping list\nmilk\n")
    outcome = headless("--db", str(notes))
    assert notes.read_bytes() == b"my shopping list\nmilk\n"
    assert sorted(p.name for p in home.iterdir()) == ["notes.txt", "short-glow.yaml"]
    assert outcome.summary["logged"] is False
    assert f"the session log {notes} is not a facepacer session log" in outcome.err


def test_another_programs_sqlite_file_is_refused_and_not_changed(home, headless):
    other = home / "places.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE places (url TEXT)")
    conn.execute("INSERT INTO places VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    outcome = headless("--db", str(other))
    assert other.read_bytes() == before
    assert outcome.summary["logged"] is False
    assert "not a facepacer session log" in outcome.err
    assert sorted(p.name for p in home.iterdir()) == ["places.sqlite", "short-glow.yaml"]
    with pytest.raises(StoreError, match="not a facepacer session log"):
        Store(other, recover=False, read_only=True)
    assert other.read_bytes() == before


def test_an_empty_file_becomes_the_log(home, headless):
    empty = home / "empty.db"
    empty.write_bytes(b"")
    outcome = headless("--db", str(empty))
    assert outcome.summary["logged"] is True and outcome.summary["session_id"] == 1
    with Store(empty, recover=False) as store:
        assert store.count() == 1


def test_a_read_only_log_says_once_that_the_session_was_not_saved(home, headless, read_only):
    path = home / "data" / "ro.db"
    Store(path).close()
    read_only(path)
    outcome = headless("--db", str(path))
    assert outcome.code == 0
    summary = outcome.summary
    assert summary["status"] == "completed" and summary["session_id"] is None
    assert summary["logged"] is False and "read-only" in summary["log_problem"]
    assert outcome.err.count("read-only") == 1
    assert outcome.err.startswith("facepacer run: warning: the session log ")


def test_a_log_that_saves_says_so_in_the_summary(headless):
    summary = headless().summary
    assert summary["logged"] is True and "log_problem" not in summary


FILL_AND_RUN = """
set -e
mount -t tmpfs -o size=64k tmpfs "$1"
head -c 48k /dev/zero > "$1/fill"
shift
exec "$@"
"""


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"),
                    reason="needs root and unshare, to mount a small disk of its own")  # fmt: skip
def test_a_nearly_full_disk_at_start_is_called_a_full_disk(home):
    """On a 64 KiB disk with 16 KiB free, SQLite says "disk I/O error"; the user hears that
    the disk is full. The disk is mounted in a private mount namespace: it vanishes with the
    process, and nothing outside tmp_path is touched."""
    disk = home / "disk"
    disk.mkdir()
    ritual = home / "r.yaml"
    ritual.write_text(SHORT)
    command = [
        sys.executable,
        "-m",
        "facepacer",
        "run",
        "--sim",
        "--headless",
        "--virtual-clock",
        "--json",
        "--ritual",
        str(ritual),
        "--db",
        str(disk / "s.db"),
    ]
    env = dict(os.environ, XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), SDL_VIDEODRIVER="dummy")  # fmt: skip
    ran = subprocess.run(["unshare", "-m", "sh", "-c", FILL_AND_RUN, "sh", str(disk), *command],
                         env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    if "mount:" in ran.stderr or "unshare:" in ran.stderr:
        pytest.skip(f"cannot mount a small disk here: {ran.stderr.strip()}")
    assert ran.returncode == 0, ran.stderr
    assert "the disk is full" in ran.stderr and "SD card" not in ran.stderr
    assert json.loads(ran.stdout.splitlines()[-1])["logged"] is False
    assert list(disk.iterdir()) == []  # the small disk went with its namespace


LONG = "a" * 5000  # longer than any file name the system takes


@pytest.mark.parametrize("option", ["--db", "--config"])
def test_a_name_too_long_for_the_system_is_said_for_history(facepacer, option):
    outcome = facepacer("history", option, LONG)
    assert outcome.code in (0, 1)
    assert "too long" in outcome.err and "SD card" not in outcome.err


def test_a_log_name_too_long_for_the_system_runs_on_without_a_log(headless, tmp_path):
    outcome = headless("--db", str(tmp_path / LONG / "sessions.db"))
    assert outcome.code == 0 and outcome.summary["logged"] is False
    assert "too long" in outcome.err and "SD card" not in outcome.err
