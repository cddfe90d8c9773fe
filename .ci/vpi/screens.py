"""The device's own screens, drawn on this machine, to compare with what the virtual Pi showed.

Run with Debian's python3 (its pygame and SDL are the ones in the VM) and the source on
PYTHONPATH. The home screen is the engine's with an empty session log (a fresh install); the step
screen is the ritual's at the moment T the capture shows (what ``facepacer screenshot --ritual
RITUAL --at T`` draws), found by drawing the ritual's first seconds. Both carry the notice the
device shows in its banner, when given. Only the clock may differ: its region is where two
drawings of the same screen at different wall times differ. A mismatch is told region by region
(the banner, the title...), each with its count of differing pixels and their bounding box.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from datetime import datetime
from functools import partial
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy  # noqa: E402  (Debian's python3-pygame depends on it)
import pygame  # noqa: E402

from facepacer import i18n  # noqa: E402
from facepacer.engine.device import Device  # noqa: E402
from facepacer.engine.simulate import snapshot_at  # noqa: E402
from facepacer.ritual import Library  # noqa: E402
from facepacer.store import Store  # noqa: E402
from facepacer.ui.view import View  # noqa: E402

WEEKLY_GOAL = 5  # the default
TOLERANCE = 8  # per colour channel: GLES on llvmpipe may round a colour by a step or two
WALLS = [datetime(2026, 1, 5, h, m) for h, m in ((0, 0), (11, 11), (23, 59), (18, 48), (7, 30))]


def pixels(path: Path, png: Path = None) -> numpy.ndarray:
    surface = pygame.image.load(str(path))
    if png is not None:
        pygame.image.save(surface, str(png))
    return numpy.transpose(pygame.surfarray.array3d(surface), (1, 0, 2)).astype(numpy.int16)


def draw(snapshot, size, wall: datetime) -> numpy.ndarray:
    surface = pygame.Surface(size)
    View(surface, "calm").render(snapshot, wall)
    return numpy.transpose(pygame.surfarray.array3d(surface), (1, 0, 2)).astype(numpy.int16)


def save(frame: numpy.ndarray, path: Path) -> None:
    surface = pygame.surfarray.make_surface(numpy.transpose(frame, (1, 0, 2)).astype(numpy.uint8))
    pygame.image.save(surface, str(path))


def regions(snapshot, size) -> list:
    """(name, rect) of each region the view draws ``snapshot`` in, the banner first."""
    view = View(pygame.Surface(size), "calm")
    return [(region.name, pygame.Rect(region.rect)) for region in view.regions(snapshot, WALLS[0])]


def clock_mask(render) -> numpy.ndarray:
    """True where the clock is drawn: every pixel that changes with the wall time, widened to the
    bounding box of those pixels plus a margin."""
    frames = [render(wall) for wall in WALLS]
    changed = numpy.zeros(frames[0].shape[:2], dtype=bool)
    for frame in frames[1:]:
        changed |= (frame != frames[0]).any(axis=2)
    mask = numpy.zeros_like(changed)
    if changed.any():
        rows, cols = numpy.nonzero(changed)
        m = 6
        mask[
            max(rows.min() - m, 0) : rows.max() + m + 1, max(cols.min() - m, 0) : cols.max() + m + 1
        ] = True
    return mask


def difference(captured: numpy.ndarray, expected: numpy.ndarray, mask: numpy.ndarray):
    """Where the capture differs from the drawing outside the clock (a boolean image), or None
    when their sizes differ."""
    if captured.shape != expected.shape:
        return None
    return (numpy.abs(captured - expected) > TOLERANCE).any(axis=2) & ~mask


def mismatches(captured: numpy.ndarray, expected: numpy.ndarray, mask: numpy.ndarray) -> int:
    off = difference(captured, expected, mask)
    return captured.shape[0] * captured.shape[1] if off is None else int(off.sum())


def box(off: numpy.ndarray) -> str:
    rows, cols = numpy.nonzero(off)
    return f"x {cols.min()}-{cols.max()}, y {rows.min()}-{rows.max()}"


def told(captured, expected, mask, areas) -> tuple:
    """How many pixels differ outside the clock, and where, region by region."""
    off = difference(captured, expected, mask)
    if off is None:
        return -1, (f"the capture is {captured.shape[1]}x{captured.shape[0]}, the drawing "
                    f"{expected.shape[1]}x{expected.shape[0]}")  # fmt: skip
    total = int(off.sum())
    if not total:
        return 0, "0 pixels differ outside the clock"
    if (captured == captured[0, 0]).all():
        colour = tuple(int(c) for c in captured[0, 0])
        return total, f"the capture is all one colour, RGB {colour}: nothing drawn (yet)"
    parts, left = [], off.copy()
    for region, rect in areas:
        inside = numpy.zeros_like(off)
        inside[rect.top : rect.bottom, rect.left : rect.right] = True
        count = int((left & inside).sum())
        if count:
            parts.append(f"{count} in the {region} ({box(left & inside)})")
            left &= ~inside
    if left.any():
        parts.append(f"{int(left.sum())} outside every region ({box(left)})")
    return total, f"{total} pixels differ outside the clock: {'; '.join(parts)}"


def rituals():
    i18n.use(i18n.choose("en"))
    return list(Library.load().in_language("en").rituals)


def empty_stats(today):
    return Store(memory=True).stats(today, WEEKLY_GOAL)


def home_snapshot(notices: tuple):
    """Home on a fresh device, with ``notices`` in its banner."""
    device = Device(rituals(), 0.0, stats=empty_stats(datetime.now().date()))
    device.notices = notices
    return device.snapshot(0.0)


def home(captured_path: Path, png: Path, expected_path: Path, notices: tuple) -> tuple:
    captured = pixels(captured_path, png)
    size = (captured.shape[1], captured.shape[0])
    snapshot = home_snapshot(notices)

    def render(wall):
        return draw(snapshot, size, wall)

    mask = clock_mask(render)
    expected = render(WALLS[0])
    save(expected, expected_path)
    return told(captured, expected, mask, regions(snapshot, size))


def step(captured_path: Path, png: Path, expected_path: Path, ritual_id: str, around: float,
         notices: tuple) -> tuple:  # fmt: skip
    """The moment of ``ritual_id`` whose drawing matches the capture best, near ``around``
    seconds, and what differs from it."""
    captured = pixels(captured_path, png)
    size = (captured.shape[1], captured.shape[0])
    home_render = partial(draw, home_snapshot(notices), size)
    if not mismatches(captured, home_render(WALLS[0]), clock_mask(home_render)):
        return -1, "the capture still shows the home screen: the touch is not drawn yet"
    ritual = next(r for r in rituals() if r.id == ritual_id)
    stats = empty_stats(datetime.now().date())

    def snapshot(t):
        return dataclasses.replace(snapshot_at(ritual, t, stats=stats), notices=notices)

    def render_at(t):
        return lambda wall: draw(snapshot(t), size, wall)

    mask = clock_mask(render_at(max(around, 0.0)))
    best = (None, 10**9)
    lo, hi = max(around - 12.0, 0.0), around + 3.0
    for step_size in (0.25, 0.05, 0.01):
        t = lo
        while t <= hi + 1e-9 and best[1] > 0:
            off = mismatches(captured, render_at(t)(WALLS[0]), mask)
            if off < best[1]:
                best = (round(t, 3), off)
            t += step_size
        lo, hi = max(best[0] - step_size, 0.0), best[0] + step_size
    at = best[0]
    expected = render_at(at)(WALLS[0])
    save(expected, expected_path)
    off, verdict = told(captured, expected, mask, regions(snapshot(at), size))
    return off, f"best match {at} s into the ritual; {verdict}"


def main(argv) -> int:
    """home CAPTURED PNG EXPECTED [NOTICE...] | step CAPTURED PNG EXPECTED RITUAL AROUND
    [NOTICE...]: prints what differs; exit 0 when nothing does."""
    if argv[0] == "home":
        off, verdict = home(Path(argv[1]), Path(argv[2]), Path(argv[3]), tuple(argv[4:]))
    else:
        off, verdict = step(Path(argv[1]), Path(argv[2]), Path(argv[3]), argv[4],
                            float(argv[5]), tuple(argv[6:]))  # fmt: skip
    print(f"{argv[0]}: {verdict}")
    return 0 if off == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
