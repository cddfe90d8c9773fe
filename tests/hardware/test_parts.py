"""The assembled hardware: the simulator's parts run the real driver; the Pi's report what is
missing instead of failing."""

from __future__ import annotations

from dataclasses import replace

from gpiozero.pins.mock import MockFactory, MockPWMPin

from facepacer.config import Config, SensorConfig
from facepacer.engine.events import PRESS, TAP
from facepacer.hardware.buzzer import RecordingBuzzer
from facepacer.hardware.parts import build_real, build_sim

from .helpers import kinds


def test_sim_parts_turn_a_finger_on_the_emulated_chip_into_a_tap_and_a_cue_into_a_tone():
    now = [0.0]
    hardware = build_sim(Config(), clock=lambda: now[0])
    pad, chip = hardware.pad, hardware.chip
    pad.poll(0.0)
    now[0] = 1.0
    chip.set_touched(0, True)
    now[0] = chip.next_change()  # the loop wakes when the chip has confirmed the touch
    chip.sync()
    gestures = pad.poll(now[0]) + pad.poll(1.023)
    now[0] = 1.2
    chip.set_touched(0, False)
    now[0] = chip.next_change()
    chip.sync()
    gestures += pad.poll(now[0])
    assert kinds(gestures) == [(PRESS, 1.023), (TAP, 1.203)]
    assert pad.using_irq
    hardware.buzzer.play("zone", 2.0)
    assert hardware.pin_factory.pin(18).frequency == 1047
    hardware.close()
    assert hardware.pin_factory.pin(18).frequency is None


def test_sim_parts_accept_a_recording_buzzer():
    buzzer = RecordingBuzzer()
    hardware = build_sim(Config(), buzzer=buzzer)
    hardware.buzzer.play("stroke", 0.0)
    assert buzzer.tones[0][:2] == (0.0, 1568)


def test_real_parts_without_an_i2c_bus_run_and_say_how_to_enable_it():
    config = replace(Config(), sensor=SensorConfig(bus=250))
    hardware = build_real(config, pin_factory=MockFactory(pin_class=MockPWMPin))
    assert hardware.pad.poll(0.0) == []
    assert hardware.pad.status.message == (
        "I2C bus 250 is not available (/dev/i2c-250 missing): enable I2C with "
        "`sudo raspi-config nonint do_i2c 0` and reboot"
    )
    assert hardware.problems == []
    hardware.close()


def test_real_parts_with_a_buzzer_pin_that_cannot_pwm_keep_going_silently_and_say_so():
    config = replace(Config(), sensor=SensorConfig(bus=250))
    hardware = build_real(config, pin_factory=MockFactory())  # no PWM on plain mock pins
    assert isinstance(hardware.buzzer, RecordingBuzzer)
    assert hardware.problems[0].startswith("cannot drive the buzzer on GPIO18:")
    hardware.close()
