"""After a ritual: the finish screen (how it went, the time, the week) and the mood check-in."""

from __future__ import annotations

from typing import List

import pygame

from facepacer.engine.snapshot import Snapshot
from facepacer.i18n import N_, _
from facepacer.ui.frame import Ctx, Region, left_index, left_wake
from facepacer.ui.screens.common import (
    clock_text,
    hint,
    hint_height,
    split_bottom,
    week,
    week_height,
)

HEADLINES = {"completed": N_("Well done"), "abandoned": N_("Ended early"), "quit": N_("Stopped")}
FINISHED = N_("Finished")
MOOD_WORDS = {1: N_("low"), 3: N_("okay"), 5: N_("great")}


def finish(s: Snapshot, ctx: Ctx) -> List[Region]:
    m, p = ctx.metrics, ctx.palette
    body, foot = split_bottom(ctx.area, hint_height(ctx))
    body, _gap = split_bottom(body, m.gap // 2)  # the hint in a band of its own
    body, week_rect = split_bottom(body, week_height(ctx, body.width, s.stats))
    headline = _(HEADLINES.get(s.status or "", FINISHED))
    # The time of the ritual itself, as history and the summary's ``active`` give it; a pause
    # is said apart, under it.
    time_text = clock_text(s.ritual_active)
    paused = paused_text(s.elapsed - s.ritual_active)

    def draw(surface, r):
        head_h = ctx.line_height(m.huge, bold=True)
        pause_h = ctx.line_height(m.small) if paused else 0
        lines_h = head_h + ctx.line_height(m.body) + ctx.line_height(m.title, bold=True) + pause_h
        top = r.top + max(0, (r.height - lines_h) // 2)
        color = p.good if s.status == "completed" else p.accent
        head = pygame.Rect(r.left, top, r.width, head_h)
        ctx.text(surface, headline, head, m.huge, color, bold=True, max_lines=1, align="center")
        title = pygame.Rect(r.left, head.bottom, r.width, ctx.line_height(m.body))
        ctx.text(surface, s.ritual_title or "", title, m.body, p.fg, max_lines=1, align="center")
        when = pygame.Rect(r.left, title.bottom, r.width, ctx.line_height(m.title, bold=True))
        ctx.text(surface, time_text, when, m.title, p.muted, bold=True, max_lines=1,
                 align="center")  # fmt: skip
        if paused:
            under = pygame.Rect(r.left, when.bottom, r.width, pause_h)
            ctx.text(surface, paused, under, m.small, p.muted, max_lines=1, align="center")

    return [
        Region("finish", body, (headline, s.ritual_title, time_text, paused, s.status), draw),
        week(ctx, week_rect, s.stats),
        hint(ctx, foot, _("tap: continue")),
    ]


def paused_text(seconds: float) -> str:
    """``paused 0:13`` under the finish screen's time, or nothing for less than a second."""
    if round(seconds) < 1:
        return ""
    return _("paused {time}").format(time=clock_text(seconds))


def mood(s: Snapshot, ctx: Ctx) -> List[Region]:
    m, p = ctx.metrics, ctx.palette
    body, foot = split_bottom(ctx.area, hint_height(ctx))
    body, left_rect = split_bottom(body, ctx.line_height(m.small))
    question_h = ctx.line_height(m.title, bold=True) + m.gap
    question = pygame.Rect(body.left, body.top, body.width, question_h)
    choices = pygame.Rect(body.left, question.bottom, body.width, body.height - question_h)
    seconds = left_index(s.mood_left, 1.0)

    def draw_question(surface, r):
        ctx.text(surface, _("How do you feel?"), r, m.title, p.fg, bold=True, max_lines=1,
                 align="center", valign="middle")  # fmt: skip

    def draw_choices(surface, r):
        word_h = ctx.line_height(m.small)
        step = r.width // 5
        radius = max(8, min(step // 2 - m.gap // 2, (r.height - word_h) // 2 - m.gap // 2))
        cy = r.top + (r.height - word_h) // 2
        for value in range(1, 6):
            cx = r.left + step * (value - 1) + step // 2
            chosen = value == s.mood
            if chosen:
                pygame.draw.circle(surface, p.accent, (cx, cy), radius)
            else:
                pygame.draw.circle(surface, p.track, (cx, cy), radius, max(2, radius // 8))
            cell = pygame.Rect(cx - radius, cy - radius, 2 * radius, 2 * radius)
            ctx.text(surface, str(value), cell, m.huge, p.bg if chosen else p.fg, bold=True,
                     smallest=m.small, max_lines=1, align="center", valign="middle")  # fmt: skip
            if value in MOOD_WORDS:
                under = pygame.Rect(cx - step // 2, cy + radius, step, word_h)
                ctx.text(surface, _(MOOD_WORDS[value]), under, m.small, p.muted, max_lines=1,
                         align="center")  # fmt: skip

    def draw_left(surface, r):
        words = _("skips in {seconds} s").format(seconds=seconds) if seconds else ""
        ctx.text(surface, words, r, m.small, p.muted, max_lines=1, align="center")

    return [
        Region("question", question, None, draw_question),
        Region("choices", choices, s.mood, draw_choices),
        Region("mood-left", left_rect, seconds, draw_left, left_wake(s.now, s.mood_left, 1.0)),
        hint(ctx, foot, _("tap: change \u00b7 hold: save")),
    ]
