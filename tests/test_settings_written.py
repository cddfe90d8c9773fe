"""The settings template on the Pi and README's blocks of defaults are what the settings' fields
render: neither can name a default, a range or a choice the loader does not have."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from facepacer.config import Config
from facepacer.settings_table import Setting, limits_said, record, walk
from facepacer.settings_written import setting_row, template

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "config.yaml"
README = ROOT / "README.md"


def load_script():
    spec = importlib.util.spec_from_file_location(
        "make_settings", ROOT / "docs" / "make_settings.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_template_is_what_the_fields_render():
    assert TEMPLATE.read_text(encoding="utf-8") == template(), "run python docs/make_settings.py"


def test_readmes_blocks_of_defaults_are_what_the_fields_render():
    text = README.read_text(encoding="utf-8")
    assert load_script().with_blocks(text) == text, "run python docs/make_settings.py"


@pytest.mark.parametrize(
    "line",
    [
        "#   rate: 160             # words a minute (80-450)",
        "# weekly_goal: 5          # days a week that keep the streak going (1-7)",
        "# theme: calm             # calm or contrast (black, white and yellow)",
        "#   speak: off            # what is said at each step: off, title or both (title and "
        "instruction)",
        "#   poll_interval: 0.02   # between reads when there is no IRQ wire (0.005-1 seconds)",
        "#   pad: 0                # the electrode that taps and holds (0-11)",
        "#   touch_threshold: 12   # counts below the baseline that make a touch (1-255)",
        "#   release_threshold: 6  # counts that end it (0-254); below touch_threshold",
        "#   charge_current: null  # uA, 1-63: with charge_time, a fixed charge;",
        "#   charge_time: null     # us, one of 0.5, 1, 2, 4, 8, 16, 32",
        "#   address: 0x5A         # the MPR121's ADDR pin: GND 0x5A, VDD 0x5B, SDA 0x5C, SCL 0x5D",
        '#   night_start: "22:00"  # quieter (night_volume) and no stroke ticks until night_end;',
        "# mqtt:                   # off until it has a host (README: Home Assistant over MQTT)",
    ],
)
def test_the_template_says_each_default_with_its_limits(line):
    assert line in template().splitlines()


def test_every_setting_outside_a_section_off_until_written_is_in_the_template():
    folded = ("reminder.", "mqtt.")
    names = [name for name, _, _ in walk(Config) if not name.startswith(folded)]
    keys = [line[2:].split(":")[0].strip() for line in template().splitlines() if ":" in line]
    assert len(names) == 38  # 14 of Config, 12 of the sensor, 7 of the buzzer, 5 of the voice
    for name in names:
        assert name.split(".")[-1] in keys, name


def test_limits_are_said_as_a_range_with_its_unit_or_as_choices():
    assert limits_said(("integer", 80, 450)) == "80-450"
    assert limits_said(("number", 0.1, 2.0, " seconds")) == "0.1-2 seconds"
    assert limits_said(("choice", ("off", "title", "both"))) == "off, title or both"
    assert limits_said(("choice", ("calm",))) == "calm"
    assert limits_said(("address",)) == ""


def test_a_setting_with_no_default_to_write_is_written_as_its_example_commented_out():
    row = setting_row(0, "backlight", None, Setting(help="a name", example="rpi_backlight"))
    assert (row.value, row.example) == ("rpi_backlight", True)
    assert setting_row(0, "voice", None, Setting(null=True)).value == "null"


def test_a_setting_with_neither_a_default_to_write_nor_an_example_is_refused():
    with pytest.raises(ValueError, match="'host' has no default to write"):
        setting_row(1, "host", None, Setting())


# Read by their section's own code, each against another setting or in a shape of its own.
READ_BY_HAND = {
    "sensor", "buzzer", "voice", "reminder", "mqtt", "sensor.roles", "sensor.charge_current",
    "sensor.charge_time", "reminder.time", "reminder.days", "mqtt.host",
}  # fmt: skip


@pytest.mark.parametrize("name", [name for name, _, _ in walk(Config)])
def test_every_setting_is_declared_with_a_record_and_a_rule_or_read_by_hand(name):
    item = next(item for dotted, item, _ in walk(Config) if dotted == name)
    assert "setting" in item.metadata, f"{name} is declared without setting(...)"
    assert bool(record(item).rule) != (name in READ_BY_HAND), name
