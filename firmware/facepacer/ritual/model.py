"""The ritual model: what a validated ritual file becomes, frozen so nothing downstream edits it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

FORMAT = 1

ZONES: Tuple[str, ...] = (
    "forehead", "brows", "temples", "eyes", "nose", "cheeks", "mouth",
    "jawline", "chin", "ears", "neck", "decollete", "scalp", "full_face",
)  # fmt: skip
SIDES: Tuple[str, ...] = ("both", "left", "right", "alternate")
ADVANCES: Tuple[str, ...] = ("timer", "touch")
VOICE_SUFFIXES: Tuple[str, ...] = (".wav", ".ogg")
VOICE_MAX_BYTES = 10 * 1024 * 1024  # a minute of 16-bit 44.1 kHz stereo WAV, with room to spare

MAX_STROKES_PER_SECOND = 3


@dataclass(frozen=True)
class Step:
    zone: str
    title: str
    say: str
    seconds: float
    strokes: Optional[int] = None
    side: str = "both"
    advance: str = "timer"
    image: Optional[str] = None
    voice: Optional[str] = None  # a recorded voice file for the step (absolute path), if any
    line: int = 0  # line of the step in its file, for messages

    @property
    def stroke_period(self) -> Optional[float]:
        return self.seconds / self.strokes if self.strokes else None


@dataclass(frozen=True)
class Ritual:
    id: str
    title: str
    steps: Tuple[Step, ...]
    summary: str = ""
    source: str = ""  # the file it came from, or "" when built in code
    id_line: int = 0  # line of the id in its file, for messages about the same id twice

    @property
    def total_seconds(self) -> float:
        return sum(step.seconds for step in self.steps)

    def step_starts(self) -> Tuple[float, ...]:
        """Planned start of each step, in seconds from the ritual's start, with no pauses."""
        starts, t = [], 0.0
        for step in self.steps:
            starts.append(t)
            t += step.seconds
        return tuple(starts)
