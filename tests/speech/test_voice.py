"""Spoken steps: every line made ready ahead of time off the loop, said at its zone cue, with
espeak-ng (the real one) or the step's own voice file; silent with one warning without it."""

from __future__ import annotations

import json
import threading
import wave

import pygame
import pytest

from facepacer.app.build import build
from facepacer.cli import build_parser
from facepacer.config import VoiceConfig
from facepacer.engine.events import Cue, SessionStarted
from facepacer.hardware.buzzer import RecordingBuzzer
from facepacer.ritual import Library, load_ritual
from facepacer.speech.synth import SpeechError, Synth, find_espeak, spoken_lines
from facepacer.speech.voice import Voice, build_voice

SHIPPED = ("symmetry-sculpt", "quick-calm", "lymphatic-drain")

SHORT = """\
format: 1
id: short
title: Short
steps:
  - {zone: cheeks, title: One, say: Sweep up., seconds: 1, strokes: 2}
  - {zone: jawline, title: Two, say: Along the jaw., seconds: 1}
  - {zone: forehead, title: Three, say: Up to the hairline., seconds: 1}
"""


def speak(home, setting: str = "both") -> None:
    """The voice on; the stroke guide off, as these runs need no frames of it."""
    config = home / "config" / "facepacer" / "config.yaml"
    config.write_text(f"guide: false\nvoice:\n  speak: {setting}\n")


def taps_for(ritual) -> str:
    """A script that taps once each touch step has run its time, so the ritual completes."""
    lines, t = [], 0.0
    for step in ritual.steps:
        t += step.seconds
        if step.advance == "touch":
            t += 0.5
            lines.append(f"{t:.2f} tap")
    return "\n".join(lines) + "\n"


def run_app(home, ritual: str, *extra: str, virtual=True, recording=False, quit_at=3.3):
    script = home / "script.txt"
    found = Library.load(include_user=False).resolve(ritual) if "/" not in ritual else None
    script.write_text(taps_for(found) if found else f"{quit_at} quit\n")
    argv = ["run", "--sim", "--headless", "--ritual", ritual, "--script", str(script), *extra]
    args = build_parser().parse_args(argv + (["--virtual-clock"] if virtual else []))
    app, warnings = build(args)
    if recording:  # the same sequencer, recording each tone with its volume instead of a pin
        app.wiring.buzzer = RecordingBuzzer(app.wiring.buzzer.config)
    try:
        summary = app.run()
    finally:
        app.close()
    return app, summary.as_dict(), warnings


def test_runs_of_the_shipped_rituals_say_each_step_at_its_zone_cue_never_synthesising_in_the_loop(
    home,
):
    speak(home)
    loop_thread = threading.get_ident()
    threads = []
    for ritual in SHIPPED:  # the first run renders every ritual's lines, in the background
        app, summary, warnings = run_app(home, ritual)
        assert summary["status"] == "completed" and warnings == []
        zones = [c for c in summary["cues"] if c["cue"] == "zone"]
        spoken = summary["spoken"]
        assert [s["step"] for s in spoken] == [c["step"] for c in zones]
        assert all(s["t"] == c["t"] for s, c in zip(spoken, zones))
        steps = Library.load(include_user=False).resolve(ritual).steps
        for line, step in zip(spoken, steps):
            assert line["text"] == f"{step.title}. {step.say}" and line["source"] == "espeak-ng"
            assert line["ends"] > line["t"]
        threads += app.wiring.voice.synth.threads
    assert threads, "nothing was synthesised: the cache should have started empty"
    assert loop_thread not in threads, "a line was synthesised on the loop's thread"


def test_on_the_real_clock_each_line_starts_within_50_ms_of_its_zone_cue(home):
    speak(home, "title")
    (home / "short.yaml").write_text(SHORT)
    _, summary, _ = run_app(home, str(home / "short.yaml"), virtual=False)
    zones = {c["step"]: c["t"] for c in summary["cues"] if c["cue"] == "zone"}
    assert [s["text"] for s in summary["spoken"]] == ["One", "Two", "Three"]
    for line in summary["spoken"]:
        assert 0 <= line["t"] - zones[line["step"]] < 0.05, line


