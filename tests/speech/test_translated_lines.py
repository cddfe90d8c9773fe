"""A translation's spoken lines are timed by espeak-ng in the translation's own language, and
``rituals validate`` warns of one that runs longer than its step, at the translated step's line."""

from __future__ import annotations

import wave

import pytest

from facepacer.cli import main
from facepacer.config import VoiceConfig
from facepacer.speech.length import line_seconds, sound_seconds
from facepacer.speech.synth import Line, Synth, espeak_language, find_espeak, voice_for

RITUAL = """\
format: 1
id: timed
title: Timed
steps:
  - {{zone: cheeks, title: Up, say: Up., seconds: 3}}
translations:
  {code}:
    title: Zeitlich
    steps:
      - title: Hoch
        say: {say}
"""
LONG = "Streich langsam mit beiden Händen von der Mitte der Stirn hinaus bis zu den Schläfen."


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


def validate(folder, capsys, code="de", say=LONG):
    path = folder / "timed.yaml"
    path.write_text(RITUAL.format(code=code, say=say))
    status = main(["rituals", "validate", str(path)])
    out, err = capsys.readouterr()
    return path, status, out.splitlines(), err


def test_validate_warns_of_a_translated_line_longer_than_its_step_at_that_line(folder, capsys):
    path, status, out, err = validate(folder, capsys)
    assert status == 0 and err == ""
    assert out[0] == f"OK {path}"
    (warning,) = out[1:]
    assert warning.startswith(
        f"{path}:10:1: warning: step 1 lasts 3 s but its spoken line in de takes "
    )
    assert warning.endswith(" s; shorten the words or give the step more time")
    said = float(warning.split(" takes ")[1].split(" s;")[0])
    assert 4.0 < said < 8.0


def test_validate_says_nothing_more_when_a_translated_line_fits(folder, capsys):
    path, status, out, err = validate(folder, capsys, say="Hoch.")
    assert (status, out, err) == (0, [f"OK {path}"], "")


def test_a_translation_espeak_ng_cannot_say_is_said_once_and_not_timed(folder, capsys):
    path, status, out, err = validate(folder, capsys, code="yo")
    assert status == 0 and out == [f"OK {path}"]
    assert err == (
        "facepacer rituals validate: warning: espeak-ng cannot say yo (Yoruba), so how long "
        "its spoken lines last is not checked\n"
    )


@pytest.mark.parametrize(
    "code, name", [("de", "de"), ("de_AT", "de-at"), ("pt_BR", "pt-br"), ("en", "en")]
)
def test_a_ritual_language_code_is_given_to_espeak_ng_in_its_spelling(code, name):
    assert espeak_language(code) == name


@pytest.mark.parametrize(
    "language, configured, voice",
    [
        ("en", "en-gb", "en-gb"),
        ("en_GB", "en+f3", "en+f3"),
        ("de", "en-gb", None),
        ("de", "de+f2", "de+f2"),
        ("de_AT", "DE", "DE"),
        ("fr", None, None),
        ("en", "", None),
    ],
)
def test_a_configured_voice_says_only_the_lines_of_its_own_language(language, configured, voice):
    assert voice_for(language, configured) == voice


def test_a_german_line_is_timed_in_german_even_with_an_english_voice_configured(tmp_path):
    synth = Synth(find_espeak(), tmp_path)
    config = VoiceConfig(voice="en-gb", rate=160)
    line = Line(0, "Streich sanft über die Wange bis vor das Ohr.")
    seconds = line_seconds(line, config, synth, language="de_AT")
    rendered = synth.path(line.text, language="de_AT", voice=None, rate=160)
    assert rendered.is_file() and seconds == sound_seconds(rendered) and seconds > 1.0
    assert not synth.path(line.text, language="de_AT", voice="en-gb", rate=160).exists()
    line_seconds(line, config, synth, language="en")
    assert synth.path(line.text, language="en", voice="en-gb", rate=160).is_file()


def test_espeak_ng_says_a_line_in_a_country_of_a_language(tmp_path):
    synth = Synth(find_espeak(), tmp_path)
    path = synth.render("Guten Morgen.", language="de_AT", voice=None, rate=160)
    assert sound_seconds(path) > 0.3


def test_a_translated_steps_recording_is_timed_too(folder, capsys):
    with wave.open(str(folder / "hoch.wav"), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\x00\x10" * 8000 * 4)
    path, status, out, err = validate(folder, capsys, say="Hoch.\n        voice: hoch.wav")
    assert status == 0 and err == ""
    assert out[1:] == [
        f"{path}:10:1: warning: step 1 lasts 3 s but its voice file in de takes 4.0 s; "
        "shorten the words or give the step more time"
    ]
