"""What flows into and out of the engine: gestures in; cues and session events out.

Plain frozen values, so the engine, the hardware, the view and the store share them without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

# Gestures (DESIGN §3). ``press`` is raw activity (any electrode touched): it wakes the screen and
# resets idle timers, but never acts by itself. ``back``/``pause``/``next`` come from electrodes
# that the config maps to those roles.
TAP, HOLD, PRESS, BACK, PAUSE, NEXT = "tap", "hold", "press", "back", "pause", "next"
GESTURES: Tuple[str, ...] = (TAP, HOLD, PRESS, BACK, PAUSE, NEXT)

# Cues (DESIGN §4): each has a buzzer pattern and an on-screen flash.
CUES: Tuple[str, ...] = (
    "start", "zone", "stroke", "side", "countdown", "pause", "resume", "finish", "error",
    "reminder",
)  # fmt: skip


@dataclass(frozen=True)
class Gesture:
    kind: str  # one of GESTURES
    t: float  # clock time at which it fired (release for a tap, press + hold time for a hold)
    electrode: int = 0


@dataclass(frozen=True)
class Cue:
    cue: str  # one of CUES
    t: float  # clock time at which the engine issued it
    step: Optional[int] = None  # step index, None outside a ritual
    due: Optional[float] = None  # clock time it was scheduled for (t - due is the lateness)


@dataclass(frozen=True)
class SessionStarted:
    ritual_id: str
    ritual_title: str
    steps_total: int
    t: float


@dataclass(frozen=True)
class StepEnded:
    index: int
    zone: str
    side: str
    planned: float  # the step's seconds
    started: float  # clock time
    ended: float  # clock time
    active: float  # seconds, pauses excluded
    ended_by: str  # timer | touch | abandon | quit


@dataclass(frozen=True)
class SessionEnded:
    status: str  # completed | abandoned | quit
    t: float
    active: float  # seconds of the ritual, pauses excluded
    elapsed: float  # seconds from start to end, pauses included


@dataclass(frozen=True)
class MoodGiven:
    mood: int  # 1-5
    t: float


# How a shown reminder ended: a tap started the ritual, another gesture sent it away, or ten
# minutes passed with no touch (or the device closed) while it showed.
REMINDER_OUTCOMES: Tuple[str, ...] = ("taken", "dismissed", "expired")


@dataclass(frozen=True)
class ReminderShown:
    ritual_id: str  # the ritual the prompt names, the one a tap starts
    t: float


@dataclass(frozen=True)
class ReminderEnded:
    outcome: str  # one of REMINDER_OUTCOMES
    t: float
