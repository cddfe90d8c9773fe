"""The screens outside a ritual: home, the picker, and the sleeping screen (dim clock, blank)."""

from __future__ import annotations

from typing import List

import pygame

from facepacer.engine.snapshot import MENU_LABELS, Snapshot
from facepacer.i18n import _, current, ngettext
from facepacer.ui.frame import SLACK, Ctx, Region
from facepacer.ui.screens.common import (
    hint,
    hint_height,
    minutes_text,
    split_bottom,
    week,
    week_height,
)


def next_minute(ctx: Ctx, now: float) -> float:
    """The clock time at which the wall clock next shows a new minute."""
    into = ctx.wall.second + ctx.wall.microsecond / 1e6
    return now + (60.0 - into) + SLACK


def home(s: Snapshot, ctx: Ctx) -> List[Region]:
    m, p = ctx.metrics, ctx.palette
    area = ctx.area
    top_h = ctx.line_height(m.body)
    clock_rect = pygame.Rect(area.left, area.top, area.width, top_h)
    rest = pygame.Rect(area.left, clock_rect.bottom, area.width, area.height - top_h)
    # From the bottom: the week, a gap, the hints in their own band, then the ritual.
    rest, week_rect = split_bottom(rest, week_height(ctx, rest.width, s.stats))
    rest, _gap = split_bottom(rest, m.gap // 2)
    rest, hints_rect = split_bottom(
        rest, ctx.line_height(m.body) + ctx.line_height(m.small) + m.gap // 2
    )
    title_rect = rest.inflate(-m.gap * 2, -m.gap)

    clock = current().clock(ctx.wall)
    entry = s.rituals[s.highlighted] if 0 <= s.highlighted < len(s.rituals) else None

    def draw_clock(surface, r):
        ctx.text(surface, clock, r, m.body, p.muted, max_lines=1)

    def draw_title(surface, r):
        if entry is None:
            ctx.text(surface, _("No rituals found"), r, m.title, p.fg, bold=True, align="center",
                     valign="middle")  # fmt: skip
            return
        steps = ngettext("{count} step", "{count} steps", entry.steps).format(count=entry.steps)
        about = f"{minutes_text(entry.seconds)} \u00b7 {steps}"
        about_h = ctx.line_height(m.small)
        head = pygame.Rect(r.left, r.top, r.width, r.height - about_h)
        drawn = ctx.text(surface, entry.title, head, m.huge, p.fg, smallest=m.body, bold=True,
                         max_lines=2, align="center", valign="middle")  # fmt: skip
        under = pygame.Rect(r.left, drawn.bottom, r.width, about_h)
        ctx.text(surface, about, under, m.small, p.muted, max_lines=1, align="center")

    key = (entry.title, entry.steps, round(entry.seconds)) if entry else None
    return [
        Region("clock", clock_rect, clock, draw_clock, next_minute(ctx, s.now)),
        Region("ritual", title_rect, key, draw_title),
        _hints(s, ctx, hints_rect, entry is not None),
        week(ctx, week_rect, s.stats),
    ]


def _hints(s: Snapshot, ctx: Ctx, rect: pygame.Rect, offered: bool) -> Region:
    """What a tap does, in its own band above the week; under it what a hold does, or for a few
    seconds after the mood check-in, that the mood was saved."""
    m, p = ctx.metrics, ctx.palette
    saved = s.mood_saved
    saved_text = _("mood {mood} of 5 saved").format(mood=saved) if saved is not None else ""

    def draw_hints(surface, r):
        tap_h = ctx.line_height(m.body)
        tap = pygame.Rect(r.left, r.top, r.width, tap_h)
        action = _("tap to start") if offered else _("hold for more")
        ctx.text(surface, action, tap, m.body, p.accent, bold=True, max_lines=1, align="center")
        more = pygame.Rect(r.left, tap.bottom, r.width, r.height - tap_h)
        if saved_text:  # for a few seconds after the mood check-in: it was saved
            ctx.text(surface, saved_text, more, m.small, p.good, max_lines=1, align="center")
        elif offered:
            ctx.text(
                surface, _("hold for more"), more, m.small, p.muted, max_lines=1, align="center"
            )

    wake = s.now + s.mood_saved_left + SLACK if saved_text else None
    return Region("hints", rect, (offered, saved_text), draw_hints, wake)


def picker(s: Snapshot, ctx: Ctx) -> List[Region]:
    m, p = ctx.metrics, ctx.palette
    body, foot = split_bottom(ctx.area, hint_height(ctx))
    menu, chosen = s.menu, s.highlighted
    row_h = ctx.line_height(m.body) + m.gap
    rows = max(1, body.height // row_h)
    first = max(0, min(chosen - rows // 2, len(menu) - rows))

    def draw_list(surface, r):
        shown = menu[first : first + rows]
        top = r.top + (r.height - len(shown) * row_h) // 2
        for i, label in enumerate(shown):
            label = _(label) if label in MENU_LABELS else label
            row = pygame.Rect(r.left, top + i * row_h, r.width, row_h)
            color = p.fg
            if first + i == chosen:
                pygame.draw.rect(surface, p.accent, row.inflate(0, -m.gap // 3),
                                 border_radius=row_h // 3)  # fmt: skip
                color = p.bg
            inner = row.inflate(-2 * m.gap, 0)
            ctx.text(surface, label, inner, m.body, color, bold=first + i == chosen, max_lines=1,
                     align="center", valign="middle")  # fmt: skip
        if first > 0:
            _arrow(surface, p.muted, r.centerx, r.top + m.gap // 2, up=True, size=m.gap)
        if first + rows < len(menu):
            _arrow(surface, p.muted, r.centerx, r.bottom - m.gap // 2, up=False, size=m.gap)

    return [
        Region("menu", body, (menu, chosen), draw_list),
        hint(ctx, foot, _("tap: next \u00b7 hold: choose")),
    ]


def _arrow(surface, color, x: int, y: int, up: bool, size: int) -> None:
    """A small triangle saying the list goes on above or below."""
    d = -size // 2 if up else size // 2
    pygame.draw.polygon(surface, color, [(x - size, y - d), (x + size, y - d), (x, y + d)])


def idle(s: Snapshot, ctx: Ctx) -> List[Region]:
    """The dimmed screen: a big clock in a quiet colour, readable across the room."""
    m, p = ctx.metrics, ctx.palette
    clock = current().clock(ctx.wall)
    day = current().weekday(ctx.wall)
    date_h = ctx.line_height(m.body)

    def draw(surface, r):
        big = pygame.Rect(r.left, r.top, r.width, r.height - date_h)
        drawn = ctx.text(surface, clock, big, m.clock, p.dim, smallest=m.huge, max_lines=1,
                         align="center", valign="middle")  # fmt: skip
        under = pygame.Rect(r.left, drawn.bottom, r.width, date_h)
        ctx.text(surface, day, under, m.body, p.dim, max_lines=1, align="center")

    return [Region("idle", ctx.area, (clock, day), draw, next_minute(ctx, s.now))]


def blank(s: Snapshot, ctx: Ctx) -> List[Region]:
    """The blanked screen: black, nothing to redraw until it wakes."""
    return [Region("blank", ctx.area, None, lambda surface, r: None)]
