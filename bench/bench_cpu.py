"""CPU cost of the device's loop, as a ratio to a naive loop that redraws every frame at 60 fps.

Each subject runs twice as a child process, headless on the real clock: a short run and a long
one. The difference of their CPU times divided by the difference of their lengths is the steady
state cost per second, with start-up (imports, fonts, the first frame) cancelled out. Ratios
compare subjects measured in the same run on the same machine, so they travel between machines
better than raw figures.

    python bench/bench_cpu.py [--short 3] [--long 63] [--repeats 4]

Targets: during a ritual <= 0.10 of the naive loop (the stroke guide off); during a ritual with
the stroke guide, whose dot moves on the face diagram, <= 0.25; on the home screen <= 0.02.
"""

from __future__ import annotations

import argparse
import json
import os
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


def cpu_of_all(commands, env) -> list:
    """(CPU seconds, peak resident MB) of each command's process, run side by side.

    Each child's own CPU time is read from ``wait4``, so running them at once does not mix
    their figures, and the whole benchmark takes the wall time of its longest run.
    """
    children = [
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL) for command in commands
    ]
    used = []
    for child in children:
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise SystemExit(f"{commands[children.index(child)]} exited {child.returncode}")
        # ru_maxrss is in kilobytes on Linux.
        used.append((usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024))
    return used


def steady(subjects, env, short: float, long: float, repeats: int) -> dict:
    """(CPU seconds per second of steady state, peak MB) of each subject (name -> command).

    Start-up costs vary from run to run (disk cache, the log's check) and only ever add, so
    each length keeps its cheapest of ``repeats`` runs; the difference of the two lengths is
    the steady state, with start-up cancelled out.
    """
    commands = [
        (name, length, subjects[name](length))
        for name in subjects
        for length in (short, long)
        for _ in range(repeats)
    ]
    used = cpu_of_all([command for _, _, command in commands], env)
    figures = {}
    for name in subjects:
        shorts = [u for (n, length, _), u in zip(commands, used) if n == name and length == short]
        longs = [u for (n, length, _), u in zip(commands, used) if n == name and length == long]
        cpu = (min(c for c, _ in longs) - min(c for c, _ in shorts)) / (long - short)
        figures[name] = (cpu, max(mb for _, mb in longs))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", type=float, default=3.0)
    parser.add_argument("--long", type=float, default=63.0)
    parser.add_argument("--repeats", type=int, default=4, help="runs of each length")
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
        no_guide = tmp / "no-guide.yaml"
        no_guide.write_text("guide: false\n")

        def script(seconds: float) -> str:
            path = tmp / f"quit-{seconds:g}.txt"
            path.write_text(f"{seconds} quit\n")
            return str(path)

        def device(extra):
            return lambda s: [*facepacer, "run", "--sim", "--headless", "--db",
                              str(tmp / "s.db"), "--script", script(s), *extra]  # fmt: skip

        def naive(screen):
            return lambda s: [sys.executable, str(naive_py), str(s), str(ritual), screen]

        cost = steady(
            {
                "naive_ritual": naive("ritual"),
                "naive_home": naive("home"),
                "ritual": device(["--ritual", str(ritual), "--config", str(no_guide)]),
                "guide": device(["--ritual", str(ritual)]),
                "home": device([]),
            },
            env,
            args.short,
            args.long,
            args.repeats,
        )
    figures = {f"{name}_cpu_per_s": round(cpu, 5) for name, (cpu, _) in cost.items()}
    figures.update({f"{name}_peak_mb": round(mb, 1) for name, (_, mb) in cost.items()})
    figures["ritual_ratio"] = round(cost["ritual"][0] / cost["naive_ritual"][0], 4)
    figures["guide_ratio"] = round(cost["guide"][0] / cost["naive_ritual"][0], 4)
    figures["home_ratio"] = round(cost["home"][0] / cost["naive_home"][0], 4)
    if args.json:
        print(json.dumps(figures))
    else:
        for name, target in (("ritual", 0.10), ("guide", 0.25), ("home", 0.02)):
            naive_cost = figures[f"naive_{'home' if name == 'home' else 'ritual'}_cpu_per_s"] * 100
            spent = figures[f"{name}_cpu_per_s"] * 100
            ratio = figures[f"{name}_ratio"]
            verdict = "ok" if ratio <= target else "OVER"
            print(
                f"{name:6} screen: naive 60 fps {naive_cost:6.2f} % of a core, facepacer "
                f"{spent:5.2f} %, ratio {ratio:.3f} (target <= {target:.2f}) {verdict}; "
                f"peak memory {figures[f'{name}_peak_mb']:.0f} MB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
