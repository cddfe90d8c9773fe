"""Shared by the view tests: drawing a snapshot onto a fresh surface, and comparing pictures."""

from __future__ import annotations

from datetime import datetime
from typing import List, Tuple

import pygame

from facepacer.ui.samples import WALL
from facepacer.ui.view import View

SIZES = ((480, 320), (800, 480))
THEMES = ("calm", "contrast")


def drawn(snapshot, size=(480, 320), theme="calm", wall: datetime = WALL) -> Tuple[View, list]:
    """A new view on a new surface, after rendering ``snapshot`` once."""
    view = View(pygame.Surface(size), theme)
    rects = view.render(snapshot, wall)
    return view, rects


def differing(a: pygame.Surface, b: pygame.Surface, threshold: int = 0) -> List[Tuple[int, int]]:
    """Pixels where the two pictures differ by more than ``threshold`` in some channel, row by
    row. Computed by SDL (per-channel difference, then a mask), so whole screens compare fast."""
    assert a.get_size() == b.get_size()
    if pygame.image.tostring(a, "RGB") == pygame.image.tostring(b, "RGB"):
        return []
    difference = _absolute_difference(a, b)
    changed = pygame.mask.from_threshold(difference, (0, 0, 0, 255), (threshold + 1,) * 3 + (255,))
    changed.invert()  # from_threshold marks the pixels within the threshold: the unchanged ones
    width = a.get_width()
    marks = pygame.image.tostring(changed.to_surface(), "RGB")[::3]
    return [(i % width, i // width) for i, mark in enumerate(marks) if mark]


def _absolute_difference(a: pygame.Surface, b: pygame.Surface) -> pygame.Surface:
    """|a - b| per channel: SDL's subtraction floors at 0, so take the larger of both ways."""
    one, two = (pygame.Surface(a.get_size(), 0, 32) for _ in range(2))
    one.blit(a, (0, 0))
    two.blit(b, (0, 0))
    b_minus_a = two.copy()
    b_minus_a.blit(one, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    one.blit(two, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    one.blit(b_minus_a, (0, 0), special_flags=pygame.BLEND_RGB_MAX)
    return one


def count_color(surface: pygame.Surface, rect: pygame.Rect, color, tolerance: int = 24) -> int:
    """How many pixels of ``rect`` are within ``tolerance`` of ``color``."""
    total = 0
    rect = rect.clip(surface.get_rect())
    for y in range(rect.top, rect.bottom):
        for x in range(rect.left, rect.right):
            pixel = surface.get_at((x, y))
            if max(abs(pixel[i] - color[i]) for i in range(3)) <= tolerance:
                total += 1
    return total
