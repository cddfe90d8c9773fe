"""The calibration screen through the loop: the emulated chip's readings, scripted taps through
the real driver and pad, the thresholds saved and used at once."""

from __future__ import annotations

from facepacer.app.loop import App
from facepacer.app.script import parse_script
from facepacer.app.wiring import Wiring
from facepacer.clock import VirtualClock
from facepacer.config import Config
from facepacer.engine import snapshot as S
from facepacer.engine.device import Device
from facepacer.hardware.buzzer import RecordingBuzzer
from facepacer.hardware.parts import build_sim

from ..engine.helpers import ritual, step

SCRIPT = """\
1 hold 1.5    # home -> picker
3 tap         # History
4 tap         # Calibrate the pad
5 hold 1.2    # open it at 6.0, lift at 6.2: 1 s to settle, 3 s of quiet
11 tap
12 tap
13 tap
15 hold 1.5   # keep the proposal
19 quit
"""


def run(script: str, problem=None):
    clock = VirtualClock()
    config = Config()
    hardware = build_sim(config, buzzer=RecordingBuzzer(config.buzzer), clock=clock.now)
    device = Device([ritual(step(10))], clock.now())
    device.pad_electrodes = (0,)
    saved = []

    def save(touch, release):
        saved.append((touch, release))
        return problem

    wiring = Wiring(clock=clock, device=device, pad=hardware.pad, buzzer=hardware.buzzer,
                    touch=hardware.chip, script=parse_script(script), stepped=clock,
                    thresholds=save)  # fmt: skip
    App(wiring).run()
    return device, hardware, saved


def test_the_device_calibrates_from_the_picker_and_uses_the_thresholds_at_once():
    device, hardware, saved = run(SCRIPT)
    assert saved == [(30, 15)]
    assert device.screen == S.HOME
    assert (hardware.pad.config.touch_threshold, hardware.pad.config.release_threshold) == (30, 15)
    assert list(hardware.chip.registers(0x41, 4)) == [30, 15, 30, 15]  # in the chip too
    hardware.chip.power_cycle()
    hardware.sensors()  # a chip set up again after a restart keeps them
    assert list(hardware.chip.registers(0x41, 2)) == [30, 15]


def test_leaving_the_proposal_with_a_tap_saves_nothing():
    device, hardware, saved = run(SCRIPT.replace("15 hold 1.5", "15 tap"))
    assert saved == [] and device.screen == S.HOME
    assert hardware.pad.config.touch_threshold == 12


def test_thresholds_that_could_not_be_saved_are_said_on_the_screen_and_still_used():
    problem = "thresholds not saved: c.yaml:2:9: 'sensor' is a flow mapping"
    device, hardware, saved = run(SCRIPT, problem=problem)
    assert saved == [(30, 15)] and device.screen == S.HOME
    assert device.notices == (problem,)
    assert hardware.pad.config.touch_threshold == 30
