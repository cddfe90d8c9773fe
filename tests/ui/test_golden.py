"""The main screens look as they were approved: each is compared with its image in ``golden/``.

After a deliberate change of look, regenerate them with ``FACEPACER_UPDATE_GOLDEN=1 pytest
tests/ui/test_golden.py`` and look at the new images before committing them. The rules (which
renderer, what tolerance, never skipped in CI) are in ``golden.py`` and tested in
``test_golden_rules.py``.
"""

from __future__ import annotations

import os

import pygame
import pytest

from facepacer import i18n
from facepacer.ui.samples import sample
from tests.languages import TRANSLATED

from .golden import GOLDEN, MADE_WITH, gate, made_with, mismatch, renderer, updating
from .helpers import drawn

UPDATE = updating(os.environ)
GATE = None if UPDATE else gate(made_with(), renderer(), os.environ)
if GATE is not None and GATE[0] == "skip":
    pytest.skip(GATE[1], allow_module_level=True)  # once, for the whole module

TRANSLATED_SCREENS = ("home", "picker", "step", "paused", "finish", "mood", "history", "reminder")
CASES = (
    [
        (screen, "calm", (480, 320), "en")
        for screen in (
            "home",
            "picker",
            "step",
            "paused",
            "finish",
            "mood",
            "history",
            "fault",
            "idle",
            "reminder",
        )  # fmt: skip
    ]
    + [
        ("step", "contrast", (480, 320), "en"),
        ("step", "calm", (800, 480), "en"),
        ("step", "calm", (320, 480), "en"),
        ("home", "contrast", (800, 480), "en"),
    ]
    + [
        # Each translation (German's long words are the layout's hard case): a new language
        # brings these images with its catalogue.
        case
        for code in TRANSLATED
        for case in [
            *((screen, "calm", (480, 320), code) for screen in TRANSLATED_SCREENS),
            ("step", "calm", (800, 480), code),
            ("step", "calm", (320, 480), code),
        ]
    ]
)


def name(screen, theme, size, language):
    suffix = "" if language == "en" else f"-{language}"
    return f"{screen}-{theme}-{size[0]}x{size[1]}{suffix}.png"


@pytest.mark.parametrize("screen,theme,size,language", CASES, ids=[name(*c)[:-4] for c in CASES])
def test_the_screen_matches_its_golden_image(screen, theme, size, language):
    if GATE is not None:  # only under CI: elsewhere the module was skipped
        pytest.fail(GATE[1], pytrace=False)
    i18n.use(i18n.choose(language, {}))
    view, _ = drawn(sample(screen), size, theme)
    path = GOLDEN / name(screen, theme, size, language)
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        pygame.image.save(view.surface, str(path))
        MADE_WITH.write_text(renderer() + "\n")
        return
    assert path.exists(), f"no golden image {path.name}: run with FACEPACER_UPDATE_GOLDEN=1"
    problem = mismatch(view.surface, pygame.image.load(str(path)), path.name)
    assert problem is None, problem


def test_every_golden_image_is_compared():
    compared = {name(*case) for case in CASES}
    assert {path.name for path in GOLDEN.glob("*.png")} == compared
