"""Pieces that several screens lay out the same way: the hint line at the bottom, the week."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

import pygame

from facepacer.engine.snapshot import Stats
from facepacer.i18n import _, ngettext
from facepacer.ui import widgets
from facepacer.ui.frame import Ctx, Region


def clock_text(seconds: float) -> str:
    """``75`` as ``1:15``: durations on the finish screen and in labels."""
    seconds = max(0, int(round(seconds)))
    minutes, secs = divmod(seconds, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def minutes_text(seconds: float) -> str:
    """A ritual's length in words: ``45 s``, ``2 min``."""
    if seconds < 60:
        return _("{seconds} s").format(seconds=round(seconds))
    return _("{minutes} min").format(minutes=round(seconds / 60))


def split_bottom(area: pygame.Rect, height: int) -> Tuple[pygame.Rect, pygame.Rect]:
    """``area`` cut into (everything above, a strip of ``height`` at the bottom)."""
    height = min(height, area.height)
    top = pygame.Rect(area.left, area.top, area.width, area.height - height)
    return top, pygame.Rect(area.left, area.bottom - height, area.width, height)


def hint(ctx: Ctx, rect: pygame.Rect, text: str, name: str = "hint") -> Region:
    """The line that says what tap and hold do here, quiet and always in the same place."""

    def draw(surface: pygame.Surface, r: pygame.Rect) -> None:
        ctx.text(surface, text, r, ctx.metrics.small, ctx.palette.muted, max_lines=1,
                 align="center", valign="middle")  # fmt: skip

    return Region(name, rect, ("hint", text), draw)


def hint_height(ctx: Ctx) -> int:
    return ctx.line_height(ctx.metrics.small) + ctx.metrics.gap // 2


def week_text(stats: Stats) -> str:
    return ngettext(
        "{done} of {goal} day this week", "{done} of {goal} days this week", stats.weekly_goal
    ).format(done=stats.week_days_done, goal=stats.weekly_goal)


def streak_text(stats: Stats) -> str:
    if stats.current_streak <= 0:
        return ""
    return ngettext("streak: {weeks} week", "streak: {weeks} weeks", stats.current_streak).format(
        weeks=stats.current_streak
    )


@dataclass(frozen=True)
class WeekParts:
    """Where the week's pieces go in its region: the row of dots and each line of words."""

    dots: pygame.Rect
    lines: Tuple[Tuple[str, pygame.Rect], ...]
    align: str  # how the words sit in their lines: "left" beside the dots, "center" under them


def _dot_size(ctx: Ctx) -> Tuple[int, int]:
    """A day's dot across, and the gap between two dots (half a dot, never under 4 px)."""
    across = max(8, round(ctx.metrics.small * 0.9))
    return across, max(4, across // 2)


def _week_lines(ctx: Ctx, stats: Stats, width: int) -> Tuple[str, ...]:
    """The week's words in lines no wider than ``width``: with the streak on the same line when
    both fit, else on a line of its own; never a phrase split mid-way."""
    words, streak = week_text(stats), streak_text(stats)
    if not streak:
        return (words,)
    one_line = f"{words} \u00b7 {streak}"
    fits = ctx.fonts.get(ctx.metrics.small).size(one_line)[0] <= width
    return (one_line,) if fits else (words, streak)


def _beside(ctx: Ctx, stats: Stats, width: int) -> Optional[Tuple[str, ...]]:
    """The lines of words when they fit beside the dots, each on one line; else None."""
    across, gap = _dot_size(ctx)
    goal = max(1, stats.weekly_goal)
    room = width - (goal * (across + gap) - gap) - ctx.metrics.gap
    lines = _week_lines(ctx, stats, room)
    font = ctx.fonts.get(ctx.metrics.small)
    return lines if all(font.size(line)[0] <= room for line in lines) else None


def week_height(ctx: Ctx, width: int, stats: Stats) -> int:
    """The height the week needs at ``width``: two lines beside the dots, or the dots over the
    words when the words would not fit beside them (a portrait screen, a long language)."""
    line_h = ctx.line_height(ctx.metrics.small)
    if _beside(ctx, stats, width) is not None:
        return 2 * line_h
    across, _ = _dot_size(ctx)
    return across + ctx.metrics.gap // 2 + len(_week_lines(ctx, stats, width)) * line_h


def week_parts(ctx: Ctx, rect: pygame.Rect, stats: Stats) -> WeekParts:
    """The dots and the lines of words of the week, laid out in ``rect`` (see ``week_height``)."""
    m = ctx.metrics
    across, gap = _dot_size(ctx)
    goal = max(1, stats.weekly_goal)
    dots_w = goal * (across + gap) - gap
    line_h = ctx.line_height(m.small)
    lines = _beside(ctx, stats, rect.width)
    if lines is not None:
        dots = pygame.Rect(rect.left, rect.centery - across // 2, dots_w, across)
        left = dots.right + m.gap
        top = rect.centery - len(lines) * line_h // 2
        rects = [pygame.Rect(left, top + i * line_h, rect.right - left, line_h)
                 for i in range(len(lines))]  # fmt: skip
        return WeekParts(dots, tuple(zip(lines, rects)), "left")
    lines = _week_lines(ctx, stats, rect.width)
    block = across + m.gap // 2 + len(lines) * line_h
    top = rect.top + max(0, (rect.height - block) // 2)
    dots = pygame.Rect(rect.centerx - dots_w // 2, top, dots_w, across)
    first = dots.bottom + m.gap // 2
    rects = [pygame.Rect(rect.left, first + i * line_h, rect.width, line_h)
             for i in range(len(lines))]  # fmt: skip
    return WeekParts(dots, tuple(zip(lines, rects)), "center")


def week(ctx: Ctx, rect: pygame.Rect, stats: Stats, name: str = "week") -> Region:
    """Days done this week as dots out of the goal, with the words and the streak beside them
    (or under them, where they would not fit beside)."""
    key = (stats.week_days_done, stats.weekly_goal, stats.current_streak)

    def draw(surface: pygame.Surface, r: pygame.Rect) -> None:
        p = ctx.palette
        goal = max(1, stats.weekly_goal)
        parts = week_parts(ctx, r, stats)
        met = stats.week_days_done >= goal
        widgets.dots(surface, parts.dots, goal, min(goal, stats.week_days_done),
                     p.good if met else p.accent, p.muted)  # fmt: skip
        for line, where in parts.lines:
            ctx.text(surface, line, where, ctx.metrics.small, p.fg, max_lines=1,
                     align=parts.align, valign="middle")  # fmt: skip

    return Region(name, rect, key, draw)
