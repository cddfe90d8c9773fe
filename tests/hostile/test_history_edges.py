"""facepacer history at the edges: huge limits, hostile titles in the log, odd digits."""

from __future__ import annotations

import sqlite3

import pytest

from facepacer.cli import main
from facepacer.store import Store

from ..store.helpers import T0, session


@pytest.fixture
def log(tmp_path):
    path = tmp_path / "sessions.db"
    with Store(path) as store:
        for _ in range(3):
            session(store, T0)
    return path


def test_a_limit_beyond_any_number_sqlite_takes_shows_every_session(log, facepacer):
    outcome = facepacer("history", "--db", str(log), "--limit", "9" * 20)
    assert outcome.code == 0
    assert outcome.out.count("completed") == 3


@pytest.mark.parametrize("limit", ["²", "٣", "1e3", " 4"])
def test_a_limit_in_other_digits_is_a_usage_error(log, limit, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["history", "--db", str(log), "--limit", limit])
    assert exited.value.code == 2
    assert "the limit must be a whole number >= 0" in capsys.readouterr().err


def test_titles_edited_in_the_log_print_no_terminal_escape_codes(log, facepacer):
    conn = sqlite3.connect(log)
    # A ritual the library does not know, so the history shows the title as logged.
    conn.execute("UPDATE sessions SET ritual_id = 'edited', ritual_title = ? WHERE id = 1",
                 ("Glow\x1b[2J\x1b]0;owned\x07\u202egnp.exe",))  # fmt: skip
    conn.execute("UPDATE sessions SET seconds = 'lots', steps_done = X'00' WHERE id = 2")
    conn.commit()
    conn.close()
    outcome = facepacer("history", "--db", str(log))
    assert outcome.code == 0
    assert "\x1b" not in outcome.out and "\x07" not in outcome.out and "\u202e" not in outcome.out
    assert "Glow\\x1b[2J\\x1b]0;owned\\x07\\u202egnp.exe" in outcome.out
