"""Offline speech with espeak-ng, rendered to WAV files in a cache before they are needed.

A line's file is named by a hash of what shapes the sound (text, language, voice, rate), so a
line is synthesised once and found again on the next start-up. The cache is not trusted: a
cached file is used only when ``media.recording`` finds its header and data length sound (else
it is deleted and rendered again), and a new file is written under a temporary name, checked
the same way, and only then renamed into place, so espeak-ng exiting 0 on a full disk never
leaves a cut line behind. espeak-ng runs in its own process group, and a run that hangs past
``TIMEOUT`` is killed with its whole group, never left behind. Synthesis runs a process and
waits for it: it belongs on a background thread, never on the device's loop, and every call
records its thread so a test can prove it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from facepacer import media, userfiles
from facepacer.engine.partner import SideWords
from facepacer.engine.run import step_view_text
from facepacer.errors import FacepacerError
from facepacer.ritual.model import Ritual

PROGRAM = "espeak-ng"
TIMEOUT = 30.0  # seconds for one line: espeak-ng renders a 200-character line in well under one


class SpeechError(FacepacerError, RuntimeError):
    """espeak-ng could not render a line; the message says why. ``key`` is the same for every
    line that fails for the same reason, so that reason is warned of once."""

    def __init__(self, message: str, key: object = None):
        super().__init__(message)
        self.key = key if key is not None else message


class SpeechTimeout(SpeechError):
    """espeak-ng did not finish a line in time; it was killed with its process group."""


class CacheUnwritable(SpeechError):
    """Nothing can be written in the speech cache (a read-only card, no permission, a full
    disk): one reason for every line."""


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


def spoken_lines(ritual: Ritual, speak: str, *, partner: Optional[SideWords] = None) -> List[Line]:
    """The line of each step, as ``speak`` chooses (off, title or both), worded as shown (in
    partner mode, ``partner`` the words it swaps)."""
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
        """The WAV file of ``text``, synthesised now unless the cache has a sound copy of it;
        raises SpeechError."""
        target = self.path(text, language=language, voice=voice, rate=rate)
        if self.cached(target):
            return target
        with self._lock:
            self.threads.append(threading.get_ident())
        part = self._part(target)
        try:
            self._run(text, voice or espeak_language(language), rate, part)
            problem = wav_problem(part)
            if problem is not None:
                said = f"{self.program} left a broken file ({problem}); is the disk full?"
                raise SpeechError(said, key=("broken", self.cache))
            os.replace(part, target)
        except OSError as exc:
            raise self._unwritable(exc) from exc
        finally:
            _remove(part)
        return target

    def cached(self, target: Path) -> bool:
        """Whether ``target`` is a sound line to play; a broken one is deleted (and rendered again
        by the caller)."""
        if not os.path.lexists(target):
            return False
        if wav_problem(target) is None:
            return True
        _remove(target)
        return False

    def forget(self, text: str, *, language: str, voice: Optional[str], rate: int) -> None:
        """Delete the cached line of ``text`` (the mixer could not load it)."""
        _remove(self.path(text, language=language, voice=voice, rate=rate))

    def _part(self, target: Path) -> Path:
        """A new temporary file beside ``target``, made now so an unwritable cache is found
        before espeak-ng runs."""
        try:
            self.cache.mkdir(parents=True, exist_ok=True)
            part = target.with_name(f"{target.stem}.{os.getpid()}.{threading.get_ident()}.part")
            os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644))
        except OSError as exc:
            raise self._unwritable(exc) from exc
        return part

    def _unwritable(self, exc: OSError) -> CacheUnwritable:
        return CacheUnwritable(
            f"the speech cache {self.cache} cannot be written: {exc.strerror or exc}",
            key=("cache", self.cache),
        )

    def _run(self, text: str, speaker: str, rate: int, part: Path) -> None:
        """espeak-ng writing ``text`` to ``part``, in a process group of its own that is killed
        whole if it does not finish within ``TIMEOUT``."""
        command = [self.program, "-v", speaker, "-s", str(rate), "-w", str(part), "--stdin"]
        try:
            child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
        except OSError as exc:
            raise SpeechError(f"{self.program} could not be started: {exc}") from exc
        try:
            _, err = child.communicate(text.encode("utf-8"), timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill_group(child)
            said = f"{self.program} -v {speaker} did not finish a line within {TIMEOUT:g} s"
            raise SpeechTimeout(f"{said} and was stopped", key=("timeout", speaker)) from None
        if child.returncode != 0:
            lines = err.decode("utf-8", "replace").strip().splitlines()
            reason = lines[-1] if lines else f"exit status {child.returncode}"
            raise SpeechError(f"{self.program} -v {speaker} failed: {reason}")


def _kill_group(child: subprocess.Popen) -> None:
    """Kill ``child`` and every process it started (its session's group), then reap it."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except OSError:
        child.kill()
    for stream in (child.stdin, child.stderr):
        if stream is not None:
            stream.close()
    child.wait()


def wav_problem(path: Path) -> Optional[str]:
    """Why the WAV at ``path`` is not one to play (not a regular file, a header or data length
    that is not sound, beyond ``media``'s limits), or None."""
    try:
        media.recording(userfiles.read_bytes(path, limit=media.RECORDING_MAX_BYTES))
    except (userfiles.UserFileError, media.MediaError) as exc:
        return str(exc)
    return None


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        pass  # an unwritable cache: said where it was written
