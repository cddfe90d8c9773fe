"""The finish screen, history and the run's summary give one active time: the ritual's own
seconds, pauses left out, with the pause said apart. Each is read as a user reads it, from one
scripted run of the real device (headless, virtual clock, emulated chip, view, log)."""

from __future__ import annotations

import json

import pytest

from facepacer.cli import main
from tests.app.rituals import THREE_TENS
from tests.app.watch import watch_the_run


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def run_and_read(home, capsys, monkeypatch, script):
    """(the summary, the words the finish screen drew, the session as history gives it)."""
    seen = watch_the_run(monkeypatch)
    (home / "ritual.yaml").write_text(THREE_TENS)
    (home / "script.txt").write_text(script)
    db = home / "sessions.db"
    assert main(["run", "--sim", "--headless", "--virtual-clock", "--json", "--language", "en",
                 "--ritual", str(home / "ritual.yaml"), "--script", str(home / "script.txt"),
                 "--db", str(db)]) == 0  # fmt: skip
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    finish = [words for snapshot, words in zip(seen["snapshots"], seen["texts"])
              if snapshot.screen == "finish" and words]  # fmt: skip
    assert main(["history", "--json", "--db", str(db)]) == 0
    (session,) = json.loads(capsys.readouterr().out)
    assert main(["history", "--db", str(db)]) == 0
    table = capsys.readouterr().out
    return summary, finish[0], session, table


def test_a_completed_ritual_with_a_pause_shows_its_30_active_seconds_everywhere(
    home, capsys, monkeypatch
):
    # Held at 2: paused at 3.003. Tapped at 16: resumed at 16.103, 13.1 s later.
    summary, finish, session, table = run_and_read(
        home, capsys, monkeypatch, "2 hold\n16 tap\n60 quit\n"
    )
    assert summary["status"] == "completed"
    assert (summary["active"], summary["paused"]) == (30.0, 13.1)
    assert "Well done" in finish and "0:30" in finish and "paused 0:13" in finish
    assert "0:43" not in finish  # start to end, the pause counted: what it said before
    assert session["seconds"] == 30.0
    assert " 0.5 " in table.splitlines()[1]  # the Min column: 30 s


def test_a_ritual_ended_early_shows_the_active_seconds_it_had(home, capsys, monkeypatch):
    # Held at 1: paused at 2.003 after 2.003 s of activity. Held again at 14: ended at 15.003.
    summary, finish, session, table = run_and_read(home, capsys, monkeypatch, "1 hold\n14 hold\n")
    assert summary["status"] == "abandoned"
    assert (summary["active"], summary["paused"]) == (2.003, 13.0)
    assert "Ended early" in finish and "0:02" in finish and "paused 0:13" in finish
    assert "0:15" not in finish
    assert session["seconds"] == 2.003
    assert " 0.0 " in table.splitlines()[1]
