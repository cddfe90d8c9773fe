"""The device's own screens, drawn on this machine, to compare with what the virtual Pi showed.

Run with Debian's python3 (its pygame and SDL are the ones in the VM) and the source on
PYTHONPATH. The home screen is the engine's with an empty session log (a fresh install); the step
screen is ``facepacer screenshot --ritual RITUAL --at T`` for the moment T the capture shows, found
by drawing the ritual's first seconds. Only the clock may differ: its region is where two drawings
of the same screen at different wall times differ.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
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


def mismatches(captured: numpy.ndarray, expected: numpy.ndarray, mask: numpy.ndarray) -> int:
    if captured.shape != expected.shape:
        return captured.shape[0] * captured.shape[1]
    off = (numpy.abs(captured - expected) > TOLERANCE).any(axis=2) & ~mask
    return int(off.sum())


def rituals():
    i18n.use(i18n.choose("en"))
    return list(Library.load().in_language("en").rituals)


def empty_stats(today):
    return Store(memory=True).stats(today, WEEKLY_GOAL)


def home(captured_path: Path, png: Path, expected_path: Path) -> int:
    captured = pixels(captured_path, png)
    size = (captured.shape[1], captured.shape[0])
    today = datetime.now().date()
    device = Device(rituals(), 0.0, stats=empty_stats(today))
    snapshot = device.snapshot(0.0)

    def render(wall):
        return draw(snapshot, size, wall)

    mask = clock_mask(render)
    expected = render(WALLS[0])
    pygame.image.save(
        pygame.surfarray.make_surface(numpy.transpose(expected, (1, 0, 2)).astype(numpy.uint8)),
        str(expected_path),
    )
    return mismatches(captured, expected, mask)


def step(captured_path: Path, png: Path, expected_path: Path, ritual_id: str, around: float):
    """The moment of ``ritual_id`` whose drawing matches the capture best, near ``around``
    seconds; confirmed with ``facepacer screenshot`` itself."""
    captured = pixels(captured_path, png)
    size = (captured.shape[1], captured.shape[0])
    ritual = next(r for r in rituals() if r.id == ritual_id)
    stats = empty_stats(datetime.now().date())

    def render_at(t):
        return lambda wall: draw(snapshot_at(ritual, t, stats=stats), size, wall)

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
    wall = WALLS[0].isoformat(timespec="minutes")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "facepacer",
            "screenshot",
            "--ritual",
            ritual_id,
            "--at",
            f"{at}",
            "--size",
            f"{size[0]}x{size[1]}",
            "--wall",
            wall,
            "--out",
            str(expected_path),
        ],
        check=True,
    )
    return at, mismatches(captured, pixels(expected_path), mask)


def main(argv) -> int:
    if argv[0] == "home":
        off = home(Path(argv[1]), Path(argv[2]), Path(argv[3]))
        print(f"home: {off} pixels differ outside the clock")
        return 0 if off == 0 else 1
    at, off = step(Path(argv[1]), Path(argv[2]), Path(argv[3]), argv[4], float(argv[5]))
    print(f"step: best match {at} s into the ritual; {off} pixels differ outside the clock")
    return 0 if off == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
