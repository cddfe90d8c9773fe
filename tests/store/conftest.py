"""Shared pieces for the session log tests: stores, fixed times, time zones, read-only folders."""

from __future__ import annotations

import ctypes
import os
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


# -- read-only folders, even for root ---------------------------------------------------------

_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2
_CAP_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _capabilities(change=None):
    libc = ctypes.CDLL(None, use_errno=True)
    header, data = _CapHeader(_CAP_VERSION_3, 0), (_CapData * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    before = data[0].effective
    if change is not None:
        data[0].effective = change(before)
        if libc.capset(ctypes.byref(header), data) != 0:
            raise OSError(ctypes.get_errno(), "capset")
    return before


@pytest.fixture
def permissions_apply():
    """File permissions bind this test even when it runs as root (as CI does).

    Root ignores permission bits through two capabilities; they are dropped from this thread's
    effective set (SQLite runs in the calling thread) and restored afterwards.
    """
    if os.geteuid() != 0:
        yield
        return
    mask = (1 << _CAP_DAC_OVERRIDE) | (1 << _CAP_DAC_READ_SEARCH)
    try:
        saved = _capabilities(lambda effective: effective & ~mask)
    except (OSError, AttributeError) as exc:
        pytest.skip(f"running as root and cannot drop the capability to ignore permissions: {exc}")
    try:
        yield
    finally:
        _capabilities(lambda _effective: saved)


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
