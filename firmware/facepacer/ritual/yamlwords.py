"""PyYAML's syntax errors in plain words: what to look for on the line, and how to fix it.

PyYAML names the parser's state ("while parsing a block mapping, expected <block end>"), which
tells a ritual's author little. Each known phrase gets a sentence about the file instead; the
parser's own words follow in brackets, for anyone who searches for them.
"""

from __future__ import annotations

from typing import Tuple

# (a phrase in PyYAML's message, what it means in the file), the first match wins.
PLAIN: Tuple[Tuple[str, str], ...] = (
    ("'\\t'", "a tab character: indent with spaces, not tabs"),
    ("unknown escape character",
     "a backslash in double quotes starts an escape YAML does not know: use single quotes, or "
     "write two backslashes"),
    ("quoted scalar", "a quote is opened and never closed: look for it on the lines above"),
    ("mapping values are not allowed",
     "an unexpected colon: a value with ': ' in it needs quotes around it, or this line is "
     "indented deeper than the key above it"),
    ("expected a single document",
     "a second document ('---'): a file holds one ritual, in one document"),
    ("flow sequence", "a '[' list is not closed with ']', or a comma is missing in it"),
    ("flow mapping", "a '{' mapping is not closed with '}', or a comma is missing in it"),
    ("could not find expected ':'", "a key without a colon after it, or an unclosed quote"),
    ("did not find expected key",
     "the indentation is off: a step's keys line up under each other, below its '- '"),
    ("did not find expected '-'",
     "the indentation is off: the items of a list line up, each starting with '- '"),
    ("block end", "this line's indentation does not match the lines above it"),
    ("cannot start any token",
     "a value starts with a character YAML reserves ('@', '`', '%'): put the value in quotes"),
    ("found undefined tag handle", "a '!' starts a value: put the value in quotes"),
)  # fmt: skip


def plain(message: str) -> str:
    """``message`` from PyYAML, led by what it means in plain words when the phrase is known."""
    for phrase, meaning in PLAIN:
        if phrase in message:
            return f"{meaning} ({message})"
    return message
