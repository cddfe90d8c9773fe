"""The ``reminder:`` and ``mqtt:`` settings: read when right, warned about and left off when not."""

from __future__ import annotations

from datetime import time

import pytest

from facepacer.config import MqttConfig, ReminderConfig, load_config


@pytest.fixture(autouse=True)
def private_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def load(tmp_path, text):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    config, warnings = load_config(path)
    return config, [w.split(":", 1)[1] for w in warnings]


def test_a_reminder_time_alone_means_every_day(tmp_path):
    config, warnings = load(tmp_path, 'reminder: "21:30"\n')
    assert warnings == [] and config.reminder == ReminderConfig(time="21:30")


def test_a_reminder_with_days_takes_short_and_long_day_names(tmp_path):
    config, warnings = load(tmp_path, 'reminder:\n  time: "7:05"\n  days: [Mon, wednesday, fri]\n')
    assert warnings == [] and config.reminder == ReminderConfig(time="07:05", days=(0, 2, 4))


@pytest.mark.parametrize(
    "text, said",
    [
        ('reminder: "25:00"\n', "1:11: 'reminder' is '25:00'; it must be a time HH:MM"),
        ("reminder:\n  days: [mon]\n", "2:3: 'reminder' has no 'time'"),
        (
            "reminder: [21, 30]\n",
            "1:11: 'reminder' must be a time like \"21:30\", or time: and days:",
        ),
    ],
)
def test_a_bad_reminder_is_warned_about_with_its_place_and_no_reminder_is_set(tmp_path, text, said):
    config, warnings = load(tmp_path, text)
    assert config.reminder.time is None
    assert len(warnings) == 1 and said.split(":", 2)[2] in warnings[0], warnings


def test_an_unquoted_time_is_read_as_written_and_an_unknown_key_is_warned_about(tmp_path):
    config, warnings = load(tmp_path, "reminder:\n  time: 21:30\n  when: now\n")
    assert config.reminder.time == time(21, 30)
    assert warnings == ["3:3: unknown key 'when' in reminder; the keys are: time, days"]


def test_a_bad_day_name_is_left_out_and_the_good_ones_kept(tmp_path):
    config, warnings = load(tmp_path, 'reminder:\n  time: "21:30"\n  days: [mon, funday]\n')
    assert config.reminder.days == (0,)
    assert "day 'funday' in reminder days is not one of mon, tue" in warnings[0]


@pytest.mark.parametrize("days", ["[]", "[funday]"])
def test_days_that_name_no_weekday_mean_no_reminder_not_every_day(tmp_path, days):
    config, warnings = load(tmp_path, f'reminder:\n  time: "21:30"\n  days: {days}\n')
    assert config.reminder.time is None
    assert any("names no day of the week; no reminder is set" in w for w in warnings), warnings


def test_no_mqtt_section_means_no_link(tmp_path):
    config, warnings = load(tmp_path, "partner: true\n")
    assert config.mqtt is None and warnings == []


def test_an_mqtt_section_is_read_with_its_defaults(tmp_path):
    text = "mqtt:\n  host: broker.lan\n  username: mirror\n  password_file: ~/mqtt.pw\n"
    config, warnings = load(tmp_path, text)
    assert warnings == []
    assert config.mqtt.host == "broker.lan" and config.mqtt.broker_port == 1883
    assert config.mqtt.password_file == str(tmp_path / "home" / "mqtt.pw")
    assert (
        config.mqtt.topic_prefix == "facepacer" and config.mqtt.discovery_prefix == "homeassistant"
    )


def test_tls_moves_the_default_port_to_8883():
    assert MqttConfig(host="h", tls=True).broker_port == 8883
    assert MqttConfig(host="h", tls=True, port=1884).broker_port == 1884


@pytest.mark.parametrize(
    "text, said",
    [
        ("mqtt:\n  port: 1883\n", "'mqtt' has no 'host'"),
        ("mqtt:\n  host: ''\n", "'host' in mqtt is blank"),
        ("mqtt: broker.lan\n", "mqtt must be a mapping of settings"),
    ],
)
def test_an_mqtt_section_without_a_usable_host_leaves_the_link_off(tmp_path, text, said):
    config, warnings = load(tmp_path, text)
    assert config.mqtt is None
    assert any(said in w for w in warnings), warnings


def test_a_wildcard_in_the_topic_prefix_is_refused_and_the_default_kept(tmp_path):
    config, warnings = load(tmp_path, "mqtt:\n  host: b\n  topic_prefix: home/#\n  port: 70000\n")
    assert config.mqtt.topic_prefix == "facepacer" and config.mqtt.port is None
    assert any("'topic_prefix' in mqtt is 'home/#'" in w for w in warnings), warnings
    assert any("'port' in mqtt is 70000" in w for w in warnings), warnings


def test_a_password_and_a_password_file_together_keep_the_file(tmp_path):
    config, warnings = load(tmp_path, "mqtt:\n  host: b\n  password: x\n  password_file: /pw\n")
    assert config.mqtt.password is None and config.mqtt.password_file == "/pw"
    assert any("both set" in w for w in warnings)
