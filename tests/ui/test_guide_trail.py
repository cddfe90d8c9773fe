"""The stroke guide's trail: six dots fading behind the dot over a quarter of the path, the last
one almost the zone's colour, and none once the dot has arrived."""

from __future__ import annotations

import pygame

from facepacer.ui import guide as G
from facepacer.ui.face import square_in, to_screen
from facepacer.ui.shapes import load_shapes
from facepacer.ui.theme import CALM, mix

RECT = pygame.Rect(0, 0, 400, 400)
PATH = load_shapes().paths("jawline")["left"]
POINTS = to_screen(PATH, square_in(RECT), False)


def drawn(progress: float) -> pygame.Surface:
    surface = pygame.Surface(RECT.size)
    surface.fill(CALM.face)
    G.Guide("k", None, (PATH,), False, progress).draw(surface, RECT, CALM)
    return surface


def at(surface: pygame.Surface, progress: float):
    x, y = G.point_along(POINTS, progress)
    return tuple(surface.get_at((round(x), round(y))))[:3]


def test_the_trail_ends_a_quarter_of_the_path_behind_the_dot_nearly_faded():
    dot = G.dot_colors(CALM)[0]
    moving, still = drawn(0.6), drawn(0.0)
    assert at(moving, 0.35) == tuple(mix(dot, CALM.zone, 6 / 7))  # the 6th of six, faded 6/7
    assert at(moving, 0.30) == at(still, 0.30)  # behind the trail: only the faint path


def test_no_trail_once_the_dot_has_arrived():
    arrived, still = drawn(1.0), drawn(0.0)
    for behind in (0.7, 0.8):
        assert at(arrived, behind) == at(still, behind)
