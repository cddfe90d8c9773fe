"""The face diagram's data: zone polygons, stroke paths and the face's outline, read from
``assets/zones.yaml``.

Reading never raises. A bad entry is skipped and named in ``FaceShapes.problems``; a missing or
unreadable file leaves a plain oval outline with no zones, and says so. Imports no pygame.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import yaml

from facepacer.paths import asset_path
from facepacer.ritual.model import ZONES

log = logging.getLogger(__name__)

SHAPES_FILE = "zones.yaml"
# libyaml's safe loader reads the shapes ten times faster than the pure-Python one, at every
# start (bench/bench_start.py); PyYAML built without it falls back to the latter.
_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SIDES = ("left", "right", "both")

Point = Tuple[float, float]
Polygon = Tuple[Point, ...]


@dataclass(frozen=True)
class Line:
    points: Polygon
    closed: bool = False


@dataclass(frozen=True)
class FaceShapes:
    """Shapes in the unit square, x to the right and y down, the person's left at x < 0.5."""

    body: Tuple[Polygon, ...] = ()
    lines: Tuple[Line, ...] = ()
    zones: Dict[str, Dict[str, Tuple[Polygon, ...]]] = field(default_factory=dict)
    problems: Tuple[str, ...] = ()
    # Each zone's stroke as a polyline by side, from where the stroke starts to where it ends.
    strokes: Dict[str, Dict[str, Polygon]] = field(default_factory=dict)

    def polygons(self, zone: str) -> Dict[str, Tuple[Polygon, ...]]:
        """The zone's polygons by side (``left``, ``right``, ``both``); empty when it has none."""
        return self.zones.get(zone, {})

    def paths(self, zone: str) -> Dict[str, Polygon]:
        """The zone's stroke paths by side (``left``, ``right``, ``both``); empty when none."""
        return self.strokes.get(zone, {})


def mirrored(polygon: Polygon) -> Polygon:
    return tuple((1.0 - x, y) for x, y in polygon)


def oval() -> Polygon:
    """The outline used when the shapes file cannot be read: a plain head-shaped oval."""
    return tuple(
        (0.5 + 0.26 * math.cos(a), 0.36 + 0.32 * math.sin(a))
        for a in (2 * math.pi * i / 48 for i in range(48))
    )


def load_shapes(path: Optional[Path] = None) -> FaceShapes:
    """Read the shapes file (the shipped one by default), keeping every usable entry."""
    path = Path(path) if path is not None else asset_path(SHAPES_FILE)
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_SAFE)  # noqa: S506  a safe loader, in C if at hand
    except (OSError, yaml.YAMLError) as exc:
        return _unusable(f"{path}: cannot read the face shapes ({_first_line(exc)})")
    if not isinstance(data, dict):
        return _unusable(f"{path}: the face shapes file must be a mapping with body, lines, zones")
    reader = _Reader(str(path))
    shapes = FaceShapes(
        body=tuple(reader.body(data.get("body"))),
        lines=tuple(reader.lines(data.get("lines"))),
        zones=reader.zones(data.get("zones")),
        strokes=reader.strokes(data.get("strokes")),
    )
    for zone in ZONES:
        if zone not in shapes.zones:
            reader.problem(
                f"zones.{zone}", "no shape for this zone: the diagram shows no highlight"
            )
        if zone not in shapes.strokes:
            reader.problem(
                f"strokes.{zone}", "no stroke path for this zone: its steps show no stroke guide"
            )
    body = shapes.body
    if not body:
        reader.problem("body", "no face outline: a plain oval stands in")
        body = (oval(),)
    for problem in reader.problems:
        log.warning(problem)
    return FaceShapes(body, shapes.lines, shapes.zones, tuple(reader.problems), shapes.strokes)


def _unusable(problem: str) -> FaceShapes:
    log.warning(problem)
    return FaceShapes(body=(oval(),), problems=(problem + ": showing a plain outline",))


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


