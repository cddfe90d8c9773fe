"""The history chart has a scale: a line at a round number of minutes, labelled, under the top."""

from __future__ import annotations

import pytest

from facepacer.ui.screens.history import grid_step


@pytest.mark.parametrize(
    "most, step", [(0.5, 1), (1.0, 1), (7.0, 5), (10.0, 10), (14.0, 10), (45.0, 30), (500.0, 120)]
)
def test_the_scale_line_is_the_largest_round_step_within_the_chart(most, step):
    assert grid_step(most) == step


def test_the_scale_is_drawn_and_labelled_in_minutes(monkeypatch):
    import pygame

    from facepacer.ui.frame import Ctx
    from facepacer.ui.samples import WALL, sample
    from facepacer.ui.view import View

    drawn = []
    text = Ctx.text

    def recording(self, surface, words, *args, **kwargs):
        drawn.append(words)
        return text(self, surface, words, *args, **kwargs)

    monkeypatch.setattr(Ctx, "text", recording)
    View(pygame.Surface((480, 320))).render(sample("history"), WALL)
    assert "5 min" in drawn  # the sample's busiest day is 7.3 minutes
    assert "5/5 days" in drawn and "4/5 days" in drawn
