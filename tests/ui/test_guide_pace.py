"""The stroke guide's pace with README's numbers: the dot moves about every 2 pixels and never
more than 30 times a second, arrives at its path's end at 85 % of the stroke's period, waits
there without waking anything after the step's last stroke, and gives way to a step's own
picture."""

from __future__ import annotations

import pygame

from facepacer.engine.simulate import snapshot_at
from facepacer.ritual.model import Ritual, Step
from facepacer.ui import guide as G
from facepacer.ui.face import FaceArt
from facepacer.ui.fonts import Fonts
from facepacer.ui.frame import Ctx
from facepacer.ui.samples import WALL
from facepacer.ui.shapes import load_shapes
from facepacer.ui.theme import CALM, Metrics

RECT = pygame.Rect(0, 0, 200, 200)
LINE = ((0.0, 0.5), (1.0, 0.5))  # a straight path across the whole diagram


def ctx() -> Ctx:
    return Ctx(CALM, Metrics.for_size((480, 320)), Fonts(), FaceArt(load_shapes()), WALL,
               pygame.Rect(0, 0, 480, 320), True)  # fmt: skip


def cheeks(**extra) -> Ritual:
    """One step of 4 strokes in 8 s: a stroke every 2 s, the dot travelling 1.7 s of each."""
    step = Step(zone="cheeks", title="Cheeks", say="Sweep.", seconds=8, strokes=4, **extra)
    return Ritual("r", "R", (step,))


def test_a_long_path_moves_in_steps_of_about_2_pixels():
    assert G.frame_count((LINE,), 40, 10.0) == 20  # 40 px across in 2 px steps
    assert G.frame_count((LINE,), 41, 10.0) == 21


def test_a_fast_stroke_moves_at_most_30_times_a_second():
    assert G.frame_count((LINE,), 10000, 1.0) == 25  # 0.85 s of travel at 30 a second
    assert G.frame_count((LINE,), 10000, 2.0) == 51


def test_the_dot_arrives_at_85_percent_of_the_period_and_not_before():
    ritual = cheeks()
    on_the_way = G.stroke_guide(snapshot_at(ritual, 2.0 + 1.68), ctx(), RECT)
    arrived = G.stroke_guide(snapshot_at(ritual, 2.0 + 1.71), ctx(), RECT)
    assert 0.9 < on_the_way.progress < 1.0
    assert arrived.progress == 1.0


def test_after_the_last_strokes_arrival_the_dot_wakes_nothing():
    ritual = cheeks()
    waiting = G.stroke_guide(snapshot_at(ritual, 6.0 + 1.8), ctx(), RECT)
    assert waiting.progress == 1.0 and waiting.wake is None
    before_the_last = G.stroke_guide(snapshot_at(ritual, 4.0 + 1.8), ctx(), RECT)
    assert before_the_last.progress == 1.0 and 6.0 <= before_the_last.wake < 6.1


def test_a_step_with_its_own_picture_shows_no_guide():
    assert G.stroke_guide(snapshot_at(cheeks(), 1.0), ctx(), RECT).paths
    assert G.stroke_guide(snapshot_at(cheeks(image="mine.png"), 1.0), ctx(), RECT) is G.OFF


def test_only_a_stroke_sends_a_ring_out_from_the_time_ring():
    from facepacer.ui.screens.ritual import pulse_phase

    plain = Ritual("p", "P", (Step(zone="cheeks", title="C", say="S.", seconds=8),))
    after_the_zone = snapshot_at(plain, 5.1)  # the countdown's cue at 5.0
    assert after_the_zone.last_cue == "countdown" and pulse_phase(after_the_zone) is None
    after_a_stroke = snapshot_at(cheeks(), 2.05)
    assert after_a_stroke.last_cue == "stroke" and pulse_phase(after_a_stroke) == 0
