"""One record per cue: its buzzer pattern, its flash on screen, and the rules that place it.

Every output reads a cue's record here (the piezo, the simulator's speaker, the view, the
engine's ordering of cues that fall on one instant), so a new cue is one new record, the engine
rule that issues it, and a line in ARCHITECTURE §5. ``STYLES`` is checked at import: a cue
without a record, or a record without one of its parts, fails at once, naming both.

Patterns are told apart by rhythm and by the shape of their melody more than by pitch, since a
piezo's loudness varies a lot with frequency and people hear pitch differently: a single tick, a
quick double blip, a rising pair, a falling pair, a warble, a run... so each cue is recognisable
with eyes shut. ``signature`` is that shape, and no two cues share one.

Plain data: no pygame, no colours (each palette of ``ui/theme.py`` gives every ``ColourRole`` its
RGB, so two cues that share a role share a colour in every palette).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Iterable, List, Mapping, Optional, Tuple, TypeVar

from facepacer.engine.events import CueKind
from facepacer.enums import StrEnum


@dataclass(frozen=True)
class Note:
    freq: Optional[float]  # Hz; None is a rest
    seconds: float


class FlashShape(StrEnum):
    """Where in the screen's border a cue flashes, so cues differ by shape as well as colour (for
    colour blindness, and for the contrast theme where colours are few)."""

    FRAME = "frame"  # all four strips
    DOUBLE = "double"  # two thin nested frames
    CORNERS = "corners"
    EDGE = "edge"  # the edge of the side to switch to
    BOTTOM = "bottom"
    SIDES = "sides"  # left and right
    TOPBOTTOM = "topbottom"
    DASHED = "dashed"


class ColourRole(StrEnum):
    """What a flash's colour says; each palette maps every role to one RGB."""

    GO = "go"  # the ritual runs: start, resume
    STEP = "step"  # a new zone
    TICK = "tick"  # a stroke
    SIDE = "side"
    SOON = "soon"  # the step ends in a few seconds
    HALT = "halt"  # paused
    DONE = "done"
    FAULT = "fault"
    NUDGE = "nudge"  # the daily reminder


@dataclass(frozen=True)
class CueStyle:
    """Everything the outputs need to know about one cue. No part has a default: a record
    states each one."""

    notes: Tuple[Note, ...]  # the buzzer pattern
    shape: FlashShape
    colour: ColourRole
    flash_rank: int  # of cues due at one instant, the screen flashes the highest
    order: Optional[int]  # order among a step's events at one instant; None: never scheduled
    quiet_at_night: bool  # dropped in night hours: nobody is woken for these
    drop_when_busy: bool  # dropped while another pattern plays or waits (a late tick misleads)


def _n(*pairs: Tuple[Optional[float], float]) -> Tuple[Note, ...]:
    return tuple(Note(f, s) for f, s in pairs)


