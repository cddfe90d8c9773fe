"""The voice: each step's line said at its zone cue, from sounds made ready ahead of time.

Every line of every ritual is prepared on one background thread: a step's own recorded file
(``voice:``), else a WAV rendered by espeak-ng into the cache. Only the lines of the ritual at
hand are loaded as mixer sounds (some 150 KB a line): the first ritual prepared until a session
starts, then the session's, loaded from those files as it starts. At the zone cue the loop only
starts a sound that is already in memory, which takes microseconds; a line that is not ready
yet is skipped (and said so once), never synthesised on the spot.

Playback goes through pygame's mixer, on its own channel beside the simulator's cue sounds, at
most ``SHARE`` of full scale so the two never add up to a clipped sample. The voice is quieter at
night (``night_volume``), stops at a pause and at the session's end, and
tells the loop until when it speaks, so the buzzer's stroke ticks can play quieter meanwhile.
"""

from __future__ import annotations

import io
import logging
import queue
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Dict, Iterable, List, Optional, Tuple

from facepacer import media, userfiles
from facepacer.config import VoiceConfig
from facepacer.engine.events import Cue, SessionEnded, SessionStarted
from facepacer.engine.partner import SideWords
from facepacer.paths import cache_dir
from facepacer.ritual.model import Ritual
from facepacer.speech.synth import (
    Line,
    SpeechError,
    Synth,
    find_espeak,
    spoken_lines,
    voice_for,
)

if TYPE_CHECKING:
    from pygame.mixer import Sound

log = logging.getLogger(__name__)

CHANNEL = 1  # the mixer channel of the voice; the simulator's cue sounds use channel 0
# Share of the mixer's full scale the voice may take at its full volume. The simulator's cues
# peak at 0.45 (``ui.sound.VOLUME``): a line at full scale over a cue sums to 0.95, never clipped.
SHARE = 0.5
STOP_CUES = ("pause", "finish")
CLOSE_WAIT = 5.0  # seconds to wait at exit for a line being rendered


@dataclass(frozen=True)
class Spoken:
    """One line said: when it started on the loop's clock, and until when it speaks."""

    t: float
    until: float
    step: int
    text: str
    source: str  # "file" (the step's voice file) or "espeak-ng"


