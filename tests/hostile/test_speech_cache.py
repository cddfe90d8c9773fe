"""The speech cache is not trusted forever: a cached line is used only when its header and data
length are sound, a line the mixer cannot load is rendered again once, espeak-ng exiting 0 with
a cut file leaves nothing in the cache, an unwritable cache is one warning, and a hung espeak-ng
is killed with everything it started. The real espeak-ng renders every line not faked here."""

from __future__ import annotations

import logging
import os
import stat
import sys
import time
from pathlib import Path

import pygame
import pytest

from facepacer import media
from facepacer.cli import main
from facepacer.config import VoiceConfig
from facepacer.ritual import load_ritual_text
from facepacer.speech import synth as synth_module
from facepacer.speech.synth import SpeechError, SpeechTimeout, Synth, find_espeak
from facepacer.speech.voice import Voice

from .mediafiles import wav
from .test_user_paths import finishes

THREE = """\
format: 1
id: three
title: Three
steps:
  - {zone: cheeks, title: One, say: Up., seconds: 3}
  - {zone: jawline, title: Two, say: Along., seconds: 3}
  - {zone: forehead, title: Three, say: Out., seconds: 3}
"""
WORDS = dict(language="en", voice=None, rate=160)


def espeak() -> str:
    program = find_espeak()
    assert program, "espeak-ng is needed by these tests: sudo apt install espeak-ng"
    return program


def fake(tmp_path: Path, body: str, name: str = "espeak-ng") -> str:
    """A program standing in for espeak-ng: ``body`` is Python, with ``out`` the -w file."""
    path = tmp_path / "bin" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"#!{sys.executable}\nimport os, sys, time\n"
                    "out = sys.argv[sys.argv.index('-w') + 1]\n" + body)  # fmt: skip
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_a_cached_line_cut_short_is_deleted_and_rendered_again(tmp_path):
    synth = Synth(espeak(), tmp_path / "cache")
    path = synth.render("Sweep up along the jaw.", **WORDS)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # a card pulled mid-write, a full disk
    assert synth.render("Sweep up along the jaw.", **WORDS) == path
    assert len(synth.threads) == 2
    assert path.read_bytes() == whole
    media.recording(path.read_bytes())


@pytest.mark.parametrize("damage", ["garbage", "fifo", "folder", "header only"])
def test_a_cached_file_that_is_no_sound_line_is_replaced(tmp_path, damage):
    synth = Synth(espeak(), tmp_path / "cache")
    path = synth.path("Rest.", **WORDS)
    path.parent.mkdir(parents=True)
    if damage == "garbage":
        path.write_bytes(b"\x00" * 5000)
    elif damage == "fifo":
        os.mkfifo(path)
    elif damage == "folder":
        path.mkdir()
    else:
        path.write_bytes(wav(frames=22050)[:44])
    outcome = finishes(synth.render, "Rest.", **WORDS)
    if damage == "folder":  # never deleted: a folder is not the cache's to remove
        assert isinstance(outcome["error"], SpeechError)
        return
    assert outcome["value"] == path and path.is_file()
    media.recording(path.read_bytes())


