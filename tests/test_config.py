"""The config file: good settings are read; a bad one is a located warning and keeps its default."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facepacer.config import (
    WINDOW_RULE,
    BuzzerConfig,
    Config,
    SensorConfig,
    config_path,
    load_config,
)


@pytest.fixture(autouse=True)
def private_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def write(tmp_path, text, name="config.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_no_config_file_means_the_defaults_and_no_warnings():
    assert not config_path().exists()
    assert load_config() == (Config(), [])


def test_the_file_in_the_config_folder_is_read_by_default(tmp_path):
    config_path().parent.mkdir(parents=True)
    config_path().write_text("partner: true\n")
    assert load_config() == (Config(partner=True), [])


def test_a_config_file_named_but_missing_is_warned_about(tmp_path):
    path = tmp_path / "nope.yaml"
    assert load_config(path) == (Config(), [f"{path}:1:1: no such file; using the defaults"])


@pytest.mark.parametrize("text", ["", "# all commented out\n", "\n\n"])
def test_an_empty_config_file_means_the_defaults(tmp_path, text):
    assert load_config(write(tmp_path, text)) == (Config(), [])


GOOD = """\
partner: yes
mood: false
weekly_goal: 3
theme: contrast
size: 800x480
db: ~/sessions.db
sensor:
  bus: 0
  address: 0x5B
  irq_pin: ~
  poll_interval: 0.05
  pad: 1
  roles: {0: back, 5: pause, 11: next}
  touch_threshold: 20
  release_threshold: 10
  tap_max: 0.4
  hold_after: 1.5
buzzer:
  pin: 13
  active: true
  volume: 0.5
  mute: false
  night_start: 22:30
  night_end: 6:15
  night_volume: 0
