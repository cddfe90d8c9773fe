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

KEYS = N_("Space or a click = the pad \u00b7 hold = more \u00b7 Esc = quit")
ASLEEP = N_("asleep (the device's screen is dark now): Space or a click wakes it")
MUTED = N_("sound off \u00b7 M turns it on")


@dataclass
class SimNotes:
    keys: bool = True  # the home screen says how to touch the pad, until the first touch
    muted: bool = False


def _note(ctx: Ctx, name: str, rect: pygame.Rect, text: str, color, align: str) -> Region:
    def draw(surface: pygame.Surface, r: pygame.Rect) -> None:
        m = ctx.metrics
        lines = 1 if ctx.fit(text, r, m.small, max_lines=1).fits else 2  # one line if it can
        ctx.text(surface, text, r, m.small, color, max_lines=lines, align=align,
                 valign="middle")  # fmt: skip

    return Region(name, rect, (name, text), draw)


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
        area, strip = split_bottom(area, note_height(ctx, 2))
        regions.append(_note(ctx, "keys", strip, _(KEYS), ctx.palette.accent, "center"))
    ctx.area = area
    return regions


def asleep(ctx: Ctx) -> Tuple[Region, ...]:
    """The blank screen with a dim line in its middle saying how to wake it."""
    rect = pygame.Rect(0, 0, ctx.area.width, note_height(ctx, 2))
    rect.center = ctx.area.center
    return (_note(ctx, "asleep", rect, _(ASLEEP), ctx.palette.dim, "center"),)
