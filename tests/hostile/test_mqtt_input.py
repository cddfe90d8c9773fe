"""A neighbour on the same MQTT broker, and a careless hand in the link's settings: whatever
arrives on the command topic, retained or not, in whatever shape, is a command or one answered
refusal, never an exception; a host name the resolver would choke on is a warning at its line."""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facepacer.config import MqttConfig, host_problem, load_config
from facepacer.link.commands import Command, CommandError, parse
from facepacer.link.mqtt import MqttLink
from facepacer.link.refusals import Refusals

RITUALS = ("quick-calm", "glow")
COMMAND = "facepacer/neighbour/command"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=30,
)
shaped = st.fixed_dictionaries(
    {"command": st.sampled_from(["start", "pause", "resume", "stop", "dance", 3, None, [], {}])},
    optional={"ritual": json_values | st.sampled_from(RITUALS), "extra": json_values},
)
payloads = (
    st.binary(max_size=1100)
    | st.text(max_size=1100).map(lambda t: t.encode("utf-8", "surrogatepass"))
    | json_values.map(lambda v: json.dumps(v).encode())
    | shaped.map(lambda v: json.dumps(v).encode())
    | st.integers(1, 5000).map(lambda n: b"[" * n)
    | st.integers(1, 400).map(lambda n: (b'{"command": ' * n) + b'"stop"' + b"}" * n)
)


@settings(max_examples=400)
@given(payloads)
def test_any_payload_is_a_command_or_a_refusal_that_says_why(payload):
    try:
        command = parse(payload, RITUALS)
    except CommandError as exc:
        assert str(exc)
    else:
        assert isinstance(command, Command) and command.name in ("start", "pause", "resume", "stop")
        assert command.ritual is None or command.ritual in RITUALS


class Recorder:
    def __init__(self):
        self.sent = []

    def publish(self, topic, payload, qos=0, retain=False):
        self.sent.append((topic, payload, retain))


def neighbour_link():
    config = MqttConfig(host="127.0.0.1", port=1, device_name="Neighbour")
    link = MqttLink(config, rituals=RITUALS, db_path=None, goal=5, today=lambda: None)
    link._client, link._connected = Recorder(), True
    link._refusals = Refusals(now=lambda: 0.0)  # time stands still: only the budget counts
    return link


@settings(max_examples=200)
@given(payloads, st.booleans())
def test_the_link_obeys_only_what_was_sent_now_and_answers_each_refusal(payload, retained):
    link = neighbour_link()
    link._on_message(COMMAND, payload, retained)
    taken = link.commands()
    answers = [json.loads(p) for t, p, _ in link._client.sent if t.endswith("/status")]
    if not payload:
        assert taken == [] and answers == []  # an empty message clears a retained one
    elif retained:
        assert taken == [] and len(answers) == 1 and not answers[0]["ok"]
        assert answers[0]["error"].startswith("a retained command is not obeyed")
        assert (COMMAND, b"", True) in link._client.sent
    else:
        assert len(taken) + len(answers) == 1
        assert all(not a["ok"] and a["error"] for a in answers)


def test_a_retained_flood_is_logged_once_per_command_not_once_per_delivery(caplog):
    link = neighbour_link()
    with caplog.at_level(logging.WARNING, "facepacer.mqtt"):
        for n in range(200):
            link._on_message(COMMAND, b"start", True)
            link._on_message(COMMAND, f"start {n % 2}".encode(), True)
    assert len(caplog.records) == 3
    assert link.commands() == []


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_a_host_is_judged_without_raising_and_one_that_passes_can_be_given_to_the_resolver(text):
    problem = host_problem(text)
    if problem is None:
        text.encode("idna")  # what socket.getaddrinfo does with a name; it must not raise


@pytest.mark.parametrize(
    "host, said",
    [
        ("host..local", "it has an empty part between two dots"),
        ("x" * 64 + ".local", "it has a part of 64 characters; a part has at most 63"),
        ('"-mirror.local"', "it has the part '-mirror'"),
        ("'mirror_\u200b.local'", "it has the part"),
    ],
)
def test_a_host_that_is_no_name_is_a_warning_at_its_line_and_the_link_stays_off(
    tmp_path, host, said
):
    path = tmp_path / "config.yaml"
    path.write_text(f"weekly_goal: 4\nmqtt:\n  host: {host}\n  port: 1884\n", encoding="utf-8")
    config, warnings = load_config(str(path))
    assert config.mqtt is None and config.weekly_goal == 4
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{path}:3:9: 'host' in mqtt is ")
    assert said in warnings[0] and warnings[0].endswith("; MQTT is off")


@pytest.mark.parametrize(
    "line, fallback",
    [
        ("port: 99999", "using the default 1883, or 8883 with tls: true"),
        ("port: http", "using the default 1883, or 8883 with tls: true"),
        ("ca_file: ''", "using the system's certificate authorities"),
        ("username: [a]", "connecting without a username"),
        ("password: {}", "connecting without a password"),
        ("password_file: []", "connecting without a password"),
    ],
)
def test_a_bad_link_setting_says_what_is_used_instead(tmp_path, line, fallback):
    path = tmp_path / "config.yaml"
    path.write_text(f"mqtt:\n  host: broker.local\n  {line}\n", encoding="utf-8")
    config, warnings = load_config(str(path))
    assert config.mqtt is not None and config.mqtt.host == "broker.local"
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}:3:")
    assert warnings[0].endswith(fallback) and "nothing" not in warnings[0]


def test_a_device_whose_broker_host_is_no_name_runs_its_ritual_and_says_so_once(home, headless):
    config = home / "config.yaml"
    config.write_text("mqtt:\n  host: mirror..local\n", encoding="utf-8")
    outcome = headless("--config", str(config))
    assert outcome.code == 0 and outcome.summary["status"] == "completed"
    said = [line for line in outcome.err.splitlines() if "mirror..local" in line]
    assert said == [
        f"facepacer run: warning: {config}:2:9: 'host' in mqtt is 'mirror..local': it has an "
        "empty part between two dots; write the broker's name, like homeassistant.local, or its "
        "address, like 192.168.1.20; MQTT is off"
    ]
