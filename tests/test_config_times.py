"""A time of day in the settings (buzzer night_start and night_end, the reminder's time) is read
once, by the config, into a ``datetime.time`` that the buzzer and the reminder use as it is."""

from __future__ import annotations

from datetime import datetime, time, timezone

import pytest

from facepacer.app.reminder import DailyReminder
from facepacer.config import BuzzerConfig, ReminderConfig, load_config, time_of_day
from facepacer.hardware.buzzer import night_at


def load(tmp_path, text):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


@pytest.mark.parametrize(
    "text, read",
    [("00:00", time(0, 0)), ("23:59", time(23, 59)), ("7:05", time(7, 5)), ("07:05", time(7, 5))],
)
def test_a_time_of_day_is_hh_mm_on_the_24_hour_clock(text, read):
    assert time_of_day(text) == read


@pytest.mark.parametrize("text", ["24:00", "7:5", "10pm", "22:00:00", " 22:00", "", "2200"])
def test_a_time_of_day_out_of_the_rule_is_a_value_error_quoting_it(text):
    with pytest.raises(ValueError, match=f"HH:MM .*got {text!r}"):
        time_of_day(text)


@pytest.mark.parametrize("text, read", [("00:00", time(0, 0)), ("23:59", time(23, 59))])
def test_night_hours_and_the_reminder_are_read_from_the_file_as_times(tmp_path, text, read):
    config, warnings = load(
        tmp_path, f"buzzer:\n  night_start: {text}\n  night_end: {text}\nreminder: '{text}'\n"
    )
    assert warnings == []
    assert (config.buzzer.night_start, config.buzzer.night_end) == (read, read)
    assert config.reminder.time == read


@pytest.mark.parametrize("text", ["24:00", "7:5"])
def test_a_night_hour_out_of_the_rule_is_warned_about_and_keeps_its_default(tmp_path, text):
    config, warnings = load(tmp_path, f"buzzer:\n  night_start: '{text}'\n")
    assert config.buzzer.night_start == time(22, 0)
    (warning,) = warnings
    assert warning.endswith(
        f":2:16: 'night_start' in buzzer is '{text}'; it must be a time HH:MM like 22:00, "
        "or empty for no quiet hours; using the default '22:00'"
    )


@pytest.mark.parametrize("text", ["24:00", "7:5"])
def test_a_reminder_time_out_of_the_rule_is_warned_about_and_sets_no_reminder(tmp_path, text):
    config, warnings = load(tmp_path, f"reminder:\n  time: '{text}'\n")
    assert config.reminder.time is None
    (warning,) = warnings
    assert f":2:9: 'time' in reminder is '{text}'; it must be a time HH:MM like 21:30" in warning


def test_the_buzzers_night_is_the_configs_times_as_read():
    night = BuzzerConfig(night_start=time(23, 59), night_end=time(0, 0))
    assert night_at(night, time(23, 59)) and not night_at(night, time(23, 58))
    assert not night_at(night, time(0, 0))


def test_the_reminder_comes_at_the_configs_time_as_read():
    reminder = DailyReminder(ReminderConfig(time=time(0, 0)))
    wall = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
    assert reminder.next_at(wall) == datetime(2026, 3, 3, 0, 0, tzinfo=timezone.utc)


def test_hh_mm_text_given_to_the_settings_in_code_is_read_by_the_same_rule():
    assert BuzzerConfig(night_start="7:05").night_start == time(7, 5)
    with pytest.raises(ValueError, match="got '24:00'"):
        ReminderConfig(time="24:00")


def test_config_show_writes_a_time_as_hh_mm(tmp_path, capsys, monkeypatch):
    from facepacer.cli import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "config.yaml"
    path.write_text("reminder: '7:05'\n")
    assert main(["config", "show", str(path)]) == 0
    out = capsys.readouterr().out
    assert [line.split()[1] for line in out.splitlines() if line.startswith("reminder.time")] == [
        "07:05"
    ]
    assert [
        line.split()[1]
        for line in out.splitlines()
        if line.startswith(("buzzer.night_start", "buzzer.night_end"))
    ] == [
        "22:00",
        "07:00",
    ]
