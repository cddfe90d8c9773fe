"""How close to schedule the cues land on the real clock.

Runs a short ritual headless on the real clock (``facepacer run --sim --headless --json``) and
compares each cue's issue time with its schedule: step start + k * seconds / strokes for strokes,
the step's fixed offsets for the others. The schedule is computed here from the ritual, not read
from the device, so the figure is an honest error, not the device agreeing with itself.

    python bench/bench_timing.py [--runs 5]
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

RITUAL = textwrap.dedent(
    """
    format: 1
    id: timing
    title: Timing
    steps:
      - {zone: cheeks, title: One, say: Sweep., seconds: 6, strokes: 12, side: alternate}
      - {zone: jawline, title: Two, say: Sweep., seconds: 5, strokes: 7}
      - {zone: forehead, title: Three, say: Sweep., seconds: 4, strokes: 9}
    """
)
STEPS = [(6.0, 12, True), (5.0, 7, False), (4.0, 9, False)]  # seconds, strokes, alternate


def schedule():
    """(step, cue) -> the times it is due, in seconds since the ritual started."""
    due, start = {}, 0.0
    for index, (seconds, strokes, alternate) in enumerate(STEPS):
        due[(index, "stroke")] = [start + k * seconds / strokes for k in range(strokes)]
        due[(index, "countdown")] = [start + seconds - k for k in (3, 2, 1)]
        if alternate:
            due[(index, "side")] = [start + seconds / 2]
        start += seconds
    return due


def errors(summary) -> list:
    issued = {}
    for cue in summary["cues"]:
        issued.setdefault((cue["step"], cue["cue"]), []).append(cue["t"])
    out = []
    for key, times in schedule().items():
        got = issued.get(key, [])
        assert len(got) == len(times), f"{key}: {len(got)} cues, expected {len(times)}"
        out += [g - t for g, t in zip(got, times)]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    worst, every = [], []
    with tempfile.TemporaryDirectory() as tmp:
        ritual = Path(tmp) / "timing.yaml"
        ritual.write_text(RITUAL)
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                   XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp)  # fmt: skip
        for _ in range(args.runs):
            out = subprocess.run(
                [sys.executable, "-m", "facepacer", "run", "--sim", "--headless", "--no-mood",
                 "--ritual", str(ritual), "--db", str(Path(tmp) / "s.db"), "--json"],
                env=env, capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
            errs = [abs(e) for e in errors(json.loads(out.strip().splitlines()[-1]))]
            every += errs
            worst.append(max(errs))
    every.sort()
    # The summary rounds times to the millisecond, so figures are good to about 0.5 ms.
    print(f"{len(every)} cues over {args.runs} real-clock runs of a 15 s ritual")
    print(f"median error {every[len(every) // 2] * 1000:.1f} ms, "
          f"95th percentile {every[int(len(every) * 0.95)] * 1000:.1f} ms")  # fmt: skip
    print(f"worst error per run: {', '.join(f'{w * 1000:.1f} ms' for w in worst)}")
    print(f"worst error overall: {max(worst) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