class _Reader:
    """Turns the parsed YAML into polygons, collecting a problem for every bad entry."""

    def __init__(self, source: str):
        self.source = source
        self.problems: List[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.source}: {where}: {message}")

    def polygon(self, value, where: str, least: int = 3) -> Optional[Polygon]:
        if not isinstance(value, list) or len(value) < least:
            self.problem(
                where, f"needs a list of at least {least} [x, y] points, got {value!r:.60}"
            )
            return None
        points = []
        for i, point in enumerate(value):
            ok = (
                isinstance(point, list)
                and len(point) == 2
                and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in point)
                and all(-0.1 <= c <= 1.1 for c in point)
            )
            if not ok:
                self.problem(f"{where}[{i}]", f"a point is [x, y] within 0..1, got {point!r:.40}")
                return None
            points.append((float(point[0]), float(point[1])))
        return tuple(points)

    def entries(self, value, where: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(where, f"must be a list, got {type(value).__name__}")
            return []
        return [(f"{where}[{i}]", e) for i, e in enumerate(value)]

    def body(self, value) -> List[Polygon]:
        out: List[Polygon] = []
        for where, entry in self.entries(value, "body"):
            if isinstance(entry, dict) and "half" in entry:
                half = self.polygon(entry["half"], f"{where}.half", least=2)
                if half:
                    out.append(half + tuple(reversed(mirrored(half))))
            elif isinstance(entry, dict) and "points" in entry:
                shape = self.polygon(entry["points"], f"{where}.points")
                if shape:
                    out += [shape, mirrored(shape)] if entry.get("mirror") else [shape]
            else:
                self.problem(where, "needs `half` or `points`")
        return out

    def lines(self, value) -> List[Line]:
        out: List[Line] = []
        for where, entry in self.entries(value, "lines"):
            if not isinstance(entry, dict) or "points" not in entry:
                self.problem(where, "needs `points`")
                continue
            points = self.polygon(entry["points"], f"{where}.points", least=2)
            if points:
                closed = bool(entry.get("closed"))
                out.append(Line(points, closed))
                if entry.get("mirror"):
                    out.append(Line(mirrored(points), closed))
        return out

    def sided(self, value, section: str) -> Iterator[Tuple[object, str, dict]]:
        """Each zone of a ``section`` mapping with its sides, once the shape is checked: a zone
        that is not a mapping of sides is reported and left out."""
        if not isinstance(value, dict):
            if value is not None:
                self.problem(
                    section, f"must be a mapping of zone names, got {type(value).__name__}"
                )
            return
        for name, sides in value.items():
            where = f"{section}.{name}"
            if not isinstance(sides, dict) or not set(sides) & set(SIDES):
                self.problem(where, "needs `left` and `right`, or `both`")
                continue
            unknown = sorted(str(s) for s in sides if s not in SIDES)
            if unknown:
                self.problem(where, f"unknown side {', '.join(unknown)}: use left, right or both")
            yield name, where, sides

    def zones(self, value) -> Dict[str, Dict[str, Tuple[Polygon, ...]]]:
        out: Dict[str, Dict[str, Tuple[Polygon, ...]]] = {}
        for name, where, sides in self.sided(value, "zones"):
            parsed: Dict[str, Tuple[Polygon, ...]] = {}
            for side in SIDES:
                if side in sides and sides[side] != "mirror":
                    polygons = [
                        self.polygon(p, f"{where}.{side}[{i}]")
                        for i, p in enumerate(self.list_of(sides[side], f"{where}.{side}"))
                    ]
                    parsed[side] = tuple(p for p in polygons if p)
            for side, other in (("right", "left"), ("left", "right")):
                if sides.get(side) == "mirror":
                    parsed[side] = tuple(mirrored(p) for p in parsed.get(other, ()))
            parsed = {side: polygons for side, polygons in parsed.items() if polygons}
            if parsed:
                out[str(name)] = parsed
        return out

    def strokes(self, value) -> Dict[str, Dict[str, Polygon]]:
        """Zone -> side -> the stroke's path; ``right: mirror`` mirrors the left one."""
        out: Dict[str, Dict[str, Polygon]] = {}
        for name, where, sides in self.sided(value, "strokes"):
            parsed: Dict[str, Polygon] = {}
            for side in SIDES:
                if side in sides and sides[side] != "mirror":
                    path = self.polygon(sides[side], f"{where}.{side}", least=2)
                    if path:
                        parsed[side] = path
            for side, other in (("right", "left"), ("left", "right")):
                if sides.get(side) == "mirror" and other in parsed:
                    parsed[side] = mirrored(parsed[other])
            if parsed:
                out[str(name)] = parsed
        return out

    def list_of(self, value, where: str) -> list:
        if isinstance(value, list):
            return value
        self.problem(where, f"must be a list of polygons or `mirror`, got {value!r:.40}")
        return []
