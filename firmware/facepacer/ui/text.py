"""Text that fits its box: wrapped on words, shrunk as far as the smallest legible size, and only
then clipped, with an ellipsis, and reported (``Block.fits`` is False).

Ritual files are written by people: a 40-character title and a 200-character instruction must fit
the 480x320 screen, and the tests render every shipped ritual to prove it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

import pygame

from facepacer.ui.fonts import Fonts, drawable

ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class Block:
    """Text laid out in lines at one size. ``fits`` is False when it had to be clipped."""

    text: str
    lines: Tuple[str, ...]
    size: int
    bold: bool
    line_height: int
    fits: bool

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)


# The pieces a word may be broken into: "Symmetrie-Modellage" gives "Symmetrie-", "Modellage";
# a file's path in a notice, "/home/pi/rituals/x.yaml", gives "/home/", "pi/", "rituals/", "x.yaml".
PIECES = re.compile(r"[^-/]+-+(?=[^-/])|/*[^-/]+/+(?=[^-/])|.+")


def wrap(font: pygame.font.Font, text: str, width: int) -> List[str]:
    """Greedy word wrap of ``text`` to ``width`` pixels; newlines are kept as line breaks.

    A line may also end after a hyphen inside a word, as a German compound such as
    "Symmetrie-Modellage" needs on a narrow screen, or after a slash, as a file's path in a
    notice needs; a word is only broken there when the whole of it does not fit. A single piece
    wider than ``width`` stays whole on its own line:
    ``fits`` then says no, so the caller shrinks the font instead of breaking the word.
    """
    lines: List[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if font.size(candidate)[0] <= width:
                line = candidate
                continue
            line = _at_breaks(font, line, word, width, lines)
        lines.append(line)
    return lines


def _at_breaks(font: pygame.font.Font, line: str, word: str, width: int, lines: List[str]) -> str:
    """Put ``word`` after ``line``, broken after its hyphens or slashes where it must be; full
    lines are added to ``lines`` and the line still open is returned."""
    head = ""
    for piece in PIECES.findall(word):  # as much of the word as fits on this line
        if font.size(f"{line} {head}{piece}" if line else head + piece)[0] > width:
            break
        head += piece
    if line or head:
        lines.append(f"{line} {head}" if line and head else line or head)
    rest = word[len(head) :]
    line = ""
    for piece in PIECES.findall(rest):
        if line and font.size(line + piece)[0] > width:
            lines.append(line)
            line = ""
        line += piece
    return line


def fits(
    font: pygame.font.Font,
    text: str,
    width: int,
    height: int,
    max_lines: Optional[int] = None,
) -> bool:
    """Whether ``text`` wrapped in ``font`` fits ``width`` x ``height`` pixels and ``max_lines``."""
    lines = wrap(font, text, width)
    if max_lines is not None and len(lines) > max_lines:
        return False
    if len(lines) * font.get_linesize() > height:
        return False
    return all(font.size(line)[0] <= width for line in lines)


def fit_text(
    fonts: Fonts,
    text: str,
    width: int,
    height: int,
    largest: int,
    smallest: int,
    *,
    bold: bool = False,
    max_lines: Optional[int] = None,
) -> Block:
    """The largest size from ``largest`` down to ``smallest`` at which ``text`` fits the box.

    When even ``smallest`` is too big the text is clipped at that size: as many lines as the box
    holds, the last one ending in an ellipsis, and the block says ``fits=False``.
    """
    text = drawable(text)  # what pygame can measure: no NUL, no lone surrogate
    key = (text, width, height, largest, smallest, bold, max_lines)
    cache = fonts.fit_cache
    block = cache.get(key)
    if block is not None:
        return block
    smallest = max(1, min(smallest, largest))
    for size in range(largest, smallest - 1, -1):
        font = fonts.trial(size, bold)  # a size that does not fit is not kept open
        if fits(font, text, width, height, max_lines):
            fonts.get(size, bold)  # the size it is drawn at is
            block = Block(
                text, tuple(wrap(font, text, width)), size, bold, font.get_linesize(), True
            )  # fmt: skip
            break
    else:
        block = _clipped(fonts.get(smallest, bold), text, width, height, smallest, bold, max_lines)
    # A layout's bytes: its words twice (the text and its lines) and the tuple around them.
    cache.put(key, block, 2 * len(text) + 64 * (len(block.lines) + 4))
    return block


def _clipped(font, text, width, height, size, bold, max_lines) -> Block:
    room = max(1, height // font.get_linesize())
    if max_lines is not None:
        room = min(room, max_lines)
    lines = wrap(font, text, width)
    cut = len(lines) > room
    lines = lines[:room]
    if cut:
        lines[-1] = lines[-1] + ELLIPSIS
    lines = [_shorten(font, line, width) for line in lines]
    return Block(text, tuple(lines), size, bold, font.get_linesize(), False)


def _shorten(font: pygame.font.Font, line: str, width: int) -> str:
    if font.size(line)[0] <= width:
        return line
    while line and font.size(line + ELLIPSIS)[0] > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


def draw_block(
    surface: pygame.Surface,
    fonts: Fonts,
    block: Block,
    rect: pygame.Rect,
    color,
    *,
    align: str = "left",
    valign: str = "top",
) -> pygame.Rect:
    """Draw ``block`` inside ``rect`` (left/center/right, top/middle/bottom); returns its bounds."""
    top = rect.top
    if valign == "middle":
        top = rect.top + (rect.height - block.height) // 2
    elif valign == "bottom":
        top = rect.bottom - block.height
    drawn = pygame.Rect(rect.left, top, 0, 0)
    for i, line in enumerate(block.lines):
        image = fonts.render(line, block.size, color, block.bold)
        x = rect.left
        if align == "center":
            x = rect.centerx - image.get_width() // 2
        elif align == "right":
            x = rect.right - image.get_width()
        where = surface.blit(image, (x, top + i * block.line_height))
        drawn = where if i == 0 else drawn.union(where)
    return drawn