"""


def test_every_setting_of_a_good_file_is_read(tmp_path):
    config, warnings = load_config(write(tmp_path, GOOD))
    assert warnings == []
    assert config == Config(
        sensor=SensorConfig(
            bus=0,
            address=0x5B,
            irq_pin=None,
            poll_interval=0.05,
            pad=1,
            roles={0: "back", 5: "pause", 11: "next"},
            touch_threshold=20,
            release_threshold=10,
            tap_max=0.4,
            hold_after=1.5,
        ),
        buzzer=BuzzerConfig(
            pin=13,
            active=True,
            volume=0.5,
            mute=False,
            night_start="22:30",
            night_end="06:15",
            night_volume=0.0,
        ),
        partner=True,
        mood=False,
        weekly_goal=3,
        theme="contrast",
        size=(800, 480),
        db=str(tmp_path / "home" / "sessions.db"),
    )


@pytest.mark.parametrize(
    "text, value",
    [("size: [1024, 600]\n", (1024, 600)), ("size: ' 640 X 480 '\n", (640, 480))],
)
def test_a_size_is_read_as_a_pair_or_as_text(tmp_path, text, value):
    assert load_config(write(tmp_path, text)) == (Config(size=value), [])


def test_an_address_is_read_as_hex_text_too(tmp_path):
    config, warnings = load_config(write(tmp_path, "sensor:\n  address: '0x5D'\n"))
    assert (config.sensor.address, warnings) == (0x5D, [])


def test_quiet_hours_can_be_turned_off(tmp_path):
    config, warnings = load_config(write(tmp_path, "buzzer:\n  night_start:\n  night_end: ~\n"))
    assert (config.buzzer.night_start, config.buzzer.night_end, warnings) == (None, None, [])


BAD = [
    ("partner: maybe\n", "1:10: 'partner' must be true or false, not the text 'maybe'; "
     "using the default false"),
    ("weekly_goal: 8\n", "1:14: 'weekly_goal' is 8; it must be a whole number from 1 to 7; "
     "using the default 5"),
    ("weekly_goal: true\n", "1:14: 'weekly_goal' must be a whole number from 1 to 7, "
     "not true (a yes/no value); using the default 5"),
    ("theme: contrst\n", "1:8: 'theme' is 'contrst'; did you mean 'contrast'? "
     "it must be one of calm, contrast; using the default 'calm'"),
    ("size: 480\n", f"1:7: 'size' must be [W, H] or {WINDOW_RULE}, not the number 480; "
     "using the default 480x320"),
    ("size: [10, 10]\n", "1:7: 'size': the window size 10x10 is out of range: it must be "
     f"{WINDOW_RULE}; using the default 480x320"),
    ("size: [480, 320, 1]\n", f"1:7: 'size' must be [W, H] or {WINDOW_RULE}, not a list; "
     "using the default 480x320"),
    ("db: [a]\n", "1:5: 'db' must be text of 1 to 4096 characters, not a list; "
     "using the default in the data directory"),
    ("sensor:\n  address: 0x20\n", "2:12: 'address' in sensor is 0x20; the MPR121 answers only at "
     "0x5A, 0x5B, 0x5C or 0x5D (set by its ADDR pin); using the default 0x5A"),
    ("sensor:\n  address: near\n", "2:12: 'address' in sensor must be a number like 0x5A, "
     "not the text 'near'; using the default 0x5A"),
    ("sensor:\n  bus: -1\n", "2:8: 'bus' in sensor is -1; it must be a whole number from 0 to 63; "
     "using the default 1"),
    ("sensor:\n  irq_pin: 40\n", "2:12: 'irq_pin' in sensor is 40; it must be a whole number "
     "from 0 to 27; using the default 4"),
    ("sensor:\n  pad: 12\n", "2:8: 'pad' in sensor is 12; it must be a whole number from 0 to 11; "
     "using the default 0"),
    ("sensor:\n  poll_interval: .nan\n", "2:18: 'poll_interval' in sensor is .nan; it must be a "
     "number from 0.005 to 1 seconds; using the default 0.02"),
    ("sensor:\n  touch_threshold: 300\n", "2:20: 'touch_threshold' in sensor is 300; it must be a "
     "whole number from 1 to 255; using the default 12"),
    ("sensor:\n  hold_after: 1 s\n", "2:15: 'hold_after' in sensor must be a number from 0.2 to "
     "5 seconds, not the text '1 s'; using the default 1.0"),
    ("buzzer:\n  pin: 18.5\n", "2:8: 'pin' in buzzer must be a whole number from 0 to 27, "
     "not the number 18.5; using the default 18"),
    ("buzzer:\n  volume: 2\n", "2:11: 'volume' in buzzer is 2; it must be a number from 0 to 1; "
     "using the default 1.0"),
    ("buzzer:\n  mute: 'no'\n", "2:9: 'mute' in buzzer must be true or false, not the text 'no'; "
     "using the default false"),
    ("buzzer:\n  night_start: 25:00\n", "2:16: 'night_start' in buzzer is '25:00'; it must be a "
     "time HH:MM like 22:00, or empty for no quiet hours; using the default '22:00'"),
    ("buzzer: loud\n", "1:9: buzzer must be a mapping of settings, not the text 'loud'; "
     "using the defaults"),
]  # fmt: skip


@pytest.mark.parametrize("text, message", BAD, ids=[text.split(":")[-2] for text, _ in BAD])
def test_a_bad_setting_is_a_located_warning_and_keeps_its_default(tmp_path, text, message):
    path = write(tmp_path, text)
    config, warnings = load_config(path)
    assert warnings == [f"{path}:{message}"]
    assert config == Config()


def test_an_unknown_key_is_warned_about_with_its_close_match(tmp_path):
    path = write(tmp_path, "theme: calm\nsensor:\n  adress: 0x5B\nmoood: false\n")
    config, warnings = load_config(path)
    assert warnings == [
        f"{path}:3:3: unknown key 'adress' in sensor; did you mean 'address'?",
        f"{path}:4:1: unknown key 'moood'; did you mean 'mood'?",
    ]
    assert config == Config()


def test_good_settings_beside_bad_ones_are_kept(tmp_path):
    path = write(tmp_path, "partner: true\nweekly_goal: 0\nsensor:\n  pad: 3\n  bus: x\n")
    config, warnings = load_config(path)
    assert [w.split(":")[1] for w in warnings] == ["2", "5"]
    assert config == Config(partner=True, sensor=SensorConfig(pad=3))


def test_a_release_threshold_not_below_the_touch_threshold_resets_both(tmp_path):
    path = write(tmp_path, "sensor:\n  touch_threshold: 8\n  release_threshold: 8\n")
    config, warnings = load_config(path)
    assert warnings == [
        f"{path}:3:22: 'release_threshold' (8) must be below 'touch_threshold' (8) in sensor; "
        "using the defaults 12 and 6"
    ]
    assert (config.sensor.touch_threshold, config.sensor.release_threshold) == (12, 6)


def test_a_tap_longer_than_a_hold_resets_both(tmp_path):
    path = write(tmp_path, "sensor:\n  tap_max: 1.5\n  hold_after: 1.2\n")
    config, warnings = load_config(path)
    assert warnings == [
        f"{path}:3:15: 'tap_max' (1.5) must not be longer than 'hold_after' (1.2) in sensor; "
        "using the defaults 0.6 and 1"
    ]
    assert (config.sensor.tap_max, config.sensor.hold_after) == (0.6, 1.0)


def test_bad_roles_are_dropped_and_good_ones_kept(tmp_path):
    path = write(tmp_path, "sensor:\n  pad: 2\n  roles:\n    2: back\n    3: nxt\n    12: pause\n"
                           "    4: pause\n")  # fmt: skip
    config, warnings = load_config(path)
    assert warnings == [
        f"{path}:4:5: electrode 2 in sensor roles is the pad, which taps and holds, so it cannot "
        "have a role too; this role is ignored",
        f"{path}:5:8: 'electrode 3' in sensor roles is 'nxt'; did you mean 'next'? it must be one "
        "of back, pause, next; this role is ignored",
        f"{path}:6:5: electrode '12' in sensor roles is not a number from 0 to 11; "
        "this role is ignored",
    ]
    assert config.sensor.roles == {4: "pause"}


def test_roles_that_are_not_a_mapping_are_warned_about(tmp_path):
    path = write(tmp_path, "sensor:\n  roles: [back]\n")
    config, warnings = load_config(path)
    assert warnings == [
        f"{path}:2:10: 'roles' in sensor must map electrodes to back, pause, next, like 3: back, "
        "not a list; using none"
    ]
    assert config.sensor.roles == {}


def test_a_yaml_syntax_error_gives_the_defaults_and_a_located_warning(tmp_path):
    path = write(tmp_path, "partner: true\ntheme: [calm\n")
    config, warnings = load_config(path)
    assert config == Config()
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}:3:1: YAML syntax:")
    assert warnings[0].endswith("; using the defaults")


def test_a_python_tag_in_the_config_is_not_run(tmp_path):
    marker = tmp_path / "ran"
    path = write(tmp_path, f"mood: !!python/object/apply:os.system ['touch {marker}']\n")
    config, warnings = load_config(path)
    assert warnings == [
        f"{path}:1:7: the tag '!!python/object/apply:os.system' is not allowed; "
        "plain values only (remove the tag)"
    ]
    assert config == Config() and not marker.exists()


def test_a_top_level_that_is_not_a_mapping_gives_the_defaults(tmp_path):
    path = write(tmp_path, "- partner\n")
    assert load_config(path) == (
        Config(),
        [
            f"{path}:1:1: the config file must be a mapping of settings, not a list; "
            "using the defaults"
        ],
    )


def test_a_config_file_that_is_not_utf8_gives_the_defaults(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_bytes(b"theme: \xff\n")
    assert load_config(path) == (
        Config(),
        [f"{path}:1:8: not UTF-8 text: byte 0xff at offset 7; save the file as UTF-8; "
         "using the defaults"],
    )  # fmt: skip


def test_a_duplicate_key_is_warned_about_and_the_first_kept(tmp_path):
    path = write(tmp_path, "weekly_goal: 3\nweekly_goal: 4\n")
    config, warnings = load_config(path)
    assert warnings == [
        f"{path}:2:1: duplicate key 'weekly_goal'; it is already given at line 1: keep one"
    ]
    assert config.weekly_goal == 3


CONFIG_BITS = [
    "sensor:", "buzzer:", "  roles:", "    3: back", "  address: 0x5C", "size: [1, 2]",
    "theme: calm", "  night_start: 22:00", "~", "[", "{", "&a", "*a", "!!python/name:x",
    "- x", "  pad: 3", "  touch_threshold: 2", ": ", "'", "\t", "yes", ".nan",
]  # fmt: skip


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(CONFIG_BITS) | st.text(max_size=12), max_size=12))
def test_any_config_text_gives_a_config_and_located_warnings(tmp_path, lines):
    path = write(tmp_path, "\n".join(lines))
    config, warnings = load_config(path)
    assert isinstance(config, Config)
    assert all(re.match(rf"{re.escape(str(path))}:\d+:\d+: \S", w) for w in warnings), warnings
    assert config.sensor.touch_threshold > config.sensor.release_threshold
    assert config.sensor.pad not in config.sensor.roles


def test_a_fixed_charge_is_read_when_both_halves_are_given(tmp_path):
    path = write(tmp_path, "sensor:\n  charge_current: 32\n  charge_time: 0.5\n")
    config, warnings = load_config(path)
    assert warnings == []
    assert (config.sensor.charge_current, config.sensor.charge_time) == (32, 0.5)


@pytest.mark.parametrize(
    "text, message",
    [
        ("  charge_current: 32\n", "'charge_current' in sensor needs 'charge_time' too"),
        ("  charge_time: 2\n", "'charge_time' in sensor needs 'charge_current' too"),
        ("  charge_current: 64\n  charge_time: 2\n", "it must be a whole number from 1 to 63"),
        ("  charge_current: 8\n  charge_time: 3\n", "it must be one of 0.5, 1, 2, 4, 8, 16, 32"),
    ],
)
def test_half_a_charge_or_one_the_chip_cannot_take_means_auto_configuration(
    tmp_path, text, message
):
    path = write(tmp_path, "sensor:\n" + text)
    config, warnings = load_config(path)
    (warning,) = warnings
    assert message in warning and warning.endswith("using auto-configuration")
    assert (config.sensor.charge_current, config.sensor.charge_time) == (None, None)