def test_espeak_exiting_0_with_a_cut_file_leaves_nothing_in_the_cache(tmp_path):
    cut = wav(frames=22050)[:400]
    program = fake(tmp_path, f"open(out, 'wb').write({cut!r})\n")
    synth = Synth(program, tmp_path / "cache")
    with pytest.raises(SpeechError) as caught:
        synth.render("Sweep up.", **WORDS)
    assert "left a broken file (it is cut short: its header announces 44100 bytes" in str(
        caught.value
    )
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_hung_espeak_is_killed_with_what_it_started(tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    program = fake(tmp_path, (
        "import subprocess\n"
        "child = subprocess.Popen(['sleep', '300'])\n"
        f"open({str(pids)!r}, 'w').write(f'{{os.getpid()}} {{child.pid}}')\n"
        "time.sleep(300)\n"
    ))  # fmt: skip
    monkeypatch.setattr(synth_module, "TIMEOUT", 1.0)
    synth = Synth(program, tmp_path / "cache")
    outcome = finishes(synth.render, "Hang.", **WORDS)
    assert isinstance(outcome["error"], SpeechTimeout)
    assert str(outcome["error"]) == (
        f"{program} -v en did not finish a line within 1 s and was stopped"
    )
    for pid in map(int, pids.read_text().split()):
        assert gone(pid), f"process {pid} was left running"
    assert list((tmp_path / "cache").iterdir()) == []


def gone(pid: int, within: float = 5.0) -> bool:
    """Whether ``pid`` has ended (a zombie waiting for its new parent counts), waiting a little
    for the kernel to deliver the kill."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def test_validate_says_espeak_timed_out_not_that_the_language_is_missing(tmp_path, monkeypatch,
                                                                         capsys):  # fmt: skip
    fake(tmp_path, "time.sleep(300)\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(synth_module, "TIMEOUT", 0.5)
    (tmp_path / "three.yaml").write_text(THREE)
    assert main(["rituals", "validate", str(tmp_path / "three.yaml")]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "espeak-ng timed out on a line in en (English)" in err
    assert "cannot say" not in err


def voice_of(synth: Synth) -> Voice:
    return Voice(VoiceConfig(speak="title"), clock=lambda: 0.0, synth=synth)


def test_an_unwritable_cache_is_one_warning_not_one_a_line(tmp_path, read_only, caplog):
    # espeak-ng, run as root, would write anyway: this one fails as it does when it cannot.
    program = fake(tmp_path, "print(f'cannot write {out}', file=sys.stderr); sys.exit(1)\n")
    cache = tmp_path / "cache"
    cache.mkdir()
    read_only(cache)
    voice = voice_of(Synth(program, cache))
    caplog.set_level(logging.WARNING)
    try:
        assert voice.wait(load_ritual_text(THREE), 30)
    finally:
        voice.close()
    said = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert said == [
        f"voice: the speech cache {cache} cannot be written: Permission denied; the steps it "
        "would say are silent"
    ]


def test_a_line_the_mixer_cannot_load_is_rendered_again_once(tmp_path, monkeypatch):
    pygame.mixer.init(frequency=22050, size=-16, channels=1, buffer=512)
    real, calls = pygame.mixer.Sound, []

    def refuses_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise pygame.error("Unrecognized audio format")
        return real(*args, **kwargs)

    monkeypatch.setattr(pygame.mixer, "Sound", refuses_once)
    synth = Synth(espeak(), tmp_path / "cache")
    ritual = load_ritual_text(THREE.split("  - {zone: jawline")[0])
    voice = voice_of(synth)
    try:
        assert voice.wait(ritual, 30)
    finally:
        voice.close()
    # Refused, rendered again and loaded; then loaded once more as the ritual at hand is held.
    assert len(calls) == 3 and len(synth.threads) == 2
    assert (ritual.id, 0) in voice._sounds


def test_a_line_the_mixer_never_loads_is_rendered_twice_and_warned_of_once(
    tmp_path, monkeypatch, caplog
):
    pygame.mixer.init(frequency=22050, size=-16, channels=1, buffer=512)

    def refuses(*args, **kwargs):
        raise pygame.error("Unrecognized audio format")

    monkeypatch.setattr(pygame.mixer, "Sound", refuses)
    synth = Synth(espeak(), tmp_path / "cache")
    voice = voice_of(synth)
    caplog.set_level(logging.WARNING)
    try:
        assert voice.wait(load_ritual_text(THREE.split("  - {zone: jawline")[0]), 30)
    finally:
        voice.close()
    assert len(synth.threads) == 2
    said = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert said == ["voice: Unrecognized audio format; that step is silent"]
