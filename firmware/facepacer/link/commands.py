"""Commands that arrive on the command topic, checked like any other input.

Accepted: JSON ``{"command": "start", "ritual": "quick-calm"}`` (``ritual`` optional: the ritual
home offers) or ``{"command": "pause" | "resume" | "stop"}``, or the same as plain words:
``start``, ``start quick-calm``, ``pause``. Anything else is refused with a sentence that says
what was wrong; nothing here raises on bad input except CommandError, which carries that sentence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

from facepacer.enums import StrEnum
from facepacer.errors import FacepacerError


class CommandName(StrEnum):
    """The commands the link accepts, spelt as they arrive (and as README lists them). The
    engine knows none of these words: the loop carries each out by a ``Device`` call of its own
    (``app.loop.App._carry_out``)."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"


COMMANDS: Tuple[CommandName, ...] = tuple(CommandName)
MAX_BYTES = 1024
MAX_DEPTH = 2  # a command is a flat object; one level more lets a nested value be named


class CommandError(FacepacerError, ValueError):
    """A command message is unusable; the message says why, quoting the value."""


@dataclass(frozen=True)
class Command:
    name: CommandName
    ritual: Optional[str] = None  # with start: the ritual's id


def parse(payload: bytes, rituals: Sequence[str], size: Optional[int] = None) -> Command:
    """The command in ``payload``; CommandError for anything not understood. ``size`` is the
    message's length when ``payload`` is only its start (a long one is kept only that far)."""
    size = len(payload) if size is None else size
    if size > MAX_BYTES:
        raise CommandError(f"a command is at most {MAX_BYTES} bytes, got {size}")
    try:
        text = payload.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise CommandError("a command must be UTF-8 text or JSON") from None
    if text[:1] in ("{", "[", '"'):  # JSON
        name, ritual = _from_json(text)
    else:
        words = text.split()
        if not words or len(words) > 2:
            raise CommandError(f"expected a command like 'start quick-calm' or JSON, got {text!r}")
        name, ritual = words[0].lower(), (words[1] if len(words) == 2 else None)
    if name not in COMMANDS:
        raise CommandError(f"unknown command {name!r}; the commands: {', '.join(COMMANDS)}")
    if ritual is not None and name != CommandName.START:
        raise CommandError(f"only start takes a ritual, not {name}")
    if ritual is not None and ritual not in rituals:
        raise CommandError(f"unknown ritual {ritual!r}; the rituals here: {', '.join(rituals)}")
    return Command(CommandName(name), ritual)


def _depth(text: str) -> int:
    """How deeply the JSON in ``text`` nests objects and lists, brackets in strings left out; a
    count, so that a deep one is refused before the parser recurses into it (Python's JSON parser
    raises RecursionError, not ValueError, from about 1000 levels)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _from_json(text: str) -> Tuple[str, Optional[str]]:
    if _depth(text) > MAX_DEPTH:
        raise CommandError(
            'a command is a flat JSON object like {"command": "pause"}; this one nests objects '
            f"or lists more than {MAX_DEPTH} deep"
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(f"the command is not valid JSON ({exc.msg} at {exc.pos})") from None
    if not isinstance(data, dict):
        raise CommandError('a JSON command must be an object like {"command": "pause"}')
    unknown = sorted(set(data) - {"command", "ritual"})
    if unknown:
        raise CommandError(f"unknown key {unknown[0]!r} in the command; the keys: command, ritual")
    name, ritual = data.get("command"), data.get("ritual")
    if not isinstance(name, str):
        raise CommandError(f"'command' must be one of {', '.join(COMMANDS)}, got {name!r}")
    if ritual is not None and not isinstance(ritual, str):
        raise CommandError(f"'ritual' must be a ritual's id, got {ritual!r}")
    return name.lower(), ritual
