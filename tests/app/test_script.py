"""Script files: every action, every mistake named with its file and line."""

from __future__ import annotations

import pytest

from facepacer.app.script import ScriptEvent, load_script, parse_script
from facepacer.errors import ScriptError


def test_each_action_becomes_electrode_changes_in_time_order():
    events = parse_script(
        "# a demo\n3.0 tap\n5.0 hold 1.5   # pause\n7.0 press\n7.4 release\n9 tap pad 2\n60 quit\n"
    )
    assert [(e.t, e.action, e.electrode) for e in events] == [
        (3.0, "press", 0), (3.1, "release", 0), (5.0, "press", 0), (6.5, "release", 0),
        (7.0, "press", 0), (7.4, "release", 0), (9.0, "press", 2), (9.1, "release", 2),
        (60.0, "quit", 0),
    ]  # fmt: skip
    assert events[0] == ScriptEvent(3.0, "press", 0, 2)


def test_lines_may_come_in_any_order():
    events = parse_script("20 tap\n3 tap\n")
    assert [e.t for e in events] == [3.0, 3.1, 20.0, 20.1]


def test_a_hold_without_a_length_lasts_past_the_hold_time():
    (press, release) = parse_script("1 hold\n", hold_after=1.0)
    assert release.t - press.t > 1.0


@pytest.mark.parametrize(
    "line, words",
    [
        ("3.0 tapp", "unknown action 'tapp'; did you mean 'tap'?"),
        ("3.0 jump", "actions are tap, hold, press, release, quit, unplug, replug"),
        ("soon tap", "the time must be a number of seconds, got 'soon'"),
        ("-1 tap", "0 or more seconds, got '-1'"),
        ("nan tap", "0 or more seconds, got 'nan'"),
        ("3.0", "expected 'SECONDS ACTION', got '3.0'"),
        ("3.0 tap now", "unexpected 'now' after 'tap'"),
        ("3.0 hold 0.4", "a hold of 0.4 s is shorter than the hold time (1 s)"),
        ("3.0 hold long", "the hold's length must be a number of seconds, got 'long'"),
        ("3.0 tap pad 12", "pad must be an electrode 0-11, got '12'"),
        ("3.0 release", "electrode 0 is not pressed"),
    ],
)
def test_a_bad_line_is_named_with_file_line_and_value(line, words):
    with pytest.raises(ScriptError) as caught:
        parse_script(f"# header\n{line}\n", "demo.txt")
    assert str(caught.value).startswith("demo.txt:2: ")
    assert words in str(caught.value)


def test_every_bad_line_is_reported_at_once():
    with pytest.raises(ScriptError) as caught:
        parse_script("1 tapp\n2 tap\n3 jump\n", "s")
    lines = str(caught.value).splitlines()
    assert [line.split(": ")[0] for line in lines] == ["s:1", "s:3"]


def test_pressing_an_electrode_twice_names_the_earlier_line():
    with pytest.raises(ScriptError, match=r"s:3: electrode 0 is already pressed \(since line 1\)"):
        parse_script("1 press\n2 release pad 3\n3 press\n", "s")


def test_a_missing_or_binary_script_file_is_a_clear_error(tmp_path):
    with pytest.raises(ScriptError, match="nothing.txt: cannot read the script"):
        load_script(str(tmp_path / "nothing.txt"))
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"1 tap\n\xff\xfe\n")
    with pytest.raises(ScriptError, match=r"bin.txt:2: not UTF-8 text \(byte 0xff\)"):
        load_script(str(binary))
