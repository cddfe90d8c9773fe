"""The step screen at arm's length: a large face diagram, a count-down with its unit, the side
as a fact of its own, and a portrait screen (320x480) that cuts no text."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from facepacer.engine.simulate import snapshot_at
from facepacer.ritual import Library
from facepacer.ui.samples import SCREENS, WALL, sample
from facepacer.ui.screens.ritual import count_text, next_text
from facepacer.ui.theme import Metrics
from facepacer.ui.view import View

from .helpers import drawn

PORTRAIT = (320, 480)


def regions_of(snapshot, size=(480, 320)):
    view = View(pygame.Surface(size))
    return {r.name: r.rect for r in view.regions(snapshot, WALL)}


@pytest.mark.parametrize("size", [(480, 320), (800, 480), PORTRAIT])
def test_the_face_diagram_takes_a_large_share_of_the_screen(size):
    rects = regions_of(sample("step"), size)
    short = min(size)
    # Before the layout gave it room the dial was 171 px of a 480x320 screen's 320.
    assert rects["dial"].width >= 0.58 * short
    assert rects["dial"].width == rects["dial"].height


@pytest.mark.parametrize("size", [(480, 320), PORTRAIT])
def test_the_diagram_square_is_a_named_part_of_the_layout_inside_the_ring(size):
    from facepacer.ui.frame import Ctx
    from facepacer.ui.screens.ritual import step_layout

    view = View(pygame.Surface(size))
    area = view.surface.get_rect().inflate(-2 * view.metrics.margin, -2 * view.metrics.margin)
    ctx = Ctx(view.palette, view.metrics, view.fonts, view.face, WALL, area)
    step = sample("step").step
    layout = step_layout(ctx, sided=True, words=(step.title, step.say))
    assert layout.dial == regions_of(sample("step"), size)["dial"]
    assert layout.dial.contains(layout.face) and layout.face.width >= 0.6 * layout.dial.width
    assert layout.face.center == layout.dial.center


@pytest.mark.parametrize(
    "left,shown",
    [(12.6, ("13", "s")), (0.2, ("1", "s")), (59.5, ("1:00", "")), (75.0, ("1:15", ""))],
)
def test_the_count_down_carries_its_unit(left, shown):
    assert count_text(replace(sample("step"), step_left=left)) == shown


def test_a_step_waiting_for_a_tap_says_tap_once():
    waiting = replace(sample("step"), waiting=True, show_next=True)
    words = [count_text(waiting)[0], next_text(waiting)]
    assert sum(text.count("tap") for text in words) == 1
    assert next_text(waiting).startswith("when ready")


def test_the_side_is_its_own_region_beside_the_count_down_and_absent_for_both_sides():
    sided = regions_of(sample("step"))
    assert sided["side"].width > 0 and sided["side"].left >= sided["seconds"].right
    both = regions_of(replace(sample("step"), side_now="both"))
    assert both["side"].width == 0


@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen_lays_out_in_portrait_with_nothing_clipped(screen):
    view, rects = drawn(sample(screen), PORTRAIT)
    assert rects == [pygame.Rect((0, 0), PORTRAIT)]
    assert view.clipped == []


def test_every_step_of_every_shipped_ritual_fits_in_portrait():
    view = View(pygame.Surface(PORTRAIT))
    for ritual in Library.load().rituals:
        at = 0.0
        for step in ritual.steps:
            view.render(snapshot_at(ritual, at + 0.5), WALL)
            at += step.seconds
    assert view.clipped == []


def test_portrait_type_is_sized_by_the_short_side():
    assert Metrics.for_size(PORTRAIT).body == Metrics.for_size((480, 320)).body
