"""A day of rituals on the virtual clock: does the run reach the day's end, and how fast.

Runs ``facepacer run --sim --headless --virtual-clock`` with a script that, every 130 s of the
day, taps the pad twice a second apart (the first tap wakes a dimmed screen, the second starts
the highlighted ritual), and quits at the day's end (86400 s, a script's limit). The sessions
are counted in the run's own log. Such a day once stopped at 65536.003 s, after 505 sessions,
the loop spinning at one instant for ever; the run is bounded here by ``--timeout``.

    python bench/bench_day.py [--hours 24] [--timeout 3600]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EVERY = 130  # seconds between one ritual's taps and the next


def script(seconds: int) -> str:
    lines = []
    for t in range(EVERY, seconds - EVERY + 1, EVERY):
        lines += [f"{t}.0 tap", f"{t + 1}.0 tap"]
    return "\n".join(lines + [f"{seconds}.0 quit", ""])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=24.0, help="virtual hours to run")
    parser.add_argument("--timeout", type=float, default=3600.0, help="wall seconds at most")
    args = parser.parse_args()
    seconds = int(args.hours * 3600)
    with tempfile.TemporaryDirectory() as tmp:
        path, db = Path(tmp) / "day.txt", Path(tmp) / "day.db"
        path.write_text(script(seconds))
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                   XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp)  # fmt: skip
        command = [sys.executable, "-m", "facepacer", "run", "--sim", "--headless",
                   "--virtual-clock", "--wall", "2026-05-04T00:00", "--no-mood",
                   "--script", str(path), "--db", str(db), "--json"]  # fmt: skip
        started = time.perf_counter()
        try:
            done = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=args.timeout
            )
        except subprocess.TimeoutExpired:
            print(f"the run did not end within {args.timeout:g} s of wall time")
            return 1
        wall = time.perf_counter() - started
        if done.returncode != 0:
            print(f"the run failed ({done.returncode}):\n{done.stderr}")
            return 1
        json.loads(done.stdout.strip().splitlines()[-1])  # it ended with its summary
        with sqlite3.connect(db) as log:
            rows = log.execute("SELECT status, count(*) FROM sessions GROUP BY status").fetchall()
            last = log.execute("SELECT max(started_at) FROM sessions").fetchone()[0]
    taps = seconds // EVERY - 1
    print(f"{args.hours:g} virtual hours, {taps} pairs of taps: ended in {wall:.1f} s of wall time")
    print(f"sessions: {sum(n for _, n in rows)} ({', '.join(f'{n} {s}' for s, n in rows)})")
    print(f"last session started at {last}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
