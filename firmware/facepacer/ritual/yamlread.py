"""A YAML reader that keeps where every value was written, for rituals and the config file.

PyYAML's safe loader is used only to *compose* the document into nodes; no Python object is
ever constructed from a tag, so ``!!python/...`` and any other unknown tag is reported, never run.
Aliases are refused at the point they appear, so an alias bomb is never expanded; nesting is
bounded; files over ``MAX_BYTES`` are refused before parsing. Problems come back as
``Problem(line, col, message)`` values (1-based), and the reader never raises on bad input.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode, SequenceNode
from yaml.resolver import Resolver

try:
    from yaml._yaml import CParser

    LIBYAML = True
except ImportError:  # PyYAML built without libyaml
    LIBYAML = False

from facepacer import userfiles
from facepacer.paths import kind_of_file
from facepacer.ritual.yamlwords import plain

MAX_BYTES = 256 * 1024  # a ritual is a few KiB; this leaves room and stays fast to parse
MAX_DEPTH = 32  # a ritual is three levels deep; anything far deeper is not a ritual
MAX_NODES = 5000  # a full 50-step ritual has under 1000 values; this bounds the time to parse
MAX_SHOWN = 40  # characters of a value quoted in a message

_YAML = "tag:yaml.org,2002:"
_TEXT_TAGS = {_YAML + "str", _YAML + "timestamp", _YAML + "merge"}
_SCALAR_TAGS = _TEXT_TAGS | {_YAML + "int", _YAML + "float", _YAML + "bool", _YAML + "null"}
_COLLECTION_TAGS = {_YAML + "map", _YAML + "seq"}
_EXPONENT = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]{1,4}")


@dataclass(frozen=True)
class Problem:
    line: int
    col: int
    message: str

    def format(self, source: str) -> str:
        return f"{source}:{self.line}:{self.col}: {self.message}"


@dataclass(frozen=True)
class Node:
    """A located value. ``kind`` is scalar, mapping, sequence, or bad (already reported).

    A scalar's ``value`` is its typed value (str, int, float, bool or None) and ``text`` what was
    written; a mapping's ``value`` is a dict from key text to ``(key node, value node)``, first
    occurrence kept; a sequence's ``value`` is a tuple of nodes.
    """

    kind: str
    line: int
    col: int
    value: Any = None
    text: str = ""

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and self.value is None


class _Refused(Exception):
    """Raised inside composition to stop at an alias, runaway nesting or too many values."""

    def __init__(self, mark, message: str):
        super().__init__(message)
        self.mark = mark
        self.message = message


class _Unsure(Exception):
    """Raised by the libyaml composer at what it might place apart from PyYAML's."""


class _Bounded:
    """Composition that refuses aliases and bounds depth and size; constructs nothing."""

    _depth = 0
    _nodes = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(
                event.start_mark,
                f"aliases are not supported (*{shown(event.anchor)}); write the value out in full",
            )
        self._depth += 1
        self._nodes += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(
                    self.peek_event().start_mark, f"nested deeper than {MAX_DEPTH} levels"
                )
            if self._nodes > MAX_NODES:
                raise _Refused(
                    self.peek_event().start_mark,
                    f"more than {MAX_NODES} values; a ritual or config file has far fewer",
                )
            return Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1


class _Composer(_Bounded, yaml.SafeLoader):
    """The safe loader's reader, scanner and parser, in Python: what a problem is reported from."""


