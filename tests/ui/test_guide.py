"""The stroke guide: the dot leaves the path's start at each stroke's tick and reaches its end just
before the next, follows the side being worked on, freezes while paused, redraws only the face
diagram at the rate it moves, and can be turned off."""

from __future__ import annotations

import itertools
import math

import pygame
import pytest

from facepacer.config import load_config
from facepacer.engine.device import Device
from facepacer.engine.events import HOLD, PRESS, TAP, Gesture
from facepacer.engine.simulate import snapshot_at
from facepacer.paths import asset_path
from facepacer.ritual import Library
from facepacer.ritual.model import ZONES, Ritual, Step
from facepacer.ui import guide as G
from facepacer.ui.face import FaceArt, square_in, to_screen
from facepacer.ui.fonts import Fonts
from facepacer.ui.frame import Ctx
from facepacer.ui.samples import WALL
from facepacer.ui.shapes import load_shapes
from facepacer.ui.theme import CALM, Metrics, palette
from facepacer.ui.view import View

from .helpers import count_color, differing

RECT = pygame.Rect(0, 0, 200, 200)
SHAPES = load_shapes()
DOT = G.dot_colors(CALM)[0]


def ctx(guide: bool = True) -> Ctx:
    return Ctx(CALM, Metrics.for_size((480, 320)), Fonts(), FaceArt(SHAPES), WALL,
               pygame.Rect(0, 0, 480, 320), guide)  # fmt: skip


@pytest.fixture(scope="module")
def sculpt() -> Ritual:
    return Library.load(include_user=False).resolve("symmetry-sculpt")


def stroke_times(ritual: Ritual):
    """(ritual time of each stroke's tick, period, step) for every step with strokes."""
    start = 0.0
    for step in ritual.steps:
        if step.strokes:
            period = step.seconds / step.strokes
            for k in range(step.strokes):
                yield start + k * period, period, step
        start += step.seconds


def test_every_zone_has_a_stroke_path_on_each_side():
    for zone in ZONES:
        paths = SHAPES.paths(zone)
        assert paths.get("left") and paths.get("right"), zone
        assert G.path_length(paths["left"]) > 0.02, zone


def test_the_dot_is_at_the_start_at_each_stroke_and_at_the_end_just_before_the_next(sculpt):
    times = list(stroke_times(sculpt))
    assert len(times) >= 20
    for t, period, step in times:
        at_tick = G.stroke_guide(snapshot_at(sculpt, t), ctx(), RECT)
        assert at_tick.paths and at_tick.progress == 0.0, (t, step.zone)
        before_next = G.stroke_guide(snapshot_at(sculpt, t + period - 0.02), ctx(), RECT)
        assert before_next.progress == 1.0, (t, step.zone)
        halfway = G.stroke_guide(snapshot_at(sculpt, t + period * G.TRAVEL / 2), ctx(), RECT)
        assert 0.3 < halfway.progress < 0.7, (t, step.zone)


def test_the_dot_is_drawn_where_the_path_puts_it():
    path = SHAPES.paths("jawline")["left"]
    for progress in (0.0, 0.5, 1.0):
        surface = pygame.Surface(RECT.size)
        surface.fill(CALM.face)
        G.Guide("k", None, (path,), False, progress).draw(surface, RECT, CALM)
        x, y = G.point_along(to_screen(path, square_in(RECT), False), progress)
        spot = pygame.Rect(0, 0, 3, 3)
        spot.center = (round(x), round(y))
        assert count_color(surface, spot, DOT, tolerance=2) == 9, progress
        elsewhere = spot.move(40, 0)
        assert count_color(surface, elsewhere, DOT, tolerance=2) == 0


@pytest.mark.parametrize("size, across", [((480, 320), 18), ((800, 480), 28), ((320, 480), 18)])
def test_the_dot_is_big_enough_to_see_at_arms_length_and_grows_with_the_screen(
    sculpt, size, across
):
    moment = snapshot_at(sculpt, 21.2)
    dial = next(
        r.rect for r in View(pygame.Surface(size)).regions(moment, WALL) if r.name == "dial"
    )
    path = SHAPES.paths("cheeks")["left"]
    surface = pygame.Surface(size)
    surface.fill(CALM.zone)
    G.Guide("k", None, (path,), False, 1.0).draw(surface, dial, CALM)
    x, y = G.point_along(to_screen(path, square_in(dial), False), 1.0)
    row = [surface.get_at((px, round(y)))[:3] == DOT for px in range(size[0])]
    widths = [len(list(run)) for dot, run in itertools.groupby(row) if dot]
    assert max(widths) >= across, widths


