"""Cue patterns (``engine/cues.py``) played on the buzzer without blocking the loop.

``play(cue, now)`` queues a pattern; the loop calls ``update(now)`` at ``next_deadline()`` and the
notes change at their scheduled times, measured from the pattern's start, never from the time
``update`` happened to run. When cues pile up, a stroke tick arriving while another pattern plays
is dropped (a late tick misleads more than a missing one); other cues queue, at most
``MAX_QUEUE``, the oldest waiting one giving way. Night mode lowers the volume and drops stroke
ticks. ``played`` records ``(t, cue)`` for every pattern as it starts.
"""

from __future__ import annotations

import math
from collections import deque
from datetime import time as clock_time
from typing import Callable, Deque, List, Optional, Tuple

from facepacer.config import BuzzerConfig
from facepacer.engine.cues import STYLES, cue_style
from facepacer.errors import HardwareError

MAX_QUEUE = 3
DUCK = 0.4  # share of its volume the buzzer keeps while the voice speaks
GAP = 0.05  # seconds of silence between queued patterns, so two cues never run together
# A TonalBuzzer spans ``octaves`` either side of its middle tone. D6 (1174.66 Hz) with one octave
# gives D5-D7, 587-2349 Hz, which holds every cue's pitches; anything outside is clamped.
MID_TONE = "D6"
OCTAVES = 1


def night_at(config: BuzzerConfig, wall: clock_time) -> bool:
    """Whether ``wall`` (local time of day) falls in the configured night, which may span
    midnight (22:00-07:00)."""
    if config.night_start is None or config.night_end is None:
        return False
    start, end = config.night_start, config.night_end  # read from HH:MM by the config
    if start <= end:
        return start <= wall < end
    return wall >= start or wall < end


def duty_for(volume: float) -> float:
    """PWM duty cycle that drives a piezo at ``volume`` (0-1) of full loudness.

    A square wave of duty d has a fundamental of amplitude proportional to sin(pi * d), loudest at
    d = 0.5; inverting that makes the volume scale linearly with amplitude.
    """
    return math.asin(max(0.0, min(1.0, volume))) / math.pi


class _Sequencer:
    """The scheduling shared by the real and the recording buzzer; subclasses make the sound."""

    def __init__(self, config: BuzzerConfig):
        for name in ("volume", "night_volume"):
            value = getattr(config, name)
            if not 0 <= value <= 1:
                raise ValueError(f"buzzer {name} must be between 0 and 1, got {value!r}")
        self.config = config
        self.volume = config.volume
        self._muted = config.mute
        self.night = False
        self.played: List[Tuple[float, str]] = []
        self.dropped: List[Tuple[float, str]] = []
        self.error: Optional[str] = None  # the last failure to drive the device, if any
        self._queue: Deque[Tuple[str, float]] = deque()
        self._cue: Optional[str] = None
        self._index = 0
        self._note_start = 0.0
        self._free_at = float("-inf")
        self._sounding: Optional[float] = None
        self._duck = (0.0, 0.0)  # while the voice speaks: notes starting then play quieter

    @property
    def playing(self) -> Optional[str]:
        return self._cue

    @property
    def effective_volume(self) -> float:
        if self._muted:
            return 0.0
        return min(self.volume, self.config.night_volume) if self.night else self.volume

    def play(self, cue: str, now: float) -> bool:
        """Queue ``cue``'s pattern; False if the policy dropped it (muted, a busy stroke tick, a
        stroke tick or the reminder in night hours)."""
        if cue not in STYLES:
            raise ValueError(f"no buzzer pattern for cue {cue!r}; cues: {', '.join(STYLES)}")
        style = cue_style(cue)
        self.update(now)
        busy = self._cue is not None or bool(self._queue)
        if self._muted or (style.drop_when_busy and busy) or (style.quiet_at_night and self.night):
            self.dropped.append((now, cue))
            return False
        if len(self._queue) >= MAX_QUEUE:
            old, _ = self._queue.popleft()
            self.dropped.append((now, old))
        self._queue.append((cue, now))
        self.update(now)
        return True

    def update(self, now: float) -> None:
        """Bring the sound up to ``now``."""
        while True:
            if self._cue is None:
                if not self._queue:
                    break
                cue, asked = self._queue.popleft()
                self._cue, self._index = cue, 0
                self._note_start = max(asked, self._free_at + GAP)
                self.played.append((self._note_start, cue))
            notes = cue_style(self._cue).notes
            end = self._note_start + notes[self._index].seconds
            if end > now:
                break
            self._index += 1
            self._note_start = end
            if self._index == len(notes):
                self._cue, self._free_at = None, end
        if self._cue is not None:
            self._output(cue_style(self._cue).notes[self._index].freq, self._note_start)
        else:
            self._output(None, self._free_at)

    def next_deadline(self) -> Optional[float]:
        """When the sounding note ends, or None when silent."""
        if self._cue is None:
            return None
        return self._note_start + cue_style(self._cue).notes[self._index].seconds

    @property
    def mute(self) -> bool:
        return self._muted

    @mute.setter
    def mute(self, muted: bool) -> None:
        self.set_mute(muted)

    def set_mute(self, muted: bool, now: Optional[float] = None) -> None:
        """Silence at once (the pattern in progress and the queue are dropped)."""
        self._muted = muted
        if muted:
            self._queue.clear()
            if self._cue is not None:
                self._cue, self._free_at = None, self._note_start if now is None else now
            self._output(None, self._free_at)

    def set_volume(self, volume: float) -> None:
        """Takes effect from the next note."""
        if not 0 <= volume <= 1:
            raise ValueError(f"buzzer volume must be between 0 and 1, got {volume!r}")
        self.volume = volume

    def set_night(self, night: bool) -> None:
        self.night = night

    def duck(self, start: float, end: float) -> None:
        """Notes starting from ``start`` until ``end`` (the voice speaking) play at DUCK of the
        volume; their times do not change."""
        self._duck = (start, end)

    def close(self) -> None:
        self._output(None, self._free_at)

    def _output(self, freq: Optional[float], t: float) -> None:
        if freq == self._sounding:
            return
        self._sounding = freq
        volume = self.effective_volume
        if self._duck[0] <= t < self._duck[1]:
            volume *= DUCK
        try:
            self._sound(freq, volume, t)
        except Exception as exc:
            self.error = f"buzzer on GPIO{self.config.pin} failed: {exc}"

    def _sound(self, freq: Optional[float], volume: float, t: float) -> None:
        raise NotImplementedError


