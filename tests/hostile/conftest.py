"""Shared pieces for the hostile-input suite: a user's home, a headless run, and its outcome."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from typing import List, Optional

import pytest

from facepacer.cli import main

from ..store.conftest import read_only  # noqa: F401  (fixture; permissions_apply is in tests/conftest.py)

SHORT = """\
format: 1
id: short-glow
title: Short glow
steps:
  - {zone: cheeks, title: One, say: First step., seconds: 3}
  - {zone: jawline, title: Two, say: Second step., seconds: 3}
"""


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def summary(self) -> dict:
        return json.loads(self.out.strip().splitlines()[-1])


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A user with an empty home: no config, no rituals of their own, no log yet."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture
def facepacer(capsys):
    """Run the command in this process; the outcome, checked to hold no traceback."""

    def call(*argv: str) -> Outcome:
        code = main(list(argv))
        out, err = capsys.readouterr()
        assert "Traceback" not in err, err
        return Outcome(code, out, err)

    return call


@pytest.fixture
def headless(home, facepacer):
    """A scripted headless run of a short ritual on the virtual clock, with extra options."""

    def call(*extra: str, ritual: Optional[str] = SHORT) -> Outcome:
        argv: List[str] = ["run", "--sim", "--headless", "--virtual-clock", "--json"]
        if ritual is not None:
            path = home / "short-glow.yaml"
            path.write_text(ritual, encoding="utf-8")
            argv += ["--ritual", str(path)]
        return facepacer(*argv, *extra)

    return call


def char_device(path: str) -> bool:
    """Still the system's character device (a bug could have renamed or replaced it)."""
    return os.path.exists(path) and stat.S_ISCHR(os.stat(path).st_mode)
