"""A step's ``voice:`` file is checked like any file a ritual names: relative, inside the
ritual's folder, a real WAV or Ogg of sane size; and ``rituals validate`` warns when a spoken
line lasts longer than its step."""

from __future__ import annotations

import os
import wave

import pytest

from facepacer.cli import main
from facepacer.errors import RitualError
from facepacer.ritual import load_ritual, load_ritual_text
from facepacer.speech.length import sound_seconds

from ..hostile.mediafiles import vorbis

RITUAL = """\
format: 1
id: voiced
title: Voiced
steps:
  - zone: cheeks
    title: Cheeks
    say: Sweep up.
    seconds: 5
    voice: {voice}
"""


def tone(path, seconds):
    with wave.open(str(path), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(22050)
        sound.writeframes(b"\x00\x10" * int(22050 * seconds))


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    mine = tmp_path / "mine"
    mine.mkdir()
    tone(mine / "cheeks.wav", 1.0)
    return mine


def ritual_with(folder, voice):
    path = folder / "voiced.yaml"
    path.write_text(RITUAL.format(voice=voice))
    return path


def problems(folder, voice):
    with pytest.raises(RitualError) as caught:
        load_ritual(ritual_with(folder, voice))
    return caught.value.problems


def test_a_voice_file_beside_the_ritual_is_kept_as_its_full_path(folder):
    ritual = load_ritual(ritual_with(folder, "cheeks.wav"))
    assert ritual.steps[0].voice == str((folder / "cheeks.wav").resolve())


@pytest.mark.parametrize(
    "voice,says",
    [
        ("/etc/passwd.wav", "must be a path relative to the ritual file"),
        ("~/x.wav", "must be a path relative to the ritual file"),
        ("../outside.wav", "must stay inside the ritual's folder"),
        ("gone.wav", "no such file"),
        ("cheeks.mp3", "a voice file must be .wav or .ogg"),
        ("fake.wav", "not a WAV or Ogg sound"),
        ("link.wav", "must stay inside the ritual's folder"),
    ],
)
def test_a_bad_voice_file_is_an_error_at_its_line_and_column(folder, voice, says):
    (folder.parent / "outside.wav").write_bytes(b"RIFF\0\0\0\0WAVE")
    (folder / "fake.wav").write_text("not a sound")
    os.symlink(folder.parent / "outside.wav", folder / "link.wav")
    found = problems(folder, voice)
    assert len(found) == 1
    assert found[0].startswith(f"{folder / 'voiced.yaml'}:9:12: 'voice' in step 1 is ")
    assert says in found[0]


def test_a_voice_file_over_10_mib_is_an_error_with_its_size(folder):
    with open(folder / "long.wav", "wb") as handle:
        handle.truncate(10 * 1024 * 1024 + 1)  # sparse: no disk used
    assert problems(folder, "long.wav") == [
        f"{folder / 'voiced.yaml'}:9:12: 'voice' in step 1 is 'long.wav', a file of 10485761 "
        "bytes; at most 10485760 (10 MiB)"
    ]


def test_a_voice_file_named_in_text_with_no_file_is_an_error():
    with pytest.raises(RitualError, match="only be named in a ritual file on disk"):
        load_ritual_text(RITUAL.format(voice="cheeks.wav"))


def test_validate_warns_when_a_spoken_line_is_longer_than_its_step(folder, capsys):
    text = RITUAL.format(voice="cheeks.wav").replace("seconds: 5", "seconds: 1")
    words = "Glide along the jaw. " * 6
    text += "  - {zone: jawline, title: Jaw, say: " + words + ", seconds: 3}\n"
    (folder / "long.yaml").write_text(text)
    tone(folder / "cheeks.wav", 1.5)
    assert main(["rituals", "validate", str(folder / "long.yaml")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"OK {folder / 'long.yaml'}"
    assert out[1].startswith(f"{folder / 'long.yaml'}:5:") and "voice file takes 1.5 s" in out[1]
    assert "step 2 lasts 3 s but its spoken line takes" in out[2]
    assert len(out) == 3


def test_validate_says_nothing_more_when_every_line_fits(folder, capsys):
    assert main(["rituals", "validate", str(ritual_with(folder, "cheeks.wav"))]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_the_length_of_an_ogg_vorbis_file_comes_from_its_last_granule(tmp_path):
    path = tmp_path / "x.ogg"
    path.write_bytes(vorbis(rate=44100, frames=88200))
    assert sound_seconds(path) == pytest.approx(2.0)
    path.write_bytes(b"OggS garbage")
    assert sound_seconds(path) is None


def test_show_names_the_steps_recorded_voice(folder, capsys):
    assert main(["rituals", "show", str(ritual_with(folder, "cheeks.wav"))]) == 0
    assert f"        recorded voice: {(folder / 'cheeks.wav').resolve()}" in capsys.readouterr().out
