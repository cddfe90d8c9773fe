"""`facepacer config show` names the file and line of every setting written there, and the value
written, whichever section it is in: the settings are read from the Config dataclass's fields."""

from __future__ import annotations

import pytest

from facepacer.cli import main
from facepacer.config import Config
from facepacer.settings_table import walk

# A valid value, not the default, for every setting; and lines the section needs besides it
# (MQTT needs a host, a fixed charge both its current and its time, reminder days a time).
SAMPLES = {
    "partner": "true",
    "mood": "false",
    "weekly_goal": "3",
    "theme": "contrast",
    "size": "800x480",
    "db": "/tmp/other.db",
    "backlight": "rpi_backlight",
    "guide": "false",
    "language": "de",
    "sensor.bus": "2",
    "sensor.address": "0x5B",
    "sensor.irq_pin": "17",
    "sensor.poll_interval": "0.05",
    "sensor.pad": "1",
    "sensor.roles": "{2: back}",
    "sensor.touch_threshold": "20",
    "sensor.release_threshold": "8",
    "sensor.tap_max": "0.4",
    "sensor.charge_current": "16\n  charge_time: 1",
    "sensor.charge_time": "1\n  charge_current: 16",
    "sensor.hold_after": "1.5",
    "buzzer.pin": "12",
    "buzzer.active": "true",
    "buzzer.volume": "0.5",
    "buzzer.mute": "true",
    "buzzer.night_start": '"23:00"',
    "buzzer.night_end": '"06:30"',
    "buzzer.night_volume": "0.1",
    "voice.speak": "both",
    "voice.rate": "200",
    "voice.volume": "0.5",
    "voice.night_volume": "0.1",
    "voice.voice": "en-gb",
    "reminder.time": '"21:30"',
    "reminder.days": '[mon, fri]\n  time: "21:30"',
    "mqtt.host": "broker.local",
    "mqtt.port": "1884\n  host: broker.local",
    "mqtt.tls": "true\n  host: broker.local",
    "mqtt.ca_file": "/etc/ca.pem\n  host: broker.local",
    "mqtt.username": "pi\n  host: broker.local",
    "mqtt.password": "secret\n  host: broker.local",
    "mqtt.password_file": "/etc/pw\n  host: broker.local",
    "mqtt.topic_prefix": "home/mirror\n  host: broker.local",
    "mqtt.discovery_prefix": "ha\n  host: broker.local",
    "mqtt.device_name": "Mirror\n  host: broker.local",
}


def section_fields():
    """``section.field`` for every field of every section of Config, from the dataclasses."""
    return [name for name, _, _ in walk(Config) if "." in name]


def own_fields():
    """Every setting of Config outside a section."""
    return [name for name, item, inner in walk(Config) if "." not in name and inner is None]


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def shown_rows(path, capsys):
    assert main(["config", "show", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "warning" not in err, err
    # the value may hold spaces ([mon, fri]), the source (a default, or a path here) has none
    rows = [line.split() for line in out.splitlines() if not line.startswith("#")]
    return {row[0]: [" ".join(row[1:-1]), row[-1]] for row in rows}


def test_the_sections_include_voice_reminder_and_mqtt():
    sections = {name.split(".")[0] for name in section_fields()}
    assert sections == {"sensor", "buzzer", "voice", "reminder", "mqtt"}


def test_the_settings_outside_a_section_are_the_nine_readme_lists():
    assert own_fields() == ["partner", "mood", "weekly_goal", "theme", "size", "db", "backlight",
                            "guide", "language"]  # fmt: skip


@pytest.mark.parametrize("name", section_fields())
def test_a_setting_written_in_any_section_is_shown_with_its_file_and_line(name, tmp_path, capsys):
    section, key = name.split(".")
    assert name in SAMPLES, f"{name} needs a valid non-default value in SAMPLES"
    path = tmp_path / "config.yaml"
    path.write_text(f"# settings\n{section}:\n  {key}: {SAMPLES[name]}\n")
    value, source = shown_rows(path, capsys)[name]
    assert source == f"{path}:3"
    defaults = tmp_path / "defaults.yaml"
    defaults.write_text("mood: true\n")
    default = shown_rows(defaults, capsys).get(name, ["no row: mqtt is off"])[0]
    assert value != default, "shown as the default"


@pytest.mark.parametrize("name", own_fields())
def test_a_setting_outside_a_section_is_shown_with_its_file_line_and_value(name, tmp_path, capsys):
    assert name in SAMPLES, f"{name} needs a valid non-default value in SAMPLES"
    path = tmp_path / "config.yaml"
    path.write_text(f"# settings\n{name}: {SAMPLES[name]}\n")
    assert shown_rows(path, capsys)[name] == [SAMPLES[name], f"{path}:2"]


def test_readmes_voice_speak_both_is_shown_from_the_file_not_as_the_default(tmp_path, capsys):
    path = tmp_path / "config.yaml"
    path.write_text("voice:\n  speak: both\n")
    assert shown_rows(path, capsys)["voice.speak"] == ["both", f"{path}:2"]
