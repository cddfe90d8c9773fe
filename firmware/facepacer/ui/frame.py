"""What a screen is made of: regions, each with a key of what it shows and the time it changes.

A screen lays itself out as non-overlapping :class:`Region` s. The view redraws a region only when
its ``key`` differs from the one it last drew, so a key holds exactly the values the region shows,
rounded as shown (the seconds on the display, the ring in steps, the clock in minutes). ``wake``
is the clock time at which the key will change with no new input, for the loop to sleep until.

The quantising helpers here are the single source of both: a key and its wake come from the same
arithmetic, so the loop never wakes to an unchanged picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Hashable, List, Optional

import pygame

from facepacer.ui.face import FaceArt
from facepacer.ui.fonts import Fonts
from facepacer.ui.text import Block, draw_block, fit_text
from facepacer.ui.theme import Metrics, Palette

# Wake this long after a boundary, so the snapshot then taken is clearly past it whatever the
# rounding of the clock's floats: 2 ms is invisible and saves waking twice for one change.
SLACK = 0.002
_EPS = 1e-9


@dataclass
class Region:
    name: str
    rect: pygame.Rect
    key: Hashable
    draw: Callable[[pygame.Surface, pygame.Rect], None]
    wake: Optional[float] = None


def left_index(left: float, quantum: float) -> int:
    """Which ``quantum`` a count-down value is in, as shown: 20 for 19.3 s left in whole seconds."""
    if quantum <= 0:
        return 0
    return max(0, math.ceil(left / quantum - _EPS))


def left_wake(now: float, left: float, quantum: float) -> Optional[float]:
    """When a value counting down from ``left`` at ``now`` next shows a different ``quantum``."""
    index = left_index(left, quantum)
    if index <= 0:
        return None
    return now + left - (index - 1) * quantum + SLACK


def done_index(done: float, quantum: float) -> int:
    """Which ``quantum`` a count-up value is in: 3 for 3.7 s in whole seconds."""
    if quantum <= 0:
        return 0
    return max(0, math.floor(done / quantum + _EPS))


def done_wake(now: float, done: float, quantum: float, limit: float) -> Optional[float]:
    """When a value counting up from ``done`` at ``now`` enters its next ``quantum`` (<= limit)."""
    if quantum <= 0:
        return None
    target = (done_index(done, quantum) + 1) * quantum
    if target > limit + _EPS:
        return None
    return now + target - done + SLACK


def earliest(*times: Optional[float]) -> Optional[float]:
    known = [t for t in times if t is not None]
    return min(known) if known else None


@dataclass
class Ctx:
    """What a screen needs to lay itself out and draw: colours, sizes, fonts, the face, the time."""

    palette: Palette
    metrics: Metrics
    fonts: Fonts
    face: FaceArt
    wall: datetime
    area: pygame.Rect  # the content area: inside the margins, below any notice banner
    guide: bool = True  # draw the stroke guide on the face diagram (``guide:`` in the config)
    clipped: List[str] = field(default_factory=list)  # texts that did not fit, for the tests
    notices: List[str] = field(default_factory=list)  # problems met while drawing

    def fit(self, text: str, rect: pygame.Rect, largest: int, smallest: Optional[int] = None,
            *, bold: bool = False, max_lines: Optional[int] = None) -> Block:  # fmt: skip
        smallest = self.metrics.smallest if smallest is None else smallest
        return fit_text(
            self.fonts, text, rect.width, rect.height, largest, smallest,
            bold=bold, max_lines=max_lines,
        )  # fmt: skip

    def text(
        self,
        surface: pygame.Surface,
        text: str,
        rect: pygame.Rect,
        largest: int,
        color,
        *,
        smallest: Optional[int] = None,
        bold: bool = False,
        max_lines: Optional[int] = None,
        align: str = "left",
        valign: str = "top",
    ) -> pygame.Rect:
        """Draw ``text`` as large as fits ``rect`` (down to ``smallest``); clipping is recorded."""
        if not text:
            return pygame.Rect(rect.topleft, (0, 0))
        block = self.fit(text, rect, largest, smallest, bold=bold, max_lines=max_lines)
        if not block.fits:
            self.clipped.append(text)
        return draw_block(surface, self.fonts, block, rect, color, align=align, valign=valign)

    def line_height(self, size: int, bold: bool = False) -> int:
        return self.fonts.get(size, bold).get_linesize()
