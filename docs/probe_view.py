"""Draw the probe's view as ``docs/screenshots/probe.png``: ``python docs/probe_view.py [OUT]``.

Runs ``facepacer probe --sim --once`` (the emulated chip, its pad touched) and draws what it
printed as a terminal would, one character a cell, in the device's own typeface.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from facepacer.cli import build_parser  # noqa: E402
from facepacer.cli.probe import probe  # noqa: E402
from facepacer.config import Config  # noqa: E402
from facepacer.paths import asset_path  # noqa: E402

SIZE, CELL_W, CELL_H, MARGIN = 15, 9, 19, 12
BACKGROUND, TEXT, TOUCH = (24, 22, 30), (222, 218, 210), (250, 200, 90)


def terminal_text() -> str:
    args = build_parser().parse_args(["probe", "--sim", "--once"])
    out, err = io.StringIO(), io.StringIO()
    status = probe(args, Config(), out=out, err=err, clock=lambda: 0.0, sleep=lambda s: None)
    if status != 0:
        raise SystemExit(f"probe failed: {err.getvalue()}")
    return "$ facepacer probe --sim --once\n" + out.getvalue()


def draw(text: str, path: Path) -> None:
    pygame.font.init()
    font = pygame.font.Font(str(asset_path("fonts/DejaVuSans.ttf")), SIZE)
    lines = text.rstrip("\n").splitlines()
    width = MARGIN * 2 + CELL_W * max(len(line) for line in lines)
    surface = pygame.Surface((width, MARGIN * 2 + CELL_H * len(lines)))
    surface.fill(BACKGROUND)
    for row, line in enumerate(lines):
        colour = TOUCH if "TOUCH" in line else TEXT
        for col, char in enumerate(line):
            if char == " ":
                continue
            glyph = font.render(char, True, colour)
            x = MARGIN + col * CELL_W + (CELL_W - glyph.get_width()) // 2
            surface.blit(glyph, (x, MARGIN + row * CELL_H))
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surface, str(path))


if __name__ == "__main__":
    default = Path(__file__).parent / "screenshots" / "probe.png"
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    draw(terminal_text(), out)
    print(out)
