"""The sequencer's rules at their edges: never louder at night than by day, silent at volume 0 on
either kind of buzzer, a pattern that ended frees the buzzer even before the loop saw it end, and
muting drops a cue still waiting out its gap."""

from __future__ import annotations

from dataclasses import replace

import pytest
from gpiozero.pins.mock import MockFactory, MockPWMPin

from facepacer.config import BuzzerConfig
from facepacer.hardware.buzzer import CueBuzzer, RecordingBuzzer

CONFIG = BuzzerConfig()


def heard_by(buzzer):
    heard = []
    buzzer.listen(heard.append)
    return heard


def test_at_night_a_buzzer_set_quieter_than_the_night_volume_keeps_its_own_volume():
    # README: in the night hours the buzzer is quieter; a day volume of 0.2 is under 0.3 already
    buzzer = RecordingBuzzer(replace(CONFIG, volume=0.2))
    heard = heard_by(buzzer)
    buzzer.set_night(True)
    buzzer.play("zone", 1.0)
    assert heard[0].gains == (0.2, 0.2, 0.2)


def test_at_night_the_full_day_volume_gives_way_to_the_night_volume():
    buzzer = RecordingBuzzer(replace(CONFIG, volume=1.0, night_volume=0.3))
    heard = heard_by(buzzer)
    buzzer.set_night(True)
    buzzer.play("zone", 1.0)
    buzzer.set_night(False)
    buzzer.play("side", 1.1)
    buzzer.update(5.0)
    assert [s.gains for s in heard] == [(0.3, 0.3, 0.3), (1.0, 1.0, 1.0)]


@pytest.mark.parametrize("active", [False, True])
def test_at_volume_0_neither_kind_of_buzzer_makes_a_sound(active):
    pins = MockFactory(pin_class=MockPWMPin)
    buzzer = CueBuzzer(replace(CONFIG, volume=0.0, active=active), pin_factory=pins)
    pin = pins.pin(CONFIG.pin)
    states = []
    buzzer.play("zone", 1.0)
    for t in (1.0, 1.05, 1.2, 1.25):
        buzzer.update(t)
        states.append((pin.state, pin.frequency if not active else None))
    assert [s for s, _ in states] == [0, 0, 0, 0]
    if not active:
        assert {f for _, f in states} == {None}  # the tone is stopped, not played at duty 0
    assert buzzer.played == [(1.0, "zone")]  # the pattern still keeps its time


def test_an_active_buzzer_is_silent_at_night_when_the_night_volume_is_0():
    pins = MockFactory(pin_class=MockPWMPin)
    buzzer = CueBuzzer(replace(CONFIG, active=True, night_volume=0.0), pin_factory=pins)
    buzzer.set_night(True)
    buzzer.play("countdown", 1.0)
    assert pins.pin(CONFIG.pin).state == 0


def test_a_stroke_tick_after_a_pattern_ended_sounds_though_the_loop_never_saw_the_end():
    # The zone lasts 0.3 s; the loop may wake once, at the tick, for both.
    buzzer = RecordingBuzzer(CONFIG)
    buzzer.play("zone", 1.0)
    assert buzzer.play("stroke", 1.4) is True
    buzzer.update(5.0)
    assert [(round(t, 6), cue) for t, cue in buzzer.played] == [(1.0, "zone"), (1.4, "stroke")]


def test_a_tick_a_moment_before_the_pattern_ends_is_dropped_and_one_just_after_sounds():
    early, on_time = RecordingBuzzer(CONFIG), RecordingBuzzer(CONFIG)
    early.play("zone", 1.0)
    on_time.play("zone", 1.0)
    assert early.play("stroke", 1.299) is False
    assert on_time.play("stroke", 1.31) is True


def test_muting_drops_a_cue_that_waits_out_its_gap_and_tells_the_listeners():
    buzzer = RecordingBuzzer(CONFIG)
    heard = heard_by(buzzer)
    buzzer.play("zone", 1.0)
    buzzer.play("countdown", 1.1)  # due at 1.35: the zone's 0.3 s and the 50 ms gap
    buzzer.update(1.32)  # the zone is over; the countdown waits for 1.35
    buzzer.set_mute(True, 1.33)
    assert [(s.cue, s.start) for s in heard] == [("zone", 1.0), ("countdown", None)]
    assert buzzer.dropped == [(1.33, "countdown")]
    assert buzzer.next_deadline() is None


def test_after_muting_mid_pattern_the_next_cue_waits_50_ms_from_the_mute_not_from_the_pattern():
    buzzer = RecordingBuzzer(CONFIG)
    buzzer.play("finish", 1.0)
    buzzer.set_mute(True, 1.2)
    buzzer.set_mute(False, 1.2)
    buzzer.play("zone", 1.21)
    buzzer.update(5.0)
    assert [(round(t, 6), cue) for t, cue in buzzer.played] == [(1.0, "finish"), (1.25, "zone")]


def test_a_new_volume_takes_effect_from_the_next_pattern():
    buzzer = RecordingBuzzer(CONFIG)
    heard = heard_by(buzzer)
    buzzer.play("zone", 1.0)
    buzzer.set_volume(0.5)
    buzzer.play("side", 1.0)
    buzzer.update(5.0)
    assert [s.gains for s in heard] == [(1.0, 1.0, 1.0), (0.5, 0.5, 0.5)]
