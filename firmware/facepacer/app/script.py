"""Scripted pad events (``--script FILE``) for demos and tests.

One event a line, ``# comments`` allowed; seconds from the start of the run, then an action::

    3.0 tap            # press, release 0.1 s later
    5.0 hold 1.5       # press, release 1.5 s later
    7.0 press
    7.4 release
    9.0 tap pad 2      # any action may end with "pad N" to use electrode N
    30 unplug          # the emulated sensor drops off the bus (fault injection)
    40 replug          # ... and comes back at its power-on defaults
    60 quit

A script becomes a list of electrode changes at exact times. They are applied to the touch
surface (the emulated chip), so they travel the same path as a finger.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import stat
from dataclasses import dataclass
from typing import List, Tuple

from facepacer import userfiles
from facepacer.enums import StrEnum
from facepacer.errors import ScriptError
from facepacer.hardware.mpr121 import ELECTRODES
from facepacer.paths import kind_of_file

TAP_LENGTH = 0.1  # seconds a scripted tap keeps the pad pressed


class Action(StrEnum):
    """A script's verbs, spelt as in the file. ``tap`` and ``hold`` only appear in the file:
    parsing turns each into a ``press`` and a ``release``."""

    TAP = "tap"
    HOLD = "hold"
    PRESS = "press"
    RELEASE = "release"
    QUIT = "quit"
    UNPLUG = "unplug"
    REPLUG = "replug"


ACTIONS: Tuple[Action, ...] = tuple(Action)
WHOLE_DEVICE = (Action.QUIT, Action.UNPLUG, Action.REPLUG)  # actions that name no electrode
MAX_BYTES = 256 * 1024  # a script is a few lines; this is thousands, and parses in a blink
MAX_SECONDS = 24 * 3600.0  # no run a script drives lasts longer than a day
MAX_PROBLEMS = 500  # as for rituals: far beyond a real file's count, a bound for a hostile one


@dataclass(frozen=True)
class ScriptEvent:
    t: float
    action: Action  # press | release | quit | unplug | replug
    electrode: int = 0
    line: int = 0


def parse_script(
    text: str, source: str = "<script>", *, hold_after: float = 1.0
) -> List[ScriptEvent]:
    """Every event of the script in time order; raises ScriptError listing every bad line."""
    events: List[ScriptEvent] = []
    problems: List[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            events += _parse_line(line, number, hold_after)
        except ValueError as exc:
            problems.append(f"{source}:{number}: {exc}")
    events.sort(key=lambda e: (e.t, e.action != Action.RELEASE))
    problems += _check_presses(events, source)
    if problems:
        raise ScriptError("\n".join(_capped(problems, source)))
    return events


def _capped(problems: List[str], source: str) -> List[str]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    # Each problem starts "SOURCE:LINE:"; the count of the rest is placed at the first left out.
    line = problems[MAX_PROBLEMS][len(source) + 1 :].split(":", 1)[0]
    more = len(problems) - MAX_PROBLEMS
    return problems[:MAX_PROBLEMS] + [f"{source}:{line}: and {more} more problems"]


def load_script(path: str, *, hold_after: float = 1.0) -> List[ScriptEvent]:
    """Read and parse a script file: a regular file of at most ``MAX_BYTES``, UTF-8."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise ScriptError(f"{path}: the script is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            # A device or a FIFO would be read for ever, or wait for ever for a writer.
            what = kind_of_file(info.st_mode)
            raise ScriptError(
                f"{path}: the script is not a regular file ({what}); give a text file"
            )
        if info.st_size > MAX_BYTES:
            raise ScriptError(_too_big(path, info.st_size))
        with userfiles.open_file(path, limit=MAX_BYTES, what="the script") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ScriptError(f"{path}: cannot read the script: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise ScriptError(_too_big(path, len(data)))  # it grew while being read
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScriptError(f"{path}:{line}: not UTF-8 text (byte {data[exc.start]:#04x})") from None
    return parse_script(text, path, hold_after=hold_after)


def _too_big(path: str, size: int) -> str:
    return (
        f"{path}: the script is {size} bytes; the limit is {MAX_BYTES // 1024} KiB "
        "(a script is a few lines): split it or shorten it"
    )


def _parse_line(line: str, number: int, hold_after: float) -> List[ScriptEvent]:
    words = line.split()
    electrode, words = _pad_suffix(words)
    if len(words) < 2:
        raise ValueError(f"expected 'SECONDS ACTION', got {line!r}")
    t = _seconds(words[0], "the time")
    word = words[1].lower()
    args = words[2:]
    if word not in ACTIONS:
        close = difflib.get_close_matches(word, ACTIONS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; actions are {', '.join(ACTIONS)}"
        raise ValueError(f"unknown action {words[1]!r}{hint}")
    action = Action(word)
    wanted = 1 if action == Action.HOLD else 0
    if len(args) > wanted:
        raise ValueError(f"unexpected {' '.join(args)!r} after {action!r}")
    if action in WHOLE_DEVICE or action in (Action.PRESS, Action.RELEASE):
        return [ScriptEvent(t, action, electrode, number)]
    if action == Action.TAP:
        length = TAP_LENGTH
    else:
        length = _seconds(args[0], "the hold's length") if args else hold_after + 0.5
        if length < hold_after:
            raise ValueError(
                f"a hold of {length:g} s is shorter than the hold time ({hold_after:g} s): "
                "it would not fire; use tap, or a longer hold"
            )
    return [
        ScriptEvent(t, Action.PRESS, electrode, number),
        ScriptEvent(t + length, Action.RELEASE, electrode, number),
    ]


def _pad_suffix(words: List[str]) -> Tuple[int, List[str]]:
    if len(words) >= 2 and words[-2].lower() == "pad":
        value = words[-1]
        # Plain ASCII digits only: str.isdigit() also takes '²', which int() refuses.
        if not re.fullmatch(r"[0-9]{1,3}", value) or not 0 <= int(value) < ELECTRODES:
            shown = value if len(value) <= 20 else f"{value[:10]}... ({len(value)} characters)"
            raise ValueError(f"pad must be an electrode 0-{ELECTRODES - 1}, got {shown!r}")
        return int(value), words[:-2]
    return 0, words


def _seconds(word: str, what: str) -> float:
    try:
        value = float(word)
    except ValueError:
        raise ValueError(f"{what} must be a number of seconds, got {_word(word)!r}") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{what} must be 0 or more seconds, got {_word(word)!r}")
    if value > MAX_SECONDS:
        raise ValueError(
            f"{what} must be at most {MAX_SECONDS:g} seconds (a day), got {_word(word)!r}"
        )
    return value


def _word(word: str) -> str:
    return word if len(word) <= 20 else f"{word[:10]}... ({len(word)} characters)"


def _check_presses(events: List[ScriptEvent], source: str) -> List[str]:
    """A press of an electrode already pressed, or a release of one not pressed, is a mistake.
    A tap or hold refused for landing on a press is one mistake: its own release is passed
    over, and the press it landed on keeps its release."""
    problems = []
    pressed_at: dict = {}
    refused = set()  # (electrode, line) of each press refused
    for e in events:
        if e.action == Action.PRESS:
            if e.electrode in pressed_at:
                problems.append(
                    f"{source}:{e.line}: electrode {e.electrode} is already pressed "
                    f"(since line {pressed_at[e.electrode]})"
                )
                refused.add((e.electrode, e.line))
                continue
            pressed_at[e.electrode] = e.line
        elif e.action == Action.RELEASE:
            if (e.electrode, e.line) in refused:
                refused.discard((e.electrode, e.line))
            elif pressed_at.pop(e.electrode, None) is None:
                problems.append(f"{source}:{e.line}: electrode {e.electrode} is not pressed")
    return problems
