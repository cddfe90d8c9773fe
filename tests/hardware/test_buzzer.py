"""Cue patterns on gpiozero's mock PWM pin: the frequency and duty the piezo gets, note by note."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import time as clock_time

import pytest
from gpiozero.pins.mock import MockFactory, MockPWMPin

from facepacer.config import BuzzerConfig
from facepacer.engine.cues import STYLES, signature
from facepacer.engine.events import CUES
from facepacer.errors import HardwareError
from facepacer.hardware.buzzer import CueBuzzer, RecordingBuzzer, duty_for, night_at

CONFIG = BuzzerConfig()


@pytest.fixture
def pins():
    return MockFactory(pin_class=MockPWMPin)


def sounding(pin):
    """(frequency, duty) on the pin, or None when silent."""
    if pin.frequency is None or pin.state == 0:
        return None
    return (round(pin.frequency, 2), round(pin.state, 4))


@pytest.mark.parametrize("cue", CUES)
def test_each_cue_plays_its_pattern_note_by_note_on_the_pwm_pin(pins, cue):
    buzzer = CueBuzzer(CONFIG, pin_factory=pins)
    pin = pins.pin(CONFIG.pin)
    start = 100.0
    buzzer.play(cue, start)
    t = start
    for note in STYLES[cue].notes:
        buzzer.update(t)
        expected = None if note.freq is None else (note.freq, 0.5)
        assert sounding(pin) == expected, f"{cue} at +{t - start:.3f} s"
        t += note.seconds
    buzzer.update(t)
    assert sounding(pin) is None
    assert buzzer.next_deadline() is None
    assert buzzer.played == [(start, cue)]


def test_notes_change_at_their_scheduled_times_not_when_update_runs(pins):
    buzzer = RecordingBuzzer(CONFIG)
    buzzer.play("start", 10.0)
    buzzer.update(10.13)  # late for the rest at 10.08 and the note at 10.12
    buzzer.update(10.5)
    assert [(round(t, 6), f) for t, f, _ in buzzer.tones] == [
        (10.0, 880),
        (10.12, 1175),
        (10.38, None),
    ]


def test_next_deadline_is_the_end_of_the_sounding_note():
    buzzer = RecordingBuzzer(CONFIG)
    assert buzzer.next_deadline() is None
    buzzer.play("zone", 5.0)
    assert buzzer.next_deadline() == pytest.approx(5.12)
    buzzer.update(5.12)
    assert buzzer.next_deadline() == pytest.approx(5.18)


def test_a_stroke_tick_arriving_while_a_pattern_plays_is_dropped():
    buzzer = RecordingBuzzer(CONFIG)
    buzzer.play("zone", 1.0)
    assert buzzer.play("stroke", 1.1) is False
    buzzer.update(5.0)
    assert buzzer.played == [(1.0, "zone")]
    assert buzzer.dropped == [(1.1, "stroke")]


def test_other_cues_queue_and_start_after_a_short_gap():
    buzzer = RecordingBuzzer(CONFIG)
    buzzer.play("zone", 1.0)
    buzzer.play("countdown", 1.1)
    buzzer.update(5.0)
    # The zone pattern lasts 0.3 s (two 0.12 s notes around a 0.06 s rest); README: the next cue
    # starts 50 ms after it ends
    assert buzzer.played == [(1.0, "zone"), (pytest.approx(1.35), "countdown")]


def test_a_full_queue_gives_way_to_the_newest_cue():
    buzzer = RecordingBuzzer(CONFIG)
    for i, cue in enumerate(["finish", "side", "pause", "resume", "error"]):
        buzzer.play(cue, 1.0 + i * 0.01)
    buzzer.update(10.0)
    assert [cue for _, cue in buzzer.played] == ["finish", "pause", "resume", "error"]
    assert [cue for _, cue in buzzer.dropped] == ["side"]


def test_night_mode_drops_stroke_ticks_and_lowers_the_volume(pins):
    buzzer = CueBuzzer(CONFIG, pin_factory=pins)
    pin = pins.pin(CONFIG.pin)
    buzzer.set_night(True)
    assert buzzer.play("stroke", 1.0) is False
    buzzer.play("zone", 2.0)
    assert sounding(pin) == (1047, round(math.asin(0.3) / math.pi, 4))


def test_the_reminder_sounds_by_day_and_stays_silent_in_night_hours(pins):
    buzzer = CueBuzzer(CONFIG, pin_factory=pins)
    pin = pins.pin(CONFIG.pin)
    buzzer.set_night(True)
    assert buzzer.play("reminder", 1.0) is False
    assert sounding(pin) is None
    buzzer.set_night(False)
    assert buzzer.play("reminder", 2.0) is True
    assert sounding(pin)[0] == 784
    assert [cue for _, cue in buzzer.played] == ["reminder"]


def test_volume_scales_the_duty_so_loudness_scales_linearly(pins):
    buzzer = CueBuzzer(replace(CONFIG, volume=0.5), pin_factory=pins)
    buzzer.play("countdown", 1.0)
    assert sounding(pins.pin(CONFIG.pin)) == (1319, round(1 / 6, 4))  # asin(0.5) = pi / 6
    assert duty_for(1.0) == 0.5
    assert duty_for(0.0) == 0.0


def test_muted_nothing_sounds_and_muting_mid_pattern_silences_at_once(pins):
    buzzer = CueBuzzer(CONFIG, pin_factory=pins)
    pin = pins.pin(CONFIG.pin)
    buzzer.play("finish", 1.0)
    assert sounding(pin) == (1047, 0.5)
    buzzer.mute = True
    assert sounding(pin) is None
    assert buzzer.play("zone", 2.0) is False
    assert buzzer.next_deadline() is None
    buzzer.mute = False
    buzzer.play("zone", 3.0)
    assert sounding(pin) == (1047, 0.5)


def test_a_muted_config_starts_silent():
    buzzer = RecordingBuzzer(replace(CONFIG, mute=True))
    assert buzzer.mute
    assert buzzer.play("start", 0.0) is False
    assert buzzer.tones == []


def test_the_tonal_range_holds_every_pitch_of_every_pattern(pins):
    buzzer = CueBuzzer(CONFIG, pin_factory=pins)
    pitches = [n.freq for style in STYLES.values() for n in style.notes if n.freq]
    assert buzzer.device.min_tone.frequency <= min(pitches)
    assert max(pitches) <= buzzer.device.max_tone.frequency


def test_an_active_buzzer_plays_the_rhythm_as_on_and_off(pins):
    buzzer = CueBuzzer(replace(CONFIG, active=True), pin_factory=pins)
    pin = pins.pin(CONFIG.pin)
    buzzer.play("zone", 0.0)
    states = []
    for t in (0.0, 0.12, 0.18, 0.30):
        buzzer.update(t)
        states.append(pin.state)
    assert states == [1, 0, 1, 0]


def test_a_pin_that_cannot_do_pwm_is_a_hardware_error_naming_it():
    with pytest.raises(HardwareError, match="cannot drive the buzzer on GPIO18: .*python3-lgpio"):
        CueBuzzer(CONFIG, pin_factory=MockFactory())  # plain mock pins have no PWM


def test_closing_releases_the_pin(pins):
    CueBuzzer(CONFIG, pin_factory=pins).close()
    CueBuzzer(CONFIG, pin_factory=pins).close()  # would raise if the pin were still reserved


def test_an_unknown_cue_is_a_value_error_listing_the_cues():
    with pytest.raises(ValueError, match="no buzzer pattern for cue 'beep'; cues: start, zone"):
        RecordingBuzzer().play("beep", 0.0)


@pytest.mark.parametrize("field, value", [("volume", 1.5), ("night_volume", -0.1)])
def test_volumes_outside_0_to_1_are_value_errors(field, value):
    with pytest.raises(ValueError, match=f"buzzer {field} must be between 0 and 1, got {value}"):
        RecordingBuzzer(replace(CONFIG, **{field: value}))


@pytest.mark.parametrize(
    "wall, night",
    [("21:59", False), ("22:00", True), ("23:30", True), ("03:00", True), ("07:00", False)],
)
def test_night_spans_midnight(wall, night):
    hours, minutes = map(int, wall.split(":"))
    assert night_at(CONFIG, clock_time(hours, minutes)) is night


def test_a_daytime_night_window_and_no_window_work_too():
    nap = replace(CONFIG, night_start="13:00", night_end="14:00")
    assert night_at(nap, clock_time(13, 30))
    assert not night_at(nap, clock_time(14, 0))
    assert not night_at(replace(CONFIG, night_start=None), clock_time(23, 0))


def test_a_night_time_that_is_not_hh_mm_is_a_value_error_quoting_it():
    with pytest.raises(ValueError, match="HH:MM .*got '10pm'"):
        RecordingBuzzer(replace(CONFIG, night_start="10pm"))


def test_the_recording_buzzer_feeds_its_sink():
    heard = []
    buzzer = RecordingBuzzer(CONFIG, sink=lambda t, f, v: heard.append((round(t, 6), f, v)))
    buzzer.play("stroke", 2.0)
    buzzer.update(2.1)
    assert heard == [(2.0, 1568, 1.0), (2.03, None, 1.0)]


def test_no_two_cues_sound_alike_to_an_ear_without_perfect_pitch():
    shapes = {cue: signature(cue) for cue in CUES}
    assert len(set(shapes.values())) == len(CUES), shapes


def test_a_queued_pattern_waits_out_its_gap_on_the_pin_before_its_first_note(pins):
    buzzer = CueBuzzer(CONFIG, pin_factory=pins)
    pin = pins.pin(CONFIG.pin)
    buzzer.play("stroke", 1.0)
    buzzer.play("countdown", 1.01)
    buzzer.update(1.03)  # the tick is over; the countdown starts 0.05 s later
    assert sounding(pin) is None
    assert buzzer.next_deadline() == pytest.approx(1.08)
    buzzer.update(1.08)
    assert sounding(pin) == (1319, 0.5)


def follow(buzzer, until):
    """Update the buzzer at each of its deadlines, as the loop does, up to ``until``."""
    while buzzer.next_deadline() is not None and buzzer.next_deadline() <= until:
        buzzer.update(buzzer.next_deadline())


def test_listeners_hear_when_each_cue_starts_at_what_volumes_or_that_it_was_dropped():
    heard = []
    buzzer = RecordingBuzzer(CONFIG)
    buzzer.listen(heard.append)
    buzzer.duck(1.0, 1.15)  # the voice speaks over the zone's first beep only
    buzzer.play("zone", 1.0)
    buzzer.play("stroke", 1.0)
    buzzer.play("countdown", 1.1)
    follow(buzzer, 5.0)
    assert [(s.cue, s.asked, s.start and round(s.start, 6), s.gains) for s in heard] == [
        ("zone", 1.0, 1.0, (0.4, 0.4, 1.0)),
        ("stroke", 1.0, None, ()),
        ("countdown", 1.1, 1.35, (1.0, 1.0, 1.0)),
    ]


def test_night_gains_are_the_night_volume_and_ducking_is_40_percent_of_it():
    heard = []
    buzzer = RecordingBuzzer(CONFIG)
    buzzer.listen(heard.append)
    buzzer.set_night(True)
    buzzer.play("countdown", 1.0)
    buzzer.duck(2.0, 3.0)
    buzzer.play("countdown", 2.0)
    assert [s.gains for s in heard] == [(0.3, 0.3, 0.3), (pytest.approx(0.12),) * 3]


def test_muting_drops_the_cues_still_waiting_and_says_so():
    heard = []
    buzzer = RecordingBuzzer(CONFIG)
    buzzer.listen(heard.append)
    buzzer.play("finish", 1.0)
    buzzer.play("side", 1.1)
    buzzer.set_mute(True, 1.2)
    assert [(s.cue, s.start) for s in heard] == [("finish", 1.0), ("side", None)]
    assert buzzer.next_deadline() is None


def test_a_pattern_begun_late_says_it_was_heard_when_the_loop_came_not_when_it_was_due():
    heard = []
    buzzer = RecordingBuzzer(CONFIG)
    buzzer.listen(heard.append)
    buzzer.play("zone", 1.0)
    buzzer.play("side", 1.0)  # due at 1.35, after the zone and its gap
    buzzer.update(1.37)
    assert [(s.cue, round(s.start, 6)) for s in heard] == [("zone", 1.0), ("side", 1.37)]
    assert [(cue, round(t, 6)) for t, cue in buzzer.played] == [("zone", 1.0), ("side", 1.35)]
