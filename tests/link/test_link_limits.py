"""The link's documented limits on both sides (README, Home Assistant over MQTT): a command of
1024 bytes is read and one of 1025 is not, JSON 2 deep is read and 3 deep is not, and a session
that never went out is announced up to 7 days old, not older."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from facepacer.config import MqttConfig
from facepacer.link.commands import Command, CommandError, parse
from facepacer.link.mqtt import MqttLink
from facepacer.store import Store

from ..store.helpers import session
from .broker import free_port
from .test_consumer_fit import Accepted, Recorder

RITUALS = ("quick-calm",)
PAUSE = b'{"command": "pause"}'


def padded(size: int) -> bytes:
    return PAUSE + b" " * (size - len(PAUSE))


def test_a_command_of_1024_bytes_is_read_and_one_of_1025_is_refused():
    assert parse(padded(1024), RITUALS) == Command("pause")
    with pytest.raises(CommandError, match="at most 1024 bytes, got 1025"):
        parse(padded(1025), RITUALS)


def test_a_message_kept_only_to_its_start_is_judged_by_its_whole_size():
    assert parse(PAUSE, RITUALS, size=1024) == Command("pause")
    with pytest.raises(CommandError, match="got 5000"):
        parse(PAUSE, RITUALS, size=5000)


@pytest.mark.parametrize(
    "payload, said",
    [
        (b'{"command": ["pause"]}', "'command' must be one of"),  # 2 deep: read, then refused
        (b'{"command": [["pause"]]}', "more than 2 deep"),
        (b'{"command": "start", "ritual": "[[[{{{"}', "unknown ritual '[[[{{{'"),
        (b'{"command": "start", "ritual": "\\"[["}', "unknown ritual"),
    ],
)
def test_json_is_read_2_deep_and_refused_deeper_brackets_in_strings_left_out(payload, said):
    with pytest.raises(CommandError, match=said.replace("[", r"\[").replace("{", r"\{")):
        parse(payload, RITUALS)


@pytest.mark.parametrize(
    "payload, command",
    [
        (b"PAUSE", Command("pause")),
        (b"Start quick-calm", Command("start", "quick-calm")),
        (b'{"command": "STOP"}', Command("stop")),
    ],
)
def test_a_command_word_is_read_whatever_its_case(payload, command):
    assert parse(payload, RITUALS) == command


@pytest.mark.parametrize(
    "payload, said",
    [
        (b"start quick-calm now", "expected a command like"),
        (b"resume quick-calm", "only start takes a ritual, not resume"),
        (b"start Quick-Calm", "unknown ritual 'Quick-Calm'"),
    ],
)
def test_plain_words_are_one_command_and_at_most_one_ritual(payload, said):
    with pytest.raises(CommandError, match=said):
        parse(payload, RITUALS)


def test_sessions_up_to_7_days_old_that_never_went_out_are_announced_older_ones_not(tmp_path):
    today = date(2026, 5, 20)
    path = tmp_path / "log.db"
    with Store(path) as store:
        for days, hour in ((8, 23), (7, 0), (7, 12), (1, 9)):
            started = datetime.combine(today - timedelta(days=days), datetime.min.time())
            session(store, started.replace(hour=hour).astimezone())
    config = MqttConfig(host="127.0.0.1", port=free_port(), device_name="Backlog")
    link = MqttLink(config, rituals=RITUALS, db_path=path, goal=5, today=lambda: today)
    link._client, link._store = Recorder(), Store(path)
    link._on_connect(Accepted())
    link._store.close()
    announced = [p for t, p, _q, _r in link._client.sent if t == "facepacer/backlog/session"]
    assert [p.count('"session_id"') for p in announced] == [1, 1, 1]
    assert ['"session_id": 1' in p for p in announced] == [False] * 3
