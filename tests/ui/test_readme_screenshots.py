"""The README's screenshots are what ``docs/screenshots.py`` draws today: each is drawn again and
compared with the committed file, with the golden images' tolerance and renderer policy."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pygame
import pytest

from .helpers import differing
from .test_golden import MADE_WITH, MOST_CHANGED, RENDERER, THRESHOLD

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "docs" / "screenshots.py"


def _script():
    spec = importlib.util.spec_from_file_location("readme_screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SHOTS = _script().SHOTS


@pytest.mark.parametrize("name,options", SHOTS, ids=[name for name, _ in SHOTS])
def test_the_committed_screenshot_is_what_the_script_draws(tmp_path, name, options):
    made_with = MADE_WITH.read_text().strip()
    if made_with != RENDERER:
        pytest.skip(f"images were made with {made_with}, this is {RENDERER}")
    from facepacer.cli import main

    assert main(_script().command(name, options, tmp_path)) == 0
    drawn = pygame.image.load(str(tmp_path / name))
    committed = pygame.image.load(str(SCRIPT.parent / "screenshots" / name))
    assert drawn.get_size() == committed.get_size(), f"{name}: run docs/screenshots.py"
    changed = differing(drawn, committed, THRESHOLD)
    width, height = drawn.get_size()
    assert len(changed) <= MOST_CHANGED * width * height, (
        f"{len(changed)} pixels of {name} differ from what docs/screenshots.py draws: run it "
        "and look at the new picture before committing it"
    )


def test_every_screenshot_the_readme_shows_is_made_by_the_script_and_no_other():
    readme = (ROOT / "README.md").read_text()
    shown = set(re.findall(r"docs/screenshots/([\w-]+\.png)", readme))
    assert shown == {name for name, _ in SHOTS}
    committed = {path.name for path in (SCRIPT.parent / "screenshots").glob("*.png")}
    assert committed == shown
