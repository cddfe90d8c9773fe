"""A problem with text names each character it found as the escape to write in YAML, so that
the name can be searched for in the file, or pasted back: beyond the first 65536 characters
that is \\U and eight hex digits (the variation selectors, the tags block, private use planes),
never \\u with five digits, which YAML reads as another character and a digit."""

from __future__ import annotations

import re
import unicodedata

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from facepacer.ritual.checks import unsafe, visible

from .test_invisible_text import RITUAL, problems_of

# Characters that draw nothing: formats, marks, private use, unassigned, across every plane.
INVISIBLE = st.characters(
    categories=("Cf", "Mn", "Me", "Co", "Cn"), exclude_characters="\ufeff"
).filter(lambda ch: not visible(ch) and not unsafe(ch))


def named(problem: str) -> list:
    """The characters a problem names, each read back as YAML reads its escape."""
    codes = re.search(r"it holds only (.*?), which draw nothing", problem).group(1)
    return [yaml.safe_load(f'"{code}"') for code in codes.split(", ") if code != "..."]


@given(text=st.lists(INVISIBLE, min_size=1, max_size=4, unique=True).map("".join))
@example(text="\U000e0100")  # a variation selector of the supplement
@example(text="\U000e0041\U000e007f")  # tag letters
@example(text="\U000f0000")  # a private use plane
def test_each_character_a_problem_names_reads_back_as_that_character(text):
    escaped = "".join(f"\\U{ord(ch):08x}" for ch in text)
    (problem,) = problems_of(RITUAL.format(title=f'"{escaped}"', step="One", say="First."))
    assert named(problem) == list(dict.fromkeys(text))[:6], unicodedata.name(text[0], "?")


def test_a_direction_control_is_named_as_yaml_reads_it():
    (problem,) = problems_of(RITUAL.format(title='"Glow\\u202e"', step="One", say="First."))
    assert "(\\u202e)" in problem
