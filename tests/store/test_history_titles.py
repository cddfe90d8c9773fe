"""The history reads in one language: a ritual's title as its file gives it, whatever language
the device spoke during the session (README, "Session log and history")."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from facepacer.cli import main
from facepacer.store import Store


@pytest.fixture
def home(tmp_path, monkeypatch, tz):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    tz("UTC0")
    return tmp_path


def logged(home, ritual_id, title):
    path = home / "data" / "facepacer" / "sessions.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    when = datetime(2026, 5, 4, 7, 0, tzinfo=timezone.utc)
    with Store(path) as store:
        session = store.start_session(
            ritual_id=ritual_id, ritual_title=title, steps_total=1, started_at=when
        )
        store.end_session(session, "completed", 60.0, when)
    return path


def history_table(capsys):
    capsys.readouterr()
    assert main(["history"]) == 0
    return capsys.readouterr().out


def test_a_run_in_german_logs_the_rituals_english_title_and_history_shows_it(home, capsys):
    db = home / "data" / "facepacer" / "sessions.db"
    args = ["run", "--sim", "--headless", "--virtual-clock", "--json", "--db", str(db)]
    assert main([*args, "--ritual", "quick-calm", "--language", "de"]) == 0
    assert json.loads(capsys.readouterr().out)["ritual"] == "quick-calm"
    with Store(db) as store:
        assert [row["title"] for row in store.sessions(None, titles=True)] == ["Quick Calm"]
    table = history_table(capsys)
    assert "Quick Calm" in table
    assert "Schnell zur Ruhe" not in table


def test_an_old_row_with_a_german_title_of_a_known_ritual_shows_its_english_title(home, capsys):
    logged(home, "quick-calm", "Schnell zur Ruhe")
    table = history_table(capsys)
    assert "Quick Calm" in table
    assert "Schnell zur Ruhe" not in table


def test_a_row_of_a_ritual_no_longer_in_the_library_shows_its_logged_title(home, capsys):
    logged(home, "mein-ritual", "Mein Abendritual")
    assert "Mein Abendritual" in history_table(capsys)
