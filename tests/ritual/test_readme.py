"""The ritual example in README.md is a valid ritual, so the documentation cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

from facepacer.ritual import load_ritual_text

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_ritual_example_is_valid():
    section = README.read_text(encoding="utf-8").split("<!-- section: rituals -->", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    ritual = load_ritual_text(example, "README.md")
    assert ritual.id == "jaw-release"
    assert [step.advance for step in ritual.steps] == ["timer", "touch"]
