"""Ritual tests never see the real user's config folder: each test gets an empty one."""

import pytest


@pytest.fixture(autouse=True)
def private_config_home(tmp_path, monkeypatch):
    home = tmp_path / "xdg-config"
    home.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home
