"""The home screen on a narrow (portrait) screen and a wide one, in English and each translation:
the week's words never break inside a phrase, its dots keep apart, and the hints and the
simulator's note on the keys each have a band of their own. Measured on what is drawn, not on
the layout's intent."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from facepacer.engine.snapshot import Stats
from facepacer.i18n import _, use
from facepacer.ui import simnotes
from facepacer.ui.frame import Ctx
from facepacer.ui.samples import WALL, sample
from facepacer.ui.screens.common import week_parts
from facepacer.ui.theme import CALM
from facepacer.ui.view import View
from tests.languages import EVERY

# A user's first week: one day of five, no streak yet, as `facepacer sim` shows it.
FIRST_WEEK = Stats(week_days_done=1, weekly_goal=5, current_streak=0)
A_STREAK = Stats(week_days_done=5, weekly_goal=5, current_streak=3)
MIN_GAP = 4  # pixels between two bands of the screen
DOT_GAP = 6  # pixels between two of the week's dots, anti-aliased edges included


def home_drawn(size, stats, sim=True):
    view = View(pygame.Surface(size))
    if sim:
        view.sim = simnotes.SimNotes()
    snapshot = replace(sample("home"), stats=stats)
    view.render(snapshot, WALL)
    return view, snapshot, {r.name: r.rect for r in view.regions(snapshot, WALL)}


def ctx_of(view: View) -> Ctx:
    return Ctx(view.palette, view.metrics, view.fonts, view.face, WALL, view.surface.get_rect())


@pytest.mark.parametrize("language", EVERY)
@pytest.mark.parametrize("size", [(320, 480), (480, 320), (800, 480)])
@pytest.mark.parametrize("stats", [FIRST_WEEK, A_STREAK], ids=["first-week", "streak"])
def test_home_bands_keep_apart_and_the_week_reads_in_whole_lines(language, size, stats):
    use(language)
    view, snapshot, rects = home_drawn(size, stats)
    bands = sorted(("clock", "ritual", "hints", "week", "keys"), key=lambda n: rects[n].top)
    for upper, lower in zip(bands, bands[1:]):
        assert rects[lower].top - rects[upper].bottom >= 0, (upper, lower, rects)
    assert rects["keys"].top - rects["week"].bottom >= MIN_GAP, rects
    assert rects["week"].top - rects["hints"].bottom >= MIN_GAP, rects
    parts = week_parts(ctx_of(view), rects["week"], stats)
    font = view.fonts.get(view.metrics.small)
    for line, where in parts.lines:
        assert rects["week"].contains(where) and not where.colliderect(parts.dots), line
        assert font.size(line)[0] <= where.width, f"{line!r} would wrap in {where.width} px"
    assert rects["week"].contains(parts.dots)


@pytest.mark.parametrize("language", EVERY)
@pytest.mark.parametrize("size", [(320, 480), (480, 320)])
def test_the_weeks_dots_are_drawn_apart(language, size):
    use(language)
    view, snapshot, rects = home_drawn(size, FIRST_WEEK)
    parts = week_parts(ctx_of(view), rects["week"], FIRST_WEEK)
    area = parts.dots.inflate(2 * MIN_GAP, 2 * MIN_GAP).clip(view.surface.get_rect())
    drawn = pygame.mask.from_threshold(view.surface.subsurface(area), CALM.bg, (2, 2, 2, 255))
    drawn.invert()  # from_threshold marks the background: keep what is not
    dots = sorted(drawn.get_bounding_rects(), key=lambda r: r.left)
    assert len(dots) == 5, dots  # five dots, none touching another
    gaps = [right.left - left.right for left, right in zip(dots, dots[1:])]
    assert min(gaps) >= DOT_GAP, gaps
    assert all(d.height >= 8 and d.width >= 8 for d in dots), dots


def test_home_says_for_a_moment_that_the_mood_was_saved():
    from facepacer.engine.device import Device
    from facepacer.engine.events import HOLD, Gesture
    from facepacer.ritual import Library

    device = Device(Library.load(include_user=False).rituals[:1], 0.0)
    device.start(device.rituals[0], 0.0)
    end = device.run.ritual.total_seconds
    device.advance(end + 6.0)  # finished, then the mood check-in
    device.gesture(Gesture(HOLD, end + 8.0))  # saves 3
    view = View(pygame.Surface((480, 320)))
    texts = []
    real_text = Ctx.text

    def record(self, surface, text, *args, **kwargs):
        texts.append(text)
        return real_text(self, surface, text, *args, **kwargs)

    pygame_ctx = pytest.MonkeyPatch()
    pygame_ctx.setattr(Ctx, "text", record)
    try:
        view.render(device.snapshot(end + 8.5), WALL)
        assert "mood 3 of 5 saved" in texts
        assert view.needs_redraw_at(device.snapshot(end + 8.5)) <= end + 11.1
        texts.clear()
        view.render(device.snapshot(end + 11.1), WALL)
        assert "hold for more" in texts and "mood 3 of 5 saved" not in texts
    finally:
        pygame_ctx.undo()


def test_the_simulators_home_note_names_the_keys_readme_says_it_names():
    from pathlib import Path

    readme = " ".join((Path(__file__).parents[2] / "README.md").read_text().split())
    assert "says how to touch the pad and names F, M and Esc on the home screen" in readme
    note = simnotes.KEYS
    for key in ("Space or a click = the pad", "F = full screen", "M = mute", "Esc = quit"):
        assert key in note, key


@pytest.mark.parametrize("language", EVERY)
@pytest.mark.parametrize("size", [(320, 480), (480, 320), (800, 480)])
def test_the_keys_note_breaks_only_between_its_items(language, size):
    use(language)
    view, snapshot, rects = home_drawn(size, FIRST_WEEK)
    font = view.fonts.get(view.metrics.small)
    for item in _(simnotes.KEYS).split(simnotes.SEPARATOR):
        assert font.size(item)[0] <= rects["keys"].width, (item, rects["keys"].width)
