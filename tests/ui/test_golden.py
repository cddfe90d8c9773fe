"""The main screens look as they were approved: each is compared with its image in ``golden/``.

After a deliberate change of look, regenerate them with ``FACEPACER_UPDATE_GOLDEN=1 pytest
tests/ui/test_golden.py`` and look at the new images before committing them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pygame
import pytest

from facepacer.ui.samples import sample

from .helpers import differing, drawn

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("FACEPACER_UPDATE_GOLDEN") == "1"
# Glyphs are drawn by SDL_ttf and FreeType, whose hinting changes between releases (Debian's
# pygame 2.1.2 on Pi OS draws text a pixel apart from PyPI's 2.6): the images hold only for the
# text renderer they were made with, recorded beside them.
_TTF = getattr(pygame.font, "get_sdl_ttf_version", None)  # pygame 2.1 does not say
RENDERER = f"pygame {pygame.version.ver} with SDL_ttf " + (
    ".".join(str(n) for n in _TTF()) if _TTF else "unknown"
)
MADE_WITH = GOLDEN / "RENDERER.txt"
# Anti-aliasing may differ by a few levels between FreeType builds; a layout change moves whole
# glyphs and shapes, far past this.
THRESHOLD = 64
MOST_CHANGED = 0.005

CASES = [
    (screen, "calm", (480, 320))
    for screen in ("home", "picker", "step", "paused", "finish", "mood", "history", "fault", "idle")
] + [
    ("step", "contrast", (480, 320)),
    ("step", "calm", (800, 480)),
    ("step", "calm", (320, 480)),
    ("home", "contrast", (800, 480)),
]


def name(screen, theme, size):
    return f"{screen}-{theme}-{size[0]}x{size[1]}.png"


@pytest.mark.parametrize("screen,theme,size", CASES, ids=[name(*c)[:-4] for c in CASES])
def test_the_screen_matches_its_golden_image(screen, theme, size):
    view, _ = drawn(sample(screen), size, theme)
    path = GOLDEN / name(screen, theme, size)
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        pygame.image.save(view.surface, str(path))
        MADE_WITH.write_text(RENDERER + "\n")
        return
    made_with = MADE_WITH.read_text().strip()
    if made_with != RENDERER:
        pytest.skip(f"golden images were made with {made_with}, this is {RENDERER}")
    assert path.exists(), f"no golden image {path.name}: run with FACEPACER_UPDATE_GOLDEN=1"
    golden = pygame.image.load(str(path))
    changed = differing(view.surface, golden, THRESHOLD)
    assert len(changed) <= MOST_CHANGED * size[0] * size[1], (
        f"{len(changed)} pixels differ from {path.name}, first at {changed[:3]}"
    )


def test_the_golden_images_say_what_drew_them():
    assert MADE_WITH.read_text().startswith("pygame ")


def test_a_changed_picture_fails_the_comparison():
    if MADE_WITH.read_text().strip() != RENDERER:
        pytest.skip("golden images were made with another text renderer")
    view, _ = drawn(sample("home"))
    golden = pygame.image.load(str(GOLDEN / name("home", "calm", (480, 320))))
    other, _ = drawn(sample("picker"))
    assert differing(view.surface, golden, THRESHOLD) == [] or UPDATE
    assert len(differing(other.surface, golden, THRESHOLD)) > MOST_CHANGED * 480 * 320
