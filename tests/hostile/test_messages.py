"""Messages that say something: a refused setting names the default it falls back to (never "the
default nothing"), and no line on stderr carries the command's prefix twice."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from facepacer.cli import say
from facepacer.config import (
    BuzzerConfig,
    Config,
    MqttConfig,
    SensorConfig,
    VoiceConfig,
    load_config,
)

from ..test_voice import VOICE

FIRMWARE = Path(__file__).resolve().parents[2] / "firmware" / "facepacer"


def warnings_of(tmp_path, text: str):
    path = tmp_path / "config.yaml"
    path.write_text(text)
    _, warnings = load_config(path)
    return [w.removeprefix(f"{path}:") for w in warnings]


@pytest.mark.parametrize("port", ["0", "65536", "99999", "-1", "x", "1.5", "[1]", '""'])
def test_a_bad_port_names_the_ports_it_uses_instead(tmp_path, port):
    (warning,) = warnings_of(tmp_path, f"mqtt:\n  host: broker.local\n  port: {port}\n")
    assert warning.startswith("3:") and "'port' in mqtt" in warning
    assert warning.endswith("; using the default 1883, or 8883 with tls: true")


@pytest.mark.parametrize("port", ["1", "1883", "65535"])
def test_a_port_within_range_is_taken_without_a_word(tmp_path, port):
    assert warnings_of(tmp_path, f"mqtt:\n  host: broker.local\n  port: {port}\n") == []


SECTIONS = {"sensor": SensorConfig, "buzzer": BuzzerConfig, "voice": VoiceConfig,
            "mqtt": MqttConfig}  # fmt: skip
TOP = [f.name for f in fields(Config) if f.name not in SECTIONS and f.name != "reminder"]


def every_setting():
    for name in TOP:
        yield f"{name}: [refused]\n"
    for section, cls in SECTIONS.items():
        host = "  host: broker.local\n" if section == "mqtt" else ""
        for f in fields(cls):
            if f.name != "host" or section != "mqtt":
                yield f"{section}:\n{host}  {f.name}: [refused]\n"
    yield "mqtt:\n  host: [refused]\n"


@pytest.mark.parametrize("text", list(every_setting()))
def test_no_refused_setting_falls_back_to_a_default_that_says_nothing(tmp_path, text):
    for warning in warnings_of(tmp_path, text):
        assert "default nothing" not in warning and "default ''" not in warning, warning
        assert not re.search(r"default (None|none)\b", warning), warning


# -- one prefix a line --------------------------------------------------------------------------

DOUBLED = re.compile(r"facepacer( [a-z]+)*: (error|warning): ")


def test_the_voice_pattern_refuses_a_doubled_prefix():
    assert VOICE.match("facepacer run: warning: connected")
    assert not VOICE.match("facepacer run: warning: facepacer: warning: connected")
    assert not VOICE.match("facepacer: error: facepacer history: error: x")


def test_no_message_in_the_source_carries_the_prefix_the_voice_adds():
    found = [
        f"{path.relative_to(FIRMWARE)}:{number}: {line.strip()}"
        for path in sorted(FIRMWARE.rglob("*.py"))
        if path.name != "say.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if DOUBLED.search(line)
    ]
    assert found == []


def test_the_mqtt_links_warnings_are_said_once_with_one_prefix(capsys):
    from facepacer.link.mqtt import MqttLink

    say.route_logging("run")
    link = MqttLink(MqttConfig(host="127.0.0.1", port=1), rituals=["glow"], db_path=None, goal=5,
                    today=lambda: None)  # fmt: skip
    link._on_message(link.topics.command, b"dance", False)
    link._trouble("no answer from 127.0.0.1:1")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all(VOICE.match(line) for line in lines), lines
    assert lines[0].startswith("facepacer run: warning: MQTT command refused: ")
    assert lines[1] == "facepacer run: warning: no answer from 127.0.0.1:1"


@pytest.mark.parametrize(
    "text, warning",
    [
        ("mqtt:\n  host: 127.0.0.1\n  port: 99999\n", "using the default 1883, or 8883"),
        ('reminder:\n  time: "21:30"\n  days: [funday]\n', "names no day of the week"),
    ],
)
def test_a_headless_run_says_the_settings_problem_once(home, headless, text, warning):
    config = home / "config.yaml"
    config.write_text(text)
    outcome = headless("--config", str(config))
    assert outcome.code == 0 and outcome.summary["status"] == "completed"
    assert outcome.err.count(warning) == 1
    assert all(VOICE.match(line) for line in outcome.err.splitlines())
