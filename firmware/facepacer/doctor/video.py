"""The display path proved, not guessed: SDL's video started in a child process, as the service
starts it (its driver and hints), with a timeout, and SDL's own error when it fails.

A child, because SDL on KMSDRM takes the screen and a stuck driver must not hang the doctor; the
window is opened full screen and drawn once, which is where EGL, GLES and Mesa's DRI driver are
loaded (a missing one fails there, not at init).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Mapping

TIMEOUT = 60.0  # seconds: SDL's start on a software renderer is slow on a small board

CHILD = """
import os, sys
import pygame
try:
    pygame.display.init()
    surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
    surface.fill((0, 0, 0))
    pygame.display.flip()
    print("started", pygame.display.get_driver(), "%dx%d" % surface.get_size())
except pygame.error as exc:
    print("error", exc)
    sys.exit(3)
"""


@dataclass(frozen=True)
class Started:
    ok: bool
    detail: str  # "kmsdrm 1280x800", or SDL's error


def start_video(env: Mapping[str, str], timeout: float = TIMEOUT) -> Started:
    """Start SDL's video with ``env`` (the service's SDL_* variables) in a child process."""
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("SDL_")}
    child_env.update(env)
    child_env["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    child_env.setdefault("SDL_AUDIODRIVER", "dummy")
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD], env=child_env, capture_output=True, text=True,
            timeout=timeout, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return Started(False, f"SDL's video did not start within {timeout:.0f} s")
    except OSError as exc:
        return Started(False, f"cannot start {sys.executable}: {exc}")
    lines = [line for line in done.stdout.splitlines() if line.startswith(("started", "error"))]
    if done.returncode == 0 and lines and lines[-1].startswith("started"):
        return Started(True, lines[-1].split(" ", 1)[1])
    if lines:
        return Started(False, lines[-1].split(" ", 1)[1])
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return Started(False, f"the test process ended with status {done.returncode}: {tail}")
