"""The history screen: the last 30 days as bars of minutes, each week marked against the goal.

The bars' height is minutes of ritual that day, read against a labelled line ("5 min"); under
each whole week, its days done against the goal ("4/5 days").
"""

from __future__ import annotations

from typing import List

import pygame

from facepacer.engine.snapshot import Snapshot, Stats
from facepacer.ui.frame import Ctx, Region
from facepacer.ui.screens.common import hint, hint_height, split_bottom

DAYS = 30
TITLE = "Last 30 days"
GRID_STEPS = (1, 2, 5, 10, 15, 20, 30, 60, 120)  # minutes a scale line may stand for


def grid_step(most: float) -> int:
    """The scale line's minutes: the largest round step that is at most the chart's top."""
    return max([step for step in GRID_STEPS if step <= most] or [GRID_STEPS[0]])


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
    if stats.current_streak or stats.best_streak:
        streak = f"streak {stats.current_streak} wk \u00b7 best {stats.best_streak}"
    else:
        streak = f"goal: {stats.weekly_goal} days a week"
    title_w = ctx.fonts.get(m.body, True).size(TITLE)[0]
    stacked = title_w + m.gap + ctx.fonts.get(m.small).size(streak)[0] > body.width
    head_h = ctx.line_height(m.body, bold=True) + m.gap // 2
    head_h += ctx.line_height(m.small) if stacked else 0
    head = pygame.Rect(body.left, body.top, body.width, head_h)
    chart = pygame.Rect(body.left, head.bottom, body.width, body.height - head_h)
    days = stats.days[-DAYS:]

    def draw_head(surface, r):
        if stacked:  # a narrow screen: the streak under the title
            top = pygame.Rect(r.left, r.top, r.width, ctx.line_height(m.body, bold=True))
            ctx.text(surface, TITLE, top, m.body, p.fg, bold=True, max_lines=1)
            under = pygame.Rect(r.left, top.bottom, r.width, r.bottom - top.bottom)
            ctx.text(surface, streak, under, m.small, p.muted, max_lines=1)
            return
        split = title_w + m.gap
        ctx.text(surface, TITLE, pygame.Rect(r.left, r.top, split, r.height), m.body,
                 p.fg, bold=True, max_lines=1, valign="middle")  # fmt: skip
        ctx.text(surface, streak, pygame.Rect(r.left + split, r.top, r.width - split, r.height),
                 m.small, p.muted, max_lines=1, align="right", valign="middle")  # fmt: skip

    def draw_chart(surface, r):
        label_h = ctx.line_height(m.small)
        plot = pygame.Rect(r.left, r.top + m.gap // 2, r.width, r.height - label_h - m.gap)
        if not days:
            ctx.text(surface, "Nothing logged yet", plot, m.body, p.muted, align="center",
                     valign="middle")  # fmt: skip
            return
        slot = plot.width / DAYS
        offset = DAYS - len(days)  # fewer days than 30: the bars sit at the right, today last
        most = max(10.0, max(d.minutes for d in days))
        scale(surface, r, plot, most)
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
            words = f"{done}/{stats.weekly_goal} days"
            if ctx.fonts.get(m.small, met).size(words)[0] > mark.width:
                words = f"{done}/{stats.weekly_goal}"  # a narrow screen: the scale says days
            ctx.text(surface, words, mark, m.small,
                     p.good if met else p.muted, bold=met, max_lines=1,
                     align="center")  # fmt: skip
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

    def scale(surface, r, plot, most):
        """A faint line at a round number of minutes, labelled at its left end."""
        step = grid_step(most * 0.7)  # well below the top, clear of the heading
        y = plot.bottom - round(plot.height * step / most)
        pygame.draw.line(surface, p.track, (plot.left, y), (plot.right, y))
        label = pygame.Rect(plot.left, y - ctx.line_height(m.smallest), plot.width // 3,
                            ctx.line_height(m.smallest))  # fmt: skip
        ctx.text(surface, f"{step} min", label, m.smallest, p.muted, max_lines=1)

    key = (tuple((d.day, round(d.minutes, 1), d.completed) for d in days), stats.weekly_goal)
    return [
        Region("history-head", head, streak, draw_head),
        Region("chart", chart, key, draw_chart),
        hint(ctx, foot, "tap: home"),
    ]