class CueBuzzer(_Sequencer):
    """The piezo on ``config.pin``: a gpiozero ``TonalBuzzer`` (passive piezo, PWM) or, with
    ``config.active``, a ``Buzzer`` switched on and off (an active buzzer has one pitch, so the
    patterns become rhythms). ``device`` overrides the gpiozero device built from
    ``pin_factory``. Raises ``HardwareError`` if the pin cannot be driven."""

    def __init__(self, config: BuzzerConfig, *, pin_factory=None, device=None):
        super().__init__(config)
        self.device = device if device is not None else self._open(pin_factory)

    def _open(self, pin_factory):
        try:
            if self.config.active:
                from gpiozero import Buzzer

                return Buzzer(self.config.pin, pin_factory=pin_factory)
            from gpiozero import TonalBuzzer
            from gpiozero.tones import Tone

            return TonalBuzzer(
                self.config.pin, mid_tone=Tone(MID_TONE), octaves=OCTAVES, pin_factory=pin_factory
            )
        except Exception as exc:
            hint = "check that no other program uses the pin"
            if not self.config.active:
                hint += " and that the pin library can do PWM (`sudo apt install python3-lgpio`)"
            raise HardwareError(
                f"cannot drive the buzzer on GPIO{self.config.pin}: {exc}; {hint}"
            ) from exc

    def close(self) -> None:
        super().close()
        self.device.close()

    def _sound(self, freq: Optional[float], volume: float, t: float) -> None:
        if self.config.active:
            if freq is None or volume == 0:
                self.device.off()
            else:
                self.device.on()
            return
        if freq is None or volume == 0:
            self.device.stop()
            return
        from gpiozero.tones import Tone

        low = self.device.min_tone.frequency
        high = self.device.max_tone.frequency
        self.device.play(Tone(frequency=max(low, min(high, freq))))
        self.device.pwm_device.value = duty_for(volume)


class RecordingBuzzer(_Sequencer):
    """The same buzzer for tests and headless runs: ``tones`` records ``(t, freq, volume)`` at
    each change (freq None is silence), and ``sink``, if given, is called with the same three
    values (the simulator plays them through its speaker)."""

    def __init__(
        self,
        config: Optional[BuzzerConfig] = None,
        *,
        sink: Optional[Callable[[float, Optional[float], float], None]] = None,
    ):
        super().__init__(config or BuzzerConfig())
        self.tones: List[Tuple[float, Optional[float], float]] = []
        self._sink = sink

    def _sound(self, freq: Optional[float], volume: float, t: float) -> None:
        self.tones.append((t, freq, volume))
        if self._sink is not None:
            self._sink(t, freq, volume)
