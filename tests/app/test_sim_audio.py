"""What the simulator makes you hear is what the device does: the sound the simulator hands the
mixer, captured in-process on the virtual clock and mixed as SDL_mixer mixes it (each channel's
samples times its volume in steps of 1/128, summed), checked against the run's JSON summary and
README's rules."""

from __future__ import annotations

import array
import math
import wave

import pygame
import pytest

from facepacer.app import build as composition
from facepacer.app.build import build
from facepacer.cli import build_parser
from facepacer.clock import VirtualClock

RATE = 22050
FULL = 32767

# A step of its own before the strokes, so its line ends before they start; the cheeks' line
# (1.2 s) speaks over the ticks at 2.5 and 3.0 s, not over those from 3.5 s on.
RITUAL = """\
format: 1
id: heard
title: Heard
steps:
  - {zone: full_face, title: Ready, say: Ready., seconds: 2, voice: ready.wav}
  - {zone: cheeks, title: Cheeks, say: Sweep up., seconds: 4, strokes: 8, voice: cheeks.wav}
"""


class Tap:
    """Stands in for a pygame mixer channel: keeps each sound given to it, with the clock time
    and the channel's volume, so the mix can be rebuilt sample by sample."""

    clock = None
    plays: list = []  # (channel, start, samples, volume), in order

    def __init__(self, index):
        self.index = index
        self.volume = 1.0

    def play(self, sound):
        rate, _, channels = pygame.mixer.get_init()
        assert rate == RATE
        samples = array.array("h", sound.get_raw())[::channels]
        Tap.plays.append([self.index, Tap.clock.now(), samples, self.volume, None])

    def stop(self):
        for play in Tap.plays:
            if play[0] == self.index and play[4] is None:
                play[4] = Tap.clock.now()

    def set_volume(self, volume):
        self.volume = int(volume * 128) / 128  # SDL_mixer's volumes are steps of 1/128

    def get_volume(self):
        return self.volume

    def get_busy(self):
        return False


class TappedClock(VirtualClock):
    def __init__(self):
        super().__init__()
        Tap.clock = self


