"""A ritual's ``language:`` and ``translations:``: the words in other languages, checked as
strictly as the originals, each problem at its line and column."""

from __future__ import annotations

import wave
from dataclasses import FrozenInstanceError

import pytest

from facepacer.errors import RitualError
from facepacer.ritual import RitualText, StepText, load_ritual, load_ritual_text

from .samples import VALID, edited, only_problem, problems

# VALID is lines 1-16; the translation follows from line 17.
GERMAN = """\
translations:
  de:
    title: Testritual
    summary: Ein kurzes Ritual für die Tests.
    steps:
      - title: Kiefer
        say: Vom Kinn zum Ohr gleiten.
      - title: Wangen
        say: Nach oben und außen streichen.
"""
TRANSLATED = VALID + GERMAN


def translated(old: str, new: str) -> str:
    """TRANSLATED with ``old`` (once, in the translation) replaced by ``new``."""
    return VALID + edited(old, new, GERMAN)


def also(code: str, title: str = "Titel") -> str:
    """Another translation, of the same shape as the German one, to follow it."""
    return (
        f"  {code}:\n    title: {title}\n    summary: Kurz.\n    steps:\n"
        "      - {title: Eins, say: Erstens.}\n      - {title: Zwei, say: Zweitens.}\n"
    )


# What a valid translation gives


def test_a_translation_is_read_into_frozen_words_beside_the_ritual():
    ritual = load_ritual_text(TRANSLATED, "r.yaml")
    assert ritual.language == "en"
    assert ritual.languages == ("en", "de")
    assert ritual.translations == (
        (
            "de",
            RitualText(
                title="Testritual",
                summary="Ein kurzes Ritual für die Tests.",
                steps=(
                    StepText("Kiefer", "Vom Kinn zum Ohr gleiten.", line=22),
                    StepText("Wangen", "Nach oben und außen streichen.", line=24),
                ),
            ),
        ),
    )
    with pytest.raises(FrozenInstanceError):
        ritual.translations[0][1].title = "x"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        ritual.translations[0][1].steps[0].say = "x"  # type: ignore[misc]


def test_a_ritual_without_translations_is_in_english_only():
    ritual = load_ritual_text(VALID)
    assert ritual.language == "en" and ritual.languages == ("en",) and ritual.translations == ()


def test_a_ritual_written_in_german_can_carry_english():
    text = (
        "format: 1\nid: kurz\ntitle: Kurz\nlanguage: de\nsteps:\n"
        "  - {zone: chin, title: Kinn, say: Kreise., seconds: 5}\n"
        "translations:\n  en:\n    title: Short\n    steps:\n      - {title: Chin, say: Circles.}\n"
    )
    ritual = load_ritual_text(text)
    assert ritual.languages == ("de", "en")
    assert ritual.in_language("en").steps[0].say == "Circles."


@pytest.mark.parametrize("written, code", [("de_AT", "de_AT"), ("de-AT", "de_AT"), ("fr", "fr")])
def test_a_code_with_a_country_is_kept_in_one_spelling(written, code):
    assert load_ritual_text(translated("  de:", f"  {written}:")).languages == ("en", code)


def test_a_language_and_one_of_its_countries_are_two_translations():
    ritual = load_ritual_text(TRANSLATED + also("de_AT", "Österreichisch"))
    assert ritual.languages == ("en", "de", "de_AT")


def test_an_empty_set_of_translations_is_none():
    assert load_ritual_text(VALID + "translations: {}\n").translations == ()


# Language codes


@pytest.mark.parametrize(
    "code, says",
    [
        ("xx", "'translations' names 'xx', an unknown language code; "
               "check it (a code is like 'de' or 'de_AT')"),
        ("de_XX", "'translations' names 'de_XX', an unknown language code; did you mean 'de'?"),
        ("DE", "'translations' names 'DE', which is not a language code; did you mean 'de'?"),
        ("de_at", "'translations' names 'de_at', which is not a language code; "
                  "did you mean 'de_AT'?"),
        ("German", "'translations' names 'German', which is not a language code; write one "
                   "like 'de' or 'de_AT': two lowercase letters, then '_' and a country's two "
                   "capital letters if needed"),
        ("'1'", "'translations' names '1', which is not a language code; write one like"),
    ],
)  # fmt: skip
def test_a_translation_under_a_wrong_code_is_named_at_its_key(code, says):
    message = only_problem(translated("  de:", f"  {code}:"))
    assert message.startswith(f"r.yaml:18:3: {says}")


