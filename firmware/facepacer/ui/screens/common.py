"""Pieces that several screens lay out the same way: the hint line at the bottom, the week."""

from __future__ import annotations

from typing import Tuple

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


def week(ctx: Ctx, rect: pygame.Rect, stats: Stats, name: str = "week") -> Region:
    """Days done this week as dots out of the goal, with the words and the streak beside them."""
    key = (stats.week_days_done, stats.weekly_goal, stats.current_streak)

    def draw(surface: pygame.Surface, r: pygame.Rect) -> None:
        m, p = ctx.metrics, ctx.palette
        goal = max(1, stats.weekly_goal)
        dot_h = max(8, round(m.small * 0.9))
        dots_w = min(r.width // 3, round(goal * dot_h * 1.6))
        row = pygame.Rect(r.left, r.top, dots_w, r.height)
        met = stats.week_days_done >= goal
        widgets.dots(surface, pygame.Rect(row.left, r.centery - dot_h // 2, dots_w, dot_h),
                     goal, min(goal, stats.week_days_done), p.good if met else p.accent,
                     p.muted)  # fmt: skip
        words = week_text(stats)
        streak = streak_text(stats)
        text_rect = pygame.Rect(row.right + m.gap, r.top, r.right - row.right - m.gap, r.height)
        if streak:
            # One line when it fits, else the streak on a line of its own, never split mid-way.
            one_line = f"{words} \u00b7 {streak}"
            fits_one = ctx.fonts.get(m.small).size(one_line)[0] <= text_rect.width
            words = one_line if fits_one else f"{words}\n{streak}"
        ctx.text(surface, words, text_rect, m.small, p.fg, max_lines=2, valign="middle")

    return Region(name, rect, key, draw)
