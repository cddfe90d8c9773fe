"""Recordings and pictures that decode to more than a Pi Zero 2 W has, or cannot be decoded at
all: refused by ``rituals validate`` at the key's line and column, naming the value and the limit,
and refused again when the device loads them, so a file swapped after the check never reaches the
mixer or the image loader. The device runs in a subprocess here: a crash in SDL is a failed test,
not a crashed test run."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pygame
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from facepacer import media
from facepacer.errors import RitualError
from facepacer.ritual import load_ritual
from facepacer.ui import picture as picture_module

from .conftest import SHORT
from .mediafiles import REAL_OGG, png, vorbis, wav

# README ("Rituals") states these limits; they are written out here, not taken from the code.
MAX_SECONDS = 60
RATES = (8000, 48000)
MAX_CHANNELS = 2
MAX_PIXELS = 2_097_152
SIDES = (16, 2048)

# The recording that crashed the device 0.4 s after every start: a WAV that says it is sampled
# at 3 Hz, in stereo, 4 MB of it. SDL stretches it 7350 times to the mixer's rate and crashes.
CRASHER = wav(rate=3, channels=2, frames=1_000_000)

RITUAL = """\
format: 1
id: {id}
title: Hostile
steps:
  - zone: cheeks
    title: One
    say: First step.
    seconds: 3
    {key}: {value}
"""


def ritual_with(folder: Path, key: str, name: str, data: bytes, id: str = "hostile") -> Path:
    (folder / name).write_bytes(data)
    path = folder / f"{id}.yaml"
    path.write_text(RITUAL.format(id=id, key=key, value=name))
    return path


def refusal(folder: Path, key: str, name: str, data: bytes) -> str:
    path = ritual_with(folder, key, name, data)
    with pytest.raises(RitualError) as caught:
        load_ritual(path)
    (problem,) = caught.value.problems
    column = len(f"    {key}: ") + 1
    assert problem.startswith(f"{path}:9:{column}: '{key}' in step 1 is '{name}', but "), problem
    return problem


# -- the device, in a subprocess ------------------------------------------------------------


def device_run(home: Path, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"))  # fmt: skip
    return subprocess.run([sys.executable, "-m", "facepacer", *argv], env=env, timeout=timeout,
                          capture_output=True, text=True, check=False)  # fmt: skip


@pytest.fixture
def user_home(tmp_path):
    """A home whose config turns the voice on and whose rituals folder the test fills."""
    config = tmp_path / "config" / "facepacer"
    (config / "rituals").mkdir(parents=True)
    (config / "config.yaml").write_text("voice:\n  speak: title\n")
    return tmp_path


def test_the_recording_that_crashed_the_device_is_refused_by_the_run_not_a_crash(user_home):
    rituals = user_home / "config" / "facepacer" / "rituals"
    path = ritual_with(rituals, "voice", "jaw.wav", CRASHER)
    done = device_run(user_home, "run", "--sim", "--headless", "--virtual-clock", "--ritual",
                      str(path))  # fmt: skip
    assert done.returncode == 1, f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert done.stderr == (
        f"facepacer run: error: {path}:9:12: 'voice' in step 1 is 'jaw.wav', but its sample "
        "rate is 3 Hz; it must be 8000 to 48000 Hz\n"
    )


def test_a_run_with_that_recording_in_a_user_ritual_comes_up_and_logs_it_once(user_home):
    rituals = user_home / "config" / "facepacer" / "rituals"
    ritual_with(rituals, "voice", "jaw.wav", CRASHER)
    (user_home / "short.yaml").write_text(SHORT)
    done = device_run(user_home, "run", "--sim", "--headless", "--virtual-clock", "--json",
                      "--ritual", str(user_home / "short.yaml"))  # fmt: skip
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert json.loads(done.stdout.strip().splitlines()[-1])["status"] == "completed"
    said = [line for line in done.stderr.splitlines() if "jaw.wav" in line]
    assert len(said) == 1 and "sample rate is 3 Hz; it must be 8000 to 48000 Hz" in said[0]


def test_validate_refuses_the_recording_that_crashed_the_device(tmp_path, capsys):
    from facepacer.cli import main

    path = ritual_with(tmp_path, "voice", "jaw.wav", CRASHER)
    assert main(["rituals", "validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:9:12: 'voice' in step 1 is 'jaw.wav', but its sample rate is 3 Hz; " in out


SWAP = """\
import sys
from pathlib import Path
from facepacer.config import VoiceConfig
from facepacer.ritual import load_ritual
from facepacer.speech.voice import Voice

