"""Ritual files (format 1, ARCHITECTURE §3) into ``Ritual`` values, or every problem at once.

Each problem is ``FILE:LINE:COL: message`` naming the key and the value as written; the file is
read with the located reader (``yamlread``), so nothing in it is ever run or expanded.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Dict, List, Optional, Tuple, Union

from facepacer import media, userfiles
from facepacer.errors import RitualError
from facepacer.ritual.checks import Checker, describe, printable
from facepacer.ritual.model import (
    ADVANCES,
    FORMAT,
    MAX_STROKES_PER_SECOND,
    SAY_MAX,
    SIDES,
    SUMMARY_MAX,
    TITLE_MAX,
    VOICE_MAX_BYTES,
    VOICE_SUFFIXES,
    ZONES,
    Advance,
    Ritual,
    RitualText,
    Side,
    Step,
)
from facepacer.ritual.translations import Original, own_language, translations
from facepacer.ritual.yamlread import Node, Problem, parse, read_file, shown

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
TOP_KEYS = ("format", "id", "title", "summary", "language", "steps", "translations")
TOP_REQUIRED = ("format", "id", "title", "steps")
STEP_KEYS = ("zone", "title", "say", "seconds", "strokes", "side", "advance", "image", "voice")
STEP_REQUIRED = ("zone", "title", "say", "seconds")
MAX_STEPS = 50
MAX_SECONDS = 600
IMAGE_MAX_BYTES = media.PICTURE_MAX_BYTES
MAX_PROBLEMS = 500  # far beyond any real file's count; bounds the output for a hostile one


def load_ritual(path: Union[str, os.PathLike]) -> Ritual:
    """Read and validate one ritual file; raises ``RitualError`` listing every problem."""
    root, problems = read_file(path)
    return _build(root, problems, printable(path), folder=Path(path).parent)


def load_ritual_text(text: Union[str, bytes], source: str = "<text>") -> Ritual:
    """Validate ritual text (or the raw bytes of a file); ``source`` names it in problems."""
    root, problems = parse(text)
    return _build(root, problems, source)


def _fail(problems: List[Problem], source: str) -> RitualError:
    ordered = sorted(problems, key=lambda p: (p.line, p.col))
    if len(ordered) > MAX_PROBLEMS:
        rest = ordered[MAX_PROBLEMS]
        more = len(ordered) - MAX_PROBLEMS
        ordered = ordered[:MAX_PROBLEMS] + [
            Problem(rest.line, rest.col, f"and {more} more problems")
        ]
    return RitualError([p.format(source) for p in ordered])


def _build(
    root: Optional[Node], problems: List[Problem], source: str, folder: Optional[Path] = None
) -> Ritual:
    if root is None:
        if not problems:
            problems = [Problem(1, 1, "the file is empty; a ritual needs format, id, title, steps")]
        raise _fail(problems, source)
    check = Checker()
    check.problems.extend(problems)
    fmt = root.value.get("format") if root.kind == "mapping" else None
    if fmt is not None and not _format_ok(check, fmt[1]):
        # A file for another format version: its other keys would only mislead.
        raise _fail(check.problems, source)
    top = check.fields(root, TOP_KEYS, TOP_REQUIRED, "", "the top level")
    if top is None:
        raise _fail(check.problems, source)
    ritual_id = _ritual_id(check, top.get("id"))
    title = check.text(top["title"], "title", "", 1, TITLE_MAX) if "title" in top else None
    summary = ""
    if "summary" in top:
        summary = check.text(top["summary"], "summary", "", 1, SUMMARY_MAX) or ""
    steps = _steps(check, top["steps"], folder) if "steps" in top else []
    language, translated = _languages(check, top, folder)
    if check.problems:
        raise _fail(check.problems, source)
    assert ritual_id is not None and title is not None and language is not None
    return Ritual(
        id=ritual_id,
        title=title,
        steps=tuple(steps),
        summary=summary,
        source=source,
        id_line=top["id"].line,
        language=language,
        translations=translated,
    )


def _languages(
    check: Checker, top: Dict[str, Node], folder: Optional[Path]
) -> Tuple[Optional[str], Tuple[Tuple[str, RitualText], ...]]:
    """The language of the file's own words, and its translations into others."""
    language = own_language(check, top.get("language"))
    if "translations" not in top:
        return language, ()
    steps = top.get("steps")
    original = Original(
        language=language,
        steps=len(steps.value) if steps is not None and steps.kind == "sequence" else None,
        summary="summary" in top,
        top_keys=TOP_KEYS,
        step_keys=STEP_KEYS,
    )

    def voice(node: Node, where: str) -> Optional[str]:
        return _voice(check, node, where, folder)

    return language, translations(check, top["translations"], original, voice)


