"""How long a spoken line lasts: for ``rituals validate``, which warns when a step's line runs
longer than the step, in the ritual's own language and in each of its translations. Reads the
headers of WAV and Ogg Vorbis files (``media.recording``), so it needs no mixer; a synthesised
line is rendered into the cache (and found there later)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from facepacer import media, userfiles
from facepacer.config import VoiceConfig
from facepacer.speech.synth import Line, Synth, voice_for


def sound_seconds(path: Path) -> Optional[float]:
    """The length of a WAV or Ogg Vorbis file in seconds, or None if it is not one to play."""
    try:
        data = userfiles.read_bytes(path, limit=media.RECORDING_MAX_BYTES)
        return media.recording(data).seconds
    except (userfiles.UserFileError, media.MediaError):
        return None


def line_seconds(line: Line, config: VoiceConfig, synth: Optional[Synth],
                 language: str = "en") -> Optional[float]:  # fmt: skip
    """How long ``line`` lasts when said; None when that cannot be known (no espeak-ng). Raises
    ``SpeechError`` when espeak-ng cannot say it in ``language`` (a ritual's language code such
    as ``de`` or ``de_AT``), with the reason: no voice, a timeout, an unwritable cache. The
    configured voice is used only for lines in the language it speaks (``voice_for``)."""
    if line.file is not None:
        return sound_seconds(Path(line.file))
    if synth is None:
        return None
    voice = voice_for(language, config.voice)
    path = synth.render(line.text, language=language, voice=voice, rate=config.rate)
    return sound_seconds(path)