@pytest.mark.parametrize(
    "code, says",
    [
        ("xx", "'language' is 'xx', an unknown language code; check it"),
        ("English", "'language' is 'English', which is not a language code; write one like"),
        ("EN", "'language' is 'EN', which is not a language code; did you mean 'en'?"),
        ("[en]", "'language' must be text of 1 to 40 characters, not a list"),
    ],
)
def test_a_wrong_language_of_the_file_is_named_at_its_value(code, says):
    message = only_problem(edited("summary:", f"language: {code}\nsummary:"))
    assert message.startswith(f"r.yaml:4:11: {says}")


def test_a_translation_into_the_files_own_language_is_rejected():
    assert only_problem(translated("  de:", "  en:")) == (
        "r.yaml:18:3: 'translations' names 'en', the language the file itself is written in "
        "('en' unless 'language:' says otherwise); translate into another language, or remove it"
    )
    german = edited("summary: A short", "language: de-DE\nsummary: A short", TRANSLATED)
    assert only_problem(german.replace("  de:", "  de_DE:")) == (
        "r.yaml:19:3: 'translations' names 'de_DE', the language the file itself is written in "
        "('language' is 'de_DE'); translate into another language, or remove it"
    )


def test_a_translation_into_a_country_of_the_files_own_language_is_allowed():
    ritual = load_ritual_text(translated("  de:", "  en_GB:"))
    assert ritual.languages == ("en", "en_GB")


def test_one_code_written_two_ways_is_a_duplicate():
    text = translated("  de:", "  de_DE:") + also("de-DE")
    assert only_problem(text) == (
        "r.yaml:26:3: 'translations' names 'de-DE', the same language as 'de_DE' at line 18; "
        "keep one"
    )


def test_one_code_written_twice_alike_is_a_duplicate_key():
    assert only_problem(TRANSLATED + also("de")) == (
        "r.yaml:26:3: duplicate key 'de'; it is already given at line 18: keep one"
    )


# Steps


def test_a_translation_with_fewer_steps_says_both_counts():
    text = translated("      - title: Wangen\n        say: Nach oben und außen streichen.\n", "")
    assert only_problem(text) == (
        "r.yaml:22:7: 'steps' in translation 'de' has 1 step but the ritual has 2: "
        "translate each step once, in order"
    )


def test_a_translation_with_more_steps_says_both_counts():
    text = TRANSLATED + "      - {title: Drei, say: Noch einer.}\n"
    assert only_problem(text) == (
        "r.yaml:22:7: 'steps' in translation 'de' has 3 steps but the ritual has 2: "
        "translate each step once, in order"
    )


def test_an_empty_list_of_steps_is_a_wrong_count():
    text = VALID + "translations:\n  de: {title: T, summary: S, steps: []}\n"
    assert only_problem(text) == (
        "r.yaml:18:37: 'steps' in translation 'de' has 0 steps but the ritual has 2: "
        "translate each step once, in order"
    )


def test_the_count_follows_the_steps_as_written_even_when_one_is_broken():
    text = edited("seconds: 10", "seconds: ten", TRANSLATED)
    assert only_problem(text).startswith("r.yaml:15:14: 'seconds' in step 2 must be a number")


