"""Draw every screenshot the README shows, with ``facepacer screenshot``.

    .venv/bin/python docs/screenshots.py          # rewrite docs/screenshots/*.png
    .venv/bin/python docs/screenshots.py --list   # print the commands instead

Each picture is one ``facepacer screenshot`` command, listed here once; the test
``tests/ui/test_readme_screenshots.py`` draws each again and compares it with the committed file,
so a change of look that was not followed by this script fails there.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import List, Tuple

HERE = Path(__file__).resolve().parent / "screenshots"

# (file under docs/screenshots, the options of `facepacer screenshot` that draw it)
SHOTS: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("home.png", ("--screen", "home")),
    ("picker.png", ("--screen", "picker")),
    ("step.png", ("--screen", "step")),
    ("paused.png", ("--screen", "paused")),
    ("finish.png", ("--screen", "finish")),
    ("mood.png", ("--screen", "mood")),
    ("history.png", ("--screen", "history")),
    ("fault.png", ("--screen", "fault")),
    ("idle.png", ("--screen", "idle")),
    ("step-contrast.png", ("--screen", "step", "--theme", "contrast")),
    ("step-partner.png", ("--screen", "step", "--partner")),
    ("step-portrait.png", ("--screen", "step", "--size", "320x480")),
    ("reminder.png", ("--screen", "reminder")),
    ("calibrate.png", ("--screen", "calibrate")),
    ("step-guide.png", ("--ritual", "symmetry-sculpt", "--at", "21.2")),
    ("home-de.png", ("--screen", "home", "--language", "de")),
    ("history-de.png", ("--screen", "history", "--language", "de")),
    ("step-guide-de.png", ("--ritual", "symmetry-sculpt", "--at", "21.2", "--language", "de")),
)
# Pictures that are not a screen of the device, each made by its own script.
MADE_ELSEWHERE = {"probe.png": "docs/probe_view.py"}


def command(name: str, options: Tuple[str, ...], folder: Path = HERE) -> List[str]:
    """The arguments of ``facepacer`` that draw ``name`` into ``folder``."""
    return ["screenshot", *options, "--out", str(folder / name)]


def make(folder: Path = HERE) -> int:
    """Draw every screenshot into ``folder``; the first failing command's status, else 0."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    from facepacer.cli import main

    for name, options in SHOTS:
        status = main(command(name, options, folder))
        if status:
            return status
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--list"]:
        for name, options in SHOTS:
            print(shlex.join(["facepacer", *command(name, options, Path("docs/screenshots"))]))
        sys.exit(0)
    if sys.argv[1:]:
        sys.exit(f"usage: {sys.argv[0]} [--list]")
    sys.exit(make())
