"""A terminal or pipe whose encoding lacks a character (PYTHONIOENCODING=ascii, a Latin-1
locale) still gets every line: the character is written as its escape, never a
UnicodeEncodeError out of the middle of a table. Titles come from ritual files and the log, so
they may hold any character."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys

import pytest

GLOW = """\
format: 1
id: glow
title: "Glow \\u2728 \\u00e4"
steps:
  - {zone: cheeks, title: "Eins \\U0001F600", say: First step., seconds: 3}
"""


@pytest.fixture(scope="module")
def user(tmp_path_factory):
    """A home whose own ritual is titled beyond Latin-1, and a log with one session of it."""
    tmp_path = tmp_path_factory.mktemp("home")
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))  # fmt: skip
    rituals = tmp_path / "config" / "facepacer" / "rituals"
    rituals.mkdir(parents=True)
    (rituals / "glow.yaml").write_text(GLOW, encoding="utf-8")
    (tmp_path / "script.txt").write_text("1 tap\n")
    db = str(tmp_path / "s.db")
    ran = facepacer(env, "run", "--sim", "--headless", "--virtual-clock", "--ritual", "glow",
                    "--script", str(tmp_path / "script.txt"), "--db", db)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    with contextlib.closing(sqlite3.connect(db)) as log, log:  # the id, as a damaged log has it
        log.execute("UPDATE sessions SET ritual_id = 'glow \u2728'")
    return env, db


def facepacer(env, *argv: str, encoding: str = "utf-8") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "facepacer", *argv], capture_output=True,
                          env=dict(env, PYTHONIOENCODING=encoding), timeout=120,
                          check=False)  # fmt: skip


@pytest.mark.parametrize("encoding", ["ascii"])
@pytest.mark.parametrize(
    "argv", [("history",), ("history", "--csv"), ("history", "--json"), ("rituals", "list"),
             ("rituals", "show", "glow")],
)  # fmt: skip
def test_a_title_the_terminal_cannot_encode_is_written_as_its_escape(user, encoding, argv):
    env, db = user
    extra = ("--db", db) if argv[0] == "history" else ()
    outcome = facepacer(env, *argv, *extra, encoding=encoding)
    assert outcome.returncode == 0, outcome.stderr.decode(encoding, "replace")
    assert b"Traceback" not in outcome.stderr
    out = outcome.stdout.decode(encoding)
    assert "\\u2728" in out or "\\U0001f600" in out
