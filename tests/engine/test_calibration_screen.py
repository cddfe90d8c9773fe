"""The calibration screen from the picker: no keyboard needed at the mirror."""

from __future__ import annotations

from facepacer import i18n
from facepacer.engine import snapshot as S
from facepacer.engine.calibration import ThresholdsChosen
from facepacer.engine.device import CALIBRATE_LABEL, Device
from facepacer.engine.events import TAP, Gesture

from .helpers import hold, ritual, step, tap


def open_calibration(t: float = 0.0) -> Device:
    device = Device([ritual(step(10))], t)
    device.pad_electrodes = (0, 2)
    hold(device, t)  # home -> picker
    tap(device, t + 2)  # History
    tap(device, t + 3)  # Calibrate the pad
    assert device.menu[device.highlighted] == CALIBRATE_LABEL
    hold(device, t + 4)
    assert device.screen == S.CALIBRATE and device.wants_readings
    return device


def measure(device: Device, start: float, *, tap_depth: int = 40) -> float:
    """1 s to settle and 3 s untouched at 700, then three taps on electrode 0; returns the time
    it ended."""
    t = start
    while device.wants_readings and t < start + 60:
        into = t - start
        pad = 700
        if into > 4.2 and (into - 4.2) % 1.0 < 0.3:
            pad -= tap_depth
        device.feed_readings(t, {0: pad, 2: 700})
        t += 0.02
    return t


def test_the_picker_opens_the_calibration_which_asks_for_quiet_then_taps():
    device = open_calibration()
    assert str(device.snapshot(5.0).calibrate_text).startswith("Do not touch the pad")
    device.feed_readings(5.0, {0: 700, 2: 700})  # ignored: the finger may still be lifting
    device.feed_readings(6.0, {0: 700, 2: 700})
    device.feed_readings(9.1, {0: 700, 2: 700})
    shown = device.snapshot(9.1)
    assert str(shown.calibrate_text) == "Now tap the pad 3 more times"
    assert str(shown.calibrate_hint) == "tap as you would in a ritual"


def test_hold_keeps_the_proposal_and_goes_home():
    device = open_calibration()
    ended = measure(device, 5.0)
    shown = device.snapshot(ended)
    assert str(shown.calibrate_text) == "Touch 20, release 10 (noise 0, tap 40)"
    assert str(shown.calibrate_hint) == "hold: save and use \u00b7 tap: leave as it was"
    assert device.gesture(Gesture(TAP, ended + 0.2)) == []  # the last tap's own release
    assert device.screen == S.CALIBRATE
    out = hold(device, ended + 2)
    assert out == [ThresholdsChosen(20, 10, ended + 3)]
    assert device.screen == S.HOME and device.calibrating is None


def test_tap_leaves_the_thresholds_as_they_were():
    device = open_calibration()
    ended = measure(device, 5.0)
    assert tap(device, ended + 2) == []
    assert device.screen == S.HOME


def test_a_failed_calibration_says_why_and_a_tap_goes_home():
    device = open_calibration()
    ended = measure(device, 5.0, tap_depth=3)  # taps lost in the noise
    shown = device.snapshot(ended)
    assert str(shown.calibrate_text).startswith("Calibration failed: 0 of 3 taps on electrode 0")
    assert str(shown.calibrate_hint) == "tap: back"
    tap(device, ended + 2)
    assert device.screen == S.HOME


def test_the_result_left_alone_goes_home_after_a_minute_but_not_while_measuring():
    device = open_calibration()
    assert device.deadline(5.0) == 10.0  # measuring: readings move it on, or 5 s without any
    for t in range(5, 29):  # a reading a second keeps it measuring; the taps' 20 s not over
        device.feed_readings(float(t), {0: 700, 2: 700})
        device.advance(float(t))
    assert device.screen == S.CALIBRATE and device.wants_readings
    device = open_calibration(70.0)
    ended = measure(device, 75.0)
    assert device.deadline(ended) is not None
    device.advance(ended + 61.0)  # README: home a minute after the last touch
    assert device.screen == S.HOME


def test_the_calibrations_words_leave_the_engine_untranslated_and_the_view_says_them():
    german = i18n.load("de_DE")
    device = open_calibration()
    ended = measure(device, 4.0, tap_depth=2)  # no tap found: the failure nests its reason
    shown = device.snapshot(ended)
    assert shown.calibrate_text.text == "Calibration failed: {problem}"
    assert shown.calibrate_text.said(german).startswith(
        "Kalibrierung fehlgeschlagen: 0 von 3 Tipps auf Elektrode 0"
    )
    assert shown.calibrate_hint.said(german) == "Tippen: zurück"
