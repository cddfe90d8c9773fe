"""What the simulator's window says that the device never does.

A new user at ``facepacer sim`` sees the device's own screens, which assume a pad under a finger;
the window adds how to touch it (until the first touch), says it is asleep where the device
would simply be dark, and that sound is off after M. Headless runs and the device have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Tuple

import pygame

from facepacer.engine.snapshot import Snapshot
from facepacer.i18n import N_, _
from facepacer.ui.frame import Ctx, Region
from facepacer.ui.screens.common import split_bottom

KEYS = N_(
    "Space or a click = the pad \u00b7 hold = more \u00b7 F = full screen \u00b7 M = mute \u00b7 "
    "Esc = quit"
)
ASLEEP = N_("asleep (the device's screen is dark now): Space or a click wakes it")
SEPARATOR = " \u00b7 "  # between the items of a note
MUTED = N_("sound off \u00b7 M turns it on")


@dataclass
class SimNotes:
    keys: bool = True  # the home screen says how to touch the pad, until the first touch
    muted: bool = False


def _note(
    ctx: Ctx, name: str, rect: pygame.Rect, text: str, color, align: str, most: int = 2
) -> Region:
    def draw(surface: pygame.Surface, r: pygame.Rect) -> None:
        m = ctx.metrics
        fewest = [n for n in range(1, most) if ctx.fit(text, r, m.small, max_lines=n).fits]
        lines = fewest[0] if fewest else most  # as few lines as it can
        shown = text if lines == 1 else _between_items(ctx, text, r.width, lines)
        ctx.text(surface, shown, r, m.small, color, max_lines=lines, align=align,
                 valign="middle")  # fmt: skip

    return Region(name, rect, (name, text), draw)


def _between_items(ctx: Ctx, text: str, width: int, lines: int) -> str:
    """``text``, a list of "key = what" items, broken into lines between items rather than
    inside one, when that takes no more than ``lines`` lines; else as it is, to wrap by words."""
    font = ctx.fonts.get(ctx.metrics.small)
    packed: List[str] = []
    for item in text.split(SEPARATOR):
        joined = f"{packed[-1]}{SEPARATOR}{item}" if packed else item
        if packed and font.size(joined)[0] <= width:
            packed[-1] = joined
        else:
            packed.append(item)
    if len(packed) > lines or any(font.size(line)[0] > width for line in packed):
        return text
    return "\n".join(packed)


def note_height(ctx: Ctx, lines: int) -> int:
    return lines * ctx.line_height(ctx.metrics.smallest) + ctx.metrics.gap // 2


def around(notes: SimNotes, s: Snapshot, ctx: Ctx, screen: str) -> List[Region]:
    """The notes for ``screen``; the area they take is cut from ``ctx.area``."""
    regions: List[Region] = []
    area = ctx.area
    if notes.muted:
        strip = pygame.Rect(area.left, area.top, area.width, note_height(ctx, 1))
        regions.append(_note(ctx, "muted", strip, _(MUTED), ctx.palette.muted, "right"))
        area = pygame.Rect(area.left, strip.bottom, area.width, area.height - strip.height)
    if notes.keys and screen == "home":
        # In a band of its own at the bottom, a gap above it: three lines on a narrow screen.
        lines = 3 if area.width < area.height else 2
        area, strip = split_bottom(area, note_height(ctx, lines))
        area, _gap = split_bottom(area, ctx.metrics.gap)
        regions.append(_note(ctx, "keys", strip, _(KEYS), ctx.palette.accent, "center", lines))
    ctx.area = area
    return regions


def asleep(ctx: Ctx) -> Tuple[Region, ...]:
    """The blank screen with a dim line in its middle saying how to wake it."""
    rect = pygame.Rect(0, 0, ctx.area.width, note_height(ctx, 2))
    rect.center = ctx.area.center
    return (_note(ctx, "asleep", rect, _(ASLEEP), ctx.palette.dim, "center"),)
