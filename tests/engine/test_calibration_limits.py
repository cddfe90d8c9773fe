"""The calibration's measurement at its edges, with its defaults (README: a second for the finger
to lift, 3 seconds of quiet, three taps, 5 seconds without a reading give up): noise read on
both sides of the untouched level and on every electrode in use, a tap's gap to the noise on
both sides of the least that can be told apart."""

from __future__ import annotations

import pytest

from facepacer.engine.calibration import Calibration, CalibrationFlow, Phase

from ..hardware.test_calibrate import feed


def quiet(calibration, values, start=0.0):
    """Readings every 20 ms through the second of settling and the 3 s of quiet; ``values``
    gives electrode -> reading for sample ``i``."""
    t, i = start, 0
    while calibration.phase is Phase.QUIET and t < start + 10:
        calibration.feed(t, values(i))
        t, i = t + 0.02, i + 1
    return t


def taps(calibration, t, *depths):
    for depth in depths:
        t = feed(calibration, t, 0.2, 700, pad_value=lambda _, depth=depth: 700 - depth)
        t = feed(calibration, t, 0.3, 700)
    return t


@pytest.mark.parametrize("odd", [690, 710])
def test_noise_counts_a_dip_and_a_spike_alike(odd):
    calibration = Calibration([0])
    quiet(calibration, lambda i: {0: odd if i == 100 else 700})
    assert calibration.noise == {0: 10}


def test_the_noise_is_the_worst_of_the_electrodes_in_use():
    calibration = Calibration([0, 3])
    t = quiet(calibration, lambda i: {0: 700, 3: 692 if i == 90 else 700})
    assert calibration.noise == {0: 0, 3: 8}
    taps(calibration, t, 40, 40, 40)
    proposal = calibration.proposal()
    assert (proposal.noise, proposal.touch, proposal.release) == (8, 24, 16)


def test_the_first_second_is_left_for_the_finger_to_lift_and_the_quiet_lasts_3_seconds():
    calibration = Calibration([0])
    calibration.feed(0.0, {0: 600})  # the finger that chose it, still on the pad
    calibration.feed(0.98, {0: 600})
    t = 1.0
    while t < 3.99:
        calibration.feed(t, {0: 700})
        t += 0.02
    assert calibration.phase is Phase.QUIET
    calibration.feed(4.0, {0: 700})
    assert calibration.phase is Phase.TAPS and calibration.noise == {0: 0}
    assert calibration.level == {0: 700.0}


@pytest.mark.parametrize("weakest, phase", [(7, Phase.FAILED), (8, Phase.DONE), (9, Phase.DONE)])
def test_the_weakest_tap_must_clear_the_noise_by_6_counts(weakest, phase):
    calibration = Calibration([0])
    t = quiet(calibration, lambda i: {0: 702 if i == 80 else 700})
    assert calibration.noise == {0: 2}
    taps(calibration, t, 40, weakest, 40)
    assert calibration.phase is phase


def test_three_taps_make_the_proposal_and_two_do_not():
    calibration = Calibration([0])
    t = quiet(calibration, lambda i: {0: 700})
    t = taps(calibration, t, 30, 30)
    assert calibration.phase is Phase.TAPS and str(calibration.prompt(t)) == (
        "Now tap the pad 1 more time"
    )
    taps(calibration, t, 30)
    assert calibration.phase is Phase.DONE
    proposal = calibration.proposal()
    assert (proposal.touch, proposal.release) == (15, 7)  # halfway to 30, halfway to that


def test_the_measurement_gives_up_5_seconds_after_the_last_reading_and_not_before():
    flow = CalibrationFlow([0], 10.0)
    flow.feed(10.0, {0: 700})
    flow.feed(12.0, {0: 700})
    flow.expire(16.99)
    assert flow.wants_readings
    flow.expire(17.0)
    assert flow.calibration.phase is Phase.FAILED
    assert str(flow.calibration.problem) == (
        "no readings from the touch sensor for 5 s; check its wire"
    )


def test_an_answer_counts_only_a_second_after_the_measurement_ended():
    flow = CalibrationFlow([0], 0.0)
    t = quiet(flow.calibration, lambda i: {0: 700})
    flow.feed(t, {0: 700})
    for depth in (30, 30, 30):
        for value, length in ((700 - depth, 0.2), (700, 0.3)):
            end = t + length
            while t < end - 1e-9:
                flow.feed(t, {0: value})
                t += 0.02
    assert flow.calibration.phase is Phase.DONE and not flow.wants_readings
    ended = flow._ended_at
    assert flow.answer("hold", ended + 0.99) == []
    (chosen,) = flow.answer("hold", ended + 1.0)
    assert (chosen.touch, chosen.release) == (15, 7)
    assert flow.answer("tap", ended + 1.0) is None
