"""Offline speech with espeak-ng, rendered to WAV files in a cache before they are needed.

A line's file is named by a hash of what shapes the sound (text, language, voice, rate), so a
line is synthesised once and found again on the next start-up; a file is written under a
temporary name and renamed, so a half-written file is never played. Synthesis runs a process
and waits for it: it belongs on a background thread, never on the device's loop, and every call
records its thread so a test can prove it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from facepacer.engine.run import step_view_text
from facepacer.errors import FacepacerError
from facepacer.ritual.model import Ritual

PROGRAM = "espeak-ng"
TIMEOUT = 30.0  # seconds for one line: espeak-ng renders a 200-character line in well under one
WAV_HEADER = 44


class SpeechError(FacepacerError, RuntimeError):
    """espeak-ng could not render a line; the message says why."""


def espeak_language(language: str) -> str:
    """espeak-ng's name for a ritual's language code: ``de_AT`` is its ``de-at`` (espeak-ng
    falls back to ``de`` when it has no voice for the country)."""
    return language.replace("_", "-").lower()


def voice_for(language: str, configured: Optional[str]) -> Optional[str]:
    """The espeak-ng voice for lines in ``language``: the configured one (``en-gb``, ``de+f3``)
    when it speaks that language, else None, for the language's own. A voice chosen for one
    language reads another's words with the wrong sounds, and at the wrong length."""
    if not configured:
        return None
    spoken = configured.split("+", 1)[0].split("-", 1)[0].lower()
    return configured if spoken == language.split("_", 1)[0].lower() else None


def find_espeak() -> Optional[str]:
    """The espeak-ng program on PATH, or None when it is not installed."""
    return shutil.which(PROGRAM)


@dataclass(frozen=True)
class Line:
    """What is said at one step: synthesised from ``text``, or played from ``file``."""

    step: int
    text: str
    file: Optional[str] = None


def spoken_lines(ritual: Ritual, speak: str, *, partner: bool = False) -> List[Line]:
    """The line of each step, as ``speak`` chooses (off, title or both), worded as shown."""
    if speak == "off":
        return []
    lines = []
    for index, step in enumerate(ritual.steps):
        title, say, _ = step_view_text(step, partner)
        text = title if speak == "title" else f"{title.rstrip('.!?')}. {say}"
        lines.append(Line(index, text, step.voice))
    return lines


class Synth:
    """Renders lines with espeak-ng (``program``) into ``cache``."""

    def __init__(self, program: str, cache: Path):
        self.program = program
        self.cache = Path(cache)
        self.threads: List[int] = []  # the thread of each synthesis, for the tests
        self._lock = threading.Lock()

    def path(self, text: str, *, language: str, voice: Optional[str], rate: int) -> Path:
        """The cache file of a line: its name is a hash of everything that shapes the sound."""
        key = json.dumps([text, language, voice, rate], ensure_ascii=False)
        return self.cache / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.wav"

    def render(self, text: str, *, language: str, voice: Optional[str], rate: int) -> Path:
        """The WAV file of ``text``, synthesised now unless the cache has it; raises SpeechError."""
        target = self.path(text, language=language, voice=voice, rate=rate)
        if target.is_file() and target.stat().st_size > WAV_HEADER:
            return target
        with self._lock:
            self.threads.append(threading.get_ident())
        try:
            self.cache.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SpeechError(f"cannot make the speech cache {self.cache}: {exc}") from exc
        part = target.with_name(f"{target.stem}.{os.getpid()}.{threading.get_ident()}.part")
        speaker = voice or espeak_language(language)
        command = [self.program, "-v", speaker, "-s", str(rate), "-w", str(part),
                   "--stdin"]  # fmt: skip
        try:
            done = subprocess.run(command, input=text.encode("utf-8"), capture_output=True,
                                  timeout=TIMEOUT, check=False)  # fmt: skip
            if done.returncode != 0 or not part.is_file() or part.stat().st_size <= WAV_HEADER:
                said = done.stderr.decode("utf-8", "replace").strip().splitlines()
                reason = said[-1] if said else f"exit status {done.returncode}"
                raise SpeechError(f"{self.program} -v {speaker} failed: {reason}")
            os.replace(part, target)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SpeechError(f"{self.program} could not render a line: {exc}") from exc
        finally:
            if part.exists():
                part.unlink()
        return target