@pytest.mark.parametrize("theme", ["calm", "contrast"])
def test_the_dot_stands_out_on_the_zone_it_travels_over(theme):
    colors = palette(theme)[0]
    dot, ring = G.dot_colors(colors)
    assert G.contrast(dot, colors.zone) >= 4.5, (theme, dot, colors.zone)
    assert G.contrast(dot, ring) >= 4.5
    assert G.contrast((255, 255, 255), (255, 214, 0)) < 2  # white on yellow, as it was: too faint


def test_a_mirrored_diagram_mirrors_the_path():
    path = SHAPES.paths("cheeks")["left"]
    surface = pygame.Surface(RECT.size)
    G.Guide("k", None, (path,), True, 0.0).draw(surface, RECT, CALM)
    x, y = G.point_along(to_screen(path, square_in(RECT), True), 0.0)
    assert x > RECT.width / 2
    assert surface.get_at((round(x), round(y)))[:3] == DOT


def test_an_alternate_step_switches_paths_at_the_switch(sculpt):
    jaw = sculpt.steps[0]
    assert jaw.side == "alternate" and jaw.zone == "jawline"
    paths = SHAPES.paths("jawline")
    first = G.stroke_guide(snapshot_at(sculpt, jaw.seconds / 2 - 0.05), ctx(), RECT)
    second = G.stroke_guide(snapshot_at(sculpt, jaw.seconds / 2 + 0.05), ctx(), RECT)
    assert first.paths == (paths["left"],)
    assert second.paths == (paths["right"],)


def test_a_step_for_both_sides_guides_both_hands(sculpt):
    mouth = next(i for i, s in enumerate(sculpt.steps) if s.zone == "mouth")
    start = sum(s.seconds for s in sculpt.steps[:mouth])
    both = G.stroke_guide(snapshot_at(sculpt, start + 0.5), ctx(), RECT)
    paths = SHAPES.paths("mouth")
    assert set(both.paths) == {paths["left"], paths["right"]}


def test_partner_mode_guides_the_persons_own_side_on_the_mirrored_diagram(sculpt):
    mine = G.stroke_guide(snapshot_at(sculpt, 1.0), ctx(), RECT)
    theirs = G.stroke_guide(snapshot_at(sculpt, 1.0, partner=True), ctx(), RECT)
    assert theirs.paths == mine.paths and theirs.mirror and not mine.mirror


def test_a_pause_freezes_the_dot_and_it_goes_on_from_there():
    step = Step(zone="cheeks", title="Cheeks", say="Sweep.", seconds=12, strokes=4)
    ritual = Ritual("r", "R", (step,))
    device = Device([ritual], 0.0)
    device.start(ritual, 0.0)
    device.advance(1.0)
    before = G.stroke_guide(device.snapshot(1.0), ctx(), RECT)
    device.gesture(Gesture(PRESS, 1.0))
    device.gesture(Gesture(HOLD, 1.0))  # a hold fired at 1.0: paused from then
    device.advance(30.0)
    assert device.snapshot(30.0).paused
    assert G.stroke_guide(device.snapshot(30.0), ctx(), RECT) is G.OFF
    device.gesture(Gesture(PRESS, 30.0))
    device.gesture(Gesture(TAP, 30.0))
    after = G.stroke_guide(device.snapshot(30.0), ctx(), RECT)
    assert after.key == before.key and after.progress == before.progress
    assert 0 < after.progress < 1
    assert after.wake is not None and after.wake < 30.0 + 1.0


