"""Typed values out of located nodes, with one located problem for each thing that is wrong.

Shared by the ritual loader and the config loader so both word their problems alike: the key,
where it is, the value as written (cut short), and what would be right.
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from typing import Dict, List, Optional, Sequence

from facepacer.ritual.yamlread import Node, Problem, shown, shown_text

# Direction marks and overrides: invisible, they reorder the text around them (U+202E shows a
# listing's next words backwards), so text the device shows or prints may not hold them.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_UNSAFE_CATEGORIES = ("Cc", "Cs", "Zl", "Zp")
# What leaves a mark: letters, digits, punctuation and symbols. Spaces (Zs), format characters
# (Cf: zero-width space and joiners, U+2060, the soft hyphen, bidi marks), combining marks on
# their own (M*: accents, variation selectors) and unassigned or private code points draw nothing
# in the shipped font, and pygame refuses to render a line of them ("Text has zero width").
_VISIBLE_CATEGORIES = ("L", "N", "P", "S")
# Letters and symbols that draw as blanks: the Hangul fillers, the blank braille cell, and the
# object replacement character (U+FFFC, which the shipped font draws zero pixels wide; every other
# letter, digit, punctuation mark and symbol draws something, checked over all of Unicode).
BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800\ufffc")


def unsafe(ch: str) -> bool:
    """A character that shown text must not hold: a control character (a terminal's escape
    codes begin with one), half of a surrogate pair (no character at all: it cannot be encoded
    for a screen or a terminal), a line or paragraph separator, or a direction control."""
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES or ch in BIDI_CONTROLS


def visible(ch: str) -> bool:
    """A character that leaves a mark on the screen (see ``_VISIBLE_CATEGORIES``)."""
    return unicodedata.category(ch)[0] in _VISIBLE_CATEGORIES and ch not in BLANKS


def printable(value: object) -> str:
    """Text as it is safe to print or draw: each unsafe character (see ``unsafe``) written as
    its escape. File names that are not UTF-8 (undecodable bytes come in as surrogates) and text
    from the log pass through this before reaching a terminal or the screen."""
    text = value if isinstance(value, str) else str(value)
    if not any(unsafe(ch) for ch in text):
        return text
    return "".join(
        ch.encode("unicode_escape", "backslashreplace").decode("ascii") if unsafe(ch) else ch
        for ch in text
    )


def escape(ch: str) -> str:
    """A character as YAML's double-quoted escape names it: \\u and four hex digits, or \\U and
    eight beyond the first 65536 (\\ue0100 would be read as U+E010 and a 0)."""
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def unsafe_reason(text: str, at: int) -> str:
    """What is wrong with the unsafe character at ``text[at]``, and what to write instead."""
    ch = text[at]
    code = escape(ch)
    category = unicodedata.category(ch)
    if category == "Cc":
        return f"holds a control character ({code}); remove it"
    if category == "Cs":
        pair = text[at : at + 2]
        hint = "write the character itself"
        if len(pair) == 2 and "\ud800" <= pair[0] <= "\udbff" and "\udc00" <= pair[1] <= "\udfff":
            joined = pair.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            hint += f", or \\U{ord(joined):08X} for the pair"
        return f"holds half of a surrogate pair ({code}), which is no character; {hint}"
    if category in ("Zl", "Zp"):
        return f"holds a line or paragraph separator ({code}); write a plain line break"
    return f"holds a direction control ({code}), which reorders the text around it; remove it"


def invisible_reason(text: str) -> str:
    """Why text with no visible character is refused, naming the characters it holds."""
    held = list(dict.fromkeys(escape(ch) for ch in text))
    codes = ", ".join(held[:6]) + (", ..." if len(held) > 6 else "")
    return (
        f"has no visible character (it holds only {codes}, which draw nothing); "
        "write words that show"
    )


def suggest(word: str, choices: Sequence[str]) -> Optional[str]:
    """The close match for a typo, or None."""
    matches = difflib.get_close_matches(word[:60].lower(), list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def describe(node: Node) -> str:
    """What a node holds, in words, for "must be X, not Y"."""
    if node.kind == "mapping":
        return "a mapping of keys"
    if node.kind == "sequence":
        return "a list"
    value = node.value
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{shown_text(node.text)} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {shown_text(node.text)}"
    return f"the text {shown(value)}"


def label(name: str, where: str = "") -> str:
    return f"{shown(name)} {where}".rstrip()


class Checker:
    """Collects problems while values are taken out of nodes; each getter gives None on a problem.

    A node of kind ``bad`` was already reported by the reader, so getters pass it over silently.
    """

    def __init__(self) -> None:
        self.problems: List[Problem] = []

    def add(self, node: Node, message: str) -> None:
        self.problems.append(Problem(node.line, node.col, message))

    def fields(
        self,
        node: Node,
        allowed: Sequence[str],
        required: Sequence[str],
        where: str,
        what: str,
    ) -> Optional[Dict[str, Node]]:
        """The known keys of a mapping node, reporting unknown keys and missing required ones."""
        if node.kind == "bad":
            return None
        if node.kind != "mapping":
            keys = ", ".join(required)
            self.add(node, f"{what} must be a mapping of keys ({keys}), not {describe(node)}")
            return None
        found: Dict[str, Node] = {}
        for name, (key, value) in node.value.items():
            if name in allowed:
                found[name] = value
                continue
            close = suggest(name, allowed)
            hint = (
                f"did you mean {shown(close)}?" if close else f"the keys are: {', '.join(allowed)}"
            )
            self.add(key, f"unknown key {shown(name)} {where}".rstrip() + f"; {hint}")
        for name in required:
            if name not in found:
                self.add(node, f"missing required key {shown(name)} {where}".rstrip())
        return found

    def _present(self, node: Node, name: str, where: str, expected: str) -> bool:
        """False (reported) when a value is missing or is a list or mapping instead of a scalar."""
        if node.kind == "bad":
            return False
        if node.kind != "scalar" or node.value is None:
            self.add(node, f"{label(name, where)} must be {expected}, not {describe(node)}")
            return False
        return True

    def text(
        self, node: Node, name: str, where: str = "", least: int = 1, most: int = 200
    ) -> Optional[str]:
        """Text as written (a number or yes/no word counts as its text), trimmed, within bounds."""
        expected = f"text of {least} to {most} characters"
        if not self._present(node, name, where, expected):
            return None
        value = node.text.strip()
        if len(value) < least:
            self.add(node, f"{label(name, where)} is blank; it must be {expected}")
            return None
        if len(value) > most:
            self.add(
                node,
                f"{label(name, where)} is {len(value)} characters ({shown(value)}); "
                f"at most {most}: shorten it",
            )
            return None
        bad = next((n for n, ch in enumerate(value) if unsafe(ch) and ch not in "\n\t"), None)
        if bad is not None:
            self.add(node, f"{label(name, where)} {unsafe_reason(value, bad)}: {shown(value)}")
            return None
        if not any(visible(ch) for ch in value):
            self.add(node, f"{label(name, where)} {invisible_reason(value)}")
            return None
        return value

    def integer(self, node: Node, name: str, where: str, least: int, most: int) -> Optional[int]:
        expected = f"a whole number from {least} to {most}"
        if not self._present(node, name, where, expected):
            return None
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(node, f"{label(name, where)} must be {expected}, not {describe(node)}")
            return None
        if not least <= value <= most:
            self.add(
                node, f"{label(name, where)} is {shown_text(node.text)}; it must be {expected}"
            )
            return None
        return value

    def number(
        self, node: Node, name: str, where: str, least: float, most: float, unit: str = ""
    ) -> Optional[float]:
        expected = f"a number from {least:g} to {most:g}{unit}"
        if not self._present(node, name, where, expected):
            return None
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.add(node, f"{label(name, where)} must be {expected}, not {describe(node)}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.add(
                node, f"{label(name, where)} is {shown_text(node.text)}; it must be {expected}"
            )
            return None
        if not least <= value <= most:
            self.add(
                node, f"{label(name, where)} is {shown_text(node.text)}; it must be {expected}"
            )
            return None
        return float(value)

    def boolean(self, node: Node, name: str, where: str = "") -> Optional[bool]:
        expected = "true or false"
        if not self._present(node, name, where, expected):
            return None
        if not isinstance(node.value, bool):
            self.add(node, f"{label(name, where)} must be {expected}, not {describe(node)}")
            return None
        return node.value

    def choice(
        self, node: Node, name: str, where: str, choices: Sequence[str], noun: str = ""
    ) -> Optional[str]:
        """One of ``choices``; a wrong word is reported with the close match and the full list."""
        expected = f"one of {', '.join(choices)}"
        if not self._present(node, name, where, expected):
            return None
        value = node.text.strip()
        if value in choices:
            return value
        close = suggest(value, choices)
        hint = f"did you mean {shown(close)}? " if close else ""
        if noun:
            head = f"unknown {noun} {shown(value)} {where}".rstrip()
            self.add(node, f"{head}; {hint}the {noun}s are: {', '.join(choices)}")
        else:
            self.add(node, f"{label(name, where)} is {shown(value)}; {hint}it must be {expected}")
        return None