# Missing, empty and bad words


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("        say: Nach oben und außen streichen.\n", "",
         "r.yaml:24:9: missing required key 'say' in step 2 of translation 'de'"),
        ("      - title: Kiefer\n        say:", "      - say:",
         "r.yaml:22:9: missing required key 'title' in step 1 of translation 'de'"),
        ("    title: Testritual\n", "",
         "r.yaml:19:5: missing required key 'title' in translation 'de'"),
        ("    summary: Ein kurzes Ritual für die Tests.\n", "",
         "r.yaml:19:5: missing required key 'summary' in translation 'de'"),
        ("    steps:\n", "    stps:\n",
         "r.yaml:21:5: unknown key 'stps' in translation 'de'; did you mean 'steps'? "
         "the keys are: title, summary, steps"),
    ],
)  # fmt: skip
def test_a_missing_text_names_the_step_and_the_key(old, new, message):
    found = problems(translated(old, new))
    assert message in found


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("say: Vom Kinn zum Ohr gleiten.", "say: ''",
         "r.yaml:23:14: 'say' in step 1 of translation 'de' is blank; "
         "it must be text of 1 to 200 characters"),
        ("title: Wangen", "title: '   '",
         "r.yaml:24:16: 'title' in step 2 of translation 'de' is blank; "
         "it must be text of 1 to 40 characters"),
        ("title: Testritual", "title:",
         "r.yaml:19:11: 'title' in translation 'de' must be text of 1 to 40 characters, "
         "not an empty value"),
        ("summary: Ein kurzes Ritual für die Tests.", "summary: [kurz]",
         "r.yaml:20:14: 'summary' in translation 'de' must be text of 1 to 200 characters, "
         "not a list"),
        ("title: Testritual", "title: " + "Lang" * 11,
         "r.yaml:19:12: 'title' in translation 'de' is 44 characters "
         "('LangLangLangLangLangLangLangLangLangLang... (44 characters)'); "
         "at most 40: shorten it"),
        ("say: Vom Kinn zum Ohr gleiten.", "say: " + "x" * 201,
         "r.yaml:23:14: 'say' in step 1 of translation 'de' is 201 characters ('"
         + "x" * 40 + "... (201 characters)'); at most 200: shorten it"),
        ("summary: Ein kurzes Ritual für die Tests.", "summary: " + "y" * 201,
         "r.yaml:20:14: 'summary' in translation 'de' is 201 characters ('"
         + "y" * 40 + "... (201 characters)'); at most 200: shorten it"),
        ("say: Nach oben und außen streichen.", 'say: "Nach \\u202e oben"',
         "r.yaml:25:14: 'say' in step 2 of translation 'de' holds a direction control "
         "(\\u202e), which reorders the text around it; remove it: 'Nach \\u202e oben'"),
        ("title: Kiefer", 'title: "Kie\\ud800fer"',
         "r.yaml:22:16: 'title' in step 1 of translation 'de' holds half of a surrogate pair "
         "(\\ud800), which is no character; write the character itself: 'Kie\\ud800fer'"),
        ("title: Kiefer", 'title: "Kie\\e[2Jfer"',
         "r.yaml:22:16: 'title' in step 1 of translation 'de' holds a control character "
         "(\\u001b); remove it: 'Kie\\x1b[2Jfer'"),
    ],
)  # fmt: skip
def test_translated_words_pass_the_checks_of_the_originals(old, new, message):
    assert only_problem(translated(old, new)) == message


def test_forty_characters_of_title_and_two_hundred_of_say_are_accepted():
    text = translated("title: Kiefer", "title: " + "K" * 40)
    text = edited("say: Vom Kinn zum Ohr gleiten.", "say: " + "s" * 200, text)
    words = load_ritual_text(text).translations[0][1].steps[0]
    assert (len(words.title), len(words.say)) == (40, 200)


def test_a_summary_the_ritual_does_not_have_cannot_be_translated():
    text = edited("summary: A short ritual for the tests.\n", "", TRANSLATED)
    assert only_problem(text) == (
        "r.yaml:19:14: 'summary' in translation 'de' translates nothing: the ritual has no "
        "summary of its own; remove it, or give the ritual a summary too"
    )
    text = edited("    summary: Ein kurzes Ritual für die Tests.\n", "", text)
    assert load_ritual_text(text).in_language("de").summary == ""


# Keys that are not words


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("        say: Vom Kinn zum Ohr gleiten.\n",
         "        say: Vom Kinn zum Ohr gleiten.\n        seconds: 30\n",
         "r.yaml:24:9: 'seconds' in step 1 of translation 'de' belongs to the ritual, not to a "
         "translation, which gives only title, say, voice; remove it"),
        ("      - title: Wangen\n", "      - title: Wangen\n        zone: cheeks\n",
         "r.yaml:25:9: 'zone' in step 2 of translation 'de' belongs to the ritual, not to a "
         "translation, which gives only title, say, voice; remove it"),
        ("      - title: Wangen\n", "      - title: Wangen\n        colour: red\n",
         "r.yaml:25:9: unknown key 'colour' in step 2 of translation 'de'; "
         "the keys are: title, say, voice"),
        ("      - title: Wangen\n", "      - title: Wangen\n        sai: Hoch.\n",
         "r.yaml:25:9: unknown key 'sai' in step 2 of translation 'de'; did you mean 'say'? "
         "the keys are: title, say, voice"),
        ("    title: Testritual\n", "    title: Testritual\n    id: test-ritual\n",
         "r.yaml:20:5: 'id' in translation 'de' belongs to the ritual, not to a translation, "
         "which gives only title, summary, steps; remove it"),
        ("    title: Testritual\n", "    title: Testritual\n    colour: Rot\n",
         "r.yaml:20:5: unknown key 'colour' in translation 'de'; the keys are: title, summary, "
         "steps"),
    ],
)  # fmt: skip
def test_a_key_a_translation_does_not_have_is_named_with_the_keys_it_has(old, new, message):
    assert only_problem(translated(old, new)) == message


