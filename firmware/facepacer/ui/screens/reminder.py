"""The daily reminder: a calm prompt that names the ritual a tap starts."""

from __future__ import annotations

from typing import List

import pygame

from facepacer.engine.snapshot import Snapshot
from facepacer.i18n import N_, _
from facepacer.ui.frame import Ctx, Region
from facepacer.ui.screens.common import (
    hint,
    hint_height,
    minutes_text,
    split_bottom,
    week,
    week_height,
)

PROMPT = N_("Time for your ritual")


def reminder(s: Snapshot, ctx: Ctx) -> List[Region]:
    m, p = ctx.metrics, ctx.palette
    body, foot = split_bottom(ctx.area, hint_height(ctx))
    body, week_rect = split_bottom(body, week_height(ctx, body.width, s.stats))
    entry = s.rituals[s.highlighted] if 0 <= s.highlighted < len(s.rituals) else None
    title = entry.title if entry is not None else ""
    about = f"{minutes_text(entry.seconds)} \u00b7 {_('tap to start')}" if entry is not None else ""

    def draw(surface, r):
        prompt_h = ctx.line_height(m.body)
        about_h = ctx.line_height(m.small)
        prompt = pygame.Rect(r.left, r.top, r.width, prompt_h)
        ctx.text(surface, _(PROMPT), prompt, m.body, p.muted, max_lines=1, align="center")
        head = pygame.Rect(r.left, prompt.bottom, r.width, r.height - prompt_h - about_h)
        drawn = ctx.text(surface, title, head, m.huge, p.fg, smallest=m.body, bold=True,
                         max_lines=2, align="center", valign="middle")  # fmt: skip
        under = pygame.Rect(r.left, drawn.bottom, r.width, about_h)
        ctx.text(surface, about, under, m.small, p.accent, max_lines=1, align="center")

    return [
        Region("reminder", body, (title, about), draw),
        week(ctx, week_rect, s.stats),
        hint(ctx, foot, _("tap: start \u00b7 hold: not now")),
    ]
