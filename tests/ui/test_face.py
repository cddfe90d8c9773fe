"""The face diagram comes from data: every zone has a shape, the highlight lands inside it, the
side shows, partner mode mirrors it, and broken data leaves an outline and a notice."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from facepacer.ritual.model import ZONES
from facepacer.ui.face import FaceArt
from facepacer.ui.samples import WALL, sample
from facepacer.ui.shapes import load_shapes
from facepacer.ui.theme import CALM
from facepacer.ui.view import View

from .helpers import count_color, differing

RECT = pygame.Rect(0, 0, 300, 300)


@pytest.fixture(scope="module")
def art():
    return FaceArt(load_shapes())


def picture(art, zone=None, side="both", mirror=False):
    surface = pygame.Surface(RECT.size)
    art.draw(surface, RECT, CALM, zone, side, mirror)
    return surface


def inside(polygons):
    """A mask of the pixels inside ``polygons``, shrunk by a pixel from the edges."""
    mask = pygame.Surface(RECT.size)
    mask.fill((0, 0, 0))
    for points in polygons:
        pygame.draw.polygon(mask, (255, 255, 255), points)
    for points in polygons:
        pygame.draw.polygon(mask, (0, 0, 0), points, 3)
    return [(x, y) for y in range(0, RECT.height) for x in range(RECT.width)
            if mask.get_at((x, y))[0] == 255]  # fmt: skip


def test_the_shipped_shapes_read_without_a_problem():
    assert load_shapes().problems == ()


@pytest.mark.parametrize("zone", ZONES)
def test_every_zone_has_a_shape_on_each_side(zone):
    sides = load_shapes().polygons(zone)
    assert sides.get("left") and sides.get("right")


@pytest.mark.parametrize("zone", ZONES)
def test_highlighting_a_zone_colours_the_inside_of_its_polygons(art, zone):
    plain, lit = picture(art), picture(art, zone)
    now, _ = art.zone_polygons(RECT, zone)
    pixels = inside(now)
    assert len(pixels) > 20
    changed = sum(1 for p in pixels if plain.get_at(p) != lit.get_at(p))
    assert changed > 0.6 * len(pixels)
    zone_coloured = sum(
        1 for p in pixels if max(abs(lit.get_at(p)[i] - CALM.zone[i]) for i in range(3)) < 40
    )
    assert zone_coloured > 0.5 * len(pixels)


def test_the_side_to_work_on_is_brighter_than_the_other(art):
    lit = picture(art, "cheeks", "left")
    left, right = art.zone_polygons(RECT, "cheeks", "left")
    assert all(x < RECT.centerx for points in left for x, _ in points)
    assert all(x > RECT.centerx for points in right for x, _ in points)

    def zone_coloured(pixels):
        return sum(
            1 for p in pixels if max(abs(lit.get_at(p)[i] - CALM.zone[i]) for i in range(3)) < 8
        )

    strong, weak = zone_coloured(inside(left)), zone_coloured(inside(right))
    assert strong > 100 and weak == 0


def test_mirroring_flips_the_picture_left_to_right(art):
    plain = picture(art, "jawline", "left")
    mirrored = picture(art, "jawline", "left", mirror=True)
    flipped = pygame.transform.flip(plain, True, False)
    # Identical but for the odd edge pixel where rounding falls the other way.
    assert len(differing(mirrored, flipped, threshold=60)) < 0.01 * RECT.width * RECT.height
    assert len(differing(mirrored, plain, threshold=60)) > 100


def zone_colour_in_halves(snapshot):
    view = View(pygame.Surface((480, 320)))
    view.render(snapshot, WALL)
    dial = next(r.rect for r in view.regions(snapshot, WALL) if r.name == "dial")
    left = pygame.Rect(dial.left, dial.top, dial.width // 2, dial.height)
    right = pygame.Rect(dial.centerx, dial.top, dial.width // 2, dial.height)
    return (count_color(view.surface, left, CALM.zone, 8),
            count_color(view.surface, right, CALM.zone, 8))  # fmt: skip


def test_the_highlight_is_on_the_side_the_screen_names_alone_and_with_a_partner():
    """The user's left is on the left in the mirror; the engine already says "right" to a
    partner facing the user, and the mirrored diagram puts that side on the partner's right."""
    step = replace(sample("step"), last_cue=None, last_cue_t=None)
    own_left, own_right = zone_colour_in_halves(replace(step, side_now="left"))
    assert own_left > 50 and own_right == 0
    partner = replace(step, partner=True, side_now="right")
    p_left, p_right = zone_colour_in_halves(partner)
    assert p_right > 50 and p_left == 0


def test_a_missing_shapes_file_leaves_an_outline_and_a_notice(tmp_path):
    shapes = load_shapes(tmp_path / "nowhere.yaml")
    assert shapes.body and not shapes.zones
    assert "nowhere.yaml" in shapes.problems[0]
    view = View(pygame.Surface((480, 320)), shapes=tmp_path / "nowhere.yaml")
    view.render(sample("step"), WALL)
    assert view.regions(sample("step"), WALL)[0].name == "banner"
    assert any("nowhere.yaml" in p for p in view.problems)


def test_a_file_that_is_not_yaml_is_reported_not_raised(tmp_path):
    bad = tmp_path / "zones.yaml"
    bad.write_text("zones: [unclosed\n  - :::\n")
    shapes = load_shapes(bad)
    assert shapes.body and shapes.problems


def test_bad_entries_are_skipped_and_named_while_good_ones_are_kept(tmp_path):
    data = tmp_path / "zones.yaml"
    data.write_text(
        "format: 1\n"
        "body:\n  - half: [[0.5, 0.1], [0.3, 0.4], [0.5, 0.7]]\n"
        "zones:\n"
        "  cheeks:\n    left: [[[0.3, 0.4], [0.4, 0.4], [0.35, 0.5]]]\n    right: mirror\n"
        "  chin:\n    left: [[[0.3, 0.4], [9, 0.4], [0.35, 0.5]]]\n"
        "  nose:\n    middle: [[[0.3, 0.4], [0.4, 0.4], [0.35, 0.5]]]\n"
    )
    shapes = load_shapes(data)
    assert set(shapes.zones) == {"cheeks"}
    assert shapes.polygons("cheeks")["right"][0][0] == pytest.approx((0.7, 0.4))
    text = "\n".join(shapes.problems)
    assert "zones.chin.left[0][1]" in text and "zones.nose" in text
    assert "zones.forehead: no shape" in text


def test_a_new_zone_is_only_data(tmp_path):
    data = tmp_path / "zones.yaml"
    data.write_text(
        "format: 1\nbody:\n  - half: [[0.5, 0.1], [0.2, 0.4], [0.5, 0.8]]\n"
        "zones:\n  lips:\n    both: [[[0.4, 0.5], [0.6, 0.5], [0.5, 0.6]]]\n"
    )
    art = FaceArt(load_shapes(data))
    plain, lit = picture(art), picture(art, "lips")
    assert len(differing(plain, lit)) > 100


def test_a_zone_without_a_shape_draws_the_outline_and_says_so(art):
    surface = pygame.Surface(RECT.size)
    notice = art.draw(surface, RECT, CALM, "elbows", "left")
    assert "elbows" in notice
    assert differing(surface, picture(art)) == []
