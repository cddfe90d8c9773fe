"""A scripted tap or hold that lands while the pad is still held from an earlier line is one
mistake, said once at its own line ("already pressed, since line N"): its release, and the
release of the press it landed on, are not blamed as releases of a pad not pressed."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from facepacer.app.script import parse_script
from facepacer.errors import ScriptError


def problems(text: str) -> list:
    with pytest.raises(ScriptError) as refused:
        parse_script(text, "s.txt")
    return str(refused.value).splitlines()


@given(
    first=st.sampled_from(["tap", "hold 2", "hold 1.5"]),
    second=st.sampled_from(["tap", "hold 2"]),
    into=st.floats(0.0, 0.95),
)
@example(first="tap", second="tap", into=0.1)
@example(first="hold 2", second="tap", into=0.95)
def test_a_tap_or_hold_on_a_pad_still_held_is_one_problem_at_its_line(first, second, into):
    held = 0.1 if first == "tap" else float(first.split()[1])  # a tap holds the pad 0.1 s
    text = f"1 {first}\n{1.0 + into * held:.4f} {second}\n"
    assert problems(text) == ["s.txt:2: electrode 0 is already pressed (since line 1)"]


def test_a_release_of_a_pad_not_pressed_is_still_a_problem():
    assert problems("1 release\n") == ["s.txt:1: electrode 0 is not pressed"]


def test_taps_on_two_pads_at_once_are_fine():
    assert len(parse_script("1 tap\n1 tap pad 3\n", "s.txt")) == 4
