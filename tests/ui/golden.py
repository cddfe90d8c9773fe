"""The rules of the golden-image comparison, kept apart from the comparisons so they can be tested
on any machine (``test_golden.py`` skips as a whole where its images cannot be compared).

- The images hold only for the text renderer they were made with (``golden/RENDERER.txt``):
  glyphs are drawn by SDL_ttf and FreeType, whose hinting changes between releases (Debian's
  pygame 2.1.2 on Pi OS draws text a pixel apart from PyPI's 2.6). The test extra pins it.
- In CI a different renderer fails every comparison; elsewhere the module skips once, saying why.
- A picture matches when no pixel differs by more than ``THRESHOLD`` in any channel: room for
  anti-aliasing a few levels apart, none for one changed digit of the count-down.
- ``FACEPACER_UPDATE_GOLDEN=1`` rewrites the images instead of comparing; never under CI, where it
  would approve whatever is drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Optional, Tuple

import pygame
import pytest

from tests.ci import in_ci

from .helpers import differing

GOLDEN = Path(__file__).parent / "golden"
MADE_WITH = GOLDEN / "RENDERER.txt"
THRESHOLD = 64  # per channel, out of 255
UPDATE_SWITCH = "FACEPACER_UPDATE_GOLDEN"


def renderer() -> str:
    """The text renderer of this machine, as RENDERER.txt records it."""
    ttf = getattr(pygame.font, "get_sdl_ttf_version", None)  # pygame 2.1 does not say
    version = ".".join(str(n) for n in ttf()) if ttf else "unknown"
    return f"pygame {pygame.version.ver} with SDL_ttf {version}"


def made_with() -> str:
    return MADE_WITH.read_text().strip()


def gate(made: str, this: str, environ: Mapping[str, str]) -> Optional[Tuple[str, str]]:
    """None when the images can be compared here; else ``("skip" or "fail", why)``."""
    if made == this:
        return None
    why = (
        f"the golden images were made with {made}, this is {this}: "
        "`pip install -e '.[test]'` installs the renderer they need"
    )
    return ("fail", f"{why}; CI must compare them, not skip") if in_ci(environ) else ("skip", why)


def updating(environ: Mapping[str, str]) -> bool:
    """Whether this run rewrites the images; refused (a failure) under CI."""
    if environ.get(UPDATE_SWITCH) != "1":
        return False
    if in_ci(environ):
        pytest.fail(
            f"{UPDATE_SWITCH}=1 under CI would approve whatever is drawn: regenerate the golden "
            "images on a development machine, look at them, and commit them",
            pytrace=False,
        )
    return True


def mismatch(picture: pygame.Surface, golden: pygame.Surface, name: str) -> Optional[str]:
    """None when ``picture`` matches ``golden``; else what differs, for the failure message."""
    if picture.get_size() != golden.get_size():
        return f"{name} is {golden.get_size()}, the screen is {picture.get_size()}"
    changed = differing(picture, golden, THRESHOLD)
    if not changed:
        return None
    left = min(x for x, _ in changed)
    top = min(y for _, y in changed)
    right = max(x for x, _ in changed)
    bottom = max(y for _, y in changed)
    return (
        f"{len(changed)} pixels differ from {name} by more than {THRESHOLD}, within "
        f"({left}, {top})-({right}, {bottom}); if the change is meant, regenerate with "
        f"{UPDATE_SWITCH}=1 and look at the new image before committing it"
    )
