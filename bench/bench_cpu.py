"""CPU cost of the device's loop, as a ratio to a naive loop that redraws every frame at 60 fps.

Each subject runs twice as a child process, headless on the real clock: a short run and a long
one. The difference of their CPU times divided by the difference of their lengths is the steady
state cost per second, with start-up (imports, fonts, the first frame) cancelled out. Ratios
compare subjects measured in the same run on the same machine, so they travel between machines
better than raw figures.

    python bench/bench_cpu.py [--short 3] [--long 23] [--repeats 3]

Targets (issue 6): during a ritual <= 0.10 of the naive loop; on the home screen <= 0.02.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

# The naive loop draws the same screens with the same view, but the way a game loop often does:
# everything, every frame, at 60 fps, reading the time each frame and never sleeping in between.
NAIVE = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime
    import pygame
    from facepacer.engine.device import Device
    from facepacer.ritual import Library
    from facepacer.ui.view import View
    pygame.display.init()
    screen = pygame.display.set_mode((480, 320))
    view = View(screen)
    ritual = Library.load(include_user=False).resolve(sys.argv[2])
    device = Device([ritual], 0.0)
    if sys.argv[3] == "ritual":
        device.start(ritual, 0.0)
    clock = pygame.time.Clock()
    start = time.monotonic()
    while (now := time.monotonic() - start) < float(sys.argv[1]):
        pygame.event.get()
        device.advance(now)
        view.invalidate()
        view.render(device.snapshot(now), datetime.now())
        pygame.display.flip()
        clock.tick(60)
    """
)

RITUAL = textwrap.dedent(
    """
    format: 1
    id: bench-ritual
    title: Bench ritual
    steps:
      - zone: cheeks
        title: Lift the cheeks
        say: Two fingers beside the nose. Sweep up and out to the temple.
        seconds: 30
        strokes: 10
        side: alternate
      - zone: forehead
        title: Smooth the forehead
        say: Flat fingers between the brows. Sweep up to the hairline.
        seconds: 30
        strokes: 10
    """
)


def cpu_of(command, env) -> float:
    """CPU seconds (user + system) that a child process used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def steady(make_command, env, short: float, long: float, repeats: int) -> float:
    """CPU seconds per second of steady state: medians of repeated runs, as start-up varies."""
    shorts = sorted(cpu_of(make_command(short), env) for _ in range(repeats))
    longs = sorted(cpu_of(make_command(long), env) for _ in range(repeats))
    return (longs[repeats // 2] - shorts[repeats // 2]) / (long - short)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", type=float, default=3.0)
    parser.add_argument("--long", type=float, default=23.0)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each length (median)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1")  # fmt: skip
    facepacer = [sys.executable, "-m", "facepacer"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env["XDG_DATA_HOME"] = str(tmp / "data")
        env["XDG_CONFIG_HOME"] = str(tmp / "config")
        naive_py = tmp / "naive.py"
        naive_py.write_text(NAIVE)
        ritual = tmp / "bench.yaml"
        ritual.write_text(RITUAL)

        def script(seconds: float) -> str:
            path = tmp / f"quit-{seconds:g}.txt"
            path.write_text(f"{seconds} quit\n")
            return str(path)

        def device(extra):
            return lambda s: [*facepacer, "run", "--sim", "--headless", "--db",
                              str(tmp / "s.db"), "--script", script(s), *extra]  # fmt: skip

        def naive(screen):
            return lambda s: [sys.executable, str(naive_py), str(s), str(ritual), screen]

        lengths = (args.short, args.long, args.repeats)
        naive_ritual = steady(naive("ritual"), env, *lengths)
        naive_home = steady(naive("home"), env, *lengths)
        ritual_cost = steady(device(["--ritual", str(ritual)]), env, *lengths)
        home_cost = steady(device([]), env, *lengths)
    figures = {
        "naive_ritual_cpu_per_s": round(naive_ritual, 4),
        "naive_home_cpu_per_s": round(naive_home, 4),
        "ritual_cpu_per_s": round(ritual_cost, 4),
        "home_cpu_per_s": round(home_cost, 4),
        "ritual_ratio": round(ritual_cost / naive_ritual, 4),
        "home_ratio": round(home_cost / naive_home, 4),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for name, target in (("ritual", 0.10), ("home", 0.02)):
            naive_cost = figures[f"naive_{name}_cpu_per_s"] * 100
            cost = figures[f"{name}_cpu_per_s"] * 100
            ratio = figures[f"{name}_ratio"]
            verdict = "ok" if ratio <= target else "OVER"
            print(
                f"{name:6} screen: naive 60 fps {naive_cost:6.2f} % of a core, facepacer "
                f"{cost:5.2f} %, ratio {ratio:.3f} (target <= {target:.2f}) {verdict}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
