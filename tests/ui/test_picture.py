"""A step's ``image:`` is drawn in place of the face diagram, scaled to fit inside its round
frame; a picture gone since the ritual was checked leaves the diagram and a notice."""

from __future__ import annotations

import pygame

from facepacer.cli import main
from facepacer.engine.simulate import snapshot_at
from facepacer.ritual import load_ritual
from facepacer.ui.samples import WALL
from facepacer.ui.theme import CALM

from .helpers import count_color

RED = (220, 30, 40)
RITUAL = """\
format: 1
id: pictured
title: Pictured
steps:
  - {zone: jawline, title: Jaw, say: Chin to ear., seconds: 10, strokes: 5, image: jaw.png}
  - {zone: jawline, title: Jaw again, say: Chin to ear., seconds: 10, strokes: 5}
"""


def pictured(tmp_path, size=(300, 150)):
    picture = pygame.Surface(size)
    picture.fill(RED)
    pygame.image.save(picture, str(tmp_path / "jaw.png"))
    (tmp_path / "r.yaml").write_text(RITUAL)
    return load_ritual(tmp_path / "r.yaml")


def dial_of(view, snapshot):
    return next(r.rect for r in view.regions(snapshot, WALL) if r.name == "dial")


def drawn(snapshot):
    from facepacer.ui.view import View

    view = View(pygame.Surface((480, 320)))
    view.render(snapshot, WALL)
    return view


def test_the_steps_picture_replaces_the_diagram_scaled_to_fit_its_frame(tmp_path):
    ritual = pictured(tmp_path)
    moment = snapshot_at(ritual, 1.0)
    view = drawn(moment)
    dial = dial_of(view, moment)
    red = [(x, y) for y in range(dial.top, dial.bottom) for x in range(dial.left, dial.right)
           if max(abs(a - b) for a, b in zip(view.surface.get_at((x, y)), RED)) <= 30]  # fmt: skip
    xs, ys = [x for x, _ in red], [y for _, y in red]
    width, height = max(xs) - min(xs) + 1, max(ys) - min(ys) + 1
    assert abs(width - 2 * height) <= 2  # its proportions kept
    assert len(red) >= 0.95 * width * height  # whole: no corner cut off by the round frame
    assert width > 0.4 * dial.width
    assert count_color(view.surface, dial, CALM.zone, tolerance=10) < 5  # no highlighted zone
    assert view.problems == ()
    later = snapshot_at(ritual, 11.0)  # the next step: the same zone, no picture
    view.render(later, WALL)
    assert count_color(view.surface, dial, RED, tolerance=30) == 0
    assert count_color(view.surface, dial, CALM.zone, tolerance=10) > 40


def test_a_picture_gone_since_the_check_leaves_the_diagram_and_a_notice(tmp_path):
    ritual = pictured(tmp_path)
    (tmp_path / "jaw.png").write_text("damaged")
    moment = snapshot_at(ritual, 1.0)
    view = drawn(moment)
    dial = dial_of(view, moment)
    assert count_color(view.surface, dial, CALM.zone, tolerance=10) > 40
    assert any("cannot show the step's image" in p for p in view.problems)


def test_the_screenshot_command_draws_the_picture(tmp_path):
    pictured(tmp_path)
    out = tmp_path / "shot.png"
    assert main(["screenshot", "--ritual", str(tmp_path / "r.yaml"), "--at", "2",
                 "--out", str(out)]) == 0  # fmt: skip
    shot = pygame.image.load(str(out))
    assert count_color(shot, shot.get_rect(), RED, tolerance=30) > 2000
