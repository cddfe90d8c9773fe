"""The voice keeps in memory the lines of the ritual at hand only (bench/bench_memory.py): the
others wait as files in the cache, loaded when their session starts, and nothing goes silent."""

from __future__ import annotations

import pytest

from facepacer.config import VoiceConfig
from facepacer.engine.events import Cue, SessionStarted
from facepacer.ritual import load_ritual
from facepacer.speech.synth import Synth, find_espeak
from facepacer.speech.voice import Voice

pytestmark = pytest.mark.skipif(find_espeak() is None, reason="espeak-ng is not installed")


def ritual_file(folder, name: str, words: str):
    path = folder / f"{name}.yaml"
    path.write_text(
        f"format: 1\nid: {name}\ntitle: {name.title()}\nsteps:\n"
        f"  - {{zone: cheeks, title: {words}, say: Sweep up., seconds: 1}}\n"
        f"  - {{zone: jawline, title: {words} again, say: Along the jaw., seconds: 1}}\n"
    )
    return load_ritual(path)


@pytest.fixture
def voice(tmp_path):
    made = Voice(VoiceConfig(speak="title"), clock=lambda: 0.0,
                 synth=Synth(find_espeak(), tmp_path / "cache"))  # fmt: skip
    yield made
    made.close()


def held(voice) -> set:
    return {ritual_id for ritual_id, _ in voice._sounds}


def test_of_the_rituals_prepared_only_the_first_is_held_in_memory(tmp_path, voice):
    first, second = ritual_file(tmp_path, "first", "One"), ritual_file(tmp_path, "second", "Two")
    voice.prepare([first, second])
    assert voice.wait(first, 30) and voice.wait(second, 30)
    assert held(voice) == {"first"}
    assert len(voice._files["second"]) == 2  # ready on disk all the same


def test_a_session_of_another_ritual_holds_its_lines_and_says_its_first_step(tmp_path, voice):
    first, second = ritual_file(tmp_path, "first", "One"), ritual_file(tmp_path, "second", "Two")
    voice.prepare([first, second])
    assert voice.wait(first, 30) and voice.wait(second, 30)
    said = voice.handle([SessionStarted("second", "Second", 2, 0.0), Cue("zone", 0.0, 0)], 0.0)
    assert [s.text for s in said] == ["Two"]
    assert held(voice) == {"second"}


def test_a_session_that_starts_before_its_lines_are_ready_holds_them_once_they_are(tmp_path, voice):
    second = ritual_file(tmp_path, "second", "Two")
    voice.handle([SessionStarted("second", "Second", 2, 0.0)], 0.0)
    assert voice.wait(second, 30)
    assert held(voice) == {"second"}
    said = voice.handle([Cue("zone", 1.0, 1)], 1.0)
    assert [s.text for s in said] == ["Two again"]
