"""Putting the hardware together: the real parts on a Pi, or the emulated ones for ``sim``, the
probe and the tests. Only the composition root (app, cli) calls these; the choice of mock parts
is always explicit, never a fallback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, List, Optional, Union

from facepacer.config import Config, SensorConfig
from facepacer.errors import HardwareError
from facepacer.hardware.bus import open_bus
from facepacer.hardware.buzzer import CueBuzzer, RecordingBuzzer
from facepacer.hardware.emulated import EmulatedMPR121
from facepacer.hardware.mpr121 import MPR121, Charge
from facepacer.hardware.pad import Pad

Buzzer = Union[CueBuzzer, RecordingBuzzer]


class SensorFactory:
    """Makes a ready MPR121 each time the pad asks: on ``bus`` if given (an emulated chip), else
    on the real bus ``config.bus``, opened at the first call and kept (a missing or forbidden
    ``/dev/i2c-N`` raises, so the pad shows it and retries)."""

    def __init__(self, config: SensorConfig, *, bus=None, opener: Callable = open_bus):
        self.config = config
        self.bus = bus
        self._opener = opener
        self._owned = False
        self.emulated = bus is not None  # an emulated chip settles at once: nothing to wait for

    def __call__(self) -> MPR121:
        if self.bus is None:
            self.bus = self._opener(self.config.bus)
            self._owned = True
        return MPR121(
            self.bus,
            self.config.address,
            bus_number=self.config.bus,
            touch_threshold=self.config.touch_threshold,
            release_threshold=self.config.release_threshold,
            **sensor_options(self.config, emulated=self.emulated),
        )

    def close(self) -> None:
        if self._owned and self.bus is not None:
            self.bus.close()
            self.bus, self._owned = None, False


def sensor_options(config: SensorConfig, *, emulated: bool) -> dict:
    """The driver's charge setting from ``config`` (None: auto-configuration); on an emulated
    bus no real time passes, so the driver does not sleep after its reset."""
    options: dict = {}
    if config.charge_current is not None and config.charge_time is not None:
        options["charge"] = Charge(config.charge_current, config.charge_time)
    if emulated:
        options["sleep"] = _no_wait
    return options


def _no_wait(seconds: float) -> None:
    """The emulated chip is ready at once after its reset."""


@dataclass
class Hardware:
    pad: Pad
    buzzer: Buzzer
    sensors: SensorFactory
    chip: Optional[EmulatedMPR121] = None  # in the simulator: set its electrodes to touch
    pin_factory: object = None
    problems: List[str] = field(default_factory=list)  # what works less well than it should

    def close(self) -> None:
        self.pad.close()
        self.buzzer.close()
        self.sensors.close()


def build_real(
    config: Config, *, pin_factory=None, clock: Optional[Callable[[], float]] = None
) -> Hardware:
    """The MPR121 on the I2C bus and the buzzer on GPIO, as configured. A buzzer that cannot be
    driven is replaced by a silent recording one and reported in ``problems``."""
    problems: List[str] = []
    try:
        buzzer: Buzzer = CueBuzzer(config.buzzer, pin_factory=pin_factory)
    except HardwareError as exc:
        problems.append(str(exc))
        buzzer = RecordingBuzzer(config.buzzer)
    sensors = SensorFactory(config.sensor)
    pad = Pad(sensors, config=config.sensor, pin_factory=pin_factory, clock=clock)
    if pad.irq_error:
        problems.append(pad.irq_error)
    return Hardware(pad, buzzer, sensors, pin_factory=pin_factory, problems=problems)


PIN_STATES_KEPT = 64  # a mock pin's recent states; gpiozero's own list grows by every change


def _recent_states_pin():
    """gpiozero's PWM-capable mock pin, keeping only its last ``PIN_STATES_KEPT`` states: the
    buzzer pin changes at every note, so over a day in the simulator the full history would
    grow by megabytes."""
    from collections import deque

    from gpiozero.pins.mock import MockPWMPin

    class RecentStatesPin(MockPWMPin):
        def clear_states(self):
            super().clear_states()
            self.states = deque(self.states, maxlen=PIN_STATES_KEPT)

    return RecentStatesPin


def build_sim(
    config: Config,
    *,
    buzzer: Optional[Buzzer] = None,
    clock: Optional[Callable[[], float]] = None,
) -> Hardware:
    """An emulated MPR121 read by the real driver and pad, and gpiozero's mock pins (PWM-capable)
    for the IRQ line and the buzzer. Pass ``buzzer`` to hear the cues (a ``RecordingBuzzer``
    with a speaker sink); by default it drives the mock PWM pin."""
    from gpiozero.pins.mock import MockFactory

    pin_factory = MockFactory(pin_class=_recent_states_pin())
    chip = EmulatedMPR121(config.sensor.address, clock=clock)
    sensors = SensorFactory(config.sensor, bus=chip)
    pad = Pad(sensors, config=config.sensor, pin_factory=pin_factory, clock=clock)
    if config.sensor.irq_pin is not None:
        chip.attach_irq_pin(pin_factory.pin(config.sensor.irq_pin))
    if buzzer is None:
        buzzer = CueBuzzer(config.buzzer, pin_factory=pin_factory)
    return Hardware(pad, buzzer, sensors, chip=chip, pin_factory=pin_factory)
