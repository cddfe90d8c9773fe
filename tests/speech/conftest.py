"""The voice's tests run the built device in a home of their own, sharing one speech cache per
module so that each line is synthesised once."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    """One speech cache for the runs of a module."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def home(tmp_path, monkeypatch, shared_cache):
    """Settings, data and the speech cache in a fresh folder, with the settings folder made."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache))
    (tmp_path / "config" / "facepacer").mkdir(parents=True)
    return tmp_path
