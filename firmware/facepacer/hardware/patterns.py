"""The buzzer pattern of each cue, as data shared by the piezo, the simulator's speaker, the tests.

Patterns are told apart by rhythm and by the shape of their melody more than by pitch, since a
piezo's loudness varies a lot with frequency and people hear pitch differently: a single tick, a
quick double blip, a rising pair, a falling pair, a warble, a run... so each cue is recognisable
with eyes shut. ``signature`` is that shape, and no two cues share one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple


@dataclass(frozen=True)
class Note:
    freq: Optional[float]  # Hz; None is a rest
    seconds: float


def _n(*pairs) -> Tuple[Note, ...]:
    return tuple(Note(f, s) for f, s in pairs)


# Pitches kept within 600-2000 Hz, where a passive piezo disc is loudest.
PATTERNS: Dict[str, Tuple[Note, ...]] = {
    "start": _n((880, 0.08), (None, 0.04), (1175, 0.08), (None, 0.04), (1568, 0.14)),
    "zone": _n((1047, 0.12), (None, 0.06), (1047, 0.12)),
    "stroke": _n((1568, 0.03)),
    "side": _n((1319, 0.07), (988, 0.07), (1319, 0.07)),
    "countdown": _n((1319, 0.04), (None, 0.05), (1319, 0.04)),
    "pause": _n((1175, 0.10), (None, 0.04), (784, 0.18)),
    "resume": _n((784, 0.10), (None, 0.04), (1175, 0.18)),
    "finish": _n((1047, 0.12), (1319, 0.12), (1568, 0.12), (2093, 0.30)),
    "error": _n((622, 0.25), (None, 0.08), (622, 0.25)),
    # The daily reminder: long, low notes that rise, dip and rise again; soft, not alarming.
    "reminder": _n((784, 0.22), (988, 0.22), (None, 0.14), (784, 0.22), (988, 0.34)),
}


def duration(cue: str) -> float:
    return sum(note.seconds for note in PATTERNS[cue])


def signature(cue: str) -> Tuple[int, Tuple[int, ...], float]:
    """What an ear tells apart without perfect pitch: how many notes, whether each step goes up,
    down or stays, and the length to a tenth of a second."""
    pitches = [note.freq for note in PATTERNS[cue] if note.freq is not None]
    steps = tuple((b > a) - (b < a) for a, b in zip(pitches, pitches[1:]))
    return len(pitches), steps, round(duration(cue), 1)
