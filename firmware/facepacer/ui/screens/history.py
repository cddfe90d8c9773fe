"""The history screen: the last 30 days as bars of minutes, each week marked against the goal."""

from __future__ import annotations

from typing import List

import pygame

from facepacer.engine.snapshot import Snapshot, Stats
from facepacer.ui.frame import Ctx, Region
from facepacer.ui.screens.common import hint, hint_height, split_bottom

DAYS = 30


def weeks_of(stats: Stats) -> List[List[int]]:
    """Indexes into the last ``DAYS`` days grouped in weeks of 7 ending today (oldest first)."""
    count = min(DAYS, len(stats.days))
    groups: List[List[int]] = []
    end = count
    while end > 0:
        groups.insert(0, list(range(max(0, end - 7), end)))
        end -= 7
    return groups


def history(s: Snapshot, ctx: Ctx) -> List[Region]:
    m, p = ctx.metrics, ctx.palette
    stats = s.stats
    body, foot = split_bottom(ctx.area, hint_height(ctx))
    head_h = ctx.line_height(m.body, bold=True) + m.gap // 2
    head = pygame.Rect(body.left, body.top, body.width, head_h)
    chart = pygame.Rect(body.left, head.bottom, body.width, body.height - head_h)
    days = stats.days[-DAYS:]

    if stats.current_streak or stats.best_streak:
        streak = f"streak {stats.current_streak} wk \u00b7 best {stats.best_streak}"
    else:
        streak = f"goal: {stats.weekly_goal} days a week"

    def draw_head(surface, r):
        half = r.width // 2
        ctx.text(surface, "Last 30 days", pygame.Rect(r.left, r.top, half, r.height), m.body,
                 p.fg, bold=True, max_lines=1, valign="middle")  # fmt: skip
        ctx.text(surface, streak, pygame.Rect(r.left + half, r.top, r.width - half, r.height),
                 m.small, p.muted, max_lines=1, align="right", valign="middle")  # fmt: skip

    def draw_chart(surface, r):
        _chart(surface, r, ctx, stats, days)

    key = (tuple((d.day, round(d.minutes, 1), d.completed) for d in days), stats.weekly_goal)
    return [
        Region("history-head", head, streak, draw_head),
        Region("chart", chart, key, draw_chart),
        hint(ctx, foot, "tap: home"),
    ]


def _chart(surface, r: pygame.Rect, ctx: Ctx, stats: Stats, days) -> None:
    """The bars of the last ``DAYS`` days, today at the right, each full week's days against the
    goal under it."""
    m, p = ctx.metrics, ctx.palette
    label_h = ctx.line_height(m.small)
    plot = pygame.Rect(r.left, r.top + m.gap // 2, r.width, r.height - label_h - m.gap)
    if not days:
        ctx.text(surface, "Nothing logged yet", plot, m.body, p.muted, align="center",
                 valign="middle")  # fmt: skip
        return
    slot = plot.width / DAYS
    offset = DAYS - len(days)  # fewer days than 30: the bars sit at the right, today last
    for week in weeks_of(stats):
        x0 = plot.left + (offset + week[0]) * slot
        x1 = plot.left + (offset + week[-1] + 1) * slot
        done = sum(1 for i in week if days[i].completed > 0)
        met = done >= stats.weekly_goal
        if week[0] > 0:
            pygame.draw.line(surface, p.track, (round(x0), plot.top), (round(x0), plot.bottom))
        if len(week) < 7:
            continue  # a part of a week says nothing about the goal
        mark = pygame.Rect(round(x0), plot.bottom + m.gap // 2, round(x1 - x0), label_h)
        ctx.text(surface, f"{done}/{stats.weekly_goal}", mark, m.small,
                 p.good if met else p.muted, bold=met, max_lines=1,
                 align="center")  # fmt: skip
    _bars(surface, plot, ctx, days, slot=slot, offset=offset)


def _bars(surface, plot: pygame.Rect, ctx: Ctx, days, *, slot: float, offset: int) -> None:
    """One bar a day, its height the day's minutes; a flat tick for a day without a ritual."""
    m, p = ctx.metrics, ctx.palette
    most = max(10.0, max(d.minutes for d in days))
    pad = max(1, round(slot * 0.18))
    for i, day in enumerate(days):
        x = round(plot.left + (offset + i) * slot) + pad
        width = max(1, round(slot) - 2 * pad)
        if day.minutes <= 0:
            tick = max(2, m.bar // 4)
            surface.fill(p.track, pygame.Rect(x, plot.bottom - tick, width, tick))
            continue
        height = max(3, round(plot.height * min(1.0, day.minutes / most)))
        color = p.bar if day.completed else p.muted
        pygame.draw.rect(surface, color, pygame.Rect(x, plot.bottom - height, width, height),
                         border_top_left_radius=width // 3,
                         border_top_right_radius=width // 3)  # fmt: skip
