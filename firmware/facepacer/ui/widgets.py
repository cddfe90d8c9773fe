"""Drawing pieces shared by the screens: the time ring, bars, dots and the cue flash frame."""

from __future__ import annotations

import math
from typing import Callable, List, Mapping, Optional, Tuple

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


Size = Tuple[int, int]


def _frame(
    surface: pygame.Surface, color: RGB, size: Size, border: int, side: Optional[str]
) -> None:
    for strip in frame_rects(size, border):
        surface.fill(color, strip)


def _double(
    surface: pygame.Surface, color: RGB, size: Size, border: int, side: Optional[str]
) -> None:
    thin = max(1, border // 3)
    outer = pygame.Rect((0, 0), size)
    pygame.draw.rect(surface, color, outer, thin)
    pygame.draw.rect(surface, color, outer.inflate(-4 * thin, -4 * thin), thin)


def _corners(
    surface: pygame.Surface, color: RGB, size: Size, border: int, side: Optional[str]
) -> None:
    w, h = size
    arm = h // 6
    for x, y, dx, dy in ((0, 0, 1, 1), (w, 0, -1, 1), (0, h, 1, -1), (w, h, -1, -1)):
        surface.fill(color, pygame.Rect(min(x, x + dx * arm), min(y, y + dy * border), arm, border))
        surface.fill(color, pygame.Rect(min(x, x + dx * border), min(y, y + dy * arm), border, arm))


def _full_sides(size: Size, border: int) -> Tuple[pygame.Rect, pygame.Rect]:
    """The left and right strips, corners included."""
    w, h = size
    return pygame.Rect(0, 0, border, h), pygame.Rect(w - border, 0, border, h)


def _edge(
    surface: pygame.Surface, color: RGB, size: Size, border: int, side: Optional[str]
) -> None:
    """The edge of the side to switch to; both edges when the side is neither."""
    left_full, right_full = _full_sides(size, border)
    surface.fill(color, right_full if side == "right" else left_full)
    if side not in ("left", "right"):
        surface.fill(color, right_full)


def _bottom(
    surface: pygame.Surface, color: RGB, size: Size, border: int, side: Optional[str]
) -> None:
    surface.fill(color, frame_rects(size, border)[1])


def _sides(
    surface: pygame.Surface, color: RGB, size: Size, border: int, side: Optional[str]
) -> None:
    for strip in _full_sides(size, border):
        surface.fill(color, strip)


def _topbottom(
    surface: pygame.Surface, color: RGB, size: Size, border: int, side: Optional[str]
) -> None:
    for strip in frame_rects(size, border)[:2]:
        surface.fill(color, strip)


def _dashed(
    surface: pygame.Surface, color: RGB, size: Size, border: int, side: Optional[str]
) -> None:
    dash = max(4, size[1] // 16)
    for strip in frame_rects(size, border):
        horizontal = strip.width >= strip.height
        length = strip.width if horizontal else strip.height
        for start in range(0, length, 2 * dash):
            if horizontal:
                piece = pygame.Rect(strip.left + start, strip.top, dash, strip.height)
            else:
                piece = pygame.Rect(strip.left, strip.top + start, strip.width, dash)
            surface.fill(color, piece.clip(strip))


# How each flash shape is drawn; a shape without a drawing fails at import, never draws nothing.
SHAPES: Mapping[FlashShape, Callable[[pygame.Surface, RGB, Size, int, Optional[str]], None]] = {
    FlashShape.FRAME: _frame,
    FlashShape.DOUBLE: _double,
    FlashShape.CORNERS: _corners,
    FlashShape.EDGE: _edge,
    FlashShape.BOTTOM: _bottom,
    FlashShape.SIDES: _sides,
    FlashShape.TOPBOTTOM: _topbottom,
    FlashShape.DASHED: _dashed,
}
if set(SHAPES) != set(FlashShape):
    raise ImportError(f"flash shapes with no drawing: {sorted(set(FlashShape) - set(SHAPES))}")


def flash(surface: pygame.Surface, size: Size, border: int, cue: str, palette: Palette,
          side: Optional[str] = None) -> None:  # fmt: skip
    """The flash of ``cue`` in the screen's border strips, in its record's shape and colour."""
    SHAPES[cue_style(cue).shape](surface, palette.cue_colour(cue), size, border, side)
