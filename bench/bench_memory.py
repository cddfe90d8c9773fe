"""Peak memory of the device's process in each way it runs, beside a naive pygame program's.

Each configuration runs as a child process, headless (SDL's dummy drivers); its peak resident
size (``ru_maxrss`` from ``wait4``: Python, pygame, SDL and everything they hold) is the figure.

- ``naive``: a pygame program that opens a 480x320 window, renders one line and saves it.
- ``home``: the device started to home's first frame, on the real clock, with a session log.
- ``day``: a day of rituals on the virtual clock (``--hours``, 24 by default): every 130 s two
  taps a second apart, one to wake a dimmed screen, one to start the highlighted ritual.
- ``voice``: the real clock with the voice on (espeak-ng, every step's line said) and, when
  mosquitto is installed, the MQTT link to a broker on 127.0.0.1, for ``--seconds`` of the
  first shipped ritual.

    python bench/bench_memory.py [--hours 24] [--seconds 30] [--json]

Target: every configuration of the device <= 60 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

# The naive pygame program and the cost of one run are the start bench's: both compare with it.
from bench_start import NAIVE, cost

TARGET_MB = 60.0
EVERY = 130  # seconds between one ritual's taps and the next


def peak_mb(command, env) -> float:
    """The peak resident size of one run of ``command``, in MB."""
    return cost(command, env)[1]


def day_script(seconds: int) -> str:
    lines = []
    for t in range(EVERY, seconds - EVERY + 1, EVERY):
        lines += [f"{t}.0 tap", f"{t + 1}.0 tap"]
    return "\n".join(lines + [f"{seconds}.0 quit", ""])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def broker(folder: Path):
    """A mosquitto on 127.0.0.1 and its port, or (None, None) when it is not installed."""
    program = shutil.which("mosquitto") or next(
        (p for p in ("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto") if os.path.exists(p)),
        None,
    )
    if program is None:
        return None, None
    port = free_port()
    conf = folder / "mosquitto.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    proc = subprocess.Popen([program, "-c", str(conf)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    return proc, port


def measure(tmp: Path, env, hours: float, seconds: float) -> dict:
    facepacer = [sys.executable, "-m", "facepacer", "run", "--sim", "--headless"]
    (tmp / "naive.py").write_text(NAIVE)
    (tmp / "quit.txt").write_text("0 quit\n")
    (tmp / "day.txt").write_text(day_script(int(hours * 3600)))
    (tmp / "voice.txt").write_text(f"{seconds} quit\n")
    figures = {
        "naive": peak_mb([sys.executable, str(tmp / "naive.py"), str(tmp / "naive.png")], env),
        "home": peak_mb(
            [*facepacer, "--script", str(tmp / "quit.txt"), "--db", str(tmp / "home.db")], env
        ),  # fmt: skip
        "day": peak_mb([*facepacer, "--virtual-clock", "--script", str(tmp / "day.txt")], env),
    }
    proc, port = broker(tmp)
    settings = "voice:\n  speak: both\n"
    if port is not None:
        settings += f"mqtt:\n  host: 127.0.0.1\n  port: {port}\n"
    (tmp / "voice.yaml").write_text(settings)
    try:
        figures["voice"] = peak_mb([*facepacer, "--config", str(tmp / "voice.yaml"),
                                    "--ritual", "symmetry-sculpt", "--script",
                                    str(tmp / "voice.txt"), "--db", str(tmp / "voice.db")],
                                   env)  # fmt: skip
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)
    figures["voice_with_mqtt"] = port is not None
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=24.0, help="virtual hours of the day")
    parser.add_argument("--seconds", type=float, default=30.0, help="real seconds with voice")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name in ("DATA", "CONFIG", "CACHE"):
            env[f"XDG_{name}_HOME"] = str(tmp / name.lower())
        figures = measure(tmp, env, args.hours, args.seconds)
    if args.json:
        print(json.dumps({k: round(v, 1) if isinstance(v, float) else v
                          for k, v in figures.items()}))  # fmt: skip
        return 0
    print(f"naive pygame program: {figures['naive']:.0f} MB")
    voice = "voice and MQTT" if figures["voice_with_mqtt"] else "voice (no mosquitto: no MQTT)"
    for name, what in (("home", "home's first frame"),
                       ("day", f"a day of rituals ({args.hours:g} h, virtual clock)"),
                       ("voice", f"{voice}, {args.seconds:g} s on the real clock")):  # fmt: skip
        verdict = "ok" if figures[name] <= TARGET_MB else "OVER"
        print(f"{what}: {figures[name]:.0f} MB (target <= {TARGET_MB:.0f}) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
