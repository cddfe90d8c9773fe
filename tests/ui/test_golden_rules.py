"""The golden-image comparison cannot wave a change through, nor be waved through itself.

These run on every machine: they compare fresh pictures with each other, not with the images.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pygame
import pytest

from facepacer.ui.samples import sample

from .golden import THRESHOLD, UPDATE_SWITCH, gate, made_with, mismatch, updating
from .helpers import drawn

ROOT = Path(__file__).parents[2]
THIS, OTHER = "pygame 2.6.1 with SDL_ttf 2.20.1", "pygame 2.1.2 with SDL_ttf unknown"


def count_down(left: float, size=(480, 320), theme="calm") -> pygame.Surface:
    """The step screen with ``left`` seconds to go; nothing else differs."""
    view, _ = drawn(replace(sample("step"), step_left=left), size, theme)
    return view.surface


@pytest.mark.parametrize("size,theme", [((480, 320), "calm"), ((800, 480), "contrast")])
def test_the_count_down_showing_14_instead_of_13_fails_the_comparison(size, theme):
    thirteen, fourteen = count_down(12.6, size, theme), count_down(13.6, size, theme)
    assert mismatch(count_down(12.6, size, theme), thirteen, "step.png") is None
    problem = mismatch(fourteen, thirteen, "step.png")
    assert problem is not None and " pixels differ from step.png by more than " in problem


def test_anti_aliasing_a_few_levels_apart_passes_and_one_pixel_beyond_fails():
    golden = count_down(12.6)
    shaded = golden.copy()
    for x in range(100, 140):  # a whole row of pixels, each a few levels lighter
        r, g, b, _ = shaded.get_at((x, 50))
        shaded.set_at((x, 50), (min(255, r + THRESHOLD), g, b))
    assert mismatch(shaded, golden, "g.png") is None
    r, g, b, _ = golden.get_at((5, 300))
    shaded.set_at((5, 300), ((r + THRESHOLD + 1) % 256, g, b))
    assert mismatch(shaded, golden, "g.png").startswith("1 pixels differ from g.png by more than")


def test_a_picture_of_another_size_is_named_as_such():
    assert mismatch(count_down(12.6, (800, 480)), count_down(12.6), "s.png") == (
        "s.png is (480, 320), the screen is (800, 480)"
    )


def test_another_renderer_skips_once_with_the_reason_outside_ci():
    assert gate(THIS, THIS, {}) is None
    for environ in ({}, {"CI": ""}, {"CI": "false"}, {"CI": "0"}):
        kind, why = gate(THIS, OTHER, environ)
        assert kind == "skip"
        assert why.startswith(f"the golden images were made with {THIS}, this is {OTHER}: ")


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_under_ci_another_renderer_fails_instead_of_skipping(ci):
    kind, why = gate(THIS, OTHER, {"CI": ci})
    assert kind == "fail" and why.endswith("; CI must compare them, not skip")
    assert gate(THIS, THIS, {"CI": ci}) is None


def test_the_update_switch_refuses_to_run_under_ci():
    assert updating({UPDATE_SWITCH: "1"}) is True
    assert updating({}) is False and updating({"CI": "true"}) is False
    with pytest.raises(pytest.fail.Exception, match=f"{UPDATE_SWITCH}=1 under CI would approve"):
        updating({UPDATE_SWITCH: "1", "CI": "true"})


def test_the_test_extra_pins_the_pygame_the_golden_images_were_made_with():
    made = re.fullmatch(r"pygame (\S+) with SDL_ttf \S+", made_with())
    assert made, f"RENDERER.txt says {made_with()!r}"
    packaging = "".join(
        (ROOT / name).read_text()
        for name in ("setup.py", "pyproject.toml")
        if (ROOT / name).exists()
    )
    assert re.findall(r"\"pygame==([^\"]+)\"", packaging) == [made.group(1)]