# Pitches kept within 600-2000 Hz, where a passive piezo disc is loudest. Flash ranks: the cue
# that says the most wins; the reminder, like the error, comes from the device rather than a
# ritual's schedule. Order: the zone is announced before its first stroke.
STYLES: Mapping[CueKind, CueStyle] = MappingProxyType(
    {
        CueKind.START: CueStyle(
            notes=_n((880, 0.08), (None, 0.04), (1175, 0.08), (None, 0.04), (1568, 0.14)),
            shape=FlashShape.DOUBLE,
            colour=ColourRole.GO,
            flash_rank=5,
            order=0,
            quiet_at_night=False,
            drop_when_busy=False,
        ),
        CueKind.ZONE: CueStyle(
            notes=_n((1047, 0.12), (None, 0.06), (1047, 0.12)),
            shape=FlashShape.FRAME,
            colour=ColourRole.STEP,
            flash_rank=4,
            order=1,
            quiet_at_night=False,
            drop_when_busy=False,
        ),
        CueKind.STROKE: CueStyle(
            notes=_n((1568, 0.03)),
            shape=FlashShape.CORNERS,
            colour=ColourRole.TICK,
            flash_rank=0,
            order=3,
            quiet_at_night=True,
            drop_when_busy=True,
        ),
        CueKind.SIDE: CueStyle(
            notes=_n((1319, 0.07), (988, 0.07), (1319, 0.07)),
            shape=FlashShape.EDGE,
            colour=ColourRole.SIDE,
            flash_rank=3,
            order=2,
            quiet_at_night=False,
            drop_when_busy=False,
        ),
        CueKind.COUNTDOWN: CueStyle(
            notes=_n((1319, 0.04), (None, 0.05), (1319, 0.04)),
            shape=FlashShape.BOTTOM,
            colour=ColourRole.SOON,
            flash_rank=1,
            order=4,
            quiet_at_night=False,
            drop_when_busy=False,
        ),
        CueKind.PAUSE: CueStyle(
            notes=_n((1175, 0.10), (None, 0.04), (784, 0.18)),
            shape=FlashShape.SIDES,
            colour=ColourRole.HALT,
            flash_rank=2,
            order=None,
            quiet_at_night=False,
            drop_when_busy=False,
        ),
        CueKind.RESUME: CueStyle(
            notes=_n((784, 0.10), (None, 0.04), (1175, 0.18)),
            shape=FlashShape.TOPBOTTOM,
            colour=ColourRole.GO,
            flash_rank=2,
            order=None,
            quiet_at_night=False,
            drop_when_busy=False,
        ),
        CueKind.FINISH: CueStyle(
            notes=_n((1047, 0.12), (1319, 0.12), (1568, 0.12), (2093, 0.30)),
            shape=FlashShape.DOUBLE,
            colour=ColourRole.DONE,
            flash_rank=7,
            order=None,
            quiet_at_night=False,
            drop_when_busy=False,
        ),
        CueKind.ERROR: CueStyle(
            notes=_n((622, 0.25), (None, 0.08), (622, 0.25)),
            shape=FlashShape.DASHED,
            colour=ColourRole.FAULT,
            flash_rank=6,
            order=None,
            quiet_at_night=False,
            drop_when_busy=False,
        ),
        # The daily reminder: long, low notes that rise, dip and rise again; soft, not alarming.
        CueKind.REMINDER: CueStyle(
            notes=_n((784, 0.22), (988, 0.22), (None, 0.14), (784, 0.22), (988, 0.34)),
            shape=FlashShape.FRAME,
            colour=ColourRole.NUDGE,
            flash_rank=6,
            order=None,
            quiet_at_night=True,
            drop_when_busy=False,
        ),
    }
)


def record_problems(name: str, style: CueStyle) -> List[str]:
    """What one record lacks: a part left as None, or a pattern with no note or no sound."""
    found = [
        f"cue {name!r} has no {part.name}"
        for part in fields(style)
        if part.name != "order" and getattr(style, part.name) is None
    ]
    notes = style.notes or ()
    if not any(note.freq is not None for note in notes):
        found.append(f"cue {name!r} has no sounding note in its buzzer pattern")
    found += [
        f"cue {name!r} has a note of {note.seconds!r} s: a note lasts more than 0 s"
        for note in notes
        if not note.seconds > 0
    ]
    return found


Kind = TypeVar("Kind", bound=str)  # CueKind, or a test's own kinds


def problems(kinds: Iterable[Kind], styles: Mapping[Kind, CueStyle]) -> List[str]:
    """What ``styles`` lacks for the cues ``kinds``: a record, or a part of one; and any record
    of a cue that does not exist."""
    names = list(kinds)
    found: List[str] = []
    for kind in names:
        if kind not in styles:
            found.append(f"cue {kind!r} has no record in STYLES (engine/cues.py)")
        else:
            found += record_problems(kind, styles[kind])
    found += [
        f"STYLES has a record of {name!r}, which is no cue" for name in styles if name not in names
    ]
    return found


def check(kinds: Iterable[Kind], styles: Mapping[Kind, CueStyle]) -> None:
    """Raise ImportError naming every cue and part ``styles`` lacks."""
    found = problems(kinds, styles)
    if found:
        raise ImportError("cue records incomplete:\n  " + "\n  ".join(found))


check(CueKind, STYLES)


def cue_style(cue: str) -> CueStyle:
    """The record of ``cue`` given by name (a ``CueKind`` or its plain string); ValueError
    naming the cues when there is none."""
    if cue not in STYLES:
        raise ValueError(f"no cue {cue!r}; cues: {', '.join(STYLES)}")
    return STYLES[CueKind(cue)]


def duration(cue: str) -> float:
    return sum(note.seconds for note in cue_style(cue).notes)


def signature(cue: str) -> Tuple[int, Tuple[int, ...], float]:
    """What an ear tells apart without perfect pitch: how many notes, whether each step goes up,
    down or stays, and the length to a tenth of a second."""
    pitches = [note.freq for note in cue_style(cue).notes if note.freq is not None]
    steps = tuple((b > a) - (b < a) for a, b in zip(pitches, pitches[1:]))
    return len(pitches), steps, round(duration(cue), 1)