def _format_ok(check: Checker, node: Node) -> bool:
    """False only for a whole number other than 1: a file written for another version."""
    value = node.value
    if node.kind == "bad":
        return True
    if node.kind != "scalar" or isinstance(value, bool) or not isinstance(value, int):
        check.add(
            node, f"'format' must be the integer {FORMAT}, not {describe(node)}; "
                  f"this version reads format {FORMAT}"
        )  # fmt: skip
        return True
    if value != FORMAT:
        check.add(node, f"'format' is {shown(value)}; this version reads format {FORMAT}")
        return False
    return True


def _ritual_id(check: Checker, node: Optional[Node]) -> Optional[str]:
    if node is None:
        return None
    value = check.text(node, "id", "", 1, 40)
    if value is not None and not ID_PATTERN.fullmatch(value):
        check.add(
            node,
            f"'id' is {shown(value)}; an id is 1-40 lowercase letters, digits and hyphens, "
            "starting with a letter or digit, like 'symmetry-sculpt'",
        )
        return None
    return value


def _steps(check: Checker, node: Node, folder: Optional[Path]) -> List[Step]:
    if node.kind == "bad":
        return []
    if node.kind != "sequence":
        check.add(node, f"'steps' must be a list of 1 to {MAX_STEPS} steps, not {describe(node)}")
        return []
    if not node.value:
        check.add(node, f"'steps' is an empty list; a ritual needs 1 to {MAX_STEPS} steps")
    elif len(node.value) > MAX_STEPS:
        check.add(node, f"'steps' has {len(node.value)} steps; at most {MAX_STEPS}: split it")
    steps = []
    for number, item in enumerate(node.value, start=1):
        step = _step(check, item, number, folder)
        if step is not None:
            steps.append(step)
    return steps


def _step(check: Checker, node: Node, number: int, folder: Optional[Path]) -> Optional[Step]:
    where = f"in step {number}"
    before = len(check.problems)
    fields = check.fields(node, STEP_KEYS, STEP_REQUIRED, where, f"step {number}")
    if fields is None:
        return None
    # Each value as read; None where it is missing or wrong, which is reported. side and
    # advance start at the model's defaults.
    zone: Optional[str] = None
    title: Optional[str] = None
    say: Optional[str] = None
    seconds: Optional[float] = None
    strokes: Optional[int] = None
    side: Optional[Side] = Step.side
    advance: Optional[Advance] = Step.advance
    image: Optional[str] = None
    voice: Optional[str] = None
    if "zone" in fields:
        zone = check.choice(fields["zone"], "zone", where, ZONES, noun="zone")
    if "title" in fields:
        title = check.text(fields["title"], "title", where, 1, TITLE_MAX)
    if "say" in fields:
        say = check.text(fields["say"], "say", where, 1, SAY_MAX)
    if "seconds" in fields:
        seconds = check.number(fields["seconds"], "seconds", where, 1, MAX_SECONDS, " seconds")
    if "strokes" in fields:
        strokes = _strokes(check, fields["strokes"], number, seconds)
    if "side" in fields:
        chosen = check.choice(fields["side"], "side", where, SIDES)
        side = None if chosen is None else Side(chosen)
    if "advance" in fields:
        chosen = check.choice(fields["advance"], "advance", where, ADVANCES)
        advance = None if chosen is None else Advance(chosen)
    if "image" in fields:
        image = _image(check, fields["image"], where, folder)
    if "voice" in fields:
        voice = _voice(check, fields["voice"], where, folder)
    if len(check.problems) > before:
        return None
    if (
        zone is None
        or title is None
        or say is None
        or seconds is None
        or side is None
        or advance is None
    ):
        return None  # a value the reader could not make out: reported as the file was read
    return Step(zone=zone, title=title, say=say, seconds=seconds, strokes=strokes, side=side,
                advance=advance, image=image, voice=voice, line=node.line)  # fmt: skip


