"""Every screen draws at both sizes in both themes, inside the screen, with no text clipped."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from facepacer.engine.snapshot import BLANK
from facepacer.ui.samples import SCREENS, WALL, sample
from facepacer.ui.theme import CALM, Metrics
from facepacer.ui.view import View

from .helpers import SIZES, THEMES, count_color, drawn

ERROR_RED = (255, 60, 60)  # the error cue's flash in the contrast theme


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen_draws_the_whole_screen_with_nothing_clipped(screen, theme, size):
    view, rects = drawn(sample(screen), size, theme)
    assert rects == [pygame.Rect((0, 0), size)]
    assert view.clipped == []
    assert view.problems == ()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_regions_lie_inside_the_margins_and_never_overlap(screen, size):
    view = View(pygame.Surface(size))
    regions = view.regions(sample(screen), WALL)
    m = Metrics.for_size(size)
    inside = pygame.Rect((0, 0), size)
    if sample(screen).power != BLANK:
        inside = inside.inflate(-2 * m.margin, -2 * m.margin)
    for i, region in enumerate(regions):
        assert inside.contains(region.rect), region.name
        for other in regions[i + 1 :]:
            assert not region.rect.colliderect(other.rect), (region.name, other.name)


def test_a_partner_sample_draws_like_any_other():
    view, _ = drawn(sample("step", partner=True))
    assert view.clipped == []


def test_the_blanked_screen_is_black_whatever_the_theme():
    view, _ = drawn(sample("blank"), theme="calm")
    surface = view.surface
    assert count_color(surface, surface.get_rect(), (0, 0, 0), 0) == 480 * 320


def test_the_dimmed_screen_shows_only_the_dim_clock_colour_and_background():
    view, _ = drawn(sample("idle"))
    bright = [
        (x, y)
        for y in range(0, 320, 4)
        for x in range(0, 480, 4)
        if max(view.surface.get_at((x, y))[:3]) > max(CALM.dim) + 8
    ]
    assert bright == []


def test_notices_show_in_a_banner_at_the_top_over_any_screen():
    for screen in ("home", "step", "history"):
        snapshot = replace(sample(screen), notices=("Touch sensor unplugged",))
        view, _ = drawn(snapshot)
        names = [r.name for r in view.regions(snapshot, WALL)]
        banner = view.regions(snapshot, WALL)[0]
        assert names[0] == "banner"
        assert count_color(view.surface, banner.rect, CALM.warn_bg) > banner.rect.width * 4


def test_a_cue_flash_lights_the_border_and_goes_when_the_flash_is_over():
    snapshot = replace(sample("home"), last_cue="error", last_cue_t=sample("home").now)
    view, _ = drawn(snapshot, theme="contrast")
    top = pygame.Rect(0, 0, 480, Metrics.for_size((480, 320)).border)
    assert count_color(view.surface, top, ERROR_RED) > 100
    later = replace(snapshot, now=snapshot.now + 0.5)
    rects = view.render(later, WALL)
    assert top in rects
    assert count_color(view.surface, top, ERROR_RED) == 0


def test_each_cue_flashes_a_different_picture():
    pictures = set()
    from facepacer.engine.events import CUES

    for cue in CUES:
        snapshot = replace(sample("home"), last_cue=cue, last_cue_t=sample("home").now)
        view, _ = drawn(snapshot)
        pictures.add(pygame.image.tostring(view.surface, "RGB"))
    assert len(pictures) == len(CUES)


def test_an_unknown_theme_falls_back_to_calm_and_says_so():
    view = View(pygame.Surface((480, 320)), "neon")
    assert view.palette is CALM
    assert any("neon" in p for p in view.problems)


def test_sizes_grow_with_the_screen_height():
    small, big = Metrics.for_size((480, 320)), Metrics.for_size((800, 480))
    assert small.body == 24 and big.body == 36
    assert big.title > small.title and big.margin > small.margin


def test_home_with_no_rituals_says_so_and_offers_the_picker():
    snapshot = replace(sample("home"), rituals=(), menu=("History",))
    view, _ = drawn(snapshot)
    assert view.clipped == []
    assert next(r for r in view.regions(snapshot, WALL) if r.name == "ritual").key is None


def test_a_long_menu_scrolls_to_keep_the_highlighted_item_in_view():
    menu = tuple(f"Ritual number {i}" for i in range(20)) + ("History",)
    snapshot = replace(sample("picker"), menu=menu, highlighted=17)
    view, _ = drawn(snapshot)
    assert view.clipped == []
    other = replace(snapshot, highlighted=2)
    assert view.render(other, WALL) == [
        next(r.rect for r in view.regions(other, WALL) if r.name == "menu")
    ]
