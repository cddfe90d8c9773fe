"""What the link does with each message from the broker, worker side, with a client that only
records what it is asked to publish: a retained command is refused, said once and cleared; only
the command topic is read; a flood is logged in sum, not line by line."""

from __future__ import annotations

import json
import logging

import pytest

from facepacer.config import MqttConfig
from facepacer.link.commands import Command
from facepacer.link.mqtt import LinkUnavailable, MqttLink
from facepacer.link.refusals import Refusals

from .broker import free_port

COMMAND, STATUS = "facepacer/inbound/command", "facepacer/inbound/status"


class Recorder:
    """Stands in for paho's client: keeps (topic, payload, retain) of each publish."""

    def __init__(self):
        self.sent = []

    def publish(self, topic, payload, qos=0, retain=False):
        self.sent.append((topic, payload, retain))

        class Info:
            mid = len(self.sent)

        return Info()

    def on(self, topic):
        return [(payload, retain) for t, payload, retain in self.sent if t == topic]


@pytest.fixture
def link():
    config = MqttConfig(host="127.0.0.1", port=free_port(), device_name="Inbound")
    made = MqttLink(config, rituals=["glow"], db_path=None, goal=5, today=lambda: None)
    made._client, made._connected = Recorder(), True
    return made


def answers(link):
    return [json.loads(payload) for payload, _ in link._client.on(STATUS)]


def test_a_retained_start_is_refused_on_status_said_once_and_cleared_each_time(link, caplog):
    with caplog.at_level(logging.WARNING, "facepacer.mqtt"):
        for _ in range(3):  # as the broker hands it over at each reconnect, were it kept
            link._on_message(COMMAND, b'{"command": "start", "ritual": "glow"}', True)
    assert link.commands() == []
    said = answers(link)
    assert [(a["ok"], a["command"], a["ritual"]) for a in said] == [(False, "start", "glow")] * 3
    assert said[0]["error"].startswith("a retained command is not obeyed: it was not sent now")
    assert [r.getMessage() for r in caplog.records if "retained" in r.getMessage()] == [
        'MQTT command \'{"command": "start", "ritual": "glow"}\' on '
        "facepacer/inbound/command refused: a retained command is not obeyed: it was not sent "
        "now; publish commands without retain; it is cleared from the broker"
    ]
    assert link._client.on(COMMAND) == [(b"", True)] * 3  # an empty retained message clears it


def test_a_retained_message_that_is_no_command_is_refused_as_retained_too(link):
    link._on_message(COMMAND, b"\xff garbage", True)
    assert answers(link)[0]["command"] is None and "retained" in answers(link)[0]["error"]


def test_the_same_command_sent_now_is_obeyed(link):
    link._on_message(COMMAND, b'{"command": "start", "ritual": "glow"}', False)
    assert link.commands() == [Command("start", "glow")] and answers(link) == []


def test_an_empty_message_clears_a_retained_one_and_is_no_command(link):
    link._on_message(COMMAND, b"", False)
    link._on_message(COMMAND, b"", True)
    assert link._client.sent == [] and link.commands() == []


def test_a_message_on_any_other_topic_is_never_read_as_a_command(link):
    for topic in ("homeassistant/status", "facepacer/inbound/state", "facepacer/other/command"):
        link._on_message(topic, b"start", False)
    assert link._client.sent == [] and link.commands() == []


def test_a_flood_of_refused_commands_is_answered_and_logged_in_measure(link, caplog):
    now = [100.0]
    link._refusals = Refusals(now=lambda: now[0])
    with caplog.at_level(logging.WARNING, "facepacer.mqtt"):
        for _ in range(5000):  # all in the same instant
            link._on_message(COMMAND, b"dance", False)
        now[0] += 0.5  # half a second later, half the budget is back
        for _ in range(100):
            link._on_message(COMMAND, b"dance", False)
    lines = [r.getMessage() for r in caplog.records]
    assert len(answers(link)) == 10 + 5
    assert len(lines) == 20 + 6  # 20 one by one, then one in every 1000
    assert lines[20].startswith("21 MQTT commands refused so far; only one in 1000 is logged")


@pytest.mark.parametrize(
    "host, said",
    [
        ("host..local", "has an empty part between two dots"),
        ("a" * 64 + ".local", "has a part of 64 characters; a part has at most 63"),
        ("mirror host", "has the part 'mirror host'"),
    ],
)
def test_a_host_the_resolver_would_choke_on_never_reaches_the_network_thread(host, said):
    config = MqttConfig(host=host, device_name="Inbound")
    with pytest.raises(LinkUnavailable, match=said):
        MqttLink(config, rituals=[], db_path=None, goal=5, today=lambda: None)


def test_a_huge_message_waits_as_its_first_kilobyte_and_is_refused_with_its_real_size():
    config = MqttConfig(host="127.0.0.1", port=free_port(), device_name="Inbound")
    made = MqttLink(config, rituals=["glow"], db_path=None, goal=5, today=lambda: None)

    class Message:
        topic, payload, retain = COMMAND, b"start " + b"x" * 5_000_000, False

    made._client.on_message(made._client, None, Message)  # as paho's thread calls it
    item = made._inbox.take(0)
    assert item[0] == "message" and len(item[2]) == 1025 and item[4] == 5_000_006
    made._client, made._connected = Recorder(), True
    made._on_message(*item[1:])
    assert answers(made)[0]["error"] == "a command is at most 1024 bytes, got 5000006"
