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
from dataclasses import dataclass
from pathlib import Path
from typing import List, Tuple

from facepacer.errors import ScriptError
from facepacer.hardware.mpr121 import ELECTRODES

TAP_LENGTH = 0.1  # seconds a scripted tap keeps the pad pressed
ACTIONS = ("tap", "hold", "press", "release", "quit", "unplug", "replug")
WHOLE_DEVICE = ("quit", "unplug", "replug")  # actions that name no electrode


@dataclass(frozen=True)
class ScriptEvent:
    t: float
    action: str  # press | release | quit | unplug | replug
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
    events.sort(key=lambda e: (e.t, e.action != "release"))
    problems += _check_presses(events, source)
    if problems:
        raise ScriptError("\n".join(problems))
    return events


def load_script(path: str, *, hold_after: float = 1.0) -> List[ScriptEvent]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ScriptError(f"{path}: cannot read the script: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScriptError(f"{path}:{line}: not UTF-8 text (byte {data[exc.start]:#04x})") from None
    return parse_script(text, path, hold_after=hold_after)


def _parse_line(line: str, number: int, hold_after: float) -> List[ScriptEvent]:
    words = line.split()
    electrode, words = _pad_suffix(words)
    if len(words) < 2:
        raise ValueError(f"expected 'SECONDS ACTION', got {line!r}")
    t = _seconds(words[0], "the time")
    action = words[1].lower()
    args = words[2:]
    if action not in ACTIONS:
        close = difflib.get_close_matches(action, ACTIONS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; actions are {', '.join(ACTIONS)}"
        raise ValueError(f"unknown action {words[1]!r}{hint}")
    wanted = 1 if action == "hold" else 0
    if len(args) > wanted:
        raise ValueError(f"unexpected {' '.join(args)!r} after {action!r}")
    if action in WHOLE_DEVICE or action in ("press", "release"):
        return [ScriptEvent(t, action, electrode, number)]
    if action == "tap":
        length = TAP_LENGTH
    else:
        length = _seconds(args[0], "the hold's length") if args else hold_after + 0.5
        if length < hold_after:
            raise ValueError(
                f"a hold of {length:g} s is shorter than the hold time ({hold_after:g} s): "
                "it would not fire; use tap, or a longer hold"
            )
    return [
        ScriptEvent(t, "press", electrode, number),
        ScriptEvent(t + length, "release", electrode, number),
    ]


def _pad_suffix(words: List[str]) -> Tuple[int, List[str]]:
    if len(words) >= 2 and words[-2].lower() == "pad":
        value = words[-1]
        if not value.isdigit() or not 0 <= int(value) < ELECTRODES:
            raise ValueError(f"pad must be an electrode 0-{ELECTRODES - 1}, got {value!r}")
        return int(value), words[:-2]
    return 0, words


def _seconds(word: str, what: str) -> float:
    try:
        value = float(word)
    except ValueError:
        raise ValueError(f"{what} must be a number of seconds, got {word!r}") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{what} must be 0 or more seconds, got {word!r}")
    return value


def _check_presses(events: List[ScriptEvent], source: str) -> List[str]:
    """A press of an electrode already pressed, or a release of one not pressed, is a mistake."""
    problems = []
    pressed_at: dict = {}
    for e in events:
        if e.action == "press":
            if e.electrode in pressed_at:
                problems.append(
                    f"{source}:{e.line}: electrode {e.electrode} is already pressed "
                    f"(since line {pressed_at[e.electrode]})"
                )
            pressed_at[e.electrode] = e.line
        elif e.action == "release" and pressed_at.pop(e.electrode, None) is None:
            problems.append(f"{source}:{e.line}: electrode {e.electrode} is not pressed")
    return problems
