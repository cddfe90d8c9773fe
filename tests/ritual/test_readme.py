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


def test_the_readme_translation_example_is_valid_and_carries_german():
    section = README.read_text(encoding="utf-8").split("<!-- section: rituals -->", 1)[1]
    section = section.split("<!-- section:", 1)[0]
    examples = re.findall(r"```yaml\n(.*?)```", section, re.S)
    (translated,) = [example for example in examples if "translations:" in example]
    ritual = load_ritual_text(translated, "README.md")
    assert ritual.languages == ("en", "de")
    german = ritual.in_language("de_AT")
    assert [step.say for step in german.steps] == [
        "Vom Kinn zum Ohr, fest und langsam.",
        "Handflächen auf die Wangen.",
    ]
