"""The buzzer's cue patterns as tones through the computer's speaker, for the simulator.

The speaker decides nothing: it listens to the buzzer's sequencer (``hardware.buzzer``) and plays
each pattern as the piezo plays it, when it starts there and with each note at the piezo's
volume (quieter at night and under the voice), and not at all when the piezo drops it. Each
pattern is synthesised once, at start-up, at the mixer's actual rate (asked of
``pygame.mixer.get_init()``, which may differ from the rate requested) as soft sine tones with
5 ms fades, so no click at either end, and played at the piezo's volume through the channel's;
only a pattern the voice begins or ends within, its notes at two volumes, is made when it comes.
Playing never blocks: pygame mixes in its own thread.

The cues peak at ``VOLUME`` of full scale and the voice at ``speech.voice.SHARE``: together they
stay below it, so a line spoken over a cue is never clipped.

No audio device, or no mixer at all, disables the speaker with ``reason`` saying why: never a crash.
"""

from __future__ import annotations

import array
import math
from typing import Dict, List, Optional, Sequence, Tuple

import pygame

from facepacer.engine.cues import STYLES, Note, cue_style
from facepacer.hardware.buzzer import Sounding

FADE = 0.005  # seconds of fade in and out of each tone
VOLUME = 0.45  # of full scale, at the buzzer's full volume: a cue should not startle
CHANNEL = 0  # the mixer channel of the cues; the voice has its own
MAX_SOUNDS = 64  # patterns kept synthesised: each cue at full volume, and a few of mixed gains


class Speaker:
    """Plays what the buzzer plays (``sounded``, a listener of its sequencer). ``enabled=False``
    makes a silent speaker (``reason`` says so)."""

    def __init__(self, enabled: bool = True, volume: float = VOLUME):
        self.reason: Optional[str] = None
        self.volume = volume
        self._mute = False
        self._format: Tuple[int, int, int] = (0, 0, 0)  # rate, size, channels of the mixer
        self._sounds: Dict[Tuple[str, Tuple[float, ...]], pygame.mixer.Sound] = {}
        self._channel: Optional[pygame.mixer.Channel] = None
        if not enabled:
            self.reason = "sound is turned off"
            return
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=22050, size=-16, channels=1, buffer=512)
            self._format = pygame.mixer.get_init()
            for cue in STYLES:  # made now, not at the first cue, so that one is not late
                self.sound(cue)
            self._channel = pygame.mixer.Channel(CHANNEL)
        except (pygame.error, ValueError, OSError, TypeError) as exc:
            self._sounds = {}
            self.reason = f"no sound: {exc}"

    @property
    def enabled(self) -> bool:
        return self._channel is not None

    @property
    def mute(self) -> bool:
        return self._mute

    @mute.setter
    def mute(self, value: bool) -> None:
        """Muting also silences the pattern playing now."""
        self._mute = bool(value)
        if self._mute and self._channel is not None:
            self._channel.stop()

    def toggle_mute(self) -> bool:
        """Mute or unmute; returns the new state (True: muted)."""
        self.mute = not self._mute
        return self._mute

    def sounded(self, sounding: Sounding) -> None:
        """The buzzer started a pattern (play it now) or dropped a cue (nothing to play)."""
        if sounding.start is not None:
            self.play(sounding.cue, sounding.gains)

    def play(self, cue: str, gains: Optional[Sequence[float]] = None) -> bool:
        """Start ``cue``'s pattern now, each note at its gain in ``gains`` (default: all 1); whether
        it sounds. The buzzer never overlaps two patterns, so nothing is playing to wait for."""
        if cue not in STYLES or self.mute or self._channel is None:
            return False
        levels = set(gains or (1.0,))
        if len(levels) == 1:  # the common case: the channel's volume scales the whole pattern
            self._channel.set_volume(levels.pop())
            self._channel.play(self.sound(cue))
        else:  # the voice began or ended within the pattern: its notes differ
            self._channel.set_volume(1.0)
            self._channel.play(self.sound(cue, gains))
        return True

    def sound(self, cue: str, gains: Optional[Sequence[float]] = None) -> pygame.mixer.Sound:
        """The synthesised sound of ``cue`` with each note at ``gains`` (default: all 1), for
        the mixer, the tests and the probe command."""
        key = (cue, tuple(gains) if gains is not None else (1.0,) * len(cue_style(cue).notes))
        sound = self._sounds.get(key)
        if sound is None:
            if len(self._sounds) >= MAX_SOUNDS:  # gains changed many times: start afresh
                self._sounds = {k: v for k, v in self._sounds.items() if set(k[1]) == {1.0}}
            rate, size, channels = self._format
            samples = synthesize(cue_style(cue).notes, rate, self.volume, key[1])
            sound = self._sounds[key] = pygame.mixer.Sound(buffer=encode(samples, size, channels))
        return sound

    def close(self) -> None:
        if self._channel is not None:
            self._channel.stop()
        self._channel = None


def synthesize(
    notes: Sequence[Note], rate: int, volume: float = VOLUME, gains: Sequence[float] = ()
) -> List[float]:
    """Samples in -1..1 at ``rate`` Hz for a pattern: sine tones, rests as silence; note ``i``
    peaks at ``volume * gains[i]`` (``gains`` default: all 1)."""
    out: List[float] = []
    fade = max(1, int(FADE * rate))
    for i, note in enumerate(notes):
        peak = volume * (gains[i] if i < len(gains) else 1.0)
        count = max(1, int(round(note.seconds * rate)))
        if note.freq is None:
            out.extend([0.0] * count)
            continue
        step = 2 * math.pi * note.freq / rate
        edge = min(fade, count // 2)
        for k in range(count):
            envelope = min(1.0, k / edge, (count - 1 - k) / edge) if edge else 1.0
            out.append(peak * envelope * math.sin(step * k))
    return out


def encode(samples: List[float], size: int, channels: int) -> bytes:
    """Raw bytes in the mixer's format: ``size`` as pygame reports it (-16 signed 16-bit...)."""
    if size == -16:
        data = array.array("h", (int(v * 32767) for v in samples))
    elif size == 16:
        data = array.array("H", (int(v * 32767) + 32768 for v in samples))
    elif size == -8:
        data = array.array("b", (int(v * 127) for v in samples))
    elif size == 8:
        data = array.array("B", (int(v * 127) + 128 for v in samples))
    elif size == 32:
        data = array.array("f", samples)
    else:
        raise ValueError(f"mixer sample format {size} is not supported")
    if channels > 1:
        data = array.array(data.typecode, (v for v in data for _ in range(channels)))
    return data.tobytes()
