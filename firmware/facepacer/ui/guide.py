"""The stroke guide: a dot that travels the step's stroke on the face diagram, once per stroke.

Sight and sound agree: the engine cues stroke k at ``k * seconds / strokes`` of the step's active
time, and the dot leaves the start of the zone's path (``strokes:`` in ``assets/zones.yaml``) at
that tick, reaches its end at ``TRAVEL`` of the period, just before the next tick, and waits there
for it. The time it uses is the step's active time, so a pause freezes the dot where it is, and
the path is the side being worked on now, so an ``alternate`` step switches paths at the switch.

The dot's progress is quantised into frames: as many as move it about ``STEP_PX`` pixels each,
and never more than ``MAX_FPS`` a second. Each frame is a new key of the diagram's region (and its
wake the next frame's time), so the view redraws the diagram alone, at the rate the movement
needs, and not at all while the dot waits at the end of its path.
"""

from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass
from typing import Hashable, List, Optional, Tuple

import pygame

from facepacer.engine.partner import swap_side
from facepacer.engine.snapshot import Snapshot
from facepacer.ui.face import square_in, to_screen
from facepacer.ui.frame import SLACK, Ctx
from facepacer.ui.shapes import Polygon
from facepacer.ui.theme import Palette, mix

TRAVEL = 0.85  # the share of a stroke's period the dot travels; it waits at the end for the rest
STEP_PX = 2.0  # about this many pixels of movement per frame
MAX_FPS = 30.0  # and never more frames a second than this
TRAIL = 0.25  # the fading trail behind the dot, as a share of the path
TRAIL_DOTS = 6
_EPS = 1e-9

Point = Tuple[float, float]


