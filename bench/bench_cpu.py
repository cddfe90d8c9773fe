"""CPU cost of the device's loop, as a ratio to a naive loop that redraws every frame at 60 fps.

Each subject runs twice as a child process, headless on the real clock: a short run and a long
one. The difference of their CPU times divided by the difference of their lengths is the steady
state cost per second, with start-up (imports, fonts, the first frame) cancelled out. Ratios
compare subjects measured in the same run on the same machine, so they travel between machines
better than raw figures.

    python bench/bench_cpu.py [--short 3] [--long 13]

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

NAIVE = textwrap.dedent(
    """
    import os, sys, time
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    import pygame
    pygame.init()
    screen = pygame.display.set_mode((480, 320))
    big, small = pygame.font.Font(None, 56), pygame.font.Font(None, 26)
    clock = pygame.time.Clock()
    end = time.monotonic() + float(sys.argv[1])
    while time.monotonic() < end:
        for event in pygame.event.get():
            pass
        left = end - time.monotonic()
        screen.fill((24, 28, 36))
        pygame.draw.circle(screen, (90, 160, 150), (380, 160), 70, 8)
        screen.blit(big.render("Lift the cheeks", True, (240, 240, 240)), (20, 30))
        line = small.render("Sweep up and out to the temple.", True, (200, 200, 200))
        screen.blit(line, (20, 100))
        screen.blit(big.render(f"{left:4.0f}", True, (240, 240, 240)), (345, 140))
        pygame.draw.rect(screen, (90, 160, 150), (20, 290, int(440 * (left % 1)), 10))
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


def steady(make_command, env, short: float, long: float) -> float:
    """CPU seconds per second of steady state."""
    return (cpu_of(make_command(long), env) - cpu_of(make_command(short), env)) / (long - short)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", type=float, default=3.0)
    parser.add_argument("--long", type=float, default=13.0)
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

        naive = steady(
            lambda s: [sys.executable, str(naive_py), str(s)], env, args.short, args.long
        )
        ritual_cost = steady(device(["--ritual", str(ritual)]), env, args.short, args.long)
        home_cost = steady(device([]), env, args.short, args.long)
    figures = {
        "naive_cpu_per_s": round(naive, 4),
        "ritual_cpu_per_s": round(ritual_cost, 4),
        "home_cpu_per_s": round(home_cost, 4),
        "ritual_ratio": round(ritual_cost / naive, 4),
        "home_ratio": round(home_cost / naive, 4),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"naive 60 fps loop : {naive * 100:6.2f} % of a core")
        print(f"ritual screen     : {ritual_cost * 100:6.2f} %  ratio {figures['ritual_ratio']:.3f}"
              "  (target <= 0.10)")  # fmt: skip
        print(f"home screen       : {home_cost * 100:6.2f} %  ratio {figures['home_ratio']:.3f}"
              "  (target <= 0.02)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
