"""What the calibration counts as a tap and what it proposes at the far ends of the range: a
tap must pass the detection level (twice the noise and 2 more, at least 4 counts), ends once it
falls below half of it, and must come within 20 s; the touch threshold never passes 255 (README:
1-255) and the release threshold stays below it (0-254)."""

from __future__ import annotations

import io

import pytest

from facepacer.cli.calibrate import report
from facepacer.engine import snapshot as S
from facepacer.engine.calibration import Calibration, CalibrationFlow, Phase
from facepacer.engine.device import CALIBRATE_LABEL, Device
from facepacer.engine.events import BACK, TAP, Gesture

from .helpers import hold, ritual, step, tap
from .test_calibration_limits import quiet, taps


def dips(calibration, t, *values):
    """Each pad value of ``values`` held for 0.1 s (the untouched level is 700)."""
    for value in values:
        end = t + 0.1
        while t < end - 1e-9:
            calibration.feed(t, {e: 700 for e in calibration.electrodes} | {calibration.pad: value})
            t += 0.02
    return t


@pytest.mark.parametrize("noise, counts", [(0, 4), (1, 4), (2, 6), (5, 12)])
def test_a_failed_tap_count_names_the_counts_a_tap_must_pass(noise, counts):
    calibration = Calibration([0], tap_seconds=2.0)
    t = quiet(calibration, lambda i: {0: 700 + noise if i == 80 else 700})
    assert calibration.noise == {0: noise}
    dips(calibration, t, *[700] * 25)
    assert calibration.phase is Phase.FAILED
    assert f"a tap must move it by more than {counts} counts" in str(calibration.problem)


@pytest.mark.parametrize("depth, counted", [(3, 0), (4, 0), (5, 1), (6, 1)])
def test_a_tap_must_pull_the_pad_past_4_counts_on_a_quiet_pad(depth, counted):
    calibration = Calibration([0])
    t = quiet(calibration, lambda i: {0: 700})
    dips(calibration, t, 700 - depth, 700 - depth, 700, 700)
    assert len(calibration.taps) == counted


@pytest.mark.parametrize("depth, counted", [(6, 0), (7, 1)])
def test_on_a_pad_with_2_counts_of_noise_a_tap_must_pass_6(depth, counted):
    calibration = Calibration([0])
    t = quiet(calibration, lambda i: {0: 702 if i == 80 else 700})
    dips(calibration, t, 700 - depth, 700 - depth, 700, 700)
    assert len(calibration.taps) == counted


@pytest.mark.parametrize("between, counted", [(3, [30]), (2, [30]), (1, [30, 30])])
def test_a_tap_lasts_until_the_pad_comes_back_below_half_the_detection_level(between, counted):
    calibration = Calibration([0])
    t = quiet(calibration, lambda i: {0: 700})
    dips(calibration, t, 670, 700 - between, 670, 700)  # detection at 4: half of it is 2
    assert calibration.taps == counted


def test_the_taps_must_come_within_20_seconds_of_the_quiet_ending():
    calibration = Calibration([0])
    t = quiet(calibration, lambda i: {0: 700})
    began = calibration.phase_at
    taps(calibration, t, 30, 30)
    calibration.feed(began + 19.98, {0: 700})
    assert calibration.phase is Phase.TAPS
    calibration.feed(began + 20.0, {0: 700})
    assert calibration.phase is Phase.FAILED
    assert str(calibration.problem).startswith("2 of 3 taps on electrode 0 in 20 s")


