"""The ritual model: what a validated ritual file becomes, frozen so nothing downstream edits it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional, Tuple

from facepacer.enums import StrEnum
from facepacer.media import RECORDING_MAX_BYTES
from facepacer.ritual.language import DEFAULT, base, requested

FORMAT = 1

ZONES: Tuple[str, ...] = (
    "forehead", "brows", "temples", "eyes", "nose", "cheeks", "mouth",
    "jawline", "chin", "ears", "neck", "decollete", "scalp", "full_face",
)  # fmt: skip


class Side(StrEnum):
    """Which side of the face a step works, as a ritual file spells it (``side:``)."""

    BOTH = "both"
    LEFT = "left"
    RIGHT = "right"
    ALTERNATE = "alternate"  # left and right in turn, one stroke each


class Advance(StrEnum):
    """What moves a step on, as a ritual file spells it (``advance:``)."""

    TIMER = "timer"  # its seconds run out
    TOUCH = "touch"  # a tap, once its seconds are up


SIDES: Tuple[Side, ...] = tuple(Side)
ADVANCES: Tuple[Advance, ...] = tuple(Advance)
VOICE_SUFFIXES: Tuple[str, ...] = (".wav", ".ogg")
VOICE_MAX_BYTES = RECORDING_MAX_BYTES  # with what a recording may decode to, in facepacer.media

MAX_STROKES_PER_SECOND = 3
TITLE_MAX, SAY_MAX, SUMMARY_MAX = 40, 200, 200  # characters, in every language


@dataclass(frozen=True)
class Step:
    zone: str
    title: str
    say: str
    seconds: float
    strokes: Optional[int] = None
    side: Side = Side.BOTH
    advance: Advance = Advance.TIMER
    image: Optional[str] = None
    voice: Optional[str] = None  # a recorded voice file for the step (absolute path), if any
    line: int = 0  # line of the step in its file, for messages

    @property
    def stroke_period(self) -> Optional[float]:
        return self.seconds / self.strokes if self.strokes else None


@dataclass(frozen=True)
class StepText:
    """A step's words in one language: what a translation gives for each step."""

    title: str
    say: str
    voice: Optional[str] = None  # a recording in that language (absolute path), if any
    line: int = 0  # line of the translated step in its file, for messages


@dataclass(frozen=True)
class RitualText:
    """A ritual's words in one language; ``steps`` has one entry for each of its steps."""

    title: str
    steps: Tuple[StepText, ...]
    summary: str = ""


@dataclass(frozen=True)
class Ritual:
    id: str
    title: str
    steps: Tuple[Step, ...]
    summary: str = ""
    source: str = ""  # the file it came from, or "" when built in code
    id_line: int = 0  # line of the id in its file, for messages about the same id twice
    language: str = DEFAULT  # the language of title, summary and steps' words
    # The same words in other languages, by code (``de``, ``de_AT``), in the file's order.
    translations: Tuple[Tuple[str, RitualText], ...] = ()
    own_title: str = ""  # the file's own title once ``in_language`` replaced it, else ""

    @property
    def file_title(self) -> str:
        """The title in the file's own words, whatever language the ritual is shown in: what
        the session log keeps, so the history reads in one language."""
        return self.own_title or self.title

    @property
    def languages(self) -> Tuple[str, ...]:
        """Every language the ritual can be shown in: its own first, then its translations'."""
        return (self.language, *(code for code, _ in self.translations))

    def in_language(self, language: str) -> Ritual:
        """This ritual with its words in ``language`` (``de``, ``de_AT``, ``de-AT``,
        ``de_DE.UTF-8``...), from the translation that fits best: the same code, else the
        language alone (``de_AT`` finds ``de``), else the first code of the same language
        (``de`` finds ``de_DE``). The file's own language takes part in the choice, and when it
        wins, or nothing fits, the ritual is returned as it is.

        Only the words change: title, summary, and each step's title and say. A step's
        ``voice`` becomes the translation's recording, or None when it gives none, so the line
        is synthesised in the new language instead of played in the old one. Ids, timing,
        zones, sides, lines and source stay. The result keeps every language: the words it
        replaced become a translation, so ``in_language`` can switch back.
        """
        choice = _best(requested(language), self.languages)
        if choice is None or choice == self.language:
            return self
        text = dict(self.translations)[choice]
        steps = tuple(
            replace(step, title=words.title, say=words.say, voice=words.voice)
            for step, words in zip(self.steps, text.steps)
        )
        steps += self.steps[len(steps) :]  # none, from a file: the loader sees to that
        own = RitualText(
            self.title, tuple(StepText(s.title, s.say, s.voice, s.line) for s in self.steps),
            self.summary
        )  # fmt: skip
        others = tuple((code, words) for code, words in self.translations if code != choice)
        return replace(self, title=text.title, summary=text.summary, steps=steps,
                       language=choice, translations=((self.language, own), *others),
                       own_title=self.file_title)  # fmt: skip

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


def _best(wanted: str, offered: Tuple[str, ...]) -> Optional[str]:
    """Which of ``offered`` (codes in one spelling) fits ``wanted`` best, or None."""
    if wanted in offered:
        return wanted
    language = base(wanted)
    if language in offered:
        return language
    return next((code for code in offered if base(code) == language), None)
