"""A real-clock run killed with SIGKILL mid-ritual leaves a sound log, the session interrupted."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys

RITUAL = """\
format: 1
id: six-seconds
title: Six seconds
steps:
""" + "".join(
    f"  - {{zone: cheeks, title: Step {i}, say: Sweep., seconds: 1, strokes: 2}}\n"
    for i in range(8)
)


def steps_done(db: str) -> int:
    if not os.path.exists(db):
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        row = conn.execute("SELECT max(steps_done) FROM sessions").fetchone()
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        conn.close()
    return row[0] or 0


def test_a_killed_run_reads_as_interrupted_with_its_finished_steps(tmp_path):
    ritual = tmp_path / "six.yaml"
    ritual.write_text(RITUAL)
    db = str(tmp_path / "sessions.db")
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "d"), XDG_CONFIG_HOME=str(tmp_path / "c"),
               SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")  # fmt: skip
    child = subprocess.Popen(
        [sys.executable, "-m", "facepacer", "run", "--sim", "--headless", "--ritual",
         str(ritual), "--db", db],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        # Wait for the log to show two finished steps; waiting on the child returns at once
        # if it dies early, which fails the test with its error output.
        for _ in range(600):
            if steps_done(db) >= 2:
                break
            try:
                child.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                continue
            raise AssertionError(f"the run ended early: {child.stderr.read().decode()}")
        else:
            raise AssertionError("the run logged no finished step within 30 s")
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stderr.close()

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    result = subprocess.run(
        [sys.executable, "-m", "facepacer", "history", "--json", "--db", db],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (session,) = json.loads(result.stdout)
    assert session["status"] == "interrupted"
    assert 2 <= session["steps_done"] < 8 and session["steps_total"] == 8