ritual = load_ritual(sys.argv[1])
Path(sys.argv[2]).write_bytes(Path(sys.argv[3]).read_bytes())  # swapped after the check
voice = Voice(VoiceConfig(speak="title"), clock=lambda: 0.0, synth=None)
assert voice.wait(ritual, 30)
print("ready", len(voice._sounds))
"""


def test_a_recording_swapped_after_validation_never_reaches_the_mixer(tmp_path):
    good = ritual_with(tmp_path, "voice", "jaw.wav", wav(frames=22050))
    (tmp_path / "crasher.wav").write_bytes(CRASHER)
    done = subprocess.run([sys.executable, "-c", SWAP, str(good), str(tmp_path / "jaw.wav"),
                           str(tmp_path / "crasher.wav")], capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert done.stdout.strip() == "ready 0"
    said = [line for line in done.stderr.splitlines() if "jaw.wav" in line]
    assert len(said) == 1 and "its sample rate is 3 Hz" in said[0]


def test_a_headless_run_with_a_hostile_picture_comes_up_and_says_so_once(user_home):
    rituals = user_home / "config" / "facepacer" / "rituals"
    ritual_with(rituals, "image", "jaw.png", png(32, 16, claimed=(2048, 1024)))  # a cut PNG
    (user_home / "short.yaml").write_text(SHORT)
    done = device_run(user_home, "run", "--sim", "--headless", "--virtual-clock", "--json",
                      "--ritual", str(user_home / "short.yaml"))  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1])["status"] == "completed"
    said = [line for line in done.stderr.splitlines() if "jaw.png" in line]
    assert len(said) == 1 and "its pixel data is cut short or damaged" in said[0]


# -- recordings at validate time -----------------------------------------------------------


@pytest.mark.parametrize(
    "data, says",
    [
        (wav(channels=0, frames=0), "it has 0 channels; it must have 1 or 2"),
        (wav(channels=6), "it has 6 channels; it must have 1 or 2"),
        (wav(rate=7999), "its sample rate is 7999 Hz; it must be 8000 to 48000 Hz"),
        (wav(rate=96000), "its sample rate is 96000 Hz; it must be 8000 to 48000 Hz"),
        (wav(rate=0xFFFFFFFF), "its sample rate is 4294967295 Hz"),
        (wav(rate=8000, frames=8000 * 61), "it lasts 61.0 s; at most 60 s"),
        (wav(declared=0x7FFFFFF0), "it is cut short: its header announces 2147483632 bytes"),
        (wav(frames=0), "it holds no sound"),
        (wav(bits=7), "it has 7-bit samples; save it as 16-bit PCM WAV"),
        (wav(tag=2), "its encoding (WAV format 2) is not played"),
        (wav(tag=3, bits=64), "it has 64-bit samples; save it as 16-bit PCM WAV"),
        (wav(block=3), "its header is inconsistent"),
        (wav()[:30], "its format chunk is cut short: the WAV is damaged"),
        (b"RIFF\0\0\0\0WAVE", "it has no format chunk"),
    ],
)
def test_a_wav_that_decodes_badly_is_refused_at_its_key(tmp_path, data, says):
    assert says in refusal(tmp_path, "voice", "jaw.wav", data)


def test_a_truncated_ogg_is_refused(tmp_path):
    data = REAL_OGG.read_bytes()
    assert "cut short or damaged in its Ogg page" in refusal(tmp_path, "voice", "jaw.ogg",
                                                            data[: len(data) - 100])  # fmt: skip


def test_an_ogg_with_one_flipped_byte_is_refused(tmp_path):
    data = bytearray(REAL_OGG.read_bytes())
    data[len(data) // 2] ^= 0x40
    assert "is damaged (its checksum is wrong)" in refusal(tmp_path, "voice", "jaw.ogg", data)


@pytest.mark.parametrize(
    "data, says",
    [
        (vorbis(rate=3, channels=2, frames=3_000_000), "its sample rate is 3 Hz"),
        (vorbis(channels=0), "it has 0 channels"),
        (vorbis(channels=8), "it has 8 channels; it must have 1 or 2"),
        (vorbis(rate=8000, frames=8000 * 3600), "it lasts 3600.0 s; at most 60 s"),
        (vorbis(last_flags=0), "no proper start or end: it is cut short"),
        (vorbis(first=b"OpusHead" + b"\x01\x02" + b"\0" * 9), "its Ogg stream is Opus"),
        (b"OggS" + b"\0" * 10, "no Ogg page there"),
    ],
)
def test_an_ogg_whose_headers_decode_badly_is_refused(tmp_path, data, says):
    assert says in refusal(tmp_path, "voice", "jaw.ogg", data)


def test_a_real_ogg_vorbis_recording_passes_and_the_mixer_plays_it(tmp_path):
    path = ritual_with(tmp_path, "voice", "jaw.ogg", REAL_OGG.read_bytes())
    assert load_ritual(path).steps[0].voice == str(tmp_path / "jaw.ogg")
    found = media.recording(REAL_OGG.read_bytes())
    assert (found.rate, found.channels, round(found.seconds, 2)) == (11025, 1, 7.1)


def test_a_recording_at_each_limit_is_kept(tmp_path):
    for rate, channels, frames in ((8000, 1, 8000 * 60), (48000, 2, 48000 * 60)):
        path = ritual_with(tmp_path, "voice", "jaw.wav", wav(rate, channels, 8, frames))
        assert load_ritual(path).steps[0].voice


@given(
    rate=st.integers(0, 200_000),
    channels=st.integers(0, 8),
    bits=st.sampled_from([8, 16, 24, 32]),
    seconds=st.integers(0, 90),
)
@example(rate=3, channels=2, bits=16, seconds=90)
@example(rate=48000, channels=2, bits=8, seconds=60)
def test_a_generated_wav_is_kept_exactly_when_it_is_within_the_limits(rate, channels, bits,
                                                                      seconds):  # fmt: skip
    frames = min(rate * seconds, 400_000)  # the file stays small; its length is what it says
    data = wav(rate, channels, bits, frames) if channels else wav(rate, 0, bits, 0, block=0)
    within = (RATES[0] <= rate <= RATES[1] and 1 <= channels <= MAX_CHANNELS and frames > 0
              and frames / max(rate, 1) <= MAX_SECONDS)  # fmt: skip
    try:
        found = media.recording(data)
    except media.MediaError:
        assert not within
    else:
        assert within and found.decoded_bytes <= 60 * 48000 * 2 * 4


@given(
    rate=st.integers(0, 2**32 - 1),
    channels=st.integers(0, 255),
    frames=st.integers(-1, 2**40),
    cut=st.integers(0, 120),
)
@example(rate=3, channels=2, frames=3_000_000, cut=0)
@example(rate=48000, channels=2, frames=48000 * 60, cut=0)
def test_a_generated_ogg_vorbis_header_is_kept_exactly_when_whole_and_within_the_limits(
    rate, channels, frames, cut
):
    data = vorbis(rate, channels, frames)
    data = data[: len(data) - cut]
    within = (RATES[0] <= rate <= RATES[1] and 1 <= channels <= MAX_CHANNELS and frames > 0
              and frames / max(rate, 1) <= MAX_SECONDS and cut == 0)  # fmt: skip
    try:
        found = media.recording(data)
    except media.MediaError:
        assert not within
    else:
        assert within and (found.rate, found.channels, found.frames) == (rate, channels, frames)


@given(rate=st.integers(RATES[0], RATES[1]), channels=st.integers(1, MAX_CHANNELS),
       seconds=st.floats(0.01, 2.0))  # fmt: skip
def test_a_generated_wav_the_check_keeps_is_one_the_mixer_loads(rate, channels, seconds):
    pygame.mixer.init(frequency=22050, size=-16, channels=1, buffer=512)
    data = wav(rate, channels, 16, max(1, int(rate * seconds)))
    media.recording(data)
    import io

    sound = pygame.mixer.Sound(file=io.BytesIO(data))
    assert sound.get_length() == pytest.approx(max(1, int(rate * seconds)) / rate, abs=0.01)


# -- pictures ------------------------------------------------------------------------------


def flipped(data: bytes, at: int) -> bytes:
    out = bytearray(data)
    out[at] ^= 0x01
    return bytes(out)


@pytest.mark.parametrize(
    "data, says",
    [
        (png(2048, 1025), "2048x1025 = 2099200 pixels; at most 2097152"),
        (png(4096, 16), "4096x16 pixels; each side must be 16 to 2048 pixels"),
        (png(15, 100), "15x100 pixels; each side must be 16 to 2048 pixels"),
        (png(2048, 1024, claimed=None, rows=b"\0" * 100), "its pixel data is cut short"),
        (png(32, 16, claimed=(2048, 1024)), "its pixel data is cut short or damaged"),
        (png()[:-20], "it is cut short"),
        (flipped(png(), 40), "is damaged (wrong checksum)"),
        (png(colour=2, depth=4), "colour type 2 with 4-bit samples is not a PNG one"),
        (png(rows=(b"\x09" + b"\x7f" * 96) * 16), "filter type 9"),
        (b"GIF89a" + b"\0" * 40, "it is not a PNG picture; save it as PNG"),
    ],
)
def test_a_picture_that_decodes_badly_is_refused_at_its_key(tmp_path, data, says):
    assert says in refusal(tmp_path, "image", "jaw.png", data)


def test_a_corrupt_png_from_a_real_file_is_refused(tmp_path):
    surface = pygame.Surface((64, 48))
    surface.fill((200, 30, 30))
    pygame.image.save(surface, str(tmp_path / "real.png"))
    data = (tmp_path / "real.png").read_bytes()
    assert media.picture(data) == media.Picture(64, 48)
    cut = data[:-30]
    assert "cut short" in refusal(tmp_path, "image", "jaw.png", cut)


def test_a_picture_at_the_pixel_limit_is_kept(tmp_path):
    path = ritual_with(tmp_path, "image", "jaw.png", png(2048, 1024))
    assert load_ritual(path).steps[0].image


@given(width=st.integers(1, 3000), height=st.integers(1, 3000),
       colour=st.sampled_from([0, 2, 3, 4, 6]), interlaced=st.booleans())  # fmt: skip
@example(width=2048, height=1024, colour=6, interlaced=False)
@example(width=2048, height=1025, colour=0, interlaced=False)
def test_a_generated_png_header_is_kept_exactly_when_within_the_limits(width, height, colour,
                                                                       interlaced):  # fmt: skip
    data = png(width, height, colour=colour, depth=8, rows=b"")
    if interlaced:
        data = data[:28] + b"\x01" + data[29:]  # its checksum is now wrong: damaged
    within = SIDES[0] <= width <= SIDES[1] and SIDES[0] <= height <= SIDES[1]
    within = within and width * height <= MAX_PIXELS
    with pytest.raises(media.MediaError) as caught:
        media.picture(data)  # no pixel data at all: always refused, for the right reason
    said = str(caught.value)
    assert ("pixels;" in said) == (not within), said


def test_the_image_loader_never_sees_a_picture_swapped_after_validation(tmp_path, monkeypatch):
    loaded = []
    real = pygame.image.load
    monkeypatch.setattr(pygame.image, "load", lambda *a: loaded.append(a) or real(*a))
    picture_module._CACHE.clear()
    (tmp_path / "jaw.png").write_bytes(png(32, 16))
    surface = pygame.Surface((200, 200))
    assert picture_module.draw_picture(surface, surface.get_rect(), str(tmp_path / "jaw.png"))\
        is None  # fmt: skip
    (tmp_path / "bomb.png").write_bytes(png(32, 16, claimed=(2048, 1024)))
    notice = picture_module.draw_picture(surface, surface.get_rect(), str(tmp_path / "bomb.png"))
    assert notice == (
        f"cannot show the step's image {tmp_path / 'bomb.png'}: its pixel data is cut short or "
        "damaged (1552 bytes of 6292480); showing the face diagram"
    )
    os.mkfifo(tmp_path / "fifo.png")
    notice = picture_module.draw_picture(surface, surface.get_rect(), str(tmp_path / "fifo.png"))
    assert notice == (
        f"cannot show the step's image: the file {tmp_path / 'fifo.png'} is a FIFO, not a file; "
        "showing the face diagram"
    )
    assert len(loaded) == 1


def test_readme_states_the_limits_the_tests_use():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme[readme.index("`voice:` (optional, in a step)") :][:3000]
    for words in ("60 s", "8000 to 48000 Hz", "mono or stereo", "2,097,152 pixels",
                  "16 to 2048 pixels a side", "23,040,000 bytes"):  # fmt: skip
        assert words in section, words


def test_ogg_checksums_match_the_bit_by_bit_definition():
    from .mediafiles import _crc

    for data in (b"", b"OggS", bytes(range(256)) * 3, REAL_OGG.read_bytes()[:4096]):
        assert media.ogg_crc(data) == _crc(data)
    assert struct.unpack_from("<I", REAL_OGG.read_bytes(), 22)[0] != 0