DUCKED = """\
format: 1
id: ducked
title: Ducked
steps:
  - {zone: full_face, title: Ready, say: Ready., seconds: 1}
  - {zone: cheeks, title: Cheeks, say: Sweep up and out to the temple., seconds: 5, strokes: 10}
"""


def test_stroke_ticks_keep_their_times_but_play_quieter_while_the_voice_speaks(home):
    speak(home, "both")
    with open(home / "config" / "facepacer" / "config.yaml", "a") as config:
        config.write("buzzer: {night_start: null, night_end: null}\n")  # any time of day
    (home / "ducked.yaml").write_text(DUCKED)
    app, summary, _ = run_app(home, str(home / "ducked.yaml"), recording=True, quit_at=7)
    line = summary["spoken"][1]  # the first zone cue came before the recording buzzer
    assert line["t"] == 1.0 and 2.0 < line["ends"] < 5.5
    ticks = [c["t"] for c in summary["cues"] if c["cue"] == "stroke"]
    assert ticks == [1.0 + k * 0.5 for k in range(10)]
    buzzer = app.wiring.buzzer
    volumes = {t: v for t, f, v in buzzer.tones if f is not None}
    heard = [t for t in ticks if t in volumes]
    assert [t for t in heard if t < line["ends"]] and [t for t in heard if t >= line["ends"]]
    for t in heard:
        quiet = t < line["ends"]
        ducked = 0.4 if quiet else 1.0  # README: 40 % of their volume while the voice speaks
        assert volumes[t] == pytest.approx(buzzer.volume * ducked), t


def test_a_ducked_buzzer_plays_quieter_only_inside_the_window():
    buzzer = RecordingBuzzer()
    buzzer.duck(1.0, 2.0)
    for t in (0.0, 1.0, 2.5):
        buzzer.play("stroke", t)
        buzzer.update(t + 0.5)
    volumes = [v for _, f, v in buzzer.tones if f is not None]
    assert volumes == [1.0, 0.4, 1.0]  # README: 40 % of their volume


def test_the_voice_is_quieter_at_night_and_takes_half_the_mixers_scale_at_most(home):
    synth = Synth(find_espeak(), home / "cache")
    config = VoiceConfig(speak="title", volume=0.9, night_volume=0.2)
    voice = Voice(config, clock=lambda: 0.0, synth=synth)
    ritual = load_ritual(write(home, "short.yaml", SHORT))
    assert voice.wait(ritual, 30)
    voice.handle([SessionStarted(ritual.id, ritual.title, 3, 0.0)], 0.0)
    voice.handle([Cue("zone", 0.0, 0)], 0.0)
    assert voice._channel.get_volume() == pytest.approx(0.45, abs=0.01)  # 0.9 of half scale
    voice.set_night(True)
    voice.handle([Cue("zone", 1.0, 1)], 1.0)
    assert voice._channel.get_volume() == pytest.approx(0.1, abs=0.01)
    voice.close()


def test_a_line_not_ready_at_its_cue_is_skipped_not_synthesised(home):
    synth = Synth(find_espeak(), home / "cache")
    voice = Voice(VoiceConfig(speak="both"), clock=lambda: 0.0, synth=synth)
    started = SessionStarted("never-prepared", "Never", 1, 0.0)
    said = voice.handle([started, Cue("zone", 0.0, 0)], 0.0)
    assert said == [] and synth.threads == []
    voice.close()


def test_lines_are_cached_by_text_language_voice_and_rate(home):
    synth = Synth(find_espeak(), home / "own-cache")
    first = synth.render("Lift the cheeks.", language="en", voice=None, rate=160)
    with wave.open(str(first)) as sound:
        assert sound.getnframes() / sound.getframerate() > 0.5
    again = synth.render("Lift the cheeks.", language="en", voice=None, rate=160)
    assert again == first and len(synth.threads) == 1
    others = {synth.path("Lift the cheeks.", language="en", voice=None, rate=200),
              synth.path("Lift the cheeks.", language="de", voice=None, rate=160),
              synth.path("Lift the cheeks.", language="en", voice="en-gb", rate=160),
              synth.path("Lift the cheek.", language="en", voice=None, rate=160)}  # fmt: skip
    assert first not in others and len(others) == 4


