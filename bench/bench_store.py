"""Speed of the session log: appending a session to a real file, and reading 100,000 of them.

    python bench/bench_store.py [--sessions 100000] [--appends 50] [--dir DIR]

The log is generated in one transaction (five steps a session, two sessions a day), then timed:
appending a whole session the way the device does (start, five steps, end: seven commits, each
synced to disk), opening the log as the device does at start-up (with its quick_check), stats()
for the home screen, and ``facepacer history`` in-process and as a command (Python start-up
included). Reads are the best of three. Figures depend on the disk: run it on the Pi's SD card
(``--dir``) for the device's numbers.

Target (issue 5): history over 100,000 sessions well under a second.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from facepacer.store import Store

STEPS = 5
START = datetime(2020, 1, 1, 7, 0, tzinfo=timezone.utc)


def generate(path: Path, count: int) -> float:
    """Fill a new log with ``count`` sessions in one transaction; returns the seconds taken."""
    Store(path).close()
    import sqlite3

    pick = random.Random(1)
    began = time.perf_counter()
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("BEGIN")
    sessions, steps = [], []
    for sid in range(1, count + 1):
        started = START + timedelta(hours=12 * sid + pick.randint(0, 120) / 60)
        status = pick.choices(("completed", "abandoned", "quit", "interrupted"), (85, 8, 2, 5))[0]
        done = STEPS if status == "completed" else pick.randint(0, STEPS - 1)
        seconds = 30.0 * done
        ended = (
            (started + timedelta(seconds=seconds)).isoformat() if status != "interrupted" else None
        )
        mood = pick.choice((None, 3, 4, 5)) if status == "completed" else None
        sessions.append(
            (sid, "symmetry-sculpt", "Symmetry Sculpt", started.isoformat(), ended, status,
             done, STEPS, seconds, mood)
        )  # fmt: skip
        steps.extend(
            (sid, i, "cheeks", "both", 30.0, 30.0, "timer", 30.0 * i, 30.0 * i + 30.0)
            for i in range(done)
        )
    conn.executemany(
        "INSERT INTO sessions (id, ritual_id, ritual_title, started_at, ended_at, status,"
        " steps_done, steps_total, seconds, mood) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        sessions,
    )
    conn.executemany("INSERT INTO steps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", steps)
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - began


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


def append_sessions(path: Path, count: int) -> list:
    """Seconds taken by each whole session appended the way the device writes it."""
    took = []
    with Store(path) as store:
        for _ in range(count):
            began = time.perf_counter()
            sid = store.start_session(
                ritual_id="symmetry-sculpt",
                ritual_title="Symmetry Sculpt",
                steps_total=STEPS,
                started_at=START,
            )
            for i in range(STEPS):
                store.step_ended(
                    sid, i, zone="cheeks", side="both", planned=30.0, active=30.0, ended_by="timer",
                    started_offset=30.0 * i, ended_offset=30.0 * i + 30,
                )  # fmt: skip
            store.end_session(sid, "completed", 150.0, START)
            took.append(time.perf_counter() - began)
    return took


def command(path: Path, *options: str) -> float:
    env = dict(os.environ, XDG_CONFIG_HOME=str(path.parent / "config"))
    argv = [sys.executable, "-m", "facepacer", "history", "--db", str(path), *options]

    def work():
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True, env=env)

    return best_of(3, work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--appends", type=int, default=50)
    parser.add_argument("--dir", help="folder for the log (default: a temporary one)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        path = Path(folder) / "sessions.db"
        made = generate(path, args.sessions)
        size = path.stat().st_size / 1e6
        print(f"log: {args.sessions} sessions, {size:.1f} MB, generated in {made:.2f} s")

        took = append_sessions(path, args.appends)
        per_commit = statistics.median(took) / (STEPS + 2)
        print(
            f"append a session (7 synced commits): median {statistics.median(took) * 1e3:.1f} ms, "
            f"max {max(took) * 1e3:.1f} ms ({per_commit * 1e3:.2f} ms a commit)"
        )

        def open_device():
            Store(path).close()

        print(f"{'open as the device (quick_check):':35} {best_of(3, open_device) * 1e3:.0f} ms")

        with Store(path, recover=False) as store:
            today = date(2020, 1, 1) + timedelta(days=args.sessions // 2)
            figures = {
                "stats() for the home screen": lambda: store.stats(today),
                "sessions(), every one as dicts": store.sessions,
                "sessions_json(), every one": store.sessions_json,
            }
            for name, work in figures.items():
                print(f"{name + ':':35} {best_of(3, work) * 1e3:.0f} ms")

        for options in (["--json"], ["--csv"], []):
            name = f"facepacer history {' '.join(options) or '(table)'}, as a command:"
            print(f"{name:35} {command(path, *options) * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