class Voice:
    """Says each step's line at its zone cue. ``reason`` says why it is silent, if it is."""

    def __init__(self, config: VoiceConfig, *, clock: Callable[[], float],
                 synth: Optional[Synth], partner: Optional[SideWords] = None):  # fmt: skip
        self.config = config
        self.synth = synth
        self.partner = partner
        self.mute = False
        self.night = False
        self.reason: Optional[str] = None
        self._clock = clock
        # Each prepared line by ritual: (step, the file to play, the line, its source).
        self._files: Dict[str, List[Tuple[int, str, Line, str]]] = {}
        # The sounds in memory: the lines of the ritual at hand only.
        self._sounds: Dict[Tuple[str, int], Tuple[Sound, Line, str]] = {}
        self._at_hand: Optional[str] = None
        self._lock = threading.Lock()
        self._ready: Dict[str, threading.Event] = {}
        self._jobs: queue.Queue[Optional[Ritual]] = queue.Queue()
        self._ritual: Optional[str] = None
        self._warned: set = set()
        self._stopping = threading.Event()
        self._channel = self._open_channel()
        self._worker = threading.Thread(target=self._work, name="voice", daemon=True)
        if self._channel is not None:
            self._worker.start()

    # -- ahead of time ---------------------------------------------------------------------

    def prepare(self, rituals: Iterable[Ritual]) -> None:
        """Make the lines of ``rituals`` ready in the background, in the order given."""
        for ritual in rituals:
            if ritual.id not in self._ready:
                self._ready[ritual.id] = threading.Event()
                self._jobs.put(ritual)

    def wait(self, ritual: Ritual, timeout: float) -> bool:
        """Wait (at start-up, before the loop) until ``ritual``'s lines are ready."""
        self.prepare([ritual])
        return self._channel is None or self._ready[ritual.id].wait(timeout)

    def _work(self) -> None:
        while True:
            ritual = self._jobs.get()
            if ritual is None:
                return
            files = []
            for line in spoken_lines(ritual, self.config.speak, partner=self.partner):
                if self._stopping.is_set():
                    return
                prepared = self._render(line, ritual.language)
                if prepared is not None:
                    files.append((line.step, prepared[0], line, prepared[1]))
            with self._lock:
                self._files[ritual.id] = files
                if self._at_hand in (None, ritual.id):
                    self._hold(ritual.id)
            self._ready[ritual.id].set()

    def _render(self, line: Line, language: str) -> Optional[Tuple[str, str]]:
        """The file that says the line, and its source: its recording, or espeak-ng speaking it
        in the language it is written in (the configured voice only when it speaks that
        language). Checked once through ``sound_of`` (bytes that ``media.recording`` found
        sound, read through ``userfiles``), so a file the mixer cannot play is said now; the
        sound itself is kept only while its ritual is at hand (``_hold``)."""
        try:
            if line.file is not None:
                sound_of(line.file)
                return str(line.file), "file"
            if self.synth is None:
                return None
            return self._synthesised(line, language), "espeak-ng"
        except SpeechError as exc:
            self._warn(exc.key, f"voice: {exc}; the steps it would say are silent")
        except (userfiles.UserFileError, media.MediaError) as exc:
            self._warn(str(exc), f"voice: {_recording_problem(line, exc)}; that step is silent")
        except (pygame_error(), OSError) as exc:
            self._warn(str(exc), f"voice: {exc}; that step is silent")
        return None

    def _synthesised(self, line: Line, language: str) -> str:
        """The cached (or newly rendered) line's file, checked by loading it; a file the mixer
        cannot load is deleted and rendered once more."""
        assert self.synth is not None
        voice = voice_for(language, self.config.voice)
        rate = self.config.rate
        path = self.synth.render(line.text, language=language, voice=voice, rate=rate)
        try:
            sound_of(path)
            return str(path)
        except (userfiles.UserFileError, media.MediaError, pygame_error()):
            self.synth.forget(line.text, language=language, voice=voice, rate=rate)
        path = self.synth.render(line.text, language=language, voice=voice, rate=rate)
        sound_of(path)
        return str(path)

    def _hold(self, ritual_id: str) -> None:
        """Keep the sounds of ``ritual_id``'s prepared lines in memory, and no other ritual's
        (called with the lock held). Each file is checked again as it is loaded: one swapped
        or damaged since it was prepared is said once and its step stays silent."""
        self._at_hand = ritual_id
        if any(key[0] == ritual_id for key in self._sounds):
            return
        self._sounds = {}
        for step, path, line, source in self._files.get(ritual_id, ()):
            try:
                self._sounds[(ritual_id, step)] = (sound_of(path), line, source)
            except (userfiles.UserFileError, media.MediaError) as exc:
                self._warn(str(exc), f"voice: {_recording_problem(line, exc)}; that step is silent")
            except (pygame_error(), OSError) as exc:  # gone from the cache since it was made
                self._warn(str(exc), f"voice: {exc}; that step is silent")

    # -- in the loop -----------------------------------------------------------------------

    def handle(self, outputs: Iterable[object], now: float) -> List[Spoken]:
        """Follow the engine's outputs: say each step's line at its zone cue, stop at a pause."""
        said: List[Spoken] = []
        for item in outputs:
            if isinstance(item, SessionStarted):
                self._ritual = item.ritual_id
                with self._lock:
                    self._hold(item.ritual_id)
            elif isinstance(item, Cue) and item.cue == "zone" and item.step is not None:
                spoken = self._say(item.step, now)
                if spoken is not None:
                    said.append(spoken)
            elif (isinstance(item, Cue) and item.cue in STOP_CUES) or isinstance(
                item, SessionEnded
            ):
                self.stop()
        return said

    def _say(self, step: int, now: float) -> Optional[Spoken]:
        if self._channel is None or self.mute or self._ritual is None:
            return None
        with self._lock:
            prepared = self._sounds.get((self._ritual, step))
        if prepared is None:
            if self.config.speak != "off" and self.synth is not None:
                self._warn(("late", self._ritual), f"voice: the lines of {self._ritual!r} were "
                           "not ready in time; steps are silent until they are")  # fmt: skip
            return None
        sound, line, source = prepared
        volume = self.config.night_volume if self.night else self.config.volume
        self._channel.set_volume(volume * SHARE)
        self._channel.play(sound)
        started = self._clock()
        return Spoken(started, started + sound.get_length(), step, line.text, source)

    def stop(self) -> None:
        if self._channel is not None:
            self._channel.stop()

    def set_night(self, night: bool) -> None:
        self.night = night

    def close(self) -> None:
        """Stop speaking and let the background thread finish the line in hand (the mixer must
        not be shut down under it)."""
        self._stopping.set()
        self._jobs.put(None)
        self.stop()
        if self._worker.is_alive():
            self._worker.join(CLOSE_WAIT)

    # -- inside ----------------------------------------------------------------------------

    def _open_channel(self):
        import pygame

        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=22050, size=-16, channels=1, buffer=512)
            if pygame.mixer.get_num_channels() <= CHANNEL:
                pygame.mixer.set_num_channels(CHANNEL + 1)
            return pygame.mixer.Channel(CHANNEL)
        except (pygame.error, OSError) as exc:
            self.reason = f"voice: no sound output ({exc}); the steps are not spoken"
            return None

    def _warn(self, key, message: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            log.warning(message)


def pygame_error():
    import pygame

    return pygame.error


def sound_of(path) -> Sound:
    """A mixer sound of the recording at ``path``, once its bytes are found sound: the mixer never
    sees a file that is not a regular one, or one that decodes beyond ``media``'s limits."""
    import pygame

    data = userfiles.read_bytes(path, limit=media.RECORDING_MAX_BYTES, what="the recording")
    media.recording(data)
    return pygame.mixer.Sound(file=io.BytesIO(data))


def _recording_problem(line: Line, exc: Exception) -> str:
    if isinstance(exc, media.MediaError):
        return f"the recording {userfiles.shown_path(line.file or '')} cannot be played: {exc}"
    return str(exc)


def build_voice(
    config: VoiceConfig,
    rituals: List[Ritual],
    *,
    clock: Callable[[], float],
    partner: Optional[SideWords] = None,
) -> Tuple[Optional[Voice], List[str]]:
    """The voice for these settings, already preparing ``rituals``, and warnings for the terminal.

    None when the voice is off. Without espeak-ng only steps with their own voice file speak.
    """
    if config.speak == "off":
        return None, []
    warnings: List[str] = []
    program = find_espeak()
    synth = Synth(program, cache_dir() / "speech") if program else None
    if synth is None:
        warnings.append(
            "voice: espeak-ng is not installed, so only steps with their own voice file are "
            "spoken; install it with `sudo apt install espeak-ng`"
        )
    voice = Voice(config, clock=clock, synth=synth, partner=partner)
    if voice.reason:
        warnings.append(voice.reason)
    voice.prepare(rituals)
    return voice, warnings
