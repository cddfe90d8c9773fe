"""`facepacer config path|show|validate`, and a bad settings file on a running device."""

from __future__ import annotations

import json

import pytest

from facepacer.app.build import build
from facepacer.cli import build_parser, main

TEN_SECONDS = """\
format: 1
id: ten
title: Ten
steps:
  - {zone: jawline, title: Jaw, say: Slowly., seconds: 10}
"""
BANANA = "partner: true\nsensor:\n  address: banana\n  irq_pin: 17\n"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path


def settings(tmp_path, text=BANANA):
    path = tmp_path / "config.yaml"
    path.write_text(text)
    return path


def test_path_prints_the_settings_file_in_the_config_directory(tmp_path, capsys):
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out == f"{tmp_path}/config/facepacer/config.yaml\n"


def test_validate_reports_a_bad_address_at_its_line_and_column_and_exits_1(tmp_path, capsys):
    path = settings(tmp_path)
    assert main(["config", "validate", str(path)]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(f"{path}:3:12: 'address' in sensor must be a number like 0x5A")
    assert "banana" in line and line.endswith("using the default 0x5A")


def test_validate_of_a_good_file_says_ok(tmp_path, capsys):
    path = settings(tmp_path, "partner: true\n")
    assert main(["config", "validate", str(path)]) == 0
    assert capsys.readouterr().out == f"OK {path}\n"


def test_validate_with_no_settings_file_at_all_is_fine(capsys):
    assert main(["config", "validate"]) == 0
    assert "every setting is its default" in capsys.readouterr().out


def test_validate_of_a_named_file_that_is_missing_fails(tmp_path, capsys):
    assert main(["config", "validate", str(tmp_path / "nope.yaml")]) == 1
    assert "nope.yaml:1:1: no such file" in capsys.readouterr().out


def test_show_gives_each_setting_its_value_and_where_it_came_from(tmp_path, capsys):
    path = settings(tmp_path)
    assert main(["config", "show", str(path)]) == 0
    out, err = capsys.readouterr()
    rows = {line.split()[0]: line.split(None, 2)[1:] for line in out.splitlines()}
    assert rows["partner"] == ["true", f"{path}:1"]
    assert rows["sensor.irq_pin"] == ["17", f"{path}:4"]
    assert rows["sensor.address"] == ["0x5A", f"default ({path}:3 was refused: see the warning)"]
    assert rows["theme"] == ["calm", "default"]
    assert "reminder.days             [mon, tue, wed, thu, fri, sat, sun]  default" in out
    assert rows["mqtt"] == ["null", "default"]
    assert rows["guide"] == ["true", "default"]
    assert rows["voice.speak"] == ["off", "default"]
    assert rows["language"] == ["null", "default"]
    # with the reminder, MQTT, guide and voice settings, sensor.charge_current, sensor.charge_time,
    # backlight and language
    assert len(rows) == 36
    assert "warning:" in err and ":3:12:" in err


def test_show_reads_the_settings_file_in_the_config_directory_by_default(tmp_path, capsys):
    path = tmp_path / "config" / "facepacer" / "config.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("# comment\nweekly_goal: 3\n")
    assert main(["config", "show"]) == 0
    assert (
        f"weekly_goal               3                         {path}:2" in capsys.readouterr().out
    )


def test_config_without_an_action_is_a_usage_error(capsys):
    assert main(["config"]) == 2
    assert "say path, show or validate" in capsys.readouterr().err


def test_the_device_started_with_a_bad_file_runs_on_defaults_with_the_warning_on_screen(
    tmp_path, capsys
):
    path = settings(tmp_path)
    args = build_parser().parse_args(
        ["run", "--sim", "--headless", "--virtual-clock", "--json", "--config", str(path),
         "--ritual", "quick-calm"]
    )  # fmt: skip
    app, warnings = build(args)
    try:
        shown = app._notices()
        assert any(":3:12: 'address' in sensor must be a number" in n for n in shown), shown
        assert any(":3:12:" in w for w in warnings)
    finally:
        app.close()
    ritual = tmp_path / "ten.yaml"
    ritual.write_text(TEN_SECONDS)
    assert main(["run", "--sim", "--headless", "--virtual-clock", "--json",
                 "--config", str(path), "--ritual", str(ritual)]) == 0  # fmt: skip
    out, err = capsys.readouterr()
    assert json.loads(out.splitlines()[-1])["status"] == "completed"
    assert "facepacer run: warning:" in err and ":3:12:" in err
