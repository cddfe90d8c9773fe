"""The three shipped rituals load, pass the validator, and keep to the practice they describe."""

from __future__ import annotations

from pathlib import Path

import pytest

from facepacer.cli import main
from facepacer.paths import shipped_rituals
from facepacer.ritual import Library, load_ritual
from tests.languages import EVERY, TRANSLATED

SHIPPED = sorted(Path(str(shipped_rituals())).glob("*.yaml"))


def test_the_three_rituals_are_shipped():
    assert [path.name for path in SHIPPED] == [
        "lymphatic-drain.yaml",
        "quick-calm.yaml",
        "symmetry-sculpt.yaml",
    ]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_a_shipped_ritual_loads_with_its_file_name_as_id(path):
    assert load_ritual(path).id == path.stem


def test_validate_passes_every_shipped_file(capsys):
    status = main(["rituals", "validate", *map(str, SHIPPED)])
    out, err = capsys.readouterr()
    assert status == 0
    assert out.splitlines() == [f"OK {path}" for path in SHIPPED]
    assert err == ""


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_shipped_strokes_are_slow_and_instructions_short(path):
    for step in load_ritual(path).steps:
        assert step.stroke_period is None or 3 <= step.stroke_period <= 5, step
        assert len(step.say) <= 100, step.say
        assert all(len(sentence) <= 70 for sentence in step.say.split(". ")), step.say


def test_symmetry_sculpt_is_two_minutes_of_alternating_lifting_strokes_over_the_face():
    ritual = load_ritual(Path(str(shipped_rituals())) / "symmetry-sculpt.yaml")
    assert ritual.total_seconds == 120
    zones = [step.zone for step in ritual.steps]
    for zone in ("jawline", "cheeks", "mouth", "eyes", "brows", "forehead"):
        assert zone in zones
    assert sum(step.side == "alternate" for step in ritual.steps) >= 3
    assert all(step.strokes % 2 == 0 for step in ritual.steps if step.side == "alternate")
    assert "not affiliated with any brand" in ritual.summary


def test_lymphatic_drain_runs_from_the_collarbone_up_and_back_down_the_neck():
    ritual = load_ritual(Path(str(shipped_rituals())) / "lymphatic-drain.yaml")
    assert 270 <= ritual.total_seconds <= 330
    zones = [step.zone for step in ritual.steps]
    assert zones == ["decollete", "neck", "jawline", "cheeks", "eyes", "forehead", "neck"]
    for step in ritual.steps:
        per_side = step.strokes // 2 if step.side == "alternate" else step.strokes
        assert 5 <= per_side <= 7, step


def test_quick_calm_is_a_minute_that_starts_when_you_tap():
    ritual = load_ritual(Path(str(shipped_rituals())) / "quick-calm.yaml")
    assert ritual.total_seconds == 60
    first = ritual.steps[0]
    assert first.advance == "touch" and "tap when you are ready" in first.say.lower()
    assert all(step.advance == "timer" for step in ritual.steps[1:])


def test_the_library_offers_the_shipped_rituals_with_symmetry_sculpt_first():
    library = Library.load()
    assert library.ids == ("symmetry-sculpt", "quick-calm", "lymphatic-drain")
    assert library.warnings == ()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_a_shipped_ritual_is_written_in_english_and_each_catalogues_language(path):
    assert sorted(load_ritual(path).languages) == sorted(EVERY)


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_a_shipped_ritual_has_a_translation_of_every_text(path, code):
    ritual = load_ritual(path)
    translated = ritual.in_language(code)
    assert translated.language == code
    assert translated.title != ritual.title and translated.summary not in ("", ritual.summary)
    for english, step in zip(ritual.steps, translated.steps):
        assert step.title != english.title and step.say != english.say, step
        assert (step.zone, step.seconds, step.strokes, step.side) == (
            english.zone, english.seconds, english.strokes, english.side,
        )  # fmt: skip


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_a_shipped_translation_is_as_short_as_the_english(path, code):
    for step in load_ritual(path).in_language(code).steps:
        assert len(step.title) <= 25, step.title
        assert len(step.say) <= 100, step.say
        assert all(len(sentence) <= 70 for sentence in step.say.split(". ")), step.say


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_shipped_german_is_never_formal(path):
    german = load_ritual(path).in_language("de")
    texts = " ".join(f"{step.title} {step.say}" for step in german.steps).split()
    # The client is addressed as du, never Sie, in every ritual.
    assert "Sie" not in texts and "Ihre" not in texts and "Ihr" not in texts


def test_quick_calm_in_german_still_says_to_tap_when_ready():
    german = load_ritual(Path(str(shipped_rituals())) / "quick-calm.yaml").in_language("de_AT")
    assert "tippe, wenn du bereit bist" in german.steps[0].say.lower()


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_a_shipped_ritual_translated_switches_back_to_its_english(path, code):
    ritual = load_ritual(path)
    back = ritual.in_language(code).in_language("en")
    assert (back.title, back.summary, back.steps) == (ritual.title, ritual.summary, ritual.steps)