def voice_file(path, seconds):
    """A line that peaks at 98 % of full scale, as a loud recording may."""
    with wave.open(str(path), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(RATE)
        count = int(RATE * seconds)
        wave_ = (int(0.98 * FULL * math.sin(2 * math.pi * 220 * i / RATE)) for i in range(count))
        sound.writeframes(array.array("h", wave_).tobytes())


@pytest.fixture
def home(tmp_path, monkeypatch):
    for name in ("DATA", "CONFIG", "CACHE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / name.lower()))
    (tmp_path / "config" / "facepacer").mkdir(parents=True)
    (tmp_path / "config" / "facepacer" / "config.yaml").write_text(
        "guide: false\nvoice:\n  speak: title\n"
    )
    voice_file(tmp_path / "ready.wav", 1.0)
    voice_file(tmp_path / "cheeks.wav", 1.2)
    (tmp_path / "heard.yaml").write_text(RITUAL)
    (tmp_path / "script.txt").write_text("9 quit\n")
    pygame.mixer.quit()
    monkeypatch.setattr(pygame.mixer, "Channel", Tap)
    monkeypatch.setattr(composition, "VirtualClock", TappedClock)
    monkeypatch.setattr(Tap, "plays", [])
    yield tmp_path
    pygame.mixer.quit()


def simulate(home, wall):
    """Run the ritual in the simulator (a window, so a speaker) on the virtual clock at ``wall``;
    the JSON summary and the mix of what reached the mixer, in samples from the session's start."""
    argv = ["sim", "--ritual", str(home / "heard.yaml"), "--script", str(home / "script.txt"),
            "--virtual-clock", "--wall", wall, "--json"]  # fmt: skip
    app, _ = build(build_parser().parse_args(argv))
    try:
        summary = app.run().as_dict()
    finally:
        app.close()
    return summary, mixdown(Tap.plays)


def mixdown(plays, seconds=10.0):
    """Each channel's track and their sum, as SDL_mixer adds them (before it clips)."""
    tracks = {0: [0.0] * int(RATE * seconds), 1: [0.0] * int(RATE * seconds)}
    for channel, start, samples, volume, stopped in plays:
        at = round(start * RATE)
        later = [round(p[1] * RATE) for p in plays if p[0] == channel and p[1] > start]
        cuts = later + ([] if stopped is None else [round(stopped * RATE)])
        end = min([at + len(samples), *cuts])  # a stop, or a new sound on the channel, cuts it
        track = tracks[channel]
        for i in range(at, min(end, len(track))):
            track[i] += samples[i - at] * volume
    mixed = [a + b for a, b in zip(tracks[0], tracks[1])]
    return tracks[0], mixed


def onset(track, t, within=0.025):
    """The first time from ``t - within`` on when the track is not silent."""
    start = max(0, round((t - within) * RATE))
    for i in range(start, len(track)):
        if abs(track[i]) > 0.01 * FULL:
            return i / RATE
    return None


def peak(track, t, seconds):
    return max(abs(v) for v in track[round(t * RATE) : round((t + seconds) * RATE)])


def heard(summary, cue):
    return [c for c in summary["cues"] if c["cue"] == cue and "sounded" in c]


def test_by_day_every_cue_sounds_within_25_ms_of_its_summary_time_and_nothing_else_sounds(home):
    summary, (cues, _) = simulate(home, "2026-12-04T12:00")
    assert summary["status"] == "completed"
    sounded = [c for c in summary["cues"] if "sounded" in c]
    assert all("sounded" in c or c.get("dropped") for c in summary["cues"])
    for cue in sounded:
        assert abs(onset(cues, cue["sounded"]) - cue["sounded"]) <= 0.025, cue
    spans = [(c["sounded"], c["sounded"] + 0.7) for c in sounded]  # no pattern is longer
    for i, v in enumerate(cues):
        if abs(v) > 0.01 * FULL:
            assert any(a - 0.025 <= i / RATE <= b for a, b in spans), f"a sound at {i / RATE} s"


def test_the_overlap_rule_shows_in_the_summary_and_in_the_sound(home):
    summary, (cues, _) = simulate(home, "2026-12-04T12:00")
    start, zone = summary["cues"][0], summary["cues"][1]
    assert (start["cue"], start["sounded"]) == ("start", 0.0)
    assert (zone["cue"], zone["t"], zone["sounded"]) == ("zone", 0.0, 0.43)  # 0.38 s + 0.05 gap
    first_tick = next(c for c in summary["cues"] if c["cue"] == "stroke")
    assert first_tick["t"] == 2.0 and first_tick["dropped"] is True  # the zone stands on its beat
    assert [c["sounded"] for c in heard(summary, "stroke")] == [2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5]
    assert peak(cues, 2.0, 0.3) > 0 and onset(cues, 0.43) == pytest.approx(0.43, abs=0.001)


def test_ticks_under_the_voice_play_at_40_percent_and_no_sample_reaches_full_scale(home):
    summary, (cues, mixed) = simulate(home, "2026-12-04T12:00")
    line = summary["spoken"][1]
    assert (line["t"], line["ends"]) == (2.0, 3.2)
    ticks = {c["sounded"]: peak(cues, c["sounded"], 0.03) for c in heard(summary, "stroke")}
    loud = ticks[4.0]
    assert ticks[2.5] / loud == pytest.approx(0.40, rel=0.05)
    assert ticks[3.0] / loud == pytest.approx(0.40, rel=0.05)
    assert ticks[3.5] / loud == pytest.approx(1.0, rel=0.05)
    assert max(abs(v) for v in mixed) < 0.96 * FULL  # the line overlaps the start and zone cues


def test_at_night_the_cues_play_at_30_percent_and_the_stroke_ticks_are_left_out(home):
    day, (day_cues, _) = simulate(home, "2026-12-04T12:00")
    voice_by_day = [play[3] for play in Tap.plays if play[0] == 1]
    Tap.plays.clear()
    night, (night_cues, mixed) = simulate(home, "2026-12-04T23:00")
    voice_by_night = [play[3] for play in Tap.plays if play[0] == 1]
    # The voice's volume (0.8 by day, 0.3 at night) of its half of the mixer's scale.
    assert voice_by_day == [pytest.approx(0.40, abs=0.01)] * 2
    assert voice_by_night == [pytest.approx(0.15, abs=0.01)] * 2
    assert heard(night, "stroke") == []
    assert all(c.get("dropped") for c in night["cues"] if c["cue"] == "stroke")
    assert night["cues"][0]["sounded"] == 0.0  # night mode held from the very first cue
    for cue in ("start", "zone", "finish"):
        for by_day, by_night in zip(heard(day, cue), heard(night, cue)):
            assert by_night["sounded"] == by_day["sounded"]
            ratio = peak(night_cues, by_night["sounded"], 0.1) / peak(
                day_cues, by_day["sounded"], 0.1
            )
            assert ratio == pytest.approx(0.30, rel=0.05), cue
    assert max(abs(v) for v in mixed) < 0.96 * FULL
    others = [c["sounded"] for c in night["cues"] if "sounded" in c]
    ticks = [c["t"] for c in night["cues"] if c["cue"] == "stroke"]
    silent = [t for t in ticks if all(abs(t - other) > 0.2 for other in others)]
    assert silent == [2.5, 3.5, 4.5, 5.5]  # the others fall on a countdown or a zone cue
    assert all(peak(night_cues, t, 0.03) == 0 for t in silent)


def test_m_silences_the_pattern_playing_and_the_voice_says_no_more_lines(home):
    """README: M mutes. The zone pattern sounding when M comes stops there, and no cue or line
    follows it into the mixer."""
    from facepacer.ui.input import InputEvent, InputKind

    argv = ["sim", "--ritual", str(home / "heard.yaml"), "--script", str(home / "script.txt"),
            "--virtual-clock", "--wall", "2026-12-04T12:00", "--json"]  # fmt: skip
    app, _ = build(build_parser().parse_args(argv))
    window, clock, pressed = app.wiring.window, app.wiring.clock, []
    events = window.events

    def with_m(timeout):
        if not pressed and clock.now() >= 0.5:  # the zone pattern sounds from 0.43 to 0.73
            pressed.append(clock.now())
            return [*events(timeout), InputEvent(InputKind.MUTE)]
        return events(timeout)

    window.events = with_m
    try:
        summary = app.run().as_dict()
    finally:
        app.close()
    m = pressed[0]
    assert 0.5 <= m < 0.73
    cues = [(start, stopped) for channel, start, _, _, stopped in Tap.plays if channel == 0]
    assert cues[-1] == (pytest.approx(0.43), m)  # the zone, cut short at M; nothing after it
    assert [line["step"] for line in summary["spoken"]] == [0]  # the cheeks' line is not said
    assert len([play for play in Tap.plays if play[0] == 1]) == 1
