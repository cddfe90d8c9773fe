"""The cost of a start, to home's first frame, as a ratio to a naive pygame program's start.

The device is started headless (SDL's dummy drivers) on the real clock with a session log, and
quits at its first tick, once home is drawn: imports, settings, the ritual library, the log's
opening, the fonts and the first frame. The naive program opens a 480x320 window, renders one
line of text and saves it to a PNG: what any pygame program pays before it shows anything.
Each runs in a fresh interpreter, alternately, ``--repeats`` times after one run each to warm
the disk cache and write the bytecode (as an installed package has it); the figure is the
median CPU time (user + system) of a process, read from ``wait4``.

    python bench/bench_start.py [--repeats 9] [--json]

Target: home's first frame <= 2.0 times the naive program's start.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

TARGET = 2.0

NAIVE = textwrap.dedent(
    """
    import sys
    import pygame
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode((480, 320))
    font = pygame.font.Font(None, 36)
    screen.fill((20, 18, 16))
    screen.blit(font.render("Good morning", True, (240, 230, 210)), (24, 24))
    pygame.display.flip()
    pygame.image.save(screen, sys.argv[1])
    """
)


def cost(command, env) -> tuple:
    """(CPU seconds, peak resident MB) of one run of ``command``."""
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} exited {os.waitstatus_to_exitcode(status)}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # ru_maxrss: kB on Linux


def measure(subjects: dict, env, repeats: int) -> dict:
    """name -> (median CPU seconds, median peak MB); the subjects alternate, run by run."""
    for command in subjects.values():
        cost(command, env)  # warm up: the disk cache, and the bytecode written once
    runs = {name: [] for name in subjects}
    for _ in range(repeats):
        for name, command in subjects.items():
            runs[name].append(cost(command, env))
    return {
        name: (statistics.median(c for c, _ in got), statistics.median(m for _, m in got))
        for name, got in runs.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9, help="runs of each, after a warm-up")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1")  # fmt: skip
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package starts from its bytecode
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env["XDG_DATA_HOME"] = str(tmp / "data")
        env["XDG_CONFIG_HOME"] = str(tmp / "config")
        env["XDG_CACHE_HOME"] = str(tmp / "cache")
        (tmp / "naive.py").write_text(NAIVE)
        (tmp / "quit.txt").write_text("0 quit\n")
        figures = measure(
            {
                "naive": [sys.executable, str(tmp / "naive.py"), str(tmp / "naive.png")],
                "home": [
                    sys.executable,
                    "-m",
                    "facepacer",
                    "run",
                    "--sim",
                    "--headless",
                    "--script",
                    str(tmp / "quit.txt"),
                    "--db",
                    str(tmp / "s.db"),
                ],
            },  # fmt: skip
            env,
            args.repeats,
        )
    (naive, naive_mb), (home, home_mb) = figures["naive"], figures["home"]
    ratio = home / naive
    if args.json:
        print(json.dumps({"naive_cpu_s": round(naive, 3), "home_cpu_s": round(home, 3),
                          "ratio": round(ratio, 2), "naive_peak_mb": round(naive_mb, 1),
                          "home_peak_mb": round(home_mb, 1)}))  # fmt: skip
    else:
        verdict = "ok" if ratio <= TARGET else "OVER"
        print(
            f"start to the first frame: naive pygame {naive:.3f} s of CPU ({naive_mb:.0f} MB), "
            f"home {home:.3f} s ({home_mb:.0f} MB), ratio {ratio:.2f} "
            f"(target <= {TARGET:.1f}) {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
