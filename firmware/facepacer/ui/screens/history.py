"""The history screen: the last 30 days as bars of minutes, each week marked against the goal.

The bars' height is minutes of ritual that day, read against a labelled line ("5 min"); under
each whole week, its days done against the goal ("4/5 days").
"""

from __future__ import annotations

from typing import List

import pygame

from facepacer.engine.snapshot import Snapshot, Stats
from facepacer.i18n import N_, _, ngettext
from facepacer.ui.frame import Ctx, Region
from facepacer.ui.screens.common import hint, hint_height, split_bottom

DAYS = 30
TITLE = N_("Last 30 days")
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
    m, stats = ctx.metrics, s.stats
    body, foot = split_bottom(ctx.area, hint_height(ctx))
    streak = streak_words(stats)
    stacked = _head_width(ctx, streak) > body.width
    head_h = ctx.line_height(m.body, bold=True) + m.gap // 2
    head_h += ctx.line_height(m.small) if stacked else 0
    head = pygame.Rect(body.left, body.top, body.width, head_h)
    chart = pygame.Rect(body.left, head.bottom, body.width, body.height - head_h)
    return [
        head_region(ctx, head, streak, stacked),
        chart_region(ctx, chart, stats),
        hint(ctx, foot, _("tap: home")),
    ]


def streak_words(stats: Stats) -> str:
    if stats.current_streak or stats.best_streak:
        return _("streak {weeks} wk \u00b7 best {best}").format(
            weeks=stats.current_streak, best=stats.best_streak
        )
    return ngettext(
        "goal: {days} day a week", "goal: {days} days a week", stats.weekly_goal
    ).format(days=stats.weekly_goal)


def _head_width(ctx: Ctx, streak: str) -> int:
    m = ctx.metrics
    return _title_width(ctx) + m.gap + ctx.fonts.get(m.small).size(streak)[0]


def _title_width(ctx: Ctx) -> int:
    return ctx.fonts.get(ctx.metrics.body, True).size(_(TITLE))[0]


def head_region(ctx: Ctx, rect: pygame.Rect, streak: str, stacked: bool) -> Region:
    """The title and the streak beside it, or under it on a narrow screen."""
    m, p = ctx.metrics, ctx.palette

    def draw(surface: pygame.Surface, r: pygame.Rect) -> None:
        if stacked:
            top = pygame.Rect(r.left, r.top, r.width, ctx.line_height(m.body, bold=True))
            ctx.text(surface, _(TITLE), top, m.body, p.fg, bold=True, max_lines=1)
            under = pygame.Rect(r.left, top.bottom, r.width, r.bottom - top.bottom)
            ctx.text(surface, streak, under, m.small, p.muted, max_lines=1)
            return
        split = _title_width(ctx) + m.gap
        ctx.text(surface, _(TITLE), pygame.Rect(r.left, r.top, split, r.height), m.body,
                 p.fg, bold=True, max_lines=1, valign="middle")  # fmt: skip
        ctx.text(surface, streak, pygame.Rect(r.left + split, r.top, r.width - split, r.height),
                 m.small, p.muted, max_lines=1, align="right", valign="middle")  # fmt: skip

    return Region("history-head", rect, streak, draw)


def chart_region(ctx: Ctx, rect: pygame.Rect, stats: Stats) -> Region:
    """A bar of minutes for each of the last 30 days, a scale line, each week's days done."""
    m, p = ctx.metrics, ctx.palette
    days = stats.days[-DAYS:]

    def draw(surface: pygame.Surface, r: pygame.Rect) -> None:
        label_h = ctx.line_height(m.small)
        plot = pygame.Rect(r.left, r.top + m.gap // 2, r.width, r.height - label_h - m.gap)
        if not days:
            ctx.text(surface, _("Nothing logged yet"), plot, m.body, p.muted, align="center",
                     valign="middle")  # fmt: skip
            return
        most = max(10.0, max(d.minutes for d in days))
        _scale(ctx, surface, plot, most)
        _weeks(ctx, surface, plot, stats, label_h)
        _bars(ctx, surface, plot, days, most)

    key = (tuple((d.day, round(d.minutes, 1), d.completed) for d in days), stats.weekly_goal)
    return Region("chart", rect, key, draw)


def _slot(plot: pygame.Rect, index: int, count: int) -> float:
    """The left edge of day ``index`` of ``count``: fewer than 30 days sit at the right."""
    return plot.left + (DAYS - count + index) * plot.width / DAYS


def _scale(ctx: Ctx, surface: pygame.Surface, plot: pygame.Rect, most: float) -> None:
    """A faint line at a round number of minutes, labelled at its left end."""
    m, p = ctx.metrics, ctx.palette
    step = grid_step(most * 0.7)  # well below the top, clear of the heading
    y = plot.bottom - round(plot.height * step / most)
    pygame.draw.line(surface, p.track, (plot.left, y), (plot.right, y))
    label_h = ctx.line_height(m.smallest)
    label = pygame.Rect(plot.left, y - label_h, plot.width // 3, label_h)
    ctx.text(
        surface, _("{minutes} min").format(minutes=step), label, m.smallest, p.muted, max_lines=1
    )


def _weeks(ctx: Ctx, surface: pygame.Surface, plot: pygame.Rect, stats: Stats,
           label_h: int) -> None:  # fmt: skip
    """Lines between the weeks; under each whole week, its days done against the goal."""
    m, p = ctx.metrics, ctx.palette
    days = stats.days[-DAYS:]
    for week in weeks_of(stats):
        x0 = _slot(plot, week[0], len(days))
        x1 = _slot(plot, week[-1] + 1, len(days))
        done = sum(1 for i in week if days[i].completed > 0)
        met = done >= stats.weekly_goal
        if week[0] > 0:
            pygame.draw.line(surface, p.track, (round(x0), plot.top), (round(x0), plot.bottom))
        if len(week) < 7:
            continue  # a part of a week says nothing about the goal
        mark = pygame.Rect(round(x0), plot.bottom + m.gap // 2, round(x1 - x0), label_h)
        words = ngettext("{done}/{goal} day", "{done}/{goal} days", stats.weekly_goal).format(
            done=done, goal=stats.weekly_goal
        )
        if ctx.fonts.get(m.small, met).size(words)[0] > mark.width:
            words = f"{done}/{stats.weekly_goal}"  # a narrow screen: the scale says days
        ctx.text(surface, words, mark, m.small, p.good if met else p.muted, bold=met,
                 max_lines=1, align="center")  # fmt: skip


def _bars(ctx: Ctx, surface: pygame.Surface, plot: pygame.Rect, days, most: float) -> None:
    """Each day's minutes as a bar (muted when not completed); a day without any, a tick."""
    m, p = ctx.metrics, ctx.palette
    slot = plot.width / DAYS
    pad = max(1, round(slot * 0.18))
    for i, day in enumerate(days):
        x = round(_slot(plot, i, len(days))) + pad
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