@pytest.mark.parametrize("weakest, touch", [(507, 254), (509, 255), (511, 255), (600, 255)])
def test_the_touch_threshold_never_passes_255(weakest, touch):
    calibration = Calibration([0])
    t = quiet(calibration, lambda i: {0: 700})
    taps(calibration, t, weakest, weakest, weakest)
    proposal = calibration.proposal()
    assert (proposal.touch, proposal.release) == (touch, touch // 2)


def test_on_a_pad_noisier_than_any_threshold_the_release_stays_below_the_touch():
    calibration = Calibration([0])
    t = quiet(calibration, lambda i: {0: 960 if i % 2 else 440})  # 260 counts either side
    assert calibration.noise[0] > 254  # more than any release threshold may be
    taps(calibration, t, 600, 600, 600)
    proposal = calibration.proposal()
    assert (proposal.touch, proposal.release) == (255, 254)


def test_a_tap_that_ends_the_failed_screen_counts_a_second_after_the_readings_stopped():
    flow = CalibrationFlow([0], 10.0)
    flow.feed(10.0, {0: 700})
    flow.expire(18.5)  # looked at late: the readings stopped at 10.0, so it failed at 15.0
    assert flow.calibration.phase is Phase.FAILED
    assert flow.answer(TAP, 18.5) is None


def test_the_report_names_the_weakest_tap_and_each_electrodes_noise():
    calibration = Calibration([0, 3])
    t = quiet(calibration, lambda i: {0: 700, 3: 650})
    taps(calibration, t, 40, 30, 50)
    out = io.StringIO()
    report(calibration, out)
    assert out.getvalue() == (
        "  electrode 0 (pad): untouched 700, noise 0, weakest tap 30\n"
        "  electrode 3 (role): untouched 650, noise 0\n"
    )


def test_the_screen_measures_the_noise_of_every_electrode_in_use():
    device = Device([ritual(step(10))], 0.0)
    device.pad_electrodes = (0, 3)
    hold(device, 0.0)  # home -> picker
    tap(device, 2.0)
    tap(device, 3.0)
    assert device.menu[device.highlighted] == CALIBRATE_LABEL
    hold(device, 4.0)
    t, n = 5.0, 0
    while device.wants_readings and t < 60:
        into = t - 5.0
        pad = 660 if into > 4.2 and (into - 4.2) % 1.0 < 0.3 else 700
        device.feed_readings(t, {0: pad, 3: 692 if n == 100 else 700})
        t, n = t + 0.02, n + 1
    assert str(device.snapshot(t).calibrate_text) == "Touch 24, release 16 (noise 8, tap 40)"


def test_the_quiet_counts_its_seconds_down():
    calibration = Calibration([0])
    assert str(calibration.prompt(0.0)) == "Do not touch the pad: measuring the noise, 3 s"
    calibration.feed(0.0, {0: 700})
    calibration.feed(2.0, {0: 700})  # a second into the quiet
    assert str(calibration.prompt(2.0)) == "Do not touch the pad: measuring the noise, 2 s"
    calibration.feed(3.4, {0: 700})
    assert str(calibration.prompt(3.4)) == "Do not touch the pad: measuring the noise, 1 s"


def test_the_reading_a_second_after_the_start_is_the_quiets_first():
    calibration = Calibration([0])
    calibration.feed(0.0, {0: 600})
    calibration.feed(0.98, {0: 600})  # still the finger that chose it
    calibration.feed(1.0, {0: 690})
    t = 1.02
    while calibration.phase is Phase.QUIET:
        calibration.feed(t, {0: 700})
        t += 0.02
    assert calibration.noise == {0: 10}


def test_the_back_electrode_leaves_the_proposal_without_saving_it():
    device = Device([ritual(step(10))], 0.0)
    device.pad_electrodes = (0,)
    hold(device, 0.0)  # home -> picker
    tap(device, 2.0)
    tap(device, 3.0)
    hold(device, 4.0)
    t = 5.0
    while device.wants_readings and t < 60:
        into = t - 5.0
        pad = 660 if into > 4.2 and (into - 4.2) % 1.0 < 0.3 else 700
        device.feed_readings(t, {0: pad})
        t += 0.02
    assert device.screen == S.CALIBRATE
    assert device.gesture(Gesture(BACK, t + 0.5)) == []  # before the answer counts
    assert device.screen == S.CALIBRATE
    assert device.gesture(Gesture(BACK, t + 1.5)) == []
    assert device.screen == S.HOME and device.calibrating is None
