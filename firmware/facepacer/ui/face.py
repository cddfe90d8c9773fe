"""Drawing the face diagram: the outline, the current zone highlighted, the side to work on.

The picture is drawn three times larger and scaled down smoothly, which gives thick anti-aliased
lines with pygame 2.1's drawing calls; each picture is cached, so a step costs one such drawing
when its zone or side changes and a blit otherwise.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import List, Optional, Tuple

import pygame

from facepacer.ui.shapes import FaceShapes, Polygon
from facepacer.ui.theme import Palette, mix

_SUPERSAMPLE = 3
_CLEAR = (0, 0, 0)  # the transparent colour of the zone layer (no zone colour is pure black)
_CACHE = 8


def square_in(rect: pygame.Rect) -> pygame.Rect:
    """The largest square centred in ``rect``: the diagram keeps its proportions."""
    side = min(rect.width, rect.height)
    square = pygame.Rect(0, 0, side, side)
    square.center = rect.center
    return square


def to_screen(polygon: Polygon, square: pygame.Rect, mirror: bool) -> List[Tuple[float, float]]:
    """Unit-square points placed in ``square``; ``mirror`` flips left and right."""
    return [
        (square.left + (1.0 - x if mirror else x) * square.width, square.top + y * square.height)
        for x, y in polygon
    ]


class FaceArt:
    """Draws :class:`FaceShapes` into any rectangle."""

    def __init__(self, shapes: FaceShapes):
        self.shapes = shapes
        self._cache: OrderedDict = OrderedDict()

    def zone_polygons(
        self, rect: pygame.Rect, zone: str, side: str = "both", mirror: bool = False
    ) -> Tuple[List[List[Tuple[float, float]]], List[List[Tuple[float, float]]]]:
        """Screen polygons of ``zone`` in ``rect``: (those of ``side``, those of the other side).

        ``side`` is the person's own side (left, right or both); a zone drawn whole (``both`` in
        the data) is all on the first list whatever the side.
        """
        square = square_in(rect)
        by_side = self.shapes.polygons(zone)
        if side in ("left", "right") and side in by_side:
            other = "right" if side == "left" else "left"
            now, rest = by_side[side], by_side.get(other, ())
        else:
            now = tuple(p for polygons in by_side.values() for p in polygons)
            rest = ()
        return (
            [to_screen(p, square, mirror) for p in now],
            [to_screen(p, square, mirror) for p in rest],
        )

    def draw(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        palette: Palette,
        zone: Optional[str] = None,
        side: str = "both",
        mirror: bool = False,
    ) -> Optional[str]:
        """Draw the face in ``rect`` with ``zone`` highlighted on the person's ``side``.

        Returns a notice when the zone has no shape (only the outline is drawn then), else None.
        """
        square = square_in(rect)
        if square.width < 4:
            return None
        key = (square.size, zone, side, mirror, palette.name)
        image = self._cache.get(key)
        if image is None:
            image = self._picture(square.width, palette, zone, side, mirror)
            self._cache[key] = image
            if len(self._cache) > _CACHE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        surface.blit(image, square.topleft)
        if zone is not None and not self.shapes.polygons(zone):
            return f"no shape for zone {zone!r} in the face diagram"
        return None

    def _picture(
        self, size: int, palette: Palette, zone: Optional[str], side: str, mirror: bool
    ) -> pygame.Surface:
        big = pygame.Rect(0, 0, size * _SUPERSAMPLE, size * _SUPERSAMPLE)
        line = max(_SUPERSAMPLE, round(size * _SUPERSAMPLE / 80))
        body = [to_screen(p, big, mirror) for p in self.shapes.body]
        canvas = pygame.Surface(big.size)
        canvas.fill(palette.bg)
        for points in body:
            pygame.draw.polygon(canvas, palette.face, points)
        if zone is not None:
            canvas.blit(self._zone_layer(big, body, palette, zone, side, mirror, line), (0, 0))
        canvas.blit(self._line_art(big, body, palette, line, mirror), (0, 0))
        return pygame.transform.smoothscale(canvas, (size, size))

    def _zone_layer(self, big, body, palette: Palette, zone, side, mirror, line) -> pygame.Surface:
        """The zone's colour on a transparent layer, kept inside the face's silhouette.

        Filled and outlined thickly, so a small zone (an eye, the jaw) still reads at arm's length
        on a 3.5-inch screen; the silhouette trims what the thick outline pushes past the face.
        """
        layer = pygame.Surface(big.size)
        layer.fill(_CLEAR)
        now, rest = self.zone_polygons(big, zone, side, mirror)
        weak = mix(palette.face, palette.zone, 0.3)
        for color, polygons in ((weak, rest), (palette.zone, now)):
            for points in polygons:
                pygame.draw.polygon(layer, color, points)
                _stroke(layer, color, True, points, line * 2)
        silhouette = pygame.Surface(big.size)
        silhouette.fill(_CLEAR)
        for points in body:
            pygame.draw.polygon(silhouette, (255, 255, 255), points)
        layer.blit(silhouette, (0, 0), special_flags=pygame.BLEND_RGB_MULT)
        layer.set_colorkey(_CLEAR)
        return layer

    def _line_art(self, big, body, palette: Palette, line: int, mirror: bool) -> pygame.Surface:
        """Outlines and features on a transparent layer, to lay over the zone's colour.

        Each body shape first erases (with the transparent key colour) the outlines of the shapes
        it covers, so the neck's top edge does not show through the chin.
        """
        key = (1, 2, 3) if palette.face_line != (1, 2, 3) else (3, 2, 1)
        layer = pygame.Surface(big.size)
        layer.fill(key)
        layer.set_colorkey(key)
        for points in body:
            pygame.draw.polygon(layer, key, points)
            _stroke(layer, palette.face_line, True, points, line)
        for feature in self.shapes.lines:
            points = to_screen(feature.points, big, mirror)
            _stroke(layer, palette.face_line, feature.closed, points, max(1, line * 3 // 4))
        return layer


def _stroke(canvas: pygame.Surface, color, closed: bool, points, width: int) -> None:
    """A thick polyline with round joins (pygame's own leaves notches at sharp corners)."""
    pygame.draw.lines(canvas, color, closed, points, width)
    for point in points:
        pygame.draw.circle(canvas, color, (round(point[0]), round(point[1])), width // 2)
