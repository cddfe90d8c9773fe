"""What flows into and out of the engine: gestures in; cues and session events out.

Plain frozen values, so the engine, the hardware, the view and the store share them without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple, Union

from facepacer.enums import StrEnum


class GestureKind(StrEnum):
    """Gestures (ARCHITECTURE §4). ``press`` is raw activity (any electrode touched): it wakes the
    screen and resets idle timers, but never acts by itself. ``back``/``pause``/``next`` come from
    electrodes that the config maps to those roles."""

    TAP = "tap"
    HOLD = "hold"
    PRESS = "press"
    BACK = "back"
    PAUSE = "pause"
    NEXT = "next"


TAP, HOLD, PRESS, BACK, PAUSE, NEXT = GestureKind  # in the order above
GESTURES: Tuple[GestureKind, ...] = tuple(GestureKind)
ROLES: Tuple[GestureKind, ...] = (BACK, PAUSE, NEXT)  # what the config may map an electrode to


class CueKind(StrEnum):
    """Cues (ARCHITECTURE §5): each has a buzzer pattern and an on-screen flash."""

    START = "start"
    ZONE = "zone"
    STROKE = "stroke"
    SIDE = "side"
    COUNTDOWN = "countdown"
    PAUSE = "pause"
    RESUME = "resume"
    FINISH = "finish"
    ERROR = "error"
    REMINDER = "reminder"


CUES: Tuple[CueKind, ...] = tuple(CueKind)


class Status(StrEnum):
    """A session's status (ARCHITECTURE §7). The engine ends a session as completed, abandoned
    or quit; the log adds running, and interrupted for a session whose process died."""

    RUNNING = "running"
    COMPLETED = "completed"
    ABANDONED = "abandoned"
    QUIT = "quit"
    INTERRUPTED = "interrupted"


ENDINGS: Tuple[Status, ...] = (Status.COMPLETED, Status.ABANDONED, Status.QUIT)


class EndedBy(StrEnum):
    """How a step ended: by its timer, by a tap, left idle (abandon), or the program closing."""

    TIMER = "timer"
    TOUCH = "touch"
    ABANDON = "abandon"
    QUIT = "quit"


@dataclass(frozen=True)
class Gesture:
    kind: GestureKind
    t: float  # clock time at which it fired (release for a tap, press + hold time for a hold)
    electrode: int = 0


@dataclass(frozen=True)
class Cue:
    cue: CueKind
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
    ended_by: EndedBy


@dataclass(frozen=True)
class SessionEnded:
    status: Status  # one of ENDINGS
    t: float
    active: float  # seconds of the ritual, pauses excluded
    elapsed: float  # seconds from start to end, pauses included


@dataclass(frozen=True)
class MoodGiven:
    mood: int  # 1-5
    t: float


# How a shown reminder ended: a tap started the ritual, another gesture sent it away, or ten
# minutes passed with no touch (or the device closed) while it showed.
class ReminderOutcome(StrEnum):
    """How a shown reminder ended (ARCHITECTURE §7)."""

    TAKEN = "taken"
    DISMISSED = "dismissed"
    EXPIRED = "expired"


REMINDER_OUTCOMES: Tuple[ReminderOutcome, ...] = tuple(ReminderOutcome)


@dataclass(frozen=True)
class ReminderShown:
    ritual_id: str  # the ritual the prompt names, the one a tap starts
    t: float


@dataclass(frozen=True)
class ReminderEnded:
    outcome: ReminderOutcome
    t: float


# What the engine returns, in the order it happened.
Output = Union[
    Cue, SessionStarted, StepEnded, SessionEnded, MoodGiven, ReminderShown, ReminderEnded
]
