"""The voice at its edges: espeak-ng speaks at the configured rate, a line not ready in time is
said once however many steps it silences, and the summary lists the first session's lines only."""

from __future__ import annotations

import logging
import wave

from facepacer.app.summary import Summary
from facepacer.config import VoiceConfig
from facepacer.engine.events import Cue, SessionEnded, SessionStarted
from facepacer.speech.synth import Synth, find_espeak
from facepacer.speech.voice import Voice

TEXT = "Sweep up and out to the temple, then back along the jaw."


def seconds(path) -> float:
    with wave.open(str(path)) as sound:
        return sound.getnframes() / sound.getframerate()


def test_espeak_ng_says_a_line_at_the_configured_rate(home):
    synth = Synth(find_espeak(), home / "rates")
    slow = seconds(synth.render(TEXT, language="en", voice=None, rate=80))
    fast = seconds(synth.render(TEXT, language="en", voice=None, rate=320))
    assert slow > 2.5 * fast  # 80 words a minute against 320: four times as long, less pauses


def test_lines_not_ready_in_time_are_said_once_for_all_the_steps_they_silence(home, caplog):
    voice = Voice(VoiceConfig(speak="both"), clock=lambda: 0.0,
                  synth=Synth(find_espeak(), home / "cache"))  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="facepacer.speech.voice"):
        voice.handle([SessionStarted("unprepared", "U", 3, 0.0), Cue("zone", 0.0, 0)], 0.0)
        voice.handle([Cue("zone", 5.0, 1)], 5.0)
        voice.handle([Cue("zone", 9.0, 2)], 9.0)
    voice.close()
    late = [r.getMessage() for r in caplog.records if "not ready in time" in r.getMessage()]
    assert late == ["voice: the lines of 'unprepared' were not ready in time; steps are silent "
                    "until they are"]  # fmt: skip


def test_the_summary_lists_the_lines_of_its_first_session_only():
    summary = Summary()
    summary.add([SessionStarted("r", "R", 1, 10.0)])
    summary.spoken(10.0, 11.5, 0, "One", "espeak-ng")
    summary.add([SessionEnded("completed", t=20.0, active=10.0, elapsed=10.0)])
    summary.spoken(20.5, 21.0, 0, "Said after the end", "espeak-ng")
    summary.add([SessionStarted("r", "R", 1, 30.0)])
    summary.spoken(30.0, 31.5, 0, "One", "espeak-ng")
    assert summary.as_dict()["spoken"] == [
        {"t": 0.0, "ends": 1.5, "step": 0, "text": "One", "source": "espeak-ng"}
    ]