def test_a_waiting_step_and_a_step_without_strokes_show_no_guide(sculpt):
    rest = sculpt.steps[-1]
    assert not rest.strokes
    end = sum(s.seconds for s in sculpt.steps)
    assert G.stroke_guide(snapshot_at(sculpt, end - 1), ctx(), RECT) is G.OFF
    waits = Ritual("w", "W", (Step(zone="eyes", title="E", say="S", seconds=3, strokes=3,
                                   advance="touch"),))  # fmt: skip
    assert snapshot_at(waits, 5.0).waiting
    assert G.stroke_guide(snapshot_at(waits, 5.0), ctx(), RECT) is G.OFF


def test_turned_off_in_the_config_there_is_no_guide(tmp_path, sculpt):
    path = tmp_path / "config.yaml"
    path.write_text("guide: false\n")
    config, problems = load_config(path)
    assert problems == [] and config.guide is False
    assert G.stroke_guide(snapshot_at(sculpt, 1.0), ctx(guide=False), RECT) is G.OFF
    on, off = View(pygame.Surface((480, 320))), View(pygame.Surface((480, 320)), guide=False)
    moving = snapshot_at(sculpt, 1.0)
    assert on.needs_redraw_at(moving) < 1.1
    assert off.needs_redraw_at(moving) > 1.9  # only the seconds and the ring: once a second


def test_a_wrong_stroke_path_is_named_and_the_rest_kept(tmp_path):
    broken = tmp_path / "zones.yaml"
    source = asset_path("zones.yaml").read_text()
    assert "    left: [[0.465, 0.275]" in source
    broken.write_text(source.replace("    left: [[0.465, 0.275]", "    left: [[7, 0.275]"))
    shapes = load_shapes(broken)
    assert any("strokes.brows.left[0]" in p for p in shapes.problems)
    assert not shapes.paths("brows") and shapes.paths("cheeks")


def test_while_the_dot_moves_only_the_face_diagram_is_redrawn_and_no_faster_than_needed(sculpt):
    view = View(pygame.Surface((480, 320)))
    start, period = 20.0, sculpt.steps[1].seconds / sculpt.steps[1].strokes  # the cheeks
    snapshot = snapshot_at(sculpt, start)
    view.render(snapshot, WALL)
    dial = next(r.rect for r in view.regions(snapshot, WALL) if r.name == "dial")
    now, frames, others = start, 0, []
    while True:
        now = view.needs_redraw_at(snapshot)
        if now is None or now >= start + period:
            break
        snapshot = snapshot_at(sculpt, now)
        rects = view.render(snapshot, WALL)
        frames += dial in rects
        others += [r for r in rects if r != dial and not dial.contains(r)]
    assert frames >= 10
    assert frames <= math.ceil(period * G.TRAVEL * G.MAX_FPS) + 2  # + the ring's seconds
    names = {r.name for r in view.regions(snapshot, WALL) if r.rect in others}
    assert names <= {"seconds", "progress"}


def test_the_guide_draws_inside_the_face_diagram_only(sculpt):
    on, off = pygame.Surface((480, 320)), pygame.Surface((480, 320))
    moment = snapshot_at(sculpt, 21.0)
    view = View(on)
    view.render(moment, WALL)
    View(off, guide=False).render(moment, WALL)
    dial = next(r.rect for r in view.regions(moment, WALL) if r.name == "dial")
    changed = differing(on, off)
    assert len(changed) > 30
    assert all(dial.collidepoint(point) for point in changed)


def test_the_screenshot_command_draws_the_guide_at_the_moment_asked(sculpt, tmp_path):
    from facepacer.cli import main
    from facepacer.ui.samples import sample_stats

    out = tmp_path / "shot.png"
    wall = "2026-05-04T07:30"
    assert main(["screenshot", "--ritual", "symmetry-sculpt", "--at", "21.2", "--wall", wall,
                 "--out", str(out)]) == 0  # fmt: skip
    shot = pygame.image.load(str(out))
    moment = snapshot_at(sculpt, 21.2, stats=sample_stats(WALL.date()))
    bare = pygame.Surface((480, 320))
    view = View(bare, guide=False)
    view.render(moment, WALL)
    dial = next(r.rect for r in view.regions(moment, WALL) if r.name == "dial")
    changed = differing(shot, bare)
    assert len(changed) > 30 and all(dial.collidepoint(point) for point in changed)