if LIBYAML:

    class _FastComposer(_Bounded, CParser, Composer, Resolver):
        """The same composition over libyaml's parser, several times faster at every start
        (bench/bench_start.py). Used for text it reads without a problem only: anything it
        stops at is read again by ``_Composer``, so every message stays the same."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)

        get_single_node = Composer.get_single_node
        compose_document = Composer.compose_document

        def compose_scalar_node(self, anchor):
            node = Composer.compose_scalar_node(self, anchor)
            if node.style == "":  # libyaml's word for a plain scalar; PyYAML's is None
                node.style = None
            if node.style is None and not node.value:
                raise _Unsure  # libyaml places an empty value elsewhere in a flow mapping
            return node


def shown_text(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` cut to ``limit`` characters, with its length when cut, for quoting in a message."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text)} characters)"


def shown(value: Any) -> str:
    """A value as a message quotes it: text in quotes and cut short, YAML spelling for the rest."""
    if isinstance(value, str):
        # repr, so control characters written as escapes reach no terminal raw
        return repr(shown_text(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    return shown_text(str(value))


def _where(text: str, offset: int) -> Tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def _scalar(node: ScalarNode, problems: List[Problem]) -> Node:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    tag = node.tag
    if tag not in _SCALAR_TAGS:
        problems.append(Problem(line, col, _tag_message(tag)))
        return Node("bad", line, col)
    if tag in _TEXT_TAGS:
        if node.style is None and _EXPONENT.fullmatch(node.value):
            # YAML 1.1 reads 1e3 as text (it wants 1.0e3); whoever writes it means a number.
            return Node("scalar", line, col, float(node.value), node.value)
        return Node("scalar", line, col, node.value, node.value)
    if tag == _YAML + "null":
        return Node("scalar", line, col, None, node.value)
    value: Union[bool, int, float]
    try:
        if tag == _YAML + "int":
            value = SafeConstructor.construct_yaml_int(_CONSTRUCTOR, node)
        elif tag == _YAML + "float":
            value = SafeConstructor.construct_yaml_float(_CONSTRUCTOR, node)
        else:
            value = SafeConstructor.construct_yaml_bool(_CONSTRUCTOR, node)
    except (ValueError, KeyError, IndexError):
        kind = tag[len(_YAML) :]
        problems.append(Problem(line, col, f"{shown(node.value)} is not a valid {kind}"))
        return Node("bad", line, col)
    return Node("scalar", line, col, value, node.value)


_CONSTRUCTOR = SafeConstructor()


def _tag_message(tag: str) -> str:
    short = "!!" + tag[len(_YAML) :] if tag.startswith(_YAML) else tag
    return f"the tag {shown(short)} is not allowed; plain values only (remove the tag)"


def _convert(node, problems: List[Problem]) -> Node:
    """yaml nodes -> ``Node``; reports bad tags, bad keys and duplicate keys on the way."""
    if isinstance(node, ScalarNode):
        return _scalar(node, problems)
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if node.tag not in _COLLECTION_TAGS:
        problems.append(Problem(line, col, _tag_message(node.tag)))
        return Node("bad", line, col)
    if isinstance(node, SequenceNode):
        return Node("sequence", line, col, tuple(_convert(item, problems) for item in node.value))
    items: Dict[str, Tuple[Node, Node]] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, problems)
        value = _convert(value_node, problems)
        if key.kind == "bad":
            continue
        if key.kind != "scalar" or key.value is None:
            what = "empty" if key.kind == "scalar" else f"a {key.kind}"
            problems.append(Problem(key.line, key.col, f"a key must be a plain word, not {what}"))
            continue
        name = key.text
        if name in items:
            first = items[name][0]
            problems.append(
                Problem(
                    key.line,
                    key.col,
                    f"duplicate key {shown(name)}; it is already given at line {first.line}: "
                    "keep one",
                )
            )
            continue
        items[name] = (key, value)
    return Node("mapping", line, col, items)


def parse(data: Union[bytes, str]) -> Tuple[Optional[Node], List[Problem]]:
    """Compose ``data`` into located nodes. An empty document gives ``(None, [])``.

    Returns the root and the problems found; the root is None when the text could not be read
    at all (size, encoding, syntax), and otherwise is as much as could be understood.
    """
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            return None, [Problem(1, 1, _too_big(len(data)))]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            return None, [
                Problem(
                    line,
                    col,
                    f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start}; "
                    "save the file as UTF-8",
                )
            ]
    else:
        if len(data) > MAX_BYTES:
            return None, [Problem(1, 1, _too_big(len(data)))]
        text = data
    problems: List[Problem] = []
    root = _fast(text)
    if root is not None:
        return _convert(root, problems), problems
    loader = None
    try:
        loader = _Composer(text)
        root = loader.get_single_node()
    except _Refused as exc:
        return None, [Problem(exc.mark.line + 1, exc.mark.column + 1, exc.message)]
    except yaml.reader.ReaderError as exc:
        line, col = _where(text, exc.position)
        return None, [
            Problem(line, col, f"the character #x{exc.character:04x} is not allowed in YAML text")
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or "not valid YAML"
        if exc.context:
            message = f"{exc.context}, {message}"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(line, col, f"YAML syntax: {plain(message)}")]
    except (yaml.YAMLError, RecursionError) as exc:
        return None, [Problem(1, 1, f"YAML syntax: {shown_text(str(exc), 120)}")]
    except Exception as exc:  # noqa: BLE001  PyYAML lets a few of its own slips through
        return None, [_slip(loader, exc)]
    finally:
        if loader is not None:
            loader.dispose()
    if root is None:
        return None, []
    return _convert(root, problems), problems


def _fast(text: str):
    """The root node as libyaml composes it; None when it is not at hand, finds nothing, or
    stops at anything (then the Python reader reads the text again and says what)."""
    if not LIBYAML or "\t" in text:  # libyaml lets by tabs that PyYAML rightly refuses
        return None
    loader = None
    try:
        loader = _FastComposer(text)
        return loader.get_single_node()
    except Exception:  # noqa: BLE001  any problem is the Python reader's to describe
        return None
    finally:
        if loader is not None:
            loader.dispose()


def _slip(loader: Optional[_Composer], exc: Exception) -> Problem:
    """An error PyYAML raised as a plain Python one, located where its reader stopped. The one
    known: an escape like \\U00110000 beyond the last Unicode character (its scanner calls chr()
    on it and lets the ValueError out)."""
    if loader is None:
        return Problem(1, 1, f"cannot read this as YAML: {shown_text(str(exc), 120)}")
    mark = loader.get_mark()
    before = loader.buffer[loader.pointer - 1 : loader.pointer]
    if isinstance(exc, ValueError) and before in ("x", "u", "U"):
        digits = loader.prefix({"x": 2, "u": 4, "U": 8}[before])
        return Problem(
            mark.line + 1,
            mark.column - 1,  # the backslash: the reader stopped after its letter
            f"the escape \\{before}{digits} is not a character (Unicode ends at \\U0010FFFF); "
            "write the character itself, or its right code",
        )
    return Problem(
        mark.line + 1, mark.column + 1, f"cannot read this as YAML: {shown_text(str(exc), 120)}"
    )


def _too_big(size: int) -> str:
    return (
        f"the file is {size} bytes; the limit is {MAX_BYTES // 1024} KiB "
        "(a ritual or config file is a few KiB)"
    )


def read_file(path: Union[str, os.PathLike]) -> Tuple[Optional[Node], List[Problem]]:
    """Read and compose a file: size checked before reading, unreadable files reported."""
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return None, [Problem(1, 1, "this is a folder, not a file")]
        if not stat.S_ISREG(info.st_mode):
            return None, [Problem(1, 1, f"not a regular file ({kind_of_file(info.st_mode)})")]
        if info.st_size > MAX_BYTES:
            return None, [Problem(1, 1, _too_big(info.st_size))]
        with userfiles.open_file(path, limit=MAX_BYTES) as stream:  # swapped since the stat?
            data = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None, [Problem(1, 1, "no such file")]
    except userfiles.UserFileError as exc:
        reason = f"cannot read the file: {exc.strerror}" if exc.strerror else exc.reason
        return None, [Problem(1, 1, reason)]
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return None, [Problem(1, 1, f"cannot read the file: {reason}")]
    return parse(data)