@dataclass(frozen=True)
class Guide:
    """The guide at one moment: what the diagram's key holds, when it next moves, how to draw."""

    key: Hashable = None
    wake: Optional[float] = None
    paths: Tuple[Polygon, ...] = ()  # unit-square paths: one, or two for both hands at once
    mirror: bool = False
    progress: float = 0.0  # 0 at the path's start, 1 at its end

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        """Draw the paths faintly and the dot with its trail, on the face drawn in ``rect``."""
        square = square_in(rect)
        if not self.paths or square.width < 8:
            return
        radius = dot_radius(surface.get_size(), square.width)
        dot, ring = dot_colors(palette)
        faint = mix(palette.zone, palette.bg, 0.55)
        for path in self.paths:
            points = to_screen(path, square, self.mirror)
            pygame.draw.lines(surface, faint, False, points, max(1, radius // 4))
            _arrowhead(surface, faint, points, radius)
            along = _Along(points)
            if self.progress < 1.0:
                for i in range(TRAIL_DOTS, 0, -1):
                    back = self.progress - TRAIL * i / TRAIL_DOTS
                    if back >= 0:
                        fade = i / (TRAIL_DOTS + 1)
                        size = max(1, round(radius * (1 - fade)))
                        spot = _round(along.at(back))
                        pygame.draw.circle(surface, mix(dot, palette.zone, fade), spot, size)
            spot = _round(along.at(self.progress))
            pygame.draw.circle(surface, ring, spot, radius + max(2, radius // 4))
            pygame.draw.circle(surface, dot, spot, radius)


def dot_radius(screen: Tuple[int, int], square: int) -> int:
    """The dot's radius: a 32nd of the screen's shorter side (a dot 20 px across at 480x320, 30 at
    800x480, to be seen at arm's length), at most a tenth of the diagram it travels on."""
    return max(3, min(min(screen) // 32, square // 10))


def dot_colors(palette: Palette) -> Tuple[Tuple[int, int, int], Tuple[int, int, int]]:
    """(the dot, the ring round it): of the text and background colours, the one that stands out
    more on the highlighted zone the dot travels over, ringed by the other one."""
    dot = max((palette.fg, palette.bg), key=lambda color: contrast(color, palette.zone))
    return dot, palette.bg if dot == palette.fg else palette.fg


def contrast(a, b) -> float:
    """WCAG's contrast ratio of two colours, 1 (the same) to 21 (black on white)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(color) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in color[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


class _Along:
    """Points along one polyline by the share of its length, its lengths measured once."""

    def __init__(self, points: List[Point]):
        self.points = points
        self.ends = list(itertools.accumulate(math.dist(a, b) for a, b in zip(points, points[1:])))

    def at(self, fraction: float) -> Point:
        if not self.ends or self.ends[-1] <= 0:
            return self.points[0]
        left = max(0.0, min(1.0, fraction)) * self.ends[-1]
        i = min(bisect.bisect_left(self.ends, left), len(self.ends) - 1)
        start = self.ends[i - 1] if i else 0.0
        piece = self.ends[i] - start
        share = (left - start) / piece if piece > 0 else 0.0
        (ax, ay), (bx, by) = self.points[i], self.points[i + 1]
        return (ax + (bx - ax) * share, ay + (by - ay) * share)


OFF = Guide()


def stroke_guide(s: Snapshot, ctx: Ctx, rect: pygame.Rect) -> Guide:
    """The guide for the step of ``s`` on a diagram drawn in ``rect`` (OFF when none is shown)."""
    st = s.step
    if not ctx.guide or st is None or not st.strokes or s.screen != "step" or s.waiting:
        return OFF
    if st.image:  # the step's own illustration stands in for the diagram the paths are on
        return OFF
    paths = _paths(ctx, st.zone, swap_side(s.side_now) if s.partner else s.side_now)
    period = st.seconds / st.strokes
    stroke = min(st.strokes - 1, max(0, math.floor(s.step_active / period + _EPS)))
    if not paths or s.step_active >= st.seconds:
        return OFF
    frames = frame_count(paths, square_in(rect).width, period)
    into = s.step_active - stroke * period
    travel = period * TRAVEL
    frame = min(frames, max(0, math.floor(into / travel * frames + _EPS)))
    wake = None
    if not s.paused:
        if frame < frames:
            wake = s.now + (frame + 1) * travel / frames - into + SLACK
        elif stroke + 1 < st.strokes:
            wake = s.now + period - into + SLACK
    key = ("guide", stroke, frame, paths, s.partner)
    return Guide(key, wake, paths, s.partner, frame / frames)


def frame_count(paths: Tuple[Polygon, ...], side: int, period: float) -> int:
    """Frames of one stroke's travel: about STEP_PX pixels each, at most MAX_FPS a second."""
    longest = max(path_length(path) for path in paths) * side
    by_pixels = math.ceil(longest / STEP_PX)
    by_rate = math.floor(period * TRAVEL * MAX_FPS)
    return max(1, min(by_pixels, by_rate))


def path_length(points) -> float:
    return sum(math.dist(a, b) for a, b in zip(points, points[1:]))


def point_along(points: List[Point], fraction: float) -> Point:
    """The point ``fraction`` (0..1) of the way along the polyline ``points``, by length."""
    return _Along(points).at(fraction)


def _paths(ctx: Ctx, zone: str, own_side: str) -> Tuple[Polygon, ...]:
    """The paths of ``zone`` for the person's ``own_side``; both hands' paths for ``both``."""
    by_side = ctx.face.shapes.paths(zone)
    if own_side in by_side:
        return (by_side[own_side],)
    if "both" in by_side:
        return (by_side["both"],)
    return tuple(by_side[side] for side in ("left", "right") if side in by_side)


def _round(point: Point) -> Tuple[int, int]:
    return round(point[0]), round(point[1])


def _arrowhead(surface: pygame.Surface, color, points: List[Point], size: int) -> None:
    """A small open chevron at the path's end, pointing the way the stroke goes."""
    (x0, y0), (x1, y1) = points[-2], points[-1]
    angle = math.atan2(y1 - y0, x1 - x0)
    for turn in (2.6, -2.6):
        tip = (x1 + size * 1.4 * math.cos(angle + turn), y1 + size * 1.4 * math.sin(angle + turn))
        pygame.draw.line(surface, color, _round((x1, y1)), _round(tip), max(1, size // 3))
