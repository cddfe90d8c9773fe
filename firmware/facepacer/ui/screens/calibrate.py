"""The calibration screen, from the picker: what to do now (no touch, then taps), then the
thresholds found, with what tap and hold do."""

from __future__ import annotations

from typing import List

import pygame

from facepacer.engine.snapshot import Snapshot
from facepacer.i18n import N_, _, current
from facepacer.ui.frame import Ctx, Region
from facepacer.ui.screens.common import hint, hint_height, split_bottom

TITLE = N_("Calibrate the pad")


def calibrate(s: Snapshot, ctx: Ctx) -> List[Region]:
    m, p = ctx.metrics, ctx.palette
    text, hint_text = s.calibrate_text.said(current()), s.calibrate_hint.said(current())
    body, foot = split_bottom(ctx.area, hint_height(ctx))
    head_h = ctx.line_height(m.body, bold=True) + m.gap // 2
    head = pygame.Rect(body.left, body.top, body.width, head_h)
    main = pygame.Rect(body.left, head.bottom, body.width, body.height - head_h).inflate(
        -2 * m.gap, -m.gap
    )

    def draw_head(surface, r):
        ctx.text(surface, _(TITLE), r, m.body, p.fg, bold=True, max_lines=1, valign="middle")

    def draw_main(surface, r):
        ctx.text(surface, text, r, m.title, p.accent, smallest=m.body, bold=True,
                 max_lines=4, align="center", valign="middle")  # fmt: skip

    return [
        Region("calibrate-head", head, _(TITLE), draw_head),
        Region("calibrate-text", main, text, draw_main),
        hint(ctx, foot, hint_text),
    ]
