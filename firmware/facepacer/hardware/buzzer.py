"""Cue patterns (``engine/cues.py``) played on the buzzer without blocking the loop.

The sequencer here holds the rules of the cues' sound, for every output: which cues play, when
and how loud. ``play(cue, now)`` queues a pattern; the loop calls ``update(now)`` at
``next_deadline()`` and the notes change at their scheduled times, measured from the pattern's
start, never from the time ``update`` happened to run.

A piezo sounds one pattern at a time, so cues that overlap follow one rule (ARCHITECTURE §5): a
stroke tick that comes while another pattern sounds or waits is dropped (a late tick misleads
more than a missing one; at a step's start the zone pattern stands on the first stroke's beat);
any other cue waits its turn and starts ``GAP`` after the one before ends, at most ``MAX_QUEUE``
waiting, the oldest giving way. Night mode lowers the volume and drops the cues whose
record is ``quiet_at_night``; while the voice speaks, patterns starting then play at ``DUCK`` of it.

Each decision is told, as a ``Sounding``, to the listeners (``listen``): the simulator's speaker
plays what the piezo plays, at the same times and volumes, and the run's summary says when each
cue sounded or that it was dropped. ``played`` records ``(t, cue)`` for the latest patterns as
they start.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from datetime import time as clock_time
from typing import Callable, Deque, List, Optional, Tuple

from facepacer.config import BuzzerConfig
from facepacer.engine.cues import STYLES, cue_style
from facepacer.errors import HardwareError

MAX_QUEUE = 3
DUCK = 0.4  # share of its volume the buzzer keeps while the voice speaks
GAP = 0.05  # seconds of silence between queued patterns, so two cues never run together
KEPT = 256  # the latest records kept in ``played``, ``dropped`` and ``tones``; a device on for
# weeks would otherwise hold every cue it ever played
# A TonalBuzzer spans ``octaves`` either side of its middle tone. D6 (1174.66 Hz) with one octave
# gives D5-D7, 587-2349 Hz, which holds every cue's pitches; anything outside is clamped.
MID_TONE = "D6"
OCTAVES = 1


def _record(records: list, item: tuple) -> None:
    """Append ``item``, forgetting the oldest records once there are twice ``KEPT``."""
    records.append(item)
    if len(records) > 2 * KEPT:
        del records[:-KEPT]


@dataclass(frozen=True)
class Sounding:
    """What became of one cue: the pattern started at ``start`` (clock time) with each note at
    the volume in ``gains`` (0-1 of full loudness), or, with ``start`` None, it was dropped."""

    cue: str
    asked: float  # when the cue was given to the buzzer
    start: Optional[float]
    gains: Tuple[float, ...] = ()


Listener = Callable[[Sounding], None]


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
        self._listeners: List[Listener] = []
        self._queue: Deque[Tuple[str, float]] = deque()
        self._cue: Optional[str] = None
        self._asked = 0.0
        self._index = 0
        self._note_start = 0.0
        self._gains: Tuple[float, ...] = ()  # of the sounding pattern; () until it starts
        self._free_at = float("-inf")
        self._sounding: Optional[float] = None
        self._duck = (0.0, 0.0)  # while the voice speaks: patterns starting then play quieter

    @property
    def playing(self) -> Optional[str]:
        return self._cue

    @property
    def effective_volume(self) -> float:
        if self._muted:
            return 0.0
        return min(self.volume, self.config.night_volume) if self.night else self.volume

    def listen(self, listener: Listener) -> None:
        """Tell ``listener`` what becomes of every cue from now on (a ``Sounding`` each)."""
        self._listeners.append(listener)

    def play(self, cue: str, now: float) -> bool:
        """Queue ``cue``'s pattern; False if the rules dropped it (muted, a stroke tick while
        another pattern sounds or waits, a cue quiet at night in night hours)."""
        if cue not in STYLES:
            raise ValueError(f"no buzzer pattern for cue {cue!r}; cues: {', '.join(STYLES)}")
        style = cue_style(cue)
        self.update(now)
        busy = self._cue is not None or bool(self._queue)
        if self._muted or (style.drop_when_busy and busy) or (style.quiet_at_night and self.night):
            self._drop(cue, now, now)
            return False
        if len(self._queue) >= MAX_QUEUE:
            old, asked = self._queue.popleft()
            self._drop(old, asked, now)
        self._queue.append((cue, now))
        self.update(now)
        return True

    def update(self, now: float) -> None:
        """Bring the sound up to ``now``."""
        while True:
            if self._cue is None:
                if not self._queue:
                    break
                self._cue, self._asked = self._queue.popleft()
                self._index, self._gains = 0, ()
                self._note_start = max(self._asked, self._free_at + GAP)
            if self._note_start > now:
                break  # waiting out the gap after the pattern before
            if not self._gains:
                self._begin(now)
            notes = cue_style(self._cue).notes
            end = self._note_start + notes[self._index].seconds
            if end > now:
                break
            self._index += 1
            self._note_start = end
            if self._index == len(notes):
                self._cue, self._free_at = None, end
        if self._cue is not None and self._gains:
            note = cue_style(self._cue).notes[self._index]
            self._output(note.freq, self._gains[self._index], self._note_start)
        else:
            self._output(None, self.effective_volume, self._free_at)

    def _begin(self, now: float) -> None:
        """The pattern in hand starts: fix each note's volume and tell the listeners when it is
        heard (``now``, should the loop come later than the pattern's time)."""
        assert self._cue is not None
        t, gains = self._note_start, []
        for note in cue_style(self._cue).notes:
            gains.append(self._gain(t))
            t += note.seconds
        self._gains = tuple(gains)
        _record(self.played, (self._note_start, self._cue))
        heard = max(self._note_start, now)
        self._tell(Sounding(self._cue, self._asked, heard, self._gains))

    def _gain(self, t: float) -> float:
        """The volume of a note starting at ``t``: the buzzer's, less while the voice speaks."""
        volume = self.effective_volume
        if self._duck[0] <= t < self._duck[1]:
            volume *= DUCK
        return volume

    def _drop(self, cue: str, asked: float, now: float) -> None:
        _record(self.dropped, (now, cue))
        self._tell(Sounding(cue, asked, None))

    def _tell(self, sounding: Sounding) -> None:
        for listener in self._listeners:
            listener(sounding)

    def next_deadline(self) -> Optional[float]:
        """When the sounding note ends (or the pattern waiting out its gap starts), or None when
        silent."""
        if self._cue is None:
            return None
        if not self._gains:
            return self._note_start
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
            waiting, self._queue = list(self._queue), deque()
            if self._cue is not None and not self._gains:
                waiting.insert(0, (self._cue, self._asked))  # had not started yet
            if self._cue is not None:
                self._cue, self._free_at = None, self._note_start if now is None else now
            for cue, asked in waiting:
                self._drop(cue, asked, self._free_at if now is None else now)
            self._output(None, self.effective_volume, self._free_at)

    def set_volume(self, volume: float) -> None:
        """Takes effect from the next pattern."""
        if not 0 <= volume <= 1:
            raise ValueError(f"buzzer volume must be between 0 and 1, got {volume!r}")
        self.volume = volume

    def set_night(self, night: bool) -> None:
        self.night = night

    def duck(self, start: float, end: float) -> None:
        """Patterns starting from ``start`` until ``end`` (the voice speaking) play at DUCK of
        the volume; their times do not change."""
        self._duck = (start, end)

    def close(self) -> None:
        self._output(None, self.effective_volume, self._free_at)

    def _output(self, freq: Optional[float], volume: float, t: float) -> None:
        if freq == self._sounding:
            return
        self._sounding = freq
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
        _record(self.tones, (t, freq, volume))
        if self._sink is not None:
            self._sink(t, freq, volume)
