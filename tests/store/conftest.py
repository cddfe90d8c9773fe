"""Shared pieces for the session log tests: stores, fixed times, time zones, read-only folders."""

from __future__ import annotations

import time

import pytest

from facepacer.store import Store


@pytest.fixture
def store():
    with Store(memory=True) as opened:
        yield opened


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "sessions.db"


@pytest.fixture
def tz(monkeypatch):
    """Set the process's local time zone (a POSIX TZ string, no tz database needed)."""

    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


# -- read-only folders, even for root (``permissions_apply`` is in tests/conftest.py) ------


@pytest.fixture
def read_only(permissions_apply):
    """Make files and folders read-only for the test (restored for cleanup afterwards)."""
    changed = []

    def make(path) -> None:
        changed.append((path, path.stat().st_mode))
        path.chmod(0o555 if path.is_dir() else 0o444)

    yield make
    for path, mode in reversed(changed):
        path.chmod(mode)
