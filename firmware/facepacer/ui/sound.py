"""The buzzer's cue patterns as tones through the computer's speaker, for the simulator.

Every cue's pattern (``facepacer.engine.cues``) is synthesised once, at start-up, as 16-bit
samples at the mixer's actual rate (asked of ``pygame.mixer.get_init()``, which may differ from
the rate requested): soft sine tones with 5 ms fades, so no click at either end. Playing never
blocks: pygame mixes in its own thread. A cue arriving while another sounds waits its turn, as on
the one buzzer.

No audio device, or no mixer at all, disables the speaker with ``reason`` saying why: never a crash.
"""

from __future__ import annotations

import array
import math
from typing import Dict, List, Optional, Sequence

import pygame

from facepacer.engine.cues import STYLES, Note

FADE = 0.005  # seconds of fade in and out of each tone
VOLUME = 0.5  # of full scale: a cue should not startle


class Speaker:
    """Plays cue patterns. ``enabled=False`` makes a silent speaker (``reason`` says so)."""

    def __init__(self, enabled: bool = True, volume: float = VOLUME):
        self.reason: Optional[str] = None
        self._mute = False
        self._sounds: Dict[str, pygame.mixer.Sound] = {}
        self._channel: Optional[pygame.mixer.Channel] = None
        if not enabled:
            self.reason = "sound is turned off"
            return
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=22050, size=-16, channels=1, buffer=512)
            rate, size, channels = pygame.mixer.get_init()
            for cue, style in STYLES.items():
                samples = synthesize(style.notes, rate, volume)
                self._sounds[cue] = pygame.mixer.Sound(buffer=encode(samples, size, channels))
            self._channel = pygame.mixer.Channel(0)
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

    def play(self, cue: str) -> bool:
        """Start ``cue``'s pattern (or queue it behind the one playing); whether it will sound."""
        sound = self._sounds.get(cue)
        if sound is None or self.mute or self._channel is None:
            return False
        if self._channel.get_busy():
            self._channel.queue(sound)
        else:
            self._channel.play(sound)
        return True

    def sound(self, cue: str) -> Optional[pygame.mixer.Sound]:
        """The synthesised sound of ``cue``, or None (for tests and the probe command)."""
        return self._sounds.get(cue)

    def close(self) -> None:
        if self._channel is not None:
            self._channel.stop()
        self._channel = None


def synthesize(notes: Sequence[Note], rate: int, volume: float = VOLUME) -> List[float]:
    """Samples in -1..1 at ``rate`` Hz for a pattern: sine tones, rests as silence."""
    out: List[float] = []
    fade = max(1, int(FADE * rate))
    for note in notes:
        count = max(1, int(round(note.seconds * rate)))
        if note.freq is None:
            out.extend([0.0] * count)
            continue
        step = 2 * math.pi * note.freq / rate
        edge = min(fade, count // 2)
        for i in range(count):
            envelope = min(1.0, i / edge, (count - 1 - i) / edge) if edge else 1.0
            out.append(volume * envelope * math.sin(step * i))
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
