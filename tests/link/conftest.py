"""Fixtures for the MQTT tests: a broker that is always killed, a listener, a home folder."""

from __future__ import annotations

import pytest

from .broker import Broker, Listener

RITUAL = """\
format: 1
id: short-glow
title: Short Glow
steps:
  - {zone: cheeks, title: Lift, say: Sweep up., seconds: 1, strokes: 2}
  - {zone: jawline, title: Sculpt, say: Glide out., seconds: 1, strokes: 2}
"""


@pytest.fixture
def broker(tmp_path):
    started = Broker(tmp_path).start()
    yield started
    started.stop()


@pytest.fixture
def listener(broker):
    client = Listener(broker)
    yield client
    client.close()


@pytest.fixture
def home(tmp_path):
    folder = tmp_path / "home"
    (folder / "cfg" / "facepacer" / "rituals").mkdir(parents=True)
    (folder / "ritual.yaml").write_text(RITUAL)
    (folder / "cfg" / "facepacer" / "rituals" / "short-glow.yaml").write_text(RITUAL)
    return folder
