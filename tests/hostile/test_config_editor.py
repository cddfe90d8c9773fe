"""Calibration's rewrite of config.yaml against the files people keep: a link to the real file, a
read-only file, CRLF endings and a byte order mark, any value YAML accepts, shapes it cannot
edit (said with the real reason), and a save that fails: a notice, never an exit."""

from __future__ import annotations

import os
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facepacer.config import load_config
from facepacer.configedit import ConfigEditError, set_settings, threshold_saver

NEW = {"touch_threshold": 30, "release_threshold": 15}


def thresholds(path):
    config, _ = load_config(path)
    return config.sensor.touch_threshold, config.sensor.release_threshold


def test_a_link_is_followed_and_stays_a_link(tmp_path):
    real = tmp_path / "dotfiles" / "facepacer.yaml"
    real.parent.mkdir()
    real.write_text("sensor:\n  touch_threshold: 12\n")
    link = tmp_path / "config.yaml"
    link.symlink_to(real)
    set_settings(link, "sensor", NEW)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "sensor:\n  touch_threshold: 30\n  release_threshold: 15\n"
    assert sorted(p.name for p in real.parent.iterdir()) == ["facepacer.yaml"]


def test_a_read_only_file_is_left_as_it_is_even_for_root(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("sensor:\n  touch_threshold: 12\n")
    os.chmod(path, 0o444)
    with pytest.raises(ConfigEditError) as caught:
        set_settings(path, "sensor", NEW)
    assert str(caught.value).startswith(f"{path} is read-only, so it is left as it is")
    assert path.read_text() == "sensor:\n  touch_threshold: 12\n"
    assert oct(path.stat().st_mode & 0o777) == oct(0o444)


def test_a_writable_file_in_a_folder_of_its_own_keeps_its_mode(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("sensor:\n  touch_threshold: 12\n")
    os.chmod(path, 0o600)
    set_settings(path, "sensor", NEW)
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)


def test_crlf_endings_and_a_byte_order_mark_are_kept(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_bytes(b"\xef\xbb\xbf# mine\r\nsensor:\r\n  touch_threshold: 12  # low\r\n")
    set_settings(path, "sensor", NEW)
    assert path.read_bytes() == (
        b"\xef\xbb\xbf# mine\r\nsensor:\r\n  touch_threshold: 30  # low\r\n"
        b"  release_threshold: 15\r\n"
    )


def test_unix_endings_stay_unix_endings(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_bytes(b"sensor:\n  touch_threshold: 12\n")
    set_settings(path, "sensor", NEW)
    assert b"\r" not in path.read_bytes() and not path.read_bytes().startswith(b"\xef")


# (the line as written, the line after the edit): values YAML accepts that a pattern does not.
ODD_VALUES = [
    ("  touch_threshold: 12  # a\ttab in it", "  touch_threshold: 30  # a\ttab in it"),
    ("  touch_threshold: 12#not a comment", "  touch_threshold: 30"),
    ("  touch_threshold: '1#2'", "  touch_threshold: 30"),
    ("  touch_threshold: &t 12 # anchored", "  touch_threshold: &t 30 # anchored"),
    ("  touch_threshold: 12\t# PyYAML takes no tab here", None),
    ("  touch_threshold:\t12", None),
    ("  touch_threshold: 0x0C   # hex", "  touch_threshold: 30   # hex"),
    ("  touch_threshold: +12", "  touch_threshold: 30"),
    ("  touch_threshold:", "  touch_threshold: 30"),
    ("  touch_threshold: !!int 12", "  touch_threshold: !!int 30"),
]


@pytest.mark.parametrize("line, after", ODD_VALUES)
def test_any_value_yaml_accepts_is_replaced_whole_or_refused_with_a_reason(tmp_path, line, after):
    path = tmp_path / "config.yaml"
    text = f'sensor:\n{line}\n  release_threshold: 6\nname: "a # b\\tc"\n'
    path.write_text(text)
    try:
        set_settings(path, "sensor", NEW)
    except ConfigEditError as exc:
        assert after is None and str(exc).startswith(f"{path}:2:")
        assert "found character '\\t'" in str(exc)
        assert path.read_text() == text
        return
    assert path.read_text() == text.replace(line, after).replace("old: 6", "old: 15")
    assert thresholds(path) == (30, 15)


def test_a_hash_inside_a_quoted_value_elsewhere_is_kept(tmp_path):
    path = tmp_path / "config.yaml"
    text = "sensor:\n  pad: 0  # the big one\n  name_tag: 'x # y'\n  touch_threshold: \"12\"\n"
    path.write_text(text)
    with pytest.raises(ConfigEditError):  # "12" is text: it would not read back; nothing changes
        set_settings(path, "sensor", {"touch_threshold": "oops"})
    assert path.read_text() == text


def test_an_alias_is_named_as_the_reason(tmp_path):
    path = tmp_path / "config.yaml"
    text = "sensor:\n  touch_threshold: &t 12\n  release_threshold: *t\n"
    path.write_text(text.replace("12", "9"))
    with pytest.raises(ConfigEditError) as caught:
        set_settings(path, "sensor", NEW)
    assert str(caught.value).startswith(f"{path}:3:3: 'release_threshold' in 'sensor' is an alias")


def test_a_section_that_is_an_alias_is_named_as_the_reason(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("x-base: &s\n  touch_threshold: 12\nsensor: *s\n")
    with pytest.raises(ConfigEditError) as caught:
        set_settings(path, "sensor", NEW)
    assert str(caught.value).startswith(f"{path}:3:1: 'sensor' is an alias")


def test_a_flow_mapping_is_named_as_the_reason(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("{sensor: {touch_threshold: 12}}\n")
    with pytest.raises(ConfigEditError, match=r":1:1: the settings are one flow mapping"):
        set_settings(path, "sensor", NEW)


def test_a_file_that_is_not_yaml_is_named_with_its_place(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("sensor:\n  touch_threshold: [12\n")
    with pytest.raises(ConfigEditError, match=r"config.yaml:3:1: the file is not valid YAML"):
        set_settings(path, "sensor", NEW)


# Hypothesis: other settings of any text YAML can hold, comments of any text, the section
# anywhere in the file and at any indent: the edit changes the two values and nothing else.
WORDS = st.text(alphabet=string.printable.translate({13: None, 11: None, 12: None}), max_size=20)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=WORDS,
    comment=WORDS.map(lambda c: c.replace("\n", " ")),
    indent=st.integers(1, 6),
    first=st.booleans(),
    crlf=st.booleans(),
    separator=st.sampled_from([" ", "   "]),
)
def test_generated_files_keep_everything_but_the_two_values(
    tmp_path, name, comment, indent, first, crlf, separator
):
    pad = " " * indent
    sensor = f"sensor:  #{comment}\n{pad}touch_threshold:{separator}12 #{comment}\n{pad}pad: 0\n"
    other = f"name: {_quoted(name)}\n"
    text = sensor + other if first else other + sensor
    path = tmp_path / "config.yaml"
    path.write_bytes((text.replace("\n", "\r\n") if crlf else text).encode())
    set_settings(path, "sensor", NEW)
    written = path.read_bytes().decode()
    assert ("\r\n" in written) is crlf
    expected = text.replace(f"{separator}12 #", f"{separator}30 #").replace(
        f"{pad}pad: 0\n", f"{pad}pad: 0\n{pad}release_threshold: 15\n"
    )
    assert written.replace("\r\n", "\n") == expected
    config, _ = load_config(path)
    assert (config.sensor.touch_threshold, config.sensor.release_threshold) == (30, 15)


def _quoted(text: str) -> str:
    import json

    return json.dumps(text)  # JSON strings are YAML double-quoted strings


# -- a save that fails is a notice --------------------------------------------------------------


def test_the_saver_turns_every_failure_into_a_sentence(tmp_path, monkeypatch):
    path = tmp_path / "config.yaml"
    path.write_text("sensor: {touch_threshold: 12}\n")
    save = threshold_saver(str(path))
    assert save(30, 15).startswith(f"thresholds not saved: {path}:1:9: 'sensor' is a flow")
    monkeypatch.setattr("facepacer.configedit.set_settings", _boom)
    assert save(30, 15) == "thresholds not saved: RuntimeError: a bug"


def _boom(*_args, **_kwargs):
    raise RuntimeError("a bug")


def test_leftovers_of_a_cut_edit_are_removed_when_the_device_starts(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("partner: true\n")
    (tmp_path / ".config.yaml.ab12_xyz").write_text("half")
    (tmp_path / ".config.yaml.keepme").write_text("not ours")
    (tmp_path / ".other.yaml.ab12_xyz").write_text("not ours")
    threshold_saver(str(path))
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [".config.yaml.keepme", ".other.yaml.ab12_xyz", "config.yaml"]


# Through the picker of the three shipped rituals to "Calibrate the pad", taps and a hold to keep
# the thresholds it proposes.
CALIBRATE = """\
1 hold 1.5
3 tap
4 tap
5 tap
6 tap
7 hold 1.2
13 tap
14 tap
15 tap
17 hold 1.5
21 quit
"""


def write_script(home, text: str):
    path = home / "script.txt"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "text, notice",
    [
        ("sensor: {pad: 0}\n", "'sensor' is a flow mapping"),
        ("x: &s\n  pad: 0\nsensor: *s\n", "'sensor' is an alias"),
        ('sensor:\n  touch_threshold: 12  # a\ttab\n  pad: "0" # and"\n', None),
    ],
)
def test_the_calibration_screen_saves_or_shows_why_and_the_device_goes_on(
    home, headless, text, notice
):
    config = home / "config.yaml"
    config.write_text(text)
    script = write_script(home, CALIBRATE)
    outcome = headless("--config", str(config), "--script", str(script), ritual=None)
    assert outcome.code == 0 and outcome.summary["status"] is None  # quit at home
    if notice is None:
        assert "touch_threshold: 30  # a\ttab" in config.read_text()
        assert "thresholds not saved" not in outcome.err
    else:
        assert config.read_text() == text
        assert outcome.err.count("thresholds not saved") == 1 and notice in outcome.err


def test_probe_calibrate_says_why_it_did_not_save_and_exits_1(tmp_path):
    from ..hardware.test_probe import probe

    config = tmp_path / "config.yaml"
    config.write_text("sensor:\n  touch_threshold: 12\n")
    os.chmod(config, 0o444)
    (tmp_path / ".config.yaml.zz_left1").write_text("half")  # left by an edit cut short
    status, out, err = probe(["--sim", "--calibrate", "--yes", "--config", str(config)])
    assert status == 1 and "Proposed: touch_threshold 30" in out
    assert err.startswith(f"facepacer probe: error: {config} is read-only")
    assert config.read_text() == "sensor:\n  touch_threshold: 12\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]
