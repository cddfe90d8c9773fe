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
    """Pixels where the two pictures differ by more than ``threshold`` in some channel."""
    assert a.get_size() == b.get_size()
    if pygame.image.tostring(a, "RGB") == pygame.image.tostring(b, "RGB"):
        return []
    width, height = a.get_size()
    out = []
    for y in range(height):
        for x in range(width):
            pa, pb = a.get_at((x, y)), b.get_at((x, y))
            if max(abs(pa[i] - pb[i]) for i in range(3)) > threshold:
                out.append((x, y))
    return out


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
