"""Drawing pieces shared by the screens: the time ring, bars, dots and the cue flash frame."""

from __future__ import annotations

import math
from typing import List, Optional, Tuple

import pygame
import pygame.gfxdraw

from facepacer.engine.cues import FlashShape, cue_style
from facepacer.ui.theme import RGB, Palette


def _arc_points(center, radius: float, start: float, sweep: float) -> List[Tuple[float, float]]:
    """Points on a circle from angle ``start`` (radians, 0 at 12 o'clock, clockwise) on."""
    steps = max(2, int(abs(sweep) / (2 * math.pi) * 120) + 1)
    cx, cy = center
    return [
        (cx + radius * math.sin(start + sweep * i / steps),
         cy - radius * math.cos(start + sweep * i / steps))
        for i in range(steps + 1)
    ]  # fmt: skip


def annulus(surface: pygame.Surface, center, radius: int, width: int, color: RGB) -> None:
    """A full ring with smooth edges."""
    cx, cy = (round(center[0]), round(center[1]))
    pygame.draw.circle(surface, color, (cx, cy), radius, width)
    pygame.gfxdraw.aacircle(surface, cx, cy, radius, color)
    pygame.gfxdraw.aacircle(surface, cx, cy, max(0, radius - width + 1), color)


def ring(surface: pygame.Surface, center, radius: int, width: int, fraction: float,
         color: RGB, track: RGB) -> None:  # fmt: skip
    """A ring whose coloured arc, from 12 o'clock clockwise, covers ``fraction`` of the circle."""
    annulus(surface, center, radius, width, track)
    fraction = max(0.0, min(1.0, fraction))
    if fraction <= 0:
        return
    if fraction >= 1:
        annulus(surface, center, radius, width, color)
        return
    sweep = 2 * math.pi * fraction
    outer = _arc_points(center, radius, 0.0, sweep)
    inner = _arc_points(center, radius - width + 1, 0.0, sweep)
    points = outer + inner[::-1]
    pygame.draw.polygon(surface, color, points)
    pygame.draw.aalines(surface, color, True, points)


def bar(surface: pygame.Surface, rect: pygame.Rect, fraction: float, color: RGB,
        track: RGB) -> None:  # fmt: skip
    """A rounded horizontal bar filled to ``fraction``."""
    radius = rect.height // 2
    pygame.draw.rect(surface, track, rect, border_radius=radius)
    filled = round(rect.width * max(0.0, min(1.0, fraction)))
    if filled > 0:
        done = pygame.Rect(rect.left, rect.top, max(filled, rect.height), rect.height)
        pygame.draw.rect(surface, color, done, border_radius=radius)


def dots(surface: pygame.Surface, rect: pygame.Rect, count: int, filled: int, color: RGB,
         empty: RGB) -> None:  # fmt: skip
    """``count`` dots in a row centred in ``rect``, the first ``filled`` solid, the rest rings."""
    if count <= 0:
        return
    step = min(rect.height * 1.6, rect.width / count)
    radius = max(2, int(min(rect.height / 2, step / 2.6)))
    x0 = rect.centerx - step * (count - 1) / 2
    for i in range(count):
        center = (round(x0 + i * step), rect.centery)
        if i < filled:
            pygame.draw.circle(surface, color, center, radius)
            pygame.gfxdraw.aacircle(surface, center[0], center[1], radius, color)
        else:
            pygame.draw.circle(surface, empty, center, radius, max(2, radius // 3))


def frame_rects(size: Tuple[int, int], border: int) -> Tuple[pygame.Rect, ...]:
    """The four strips along the screen's edges where the cue flash is drawn."""
    w, h = size
    return (
        pygame.Rect(0, 0, w, border),
        pygame.Rect(0, h - border, w, border),
        pygame.Rect(0, border, border, h - 2 * border),
        pygame.Rect(w - border, border, border, h - 2 * border),
    )


def flash(surface: pygame.Surface, size: Tuple[int, int], border: int, cue: str,
          palette: Palette, side: Optional[str] = None) -> None:  # fmt: skip
    """The flash of ``cue`` in the screen's border strips, in its record's shape and colour."""
    color = palette.cue_colour(cue)
    shape = cue_style(cue).shape
    w, h = size
    top, bottom, left, right = frame_rects(size, border)
    left_full = pygame.Rect(0, 0, border, h)
    right_full = pygame.Rect(w - border, 0, border, h)
    if shape is FlashShape.FRAME:
        for strip in (top, bottom, left, right):
            surface.fill(color, strip)
    elif shape is FlashShape.DOUBLE:
        thin = max(1, border // 3)
        outer = pygame.Rect(0, 0, w, h)
        pygame.draw.rect(surface, color, outer, thin)
        pygame.draw.rect(surface, color, outer.inflate(-4 * thin, -4 * thin), thin)
    elif shape is FlashShape.CORNERS:
        arm = h // 6
        for x, y, dx, dy in ((0, 0, 1, 1), (w, 0, -1, 1), (0, h, 1, -1), (w, h, -1, -1)):
            surface.fill(
                color, pygame.Rect(min(x, x + dx * arm), min(y, y + dy * border), arm, border)
            )
            surface.fill(
                color, pygame.Rect(min(x, x + dx * border), min(y, y + dy * arm), border, arm)
            )
    elif shape is FlashShape.EDGE:
        surface.fill(color, right_full if side == "right" else left_full)
        if side not in ("left", "right"):
            surface.fill(color, right_full)
    elif shape is FlashShape.BOTTOM:
        surface.fill(color, bottom)
    elif shape is FlashShape.SIDES:
        surface.fill(color, left_full)
        surface.fill(color, right_full)
    elif shape is FlashShape.TOPBOTTOM:
        surface.fill(color, top)
        surface.fill(color, bottom)
    elif shape is FlashShape.DASHED:
        dash = max(4, h // 16)
        for strip in (top, bottom, left, right):
            horizontal = strip.width >= strip.height
            length = strip.width if horizontal else strip.height
            for start in range(0, length, 2 * dash):
                if horizontal:
                    piece = pygame.Rect(strip.left + start, strip.top, dash, strip.height)
                else:
                    piece = pygame.Rect(strip.left, strip.top + start, strip.width, dash)
                surface.fill(color, piece.clip(strip))