@pytest.mark.parametrize(
    "text, message",
    [
        (VALID + "translations: [de]\n",
         "r.yaml:17:15: 'translations' must be a mapping from language codes to translations "
         "(like de: {title: ..., steps: [...]}), not a list"),
        (VALID + "translations: Deutsch\n",
         "r.yaml:17:15: 'translations' must be a mapping from language codes to translations "
         "(like de: {title: ..., steps: [...]}), not the text 'Deutsch'"),
        (VALID + "translations:\n  de:\n",
         "r.yaml:18:6: translation 'de' must be a mapping of keys (title, summary, steps), "
         "not an empty value"),
        (VALID + "translations:\n  de: {title: T, summary: S, steps: {title: X}}\n",
         "r.yaml:18:37: 'steps' in translation 'de' must be a list that translates each of the "
         "ritual's steps in order, not a mapping of keys"),
        (VALID + "translations:\n  de: {title: T, summary: S, steps: [Eins, {title: Z, say: Z}]}\n",
         "r.yaml:18:38: step 1 of translation 'de' must be a mapping of keys "
         "(title, say, voice), not the text 'Eins'"),
    ],
)  # fmt: skip
def test_translations_of_the_wrong_shape_are_rejected(text, message):
    assert only_problem(text) == message


def test_every_problem_of_every_translation_is_reported_at_once():
    text = edited("zone: cheeks", "zone: cheek", TRANSLATED)
    text = edited("say: Vom Kinn zum Ohr gleiten.", "say: ''", text)
    text += also("xx") + "  fr: {title: Titre, summary: Court, steps: [{title: Un, say: Un.}]}\n"
    found = [message.split(": ", 1)[0] for message in problems(text)]
    assert found == ["r.yaml:12:11", "r.yaml:23:14", "r.yaml:26:3", "r.yaml:32:45"]


# Recordings in a translation


def tone(path, seconds=0.5):
    with wave.open(str(path), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\x00\x10" * int(8000 * seconds))


def test_a_translated_step_may_bring_its_own_recording_beside_the_ritual(tmp_path):
    tone(tmp_path / "kiefer.wav")
    path = tmp_path / "r.yaml"
    say = "say: Vom Kinn zum Ohr gleiten.\n"
    path.write_text(translated(say, say + "        voice: kiefer.wav\n"))
    ritual = load_ritual(path)
    words = ritual.translations[0][1].steps
    assert words[0].voice == str((tmp_path / "kiefer.wav").resolve())
    assert words[1].voice is None


@pytest.mark.parametrize(
    "voice, says",
    [
        ("../draussen.wav", "it must stay inside the ritual's folder"),
        ("/etc/passwd.wav", "it must be a path relative to the ritual file, like 'jaw.ogg'"),
        ("fehlt.wav", "but there is no such file in"),
        ("kiefer.mp3", "a voice file must be .wav or .ogg"),
        ("kaputt.wav", "but it is not a WAV or Ogg sound; check the file"),
    ],
)
def test_a_translated_recording_follows_the_rules_of_a_steps_voice(tmp_path, voice, says):
    folder = tmp_path / "mine"
    folder.mkdir()
    tone(tmp_path / "draussen.wav")
    (folder / "kaputt.wav").write_text("kein Ton")
    path = folder / "r.yaml"
    say = "say: Vom Kinn zum Ohr gleiten.\n"
    path.write_text(translated(say, say + f"        voice: {voice}\n"))
    with pytest.raises(RitualError) as caught:
        load_ritual(path)
    (message,) = caught.value.problems
    assert message.startswith(f"{path}:24:16: 'voice' in step 1 of translation 'de' is '{voice}'")
    assert says in message


def test_a_translated_recording_needs_a_ritual_file_on_disk():
    say = "say: Vom Kinn zum Ohr gleiten.\n"
    text = translated(say, say + "        voice: kiefer.wav\n")
    assert "can only be named in a ritual file on disk" in only_problem(text)
