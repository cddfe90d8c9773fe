"""Small builders for the hardware tests: a register-array bus, an emulated pad, a virtual loop."""

from __future__ import annotations

import errno
from typing import Callable, Dict, List, Optional, Tuple

from gpiozero.pins.mock import MockFactory, MockPWMPin

from facepacer.config import SensorConfig
from facepacer.engine.events import Gesture
from facepacer.hardware.electrodes import Electrode
from facepacer.hardware.emulated import EmulatedMPR121
from facepacer.hardware.mpr121 import MPR121
from facepacer.hardware.pad import Pad
from facepacer.hardware.parts import sensor_options


class RegisterBus:
    """The plainest bus: 256 registers at one address, for words the emulated chip never makes."""

    def __init__(self, address: int = 0x5A, **values: int):
        self.address = address
        self.regs = bytearray(256)
        for name, value in values.items():
            self.regs[int(name[1:], 16)] = value  # r5d=0x24 sets register 0x5D

    def _check(self, address):
        if address != self.address:
            raise OSError(errno.EREMOTEIO, "Remote I/O error")

    def read_byte_data(self, address, register):
        self._check(address)
        return self.regs[register]

    def read_word_data(self, address, register):
        self._check(address)
        return self.regs[register] | self.regs[register + 1] << 8

    def read_i2c_block_data(self, address, register, length):
        self._check(address)
        return list(self.regs[register : register + length])

    def write_byte_data(self, address, register, value):
        self._check(address)
        self.regs[register] = value

    def write_i2c_block_data(self, address, register, data):
        self._check(address)
        self.regs[register : register + len(data)] = bytes(data)


class SimPad:
    """An emulated chip read by the real driver and pad, its IRQ on a gpiozero mock pin."""

    def __init__(
        self,
        config: Optional[SensorConfig] = None,
        *,
        retries: int = 1,
        wire_irq: bool = True,
        clock: Optional[Callable[[], float]] = None,
        electrodes: Optional[List[Electrode]] = None,
    ):
        self.config = config or SensorConfig()
        self.chip = EmulatedMPR121(self.config.address, clock=clock, electrodes=electrodes)
        self.pins = MockFactory(pin_class=MockPWMPin)
        self.retries = retries
        self.pad = Pad(self.make_sensor, config=self.config, pin_factory=self.pins, clock=clock)
        if wire_irq and self.config.irq_pin is not None:
            self.chip.attach_irq_pin(self.pins.pin(self.config.irq_pin))

    def make_sensor(self) -> MPR121:
        return MPR121(
            self.chip,
            self.config.address,
            bus_number=self.config.bus,
            touch_threshold=self.config.touch_threshold,
            release_threshold=self.config.release_threshold,
            retries=self.retries,
            **sensor_options(self.config, emulated=True),
        )


class VirtualLoop:
    """What the app loop does with a virtual clock: jump to the next deadline (the pad's, the
    chip's next status change) or scheduled event, apply the events due, poll the pad. The chip
    measures for the time that passes."""

    def __init__(self, sim: SimPad, start: float = 0.0):
        self.sim = sim
        self.now = start
        self.gestures: List[Gesture] = []
        self.events: List[Tuple[float, Callable[[], None]]] = []
        self.statuses: List[Tuple[float, object]] = []  # (t, PadStatus) at each change

    def at(self, t: float, action: Callable[[], None]) -> VirtualLoop:
        self.events.append((t, action))
        self.events.sort(key=lambda event: event[0])
        return self

    def press(self, t: float, electrode: int = 0) -> VirtualLoop:
        return self.at(t, lambda: self.sim.chip.set_touched(electrode, True))

    def release(self, t: float, electrode: int = 0) -> VirtualLoop:
        return self.at(t, lambda: self.sim.chip.set_touched(electrode, False))

    def tap(self, t: float, length: float = 0.1, electrode: int = 0) -> VirtualLoop:
        return self.press(t, electrode).release(t + length, electrode)

    def run(self, until: float) -> List[Gesture]:
        pad = self.sim.pad
        fired: List[Gesture] = []
        if not self.statuses:
            self._step(self.now, fired)
        while True:
            due = [t for t in (pad.next_deadline(), self.sim.chip.next_change()) if t is not None]
            if self.events:
                due.append(self.events[0][0])
            later = min(due) if due else until
            if later > until:
                break
            self._step(max(later, self.now), fired)
        self.sim.chip.advance(until - self.now)
        self.now = until
        self.gestures += fired
        return fired

    def _step(self, t: float, fired: List[Gesture]) -> None:
        self.sim.chip.advance(t - self.now)
        self.now = t
        while self.events and self.events[0][0] <= t:
            self.events.pop(0)[1]()
        fired += self.sim.pad.poll(t)
        status = self.sim.pad.status
        if not self.statuses or self.statuses[-1][1] != status:
            self.statuses.append((t, status))


# A touch or release shows in the chip's status after the driver's debounce: three samples in a
# row of 1 ms each agree (DEBOUNCE 0x22, ESI 1 ms).
LAG = 0.003


def settle(chip: EmulatedMPR121) -> None:
    """Let the chip measure long enough for a touch or release to show in its status."""
    chip.advance(LAG)


def kinds(gestures: List[Gesture]) -> List[Tuple[str, float]]:
    """Gestures as (kind, t) with t rounded to the microsecond, for readable assertions."""
    return [(g.kind, round(g.t, 6)) for g in gestures]


def registers(chip: EmulatedMPR121, start: int, count: int) -> List[int]:
    return list(chip.registers(start, count))


ERRNOS: Dict[str, int] = {
    "EIO": errno.EIO,
    "EREMOTEIO": errno.EREMOTEIO,
    "ETIMEDOUT": errno.ETIMEDOUT,
    "EAGAIN": errno.EAGAIN,
    "ENXIO": errno.ENXIO,
}
