"""``Ritual.in_language``: which translation a language asks for, and that only the words change."""

from __future__ import annotations

from dataclasses import replace

import pytest

from facepacer.ritual import Ritual, RitualText, Step, StepText, load_ritual_text
from facepacer.ritual.language import requested, written

STEPS = (
    Step(zone="jawline", title="Jaw", say="Glide to the ear.", seconds=20, strokes=6,
         side="alternate", line=6, voice="/r/jaw.wav"),
    Step(zone="cheeks", title="Cheeks", say="Sweep up.", seconds=10, advance="touch",
         image="/r/cheeks.png", line=12),
)  # fmt: skip


def words(title: str, *, voice=None) -> RitualText:
    """A translation whose every text starts with ``title``, so a test sees which one it got."""
    return RitualText(
        title=title,
        summary=f"{title}: summary",
        steps=(
            StepText(f"{title} 1", f"{title} says 1", voice=voice),
            StepText(f"{title} 2", f"{title} says 2"),
        ),
    )


def ritual(*codes: str, language: str = "en") -> Ritual:
    return Ritual(
        id="r", title="Ritual", steps=STEPS, summary="Summary", source="/r/r.yaml", id_line=2,
        language=language, translations=tuple((code, words(code)) for code in codes),
    )  # fmt: skip


@pytest.mark.parametrize(
    "offered, asked, chosen",
    [
        (("de",), "de", "de"),
        (("de",), "de_AT", "de"),
        (("de",), "de-AT", "de"),
        (("de",), "de_DE.UTF-8", "de"),
        (("de",), "de_CH@euro", "de"),
        (("de",), "DE", "de"),
        (("de_DE",), "de", "de_DE"),
        (("de_DE",), "de_AT", "de_DE"),
        (("de_DE", "de_AT"), "de", "de_DE"),
        (("de_DE", "de_AT"), "de-at", "de_AT"),
        (("de", "de_AT"), "de_AT", "de_AT"),
        (("de", "de_AT"), "de_CH", "de"),
        (("de_AT", "de"), "de_CH", "de"),
        (("fr", "de"), "fr_CA.UTF-8", "fr"),
        (("sr",), "sr_Latn_RS", "sr"),
    ],
)
def test_the_best_translation_is_the_same_code_then_the_language_alone_then_a_country_of_it(
    offered, asked, chosen
):
    shown = ritual(*offered).in_language(asked)
    assert shown.language == chosen
    assert shown.title == chosen
    assert [step.say for step in shown.steps] == [f"{chosen} says 1", f"{chosen} says 2"]


@pytest.mark.parametrize(
    "asked", ["en", "en_US", "en-GB", "EN", "en_US.UTF-8", "fr", "C", "", "POSIX", "x"]
)
def test_the_files_own_language_or_none_that_fits_gives_the_ritual_itself(asked):
    original = ritual("de", "de_AT")
    assert original.in_language(asked) is original


def test_the_files_own_language_is_chosen_before_a_country_of_it():
    original = ritual("en_GB")
    assert original.in_language("en_US") is original
    assert original.in_language("en_GB").title == "en_GB"


def test_a_ritual_written_in_german_is_itself_in_german_and_translated_into_english():
    original = ritual("en", language="de")
    assert original.languages == ("de", "en")
    assert original.in_language("de_AT") is original
    assert original.in_language("en_US").title == "en"


def test_only_the_words_change():
    original = ritual("de")
    shown = original.in_language("de")
    kept = (shown.id, shown.source, shown.id_line)
    assert kept == (original.id, original.source, original.id_line)
    assert shown.summary == "de: summary"
    for before, after in zip(original.steps, shown.steps):
        assert replace(after, title=before.title, say=before.say, voice=before.voice) == before
    assert shown.total_seconds == original.total_seconds
    assert shown.step_starts() == original.step_starts()


def test_a_recording_in_the_original_language_is_not_played_for_a_translation():
    shown = ritual("de").in_language("de")
    assert [step.voice for step in shown.steps] == [None, None]


def test_a_translations_own_recording_replaces_the_steps():
    original = replace(ritual(), translations=(("de", words("de", voice="/r/kiefer.ogg")),))
    assert [step.voice for step in original.in_language("de").steps] == ["/r/kiefer.ogg", None]


def test_a_translated_ritual_keeps_every_language_and_switches_back():
    original = ritual("de", "fr")
    german = original.in_language("de")
    assert german.languages == ("de", "en", "fr")
    assert german.in_language("fr").title == "fr"
    back = german.in_language("en")
    assert (back.title, back.summary, back.steps) == (original.title, original.summary, STEPS)
    assert back.languages == ("en", "de", "fr") and back.language == "en"
    assert german.in_language("de") is german


def test_a_translated_ritual_stays_frozen():
    shown = ritual("de").in_language("de")
    with pytest.raises(AttributeError):
        shown.title = "x"  # type: ignore[misc]
    assert isinstance(shown.steps, tuple) and isinstance(shown.translations, tuple)


def test_a_loaded_ritual_in_german_reads_like_the_german_file():
    text = """\
format: 1
id: kurz
title: Short
steps:
  - {zone: chin, title: Chin, say: Circles., seconds: 5, strokes: 5}
translations:
  de-DE:
    title: Kurz
    steps:
      - {title: Kinn, say: Kreise.}
"""
    german = load_ritual_text(text).in_language("de")
    assert (german.language, german.title, german.summary) == ("de_DE", "Kurz", "")
    assert (german.steps[0].title, german.steps[0].say, german.steps[0].strokes) == (
        "Kinn", "Kreise.", 5,
    )  # fmt: skip


@pytest.mark.parametrize(
    "text, code",
    [("de", "de"), ("de_AT", "de_AT"), ("de-AT", "de_AT"), ("De", None), ("deu", None),
     ("de_at", None), ("de_AUT", None), ("", None), ("de_", None)],
)  # fmt: skip
def test_a_file_writes_a_code_as_two_letters_and_perhaps_a_country(text, code):
    assert written(text) == code


@pytest.mark.parametrize(
    "text, code",
    [("de_DE.UTF-8", "de_DE"), ("DE-at", "de_AT"), ("de_CH@euro", "de_CH"), (" fr ", "fr"),
     ("sr_Latn_RS", "sr_RS"), ("C", "c"), ("", "")],
)  # fmt: skip
def test_a_language_asked_for_is_brought_to_the_same_spelling(text, code):
    assert requested(text) == code
