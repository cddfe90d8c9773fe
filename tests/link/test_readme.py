"""README's "Home Assistant over MQTT" says what the link does, in numbers written out: each
number here is a literal, checked against the code and the README alike."""

from __future__ import annotations

import re
from pathlib import Path

from facepacer.link import commands, inbox, mqtt, published, refusals

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Home Assistant over MQTT", 1)[1].split("\n## ", 1)[0]
TEXT = " ".join(SECTION.split())  # sentences as one line, whatever the wrapping


def test_the_keepalive_and_when_a_frozen_device_goes_unavailable():
    assert mqtt.KEEPALIVE == 20
    assert "The keepalive is 20 s" in TEXT
    assert "shows as unavailable within 30 s" in TEXT  # 1.5 times the keepalive


def test_the_limits_on_what_arrives_on_the_command_topic():
    assert (commands.MAX_BYTES, commands.MAX_DEPTH) == (1024, 2)
    assert (refusals.REFUSALS_PER_SECOND, refusals.REFUSALS_LOGGED, inbox.MESSAGES) == (10, 20, 32)
    assert "JSON nested more than 2 deep, more than 1024 bytes" in TEXT
    assert "at most 10 refusals a second get an answer, the first 20 are logged" in TEXT
    assert "at most 32 messages wait to be read" in TEXT
    assert (
        inbox.STATES == 8 and "its states in a list of 8 where the newest always has room" in TEXT
    )


def test_how_soon_a_delete_reaches_home_assistant():
    assert mqtt.LOG_LOOK == 2.0
    assert "within 2 seconds while the device runs" in TEXT


def test_every_key_of_a_session_is_listed():
    listed = re.search(r"has the keys (.*?)\. An interrupted", TEXT).group(1)
    assert re.findall(r"`(\w+)`", listed) == list(published.EVENT_KEYS)


def test_the_home_assistant_versions():
    assert "It needs Home Assistant 2024.10 or newer" in TEXT
    assert "tested against Home Assistant 2024.10.4 and 2025.4.4" in TEXT
