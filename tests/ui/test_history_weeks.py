"""The history screen's words and bars from the log's stats: a week counts the days a ritual was
completed (not the days with minutes), a best streak is shown even while the current one is 0,
and a day without a completed ritual has a muted bar."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pygame

from facepacer.engine.snapshot import DayStat, Stats
from facepacer.ui.frame import Ctx
from facepacer.ui.samples import WALL, sample
from facepacer.ui.screens.history import streak_words
from facepacer.ui.theme import THEMES
from facepacer.ui.view import View


def thirty_days(completed_on, minutes: float = 2.0):
    """Minutes every day of the last 30, a completed ritual on the days ``completed_on`` says."""
    first = WALL.date() - timedelta(days=29)
    return tuple(DayStat(first + timedelta(days=n), minutes, 1 if completed_on(n) else 0)
                 for n in range(30))  # fmt: skip


def drawn(monkeypatch, stats: Stats):
    """The words and the rectangles' colours the history screen draws for ``stats``."""
    words, colours = [], []
    text, rect = Ctx.text, pygame.draw.rect

    def recording_text(self, surface, said, *args, **kwargs):
        words.append(said)
        return text(self, surface, said, *args, **kwargs)

    def recording_rect(surface, colour, *args, **kwargs):
        colours.append(tuple(colour))
        return rect(surface, colour, *args, **kwargs)

    monkeypatch.setattr(Ctx, "text", recording_text)
    monkeypatch.setattr(pygame.draw, "rect", recording_rect)
    View(pygame.Surface((480, 320))).render(replace(sample("history"), stats=stats), WALL)
    return words, colours


def test_a_week_counts_the_days_a_ritual_was_completed_not_the_days_with_minutes(monkeypatch):
    stats = Stats(weekly_goal=5, days=thirty_days(lambda n: n % 7 < 3))
    words, _ = drawn(monkeypatch, stats)
    assert "3/5 days" in words and "7/5 days" not in words


def test_a_day_without_a_completed_ritual_has_a_muted_bar(monkeypatch):
    palette = THEMES["calm"]
    _, colours = drawn(monkeypatch, Stats(days=thirty_days(lambda n: n % 2 == 0)))
    assert colours.count(tuple(palette.bar)) == 15
    assert colours.count(tuple(palette.muted)) == 15


def test_the_best_streak_is_shown_while_the_current_one_is_0():
    assert streak_words(Stats(current_streak=0, best_streak=2)) == "streak 0 wk \u00b7 best 2"
    assert streak_words(Stats(weekly_goal=1)) == "goal: 1 day a week"
    assert streak_words(Stats(weekly_goal=5)) == "goal: 5 days a week"
