"""The speaker synthesises every cue pattern at start-up and plays it without blocking."""

from __future__ import annotations

import array
import os

import pygame
import pytest

from facepacer.engine.cues import STYLES, Note, duration
from facepacer.hardware.buzzer import Sounding
from facepacer.ui.sound import Speaker, encode, synthesize


@pytest.fixture
def speaker():
    s = Speaker()
    yield s
    s.close()


def test_with_the_dummy_audio_driver_the_speaker_works(speaker):
    assert speaker.enabled and speaker.reason is None


@pytest.mark.parametrize("cue", sorted(STYLES))
def test_each_cue_sounds_as_long_as_its_pattern(speaker, cue):
    assert speaker.sound(cue).get_length() == pytest.approx(duration(cue), abs=0.01)


def test_playing_returns_at_once(speaker):
    assert speaker.play("zone") is True
    assert speaker.play("stroke") is True


def peak(sound):
    """The loudest sample of a sound, as a share of full scale."""
    return max(abs(v) for v in array.array("h", sound.get_raw())) / 32767


def test_a_pattern_plays_at_the_gains_the_buzzer_gave_each_note(speaker):
    assert peak(speaker.sound("stroke")) == pytest.approx(0.45, abs=0.01)
    assert peak(speaker.sound("stroke", (0.4,))) == pytest.approx(0.18, abs=0.01)
    assert peak(speaker.sound("zone", (0.3, 0.3, 0.3))) == pytest.approx(0.135, abs=0.01)


def test_the_speaker_plays_what_the_buzzer_started_and_nothing_it_dropped(speaker, monkeypatch):
    played = []

    class Channel:
        volume = 1.0

        def set_volume(self, volume):
            self.volume = volume

        def play(self, sound):
            played.append((sound, self.volume))

    monkeypatch.setattr(speaker, "_channel", Channel())
    speaker.sounded(Sounding("stroke", 1.0, None))
    speaker.sounded(Sounding("zone", 1.0, 1.0, (0.4, 0.4, 0.4)))
    speaker.sounded(Sounding("zone", 2.0, 2.0, (0.4, 0.4, 1.0)))
    assert played == [
        (speaker.sound("zone"), 0.4),  # one volume: the channel's
        (speaker.sound("zone", (0.4, 0.4, 1.0)), 1.0),  # the voice ended within it
    ]


def test_a_muted_speaker_plays_nothing_until_unmuted(speaker):
    assert speaker.toggle_mute() is True
    assert speaker.play("zone") is False
    speaker.mute = False
    assert speaker.play("zone") is True


def test_an_unknown_cue_plays_nothing(speaker):
    assert speaker.play("fanfare") is False


def test_a_disabled_speaker_says_why():
    silent = Speaker(enabled=False)
    assert not silent.enabled and silent.reason
    assert silent.play("zone") is False


def test_no_audio_device_disables_the_speaker_with_a_reason(monkeypatch):
    pygame.mixer.quit()
    monkeypatch.setitem(os.environ, "SDL_AUDIODRIVER", "no-such-driver")
    try:
        broken = Speaker()
        assert not broken.enabled
        assert broken.reason.startswith("no sound")
        assert broken.play("zone") is False
    finally:
        pygame.mixer.quit()


def test_tones_fade_in_and_out_and_stay_within_the_volume():
    samples = synthesize([Note(1000.0, 0.05), Note(None, 0.01)], 22050, 0.5)
    assert len(samples) == round(0.05 * 22050) + round(0.01 * 22050)
    assert abs(samples[0]) < 0.01 and abs(samples[round(0.05 * 22050) - 1]) < 0.01
    assert max(abs(v) for v in samples) <= 0.5
    assert max(abs(v) for v in samples) > 0.45
    assert samples[-1] == 0.0


def test_samples_are_encoded_in_the_mixers_format():
    assert len(encode([0.0, 0.5, -0.5], -16, 1)) == 6
    assert len(encode([0.0, 0.5, -0.5], -16, 2)) == 12
    assert encode([0.0], 16, 1) == (32768).to_bytes(2, "little")
    with pytest.raises(ValueError):
        encode([0.0], 24, 1)


def test_each_tone_rises_over_its_first_5_ms_and_falls_over_its_last():
    rate, edge = 22050, 110  # 5 ms at 22050 Hz
    samples = synthesize([Note(1000.0, 0.1)], rate, 1.0)
    assert len(samples) == 2205
    for k in (1, 20, 55, 100):  # under the rising edge: never above k / 110 of the peak
        assert abs(samples[k]) <= k / edge + 1e-9
    assert max(abs(v) for v in samples[:30]) < 0.3
    assert max(abs(v) for v in samples[edge : edge + 25]) > 0.95  # full height after 5 ms
    assert max(abs(v) for v in samples[-30:]) < 0.3


def test_patterns_at_full_volume_stay_made_however_many_mixed_ones_come(speaker):
    made = {cue: speaker.sound(cue) for cue in STYLES}
    for k in range(100):  # the voice began or ended within a hundred patterns
        speaker.sound("zone", (0.4, 0.4, round(0.5 + k / 1000, 3)))
    assert all(speaker.sound(cue) is sound for cue, sound in made.items())
    assert len(speaker._sounds) <= 64  # a device on for weeks keeps a few, not every mix
