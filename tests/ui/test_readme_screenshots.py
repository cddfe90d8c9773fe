"""The README's screenshots are what ``docs/screenshots.py`` draws today: each is drawn again and
compared with the committed file, with the golden images' tolerance and renderer policy."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pygame
import pytest

from tests.app.watch import watch_the_run

from .golden import gate, made_with, mismatch, renderer

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
    problem = gate(made_with(), renderer(), os.environ)
    if problem is not None:
        kind, why = problem
        (pytest.fail if kind == "fail" else pytest.skip)(why)
    from facepacer.cli import main

    assert main(_script().command(name, options, tmp_path)) == 0
    drawn = pygame.image.load(str(tmp_path / name))
    committed = pygame.image.load(str(SCRIPT.parent / "screenshots" / name))
    difference = mismatch(drawn, committed, name)
    assert difference is None, (
        f"{difference}. The picture differs from what docs/screenshots.py draws: run it and look "
        "at the new picture before committing it"
    )


def test_every_screenshot_the_readme_shows_is_made_by_the_script_and_no_other():
    readme = (ROOT / "README.md").read_text()
    shown = set(re.findall(r"docs/screenshots/([\w-]+\.png)", readme))
    assert shown == {name for name, _ in SHOTS} | set(_script().MADE_ELSEWHERE)
    committed = {path.name for path in (SCRIPT.parent / "screenshots").glob("*.png")}
    assert committed == shown


def test_the_pickers_screenshot_is_what_the_running_device_draws_after_a_hold_and_a_tap(
    tmp_path, monkeypatch, capsys
):
    """Not a sample beside the device: the device itself, run headless with a script (hold on
    home for the picker, one tap to the second entry), draws the picture README shows."""
    problem = gate(made_with(), renderer(), os.environ)
    if problem is not None:
        kind, why = problem
        (pytest.fail if kind == "fail" else pytest.skip)(why)
    from facepacer.cli import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    seen = watch_the_run(monkeypatch, keep_pictures=True)
    script = tmp_path / "script.txt"
    script.write_text("1.0 hold 1.5\n4.0 tap\n6.0 quit\n")
    assert main(["run", "--sim", "--headless", "--virtual-clock", "--language", "en",
                 "--size", "480x320", "--script", str(script)]) == 0  # fmt: skip
    capsys.readouterr()
    shown = [picture for snapshot, picture in zip(seen["snapshots"], seen["pictures"])
             if snapshot.screen == "picker" and snapshot.highlighted == 1]  # fmt: skip
    assert shown, [s.screen for s in seen["snapshots"]]
    committed = pygame.image.load(str(SCRIPT.parent / "screenshots" / "picker.png"))
    difference = mismatch(shown[-1], committed, "picker.png")
    assert difference is None, f"{difference}: README's picker is not the device's"