def _strokes(check: Checker, node: Node, number: int, seconds: Optional[float]) -> Optional[int]:
    """The step's stroke count, no faster than hands can follow in its ``seconds``."""
    strokes = check.integer(
        node, "strokes", f"in step {number}", 1, MAX_STROKES_PER_SECOND * MAX_SECONDS
    )
    if strokes is not None and seconds is not None and strokes > MAX_STROKES_PER_SECOND * seconds:
        check.add(
            node,
            f"step {number} has {strokes} strokes in {seconds:g} seconds "
            f"({strokes / seconds:.1f} a second); at most {MAX_STROKES_PER_SECOND} "
            "a second: use fewer strokes or more seconds",
        )
    return strokes


def _own_file(check: Checker, node: Node, where: str, folder: Optional[Path], key: str,
              suffixes: Tuple[str, ...], example: str, most: int) -> Optional[Path]:  # fmt: skip
    """A file the ritual names, relative to the ritual file and inside its folder (links too),
    of at most ``most`` bytes."""
    value = check.text(node, key, where, 1, 200)
    if value is None:
        return None
    head = f"'{key}' {where} is {shown(value)}"
    if folder is None:
        check.add(node, f"{head}; {_a(key)} file can only be named in a ritual file on disk")
        return None
    if value.startswith(("/", "\\", "~")) or re.match(r"[A-Za-z]:", value):
        check.add(node, f"{head}; it must be a path relative to the ritual file, like {example!r}")
        return None
    if Path(value).suffix.lower() not in suffixes:
        check.add(node, f"{head}; {_a(key)} file must be {' or '.join(suffixes)}")
        return None
    try:
        home = folder.resolve()
        target = (home / value).resolve()
    except (RuntimeError, OSError):  # Python 3.11 says "Symlink loop" with a RuntimeError
        check.add(node, f"{head}, but it is a symbolic link that leads round in a loop; name "
                        "the file itself")  # fmt: skip
        return None
    if home not in target.parents:
        check.add(node, f"{head}; it must stay inside the ritual's folder {home}")
        return None
    if not target.exists():
        check.add(node, f"{head}, but there is no such file in {home}; check the name")
        return None
    refused = userfiles.refusal(target, "that file")
    if refused is not None:
        check.add(node, f"{head}, but {refused.reason}")
        return None
    size = target.stat().st_size
    if size > most:
        check.add(node, f"{head}, a file of {size} bytes; at most {most} ({most >> 20} MiB)")
        return None
    return target


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _voice(check: Checker, node: Node, where: str, folder: Optional[Path]) -> Optional[str]:
    """A recorded voice file for the step: a WAV or Ogg Vorbis sound within ``media``'s limits,
    which the mixer can decode."""
    target = _own_file(check, node, where, folder, "voice", VOICE_SUFFIXES, "jaw.ogg",
                       VOICE_MAX_BYTES)  # fmt: skip
    if target is None:
        return None
    return _media(check, node, where, target, "voice", VOICE_MAX_BYTES, media.recording)


def _image(check: Checker, node: Node, where: str, folder: Optional[Path]) -> Optional[str]:
    """An illustration shown in place of the face diagram: a PNG within ``media``'s limits,
    whose every chunk and pixel row is whole."""
    target = _own_file(check, node, where, folder, "image", (".png",), "jaw.png", IMAGE_MAX_BYTES)
    if target is None:
        return None
    return _media(check, node, where, target, "image", IMAGE_MAX_BYTES, media.picture)


def _media(check: Checker, node: Node, where: str, target: Path, key: str, most: int,
           examine) -> Optional[str]:  # fmt: skip
    """The file's full path once ``examine`` (``media.recording`` or ``media.picture``) finds its
    content sound; else a problem naming the value and the limit it breaks."""
    head = f"'{key}' {where} is {shown(node.value)}"
    try:
        examine(userfiles.read_bytes(target, limit=most, what="that file"))
    except userfiles.UserFileError as exc:
        check.add(node, f"{head}, but {exc.reason}")
        return None
    except media.MediaError as exc:
        check.add(node, f"{head}, but {exc}")
        return None
    return str(target)
