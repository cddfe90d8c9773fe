"""How long a spoken line lasts: for ``rituals validate``, which warns when a step's line runs
longer than the step, in the ritual's own language and in each of its translations. Reads WAV
headers with ``wave`` and Ogg streams' last granule position, so it needs no mixer; a
synthesised line is rendered into the cache (and found there later)."""

from __future__ import annotations

import struct
import wave
from pathlib import Path
from typing import Optional

from facepacer.config import VoiceConfig
from facepacer.speech.synth import Line, SpeechError, Synth, voice_for


def sound_seconds(path: Path) -> Optional[float]:
    """The length of a WAV or Ogg (Vorbis or Opus) file in seconds, or None if unreadable."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    if data[:4] == b"RIFF":
        try:
            with wave.open(str(path)) as sound:
                return sound.getnframes() / float(sound.getframerate())
        except (wave.Error, EOFError, ZeroDivisionError):
            return None
    return _ogg_seconds(data)


def _ogg_seconds(data: bytes) -> Optional[float]:
    vorbis = data.find(b"\x01vorbis")
    if vorbis >= 0 and len(data) >= vorbis + 16:
        rate = struct.unpack_from("<I", data, vorbis + 12)[0]
    elif data.find(b"OpusHead") >= 0:
        rate = 48000  # Opus granule positions always count 48 kHz samples
    else:
        return None
    last = data.rfind(b"OggS")
    if last < 0 or len(data) < last + 14 or rate <= 0:
        return None
    granule = struct.unpack_from("<q", data, last + 6)[0]
    return granule / rate if granule >= 0 else None


def line_seconds(line: Line, config: VoiceConfig, synth: Optional[Synth],
                 language: str = "en") -> Optional[float]:  # fmt: skip
    """How long ``line`` lasts when said; None when that cannot be known (no espeak-ng, or no
    voice of it for ``language``, a ritual's language code such as ``de`` or ``de_AT``). The
    configured voice is used only for lines in the language it speaks (``voice_for``)."""
    if line.file is not None:
        return sound_seconds(Path(line.file))
    if synth is None:
        return None
    voice = voice_for(language, config.voice)
    try:
        path = synth.render(line.text, language=language, voice=voice, rate=config.rate)
    except SpeechError:
        return None
    return sound_seconds(path)
