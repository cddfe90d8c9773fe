"""Every flash shape has its drawing, and each draws in the border strips only."""

from __future__ import annotations

import pygame
import pytest

from facepacer.engine.cues import FlashShape
from facepacer.ui.widgets import SHAPES

from .helpers import count_color

SIZE, BORDER = (160, 120), 6
WHITE = (255, 255, 255)


@pytest.mark.parametrize("shape", list(FlashShape))
def test_each_flash_shape_lights_the_border_and_leaves_the_inside_dark(shape):
    surface = pygame.Surface(SIZE)
    SHAPES[shape](surface, WHITE, SIZE, BORDER, "left")
    inside = pygame.Rect(6, 6, 148, 108)
    assert count_color(surface, surface.get_rect(), WHITE, 0) > 50
    assert count_color(surface, inside, WHITE, 0) == 0


def test_the_side_flash_lights_the_edge_of_the_side_to_switch_to():
    left, right = pygame.Rect(0, 0, 6, 120), pygame.Rect(154, 0, 6, 120)
    lit = {}
    for side in ("left", "right", "both"):
        surface = pygame.Surface(SIZE)
        SHAPES[FlashShape.EDGE](surface, WHITE, SIZE, BORDER, side)
        lit[side] = (count_color(surface, left, WHITE, 0), count_color(surface, right, WHITE, 0))
    assert lit == {"left": (720, 0), "right": (0, 720), "both": (720, 720)}
