"""Only what changed is drawn, and the view knows when its picture will change by itself."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pygame
import pytest

from facepacer.ui.frame import SLACK, done_wake, left_index, left_wake
from facepacer.ui.samples import WALL, sample
from facepacer.ui.screens.ritual import PULSE_SECONDS
from facepacer.ui.view import FLASH_SECONDS, View

from .helpers import differing, drawn


def quiet(snapshot):
    """The snapshot with no recent cue, so no flash or pulse is running."""
    return replace(snapshot, last_cue=None, last_cue_t=None)


def later(snapshot, seconds):
    """The step snapshot ``seconds`` later, its clocks moved on as the engine's would."""
    return replace(
        snapshot,
        now=snapshot.now + seconds,
        step_left=snapshot.step_left - seconds,
        step_active=snapshot.step_active + seconds,
        ritual_active=snapshot.ritual_active + seconds,
        ritual_done=snapshot.ritual_done + seconds,
    )


def region_rects(view, snapshot, wall=WALL):
    return {r.name: r.rect for r in view.regions(snapshot, wall)}


@pytest.mark.parametrize("screen", ["home", "picker", "step", "mood", "history", "idle", "blank"])
def test_drawing_the_same_snapshot_again_draws_nothing(screen):
    snapshot = sample(screen)
    view, _ = drawn(snapshot)
    assert view.render(snapshot, WALL) == []


def test_a_new_mood_choice_redraws_the_choices_alone():
    view, _ = drawn(sample("mood"))
    changed = replace(sample("mood"), mood=5)
    assert view.render(changed, WALL) == [region_rects(view, changed)["choices"]]


def test_a_new_minute_redraws_the_home_clock_alone():
    view, _ = drawn(sample("home"))
    rects = view.render(sample("home"), WALL + timedelta(minutes=1))
    assert rects == [region_rects(view, sample("home"))["clock"]]


def test_a_second_of_a_step_redraws_the_dial_seconds_and_bar_but_not_the_words():
    step = quiet(sample("step"))
    view, _ = drawn(step)
    rects = view.render(later(step, 1.0), WALL)
    regions = region_rects(view, step)
    assert regions["words"] not in rects
    assert regions["seconds"] in rects and regions["dial"] in rects


def test_a_partly_redrawn_picture_is_the_picture_drawn_afresh():
    """What is on screen after partial redraws equals a full drawing of the last snapshot."""
    step = sample("step")
    sequence = [step, later(step, 0.1), later(step, 0.5), later(step, 1.3),
                replace(later(step, 6.0), show_next=True), replace(later(step, 6.0), show_next=True,
                notices=("sensor unplugged",)), later(step, 7.0)]  # fmt: skip
    view, _ = drawn(sequence[0])
    for snapshot in sequence[1:]:
        view.render(snapshot, WALL)
        fresh, _ = drawn(snapshot)
        assert differing(view.surface, fresh.surface) == []


def test_an_unchanged_step_waits_for_the_next_ring_step_second_or_bar_step():
    """With the stroke guide off (its own frames are tested in test_guide.py)."""
    step = quiet(sample("step"))
    view = View(pygame.Surface((480, 320)), guide=False)
    view.render(step, WALL)
    wake = view.needs_redraw_at(step)
    ring_quantum = max(1.0, step.step.seconds / 72)  # at most once a second, with the number
    bar_quantum = step.ritual_total / 120
    assert wake == pytest.approx(
        min(
            left_wake(step.now, step.step_left, ring_quantum),
            done_wake(step.now, step.ritual_done, bar_quantum, step.ritual_total),
        )
    )
    just_before = later(step, wake - step.now - 2 * SLACK)
    assert view.render(just_before, WALL) == []
    assert view.render(later(step, wake - step.now), WALL) != []


def test_the_countdown_number_changes_exactly_at_the_wake_time():
    assert left_index(12.6, 1.0) == 13
    wake = left_wake(100.0, 12.6, 1.0)
    assert wake == pytest.approx(100.6 + SLACK)
    assert left_index(12.6 - (wake - 100.0), 1.0) == 12
    assert left_wake(100.0, 0.0, 1.0) is None


def test_a_count_up_stops_waking_at_its_limit():
    assert done_wake(0.0, 9.5, 1.0, 10.0) == pytest.approx(0.5 + SLACK)
    assert done_wake(0.0, 10.0, 1.0, 10.0) is None


def test_a_paused_ritual_has_nothing_to_redraw_by_itself():
    paused = sample("paused")
    view, _ = drawn(paused)
    assert view.needs_redraw_at(paused) is None


def test_home_wakes_at_the_next_minute():
    home = sample("home")
    view, _ = drawn(home, wall=WALL + timedelta(seconds=15))
    assert view.needs_redraw_at(home) == pytest.approx(home.now + 45 + SLACK)


def test_the_blanked_screen_never_wakes_by_itself():
    view, _ = drawn(sample("blank"))
    assert view.needs_redraw_at(sample("blank")) is None


def test_a_flash_wakes_the_view_when_it_ends():
    home = replace(sample("home"), last_cue="zone", last_cue_t=sample("home").now - 0.1)
    view, _ = drawn(home)
    assert view.needs_redraw_at(home) == pytest.approx(home.last_cue_t + FLASH_SECONDS + SLACK)


def test_a_stroke_pulse_animates_in_a_few_frames_then_stops():
    step = replace(sample("step"), last_cue="stroke", last_cue_t=sample("step").now)
    view, _ = drawn(step)
    frames, t = 0, step.now
    while True:
        wake = view.needs_redraw_at(replace(step, now=t))
        if wake is None or wake > step.last_cue_t + PULSE_SECONDS + 0.1:
            break
        t = wake
        if view.render(replace(step, now=t), WALL):
            frames += 1
        assert frames < 10
    assert 3 <= frames <= 6


def test_needs_redraw_at_works_for_a_snapshot_never_rendered():
    view = View(pygame.Surface((480, 320)))
    assert view.needs_redraw_at(quiet(sample("step"))) is not None


def test_a_new_surface_is_drawn_whole():
    view, _ = drawn(sample("home"))
    view.set_surface(pygame.Surface((800, 480)))
    assert view.render(sample("home"), WALL) == [pygame.Rect(0, 0, 800, 480)]