def test_an_unknown_espeak_voice_is_an_error_naming_it(home):
    synth = Synth(find_espeak(), home / "cache")
    with pytest.raises(SpeechError, match="-v xx-nowhere"):
        synth.render("Hello.", language="en", voice="xx-nowhere", rate=160)
    assert list((home / "cache").glob("*.wav")) == []
    assert list((home / "cache").glob("*.part")) == []


def test_without_espeak_ng_one_warning_and_steps_without_a_voice_file_are_silent(home, monkeypatch):
    monkeypatch.setenv("PATH", str(home / "empty-bin"))
    speak(home)
    _, summary, warnings = run_app(home, "symmetry-sculpt")
    assert summary["status"] == "completed" and "spoken" not in summary
    assert len([w for w in warnings if "espeak-ng" in w]) == 1
    assert "sudo apt install espeak-ng" in warnings[0]


def test_a_steps_own_voice_file_is_played_instead_of_synthesis(home, monkeypatch):
    monkeypatch.setenv("PATH", str(home / "empty-bin"))  # no espeak-ng: the file alone speaks
    speak(home)
    folder = home / "mine"
    folder.mkdir()
    tone(folder / "one.wav", 0.4)
    text = SHORT.replace("say: Sweep up.,", "say: Sweep up., voice: one.wav,")
    (folder / "short.yaml").write_text(text)
    _, summary, _ = run_app(home, str(folder / "short.yaml"))
    assert summary["spoken"] == [
        {"t": 0.0, "ends": 0.4, "step": 0, "text": "One. Sweep up.", "source": "file"}
    ]


def test_the_spoken_text_follows_the_setting_and_partner_wording():
    ritual = Library.load(include_user=False).resolve("symmetry-sculpt")
    assert spoken_lines(ritual, "off") == []
    assert spoken_lines(ritual, "title")[0].text == ritual.steps[0].title
    both = spoken_lines(ritual, "both")[1].text
    assert both == f"{ritual.steps[1].title}. {ritual.steps[1].say}"


def test_build_voice_is_none_when_off():
    assert build_voice(VoiceConfig(), [], clock=lambda: 0.0) == (None, [])


def write(home, name, text):
    path = home / name
    path.write_text(text)
    return str(path)


def tone(path, seconds):
    with wave.open(str(path), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(22050)
        sound.writeframes(b"\x00\x10" * int(22050 * seconds))


def test_the_summary_lists_spoken_lines_as_json(home):
    speak(home, "title")
    (home / "short.yaml").write_text(SHORT)
    _, summary, _ = run_app(home, str(home / "short.yaml"))
    assert json.loads(json.dumps(summary))["spoken"][2] == {
        "t": 2.0, "ends": summary["spoken"][2]["ends"], "step": 2, "text": "Three",
        "source": "espeak-ng"}  # fmt: skip
    assert 2.1 < summary["spoken"][2]["ends"] < 3.0
    assert pygame.mixer.get_init()


def test_voice_settings_are_read_and_a_bad_one_keeps_its_default(tmp_path):
    from facepacer.config import load_config

    path = tmp_path / "config.yaml"
    path.write_text("voice:\n  speak: title\n  rate: 9000\n  voice: 'en; rm -rf /'\n"
                    "  night_volume: 0.1\n")  # fmt: skip
    config, warnings = load_config(path)
    assert config.voice == VoiceConfig(speak="title", night_volume=0.1)
    assert warnings[0].startswith(f"{path}:3:9: 'rate' in voice is 9000")
    assert warnings[1].startswith(f"{path}:4:10: 'voice' in voice is ")
    assert warnings[1].endswith("using the default voice of the language")


def test_in_german_each_step_says_its_german_words_with_the_german_voice(home):
    speak(home)
    app, summary, warnings = run_app(home, "symmetry-sculpt", "--language", "de")
    assert summary["status"] == "completed" and warnings == []
    german = Library.load(include_user=False).resolve("symmetry-sculpt").in_language("de")
    assert [s["text"] for s in summary["spoken"]] == [f"{s.title}. {s.say}" for s in german.steps]
    assert summary["spoken"][0]["text"].startswith("Kieferlinie modellieren.")
    synth = app.wiring.voice.synth
    for step in german.steps:  # rendered by espeak-ng's German voice, not the English one
        text = f"{step.title}. {step.say}"
        assert synth.path(text, language="de", voice=None, rate=160).is_file()
        assert not synth.path(text, language="en", voice=None, rate=160).exists()
