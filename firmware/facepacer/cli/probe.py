"""``facepacer probe``: find the MPR121 on I2C, show live electrode data, sound each cue.

The bench check after wiring: which addresses answer, whether the chip at the chosen one is an
MPR121, what each electrode reads (touch, filtered data, baseline, delta), and what every cue
sounds like. ``--sim`` runs the same against the emulated chip and gpiozero's mock pins.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Callable, List, Optional, TextIO

from facepacer.config import BuzzerConfig, SensorConfig
from facepacer.engine.events import CUES
from facepacer.errors import BusError, FacepacerError, HardwareError, SensorNotFound
from facepacer.hardware import mpr121
from facepacer.hardware.buzzer import CueBuzzer
from facepacer.hardware.patterns import PATTERNS, duration

REFRESH = 0.1  # seconds between table refreshes
CUE_GAP = 0.8  # seconds of silence between two cues, so each is heard on its own
SIM_TAP_EVERY, SIM_TAP_LENGTH = 2.0, 0.5  # the simulated finger taps the pad electrode
HOME_CLEAR = "\x1b[H\x1b[2J"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "probe",
        help="find the touch sensor on I2C, show live electrode data, sound each cue",
        description=(
            "Scan the I2C bus for an MPR121 (0x5a-0x5d), check and start the one at --address, "
            "show each electrode's touch state, filtered data and baseline, and sound every cue "
            "pattern. Exit status: 0 sensor working, 1 a problem found (the message says what "
            "to do)."
        ),
    )
    parser.add_argument(
        "--sim",
        action="store_true",
        help="use an emulated MPR121 (its pad electrode tapped every 2 s) and mock GPIO pins",
    )
    parser.add_argument("--bus", type=int, default=SensorConfig.bus, help="I2C bus number (1)")
    parser.add_argument(
        "--address", type=_address, default=SensorConfig.address, help="sensor address (0x5a)"
    )
    parser.add_argument("--once", action="store_true", help="print one table and exit")
    parser.add_argument(
        "--seconds", type=float, default=None, help="stop after this long (default: Ctrl-C)"
    )
    parser.add_argument("--no-sound", action="store_true", help="do not sound the cues")
    parser.set_defaults(func=run)


def _address(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an address: {text!r} (try 0x5a)") from None
    if value not in mpr121.ADDRESSES:
        raise argparse.ArgumentTypeError(f"an MPR121 answers only at 0x5a-0x5d, not {text}")
    return value


def run(args: argparse.Namespace) -> int:
    return probe(args, out=sys.stdout, err=sys.stderr, clock=time.monotonic, sleep=time.sleep)


def probe(
    args: argparse.Namespace,
    *,
    out: TextIO,
    err: TextIO,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    bus=None,
    pin_factory=None,
) -> int:
    """The command, with its world passed in: tests give a fake clock and sleep, and may give
    their own ``bus`` (emulated chips) and ``pin_factory``."""
    chip = None
    if args.sim:
        from gpiozero.pins.mock import MockFactory, MockPWMPin

        from facepacer.hardware.emulated import EmulatedBus, EmulatedMPR121

        if bus is None:
            chip = EmulatedMPR121(args.address)
            bus = EmulatedBus(chip, number=args.bus)
        pin_factory = pin_factory or MockFactory(pin_class=MockPWMPin)
    label = " (emulated)" if args.sim else ""
    owned = None
    try:
        if bus is None:
            from facepacer.hardware.bus import open_bus

            bus = owned = open_bus(args.bus)
        answering = scan(bus, args.bus, label, out)
        sensor = _start_sensor(bus, args, answering, out, err)
        if sensor is None:
            return 1
        if args.once:
            _animate(chip, 0.0)
            out.write(table(sensor.readings()))
            return 0
        return _live(sensor, chip, args, pin_factory, out, err, clock, sleep)
    except FacepacerError as exc:
        err.write(f"facepacer probe: {exc}\n")
        return 1
    finally:
        if owned is not None:
            owned.close()


def scan(bus, bus_number: int, label: str, out: TextIO) -> List[int]:
    """Addresses 0x5a-0x5d that answer a read of CONFIG2 (harmless to any chip)."""
    out.write(f"I2C bus {bus_number}{label}: looking for an MPR121 at 0x5a-0x5d\n")
    answering = []
    for address in mpr121.ADDRESSES:
        try:
            value = bus.read_byte_data(address, mpr121.CONFIG2)
        except OSError as exc:
            quiet = exc.errno in mpr121.NO_ANSWER
            out.write(f"  0x{address:02x}  {'-' if quiet else f'error: {exc}'}\n")
            continue
        answering.append(address)
        out.write(f"  0x{address:02x}  answers, CONFIG2 (0x5D) = 0x{value:02x}\n")
    return answering


def _start_sensor(bus, args, answering: List[int], out: TextIO, err: TextIO):
    try:
        sensor = mpr121.MPR121(bus, args.address, bus_number=args.bus)
    except SensorNotFound as exc:
        others = [f"0x{a:02x}" for a in answering if a != args.address]
        hint = f"; something answers at {', '.join(others)}: try --address" if others else ""
        err.write(f"facepacer probe: {exc}{hint}\n")
        return None
    except (BusError, HardwareError) as exc:
        err.write(f"facepacer probe: {exc}\n")
        return None
    out.write(f"MPR121 at {sensor.where}: reset, identified, 12 electrodes running\n")
    return sensor


def table(readings: List[mpr121.Reading], pad: int = SensorConfig.pad) -> str:
    lines = ["electrode  role  touched  filtered  baseline  delta"]
    for r in readings:
        role = "pad" if r.electrode == pad else ""
        touched = "TOUCH" if r.touched else "-"
        lines.append(
            f"{r.electrode:>9}  {role:<4}  {touched:<7}  {r.filtered:>8}  {r.baseline:>8}  "
            f"{r.delta:>5}"
        )
    return "\n".join(lines) + "\n"


def describe(cue: str) -> str:
    """A pattern in words: ``1047 Hz 120 ms, rest 60 ms, 1047 Hz 120 ms``."""
    parts = []
    for note in PATTERNS[cue]:
        ms = f"{note.seconds * 1000:.0f} ms"
        parts.append(f"rest {ms}" if note.freq is None else f"{note.freq:.0f} Hz {ms}")
    return ", ".join(parts)


def _animate(chip, elapsed: float) -> None:
    if chip is not None:
        chip.set_touched(SensorConfig.pad, elapsed % SIM_TAP_EVERY < SIM_TAP_LENGTH)


class _Screen:
    """The live view: redrawn in place on a terminal; in a pipe or file, a table only when the
    touch state changes and a line per cue."""

    def __init__(self, out: TextIO):
        self.out = out
        self.tty = out.isatty()
        self._mask: Optional[int] = None
        self._problem: Optional[str] = None

    def cue(self, cue: str) -> None:
        if not self.tty:
            self.out.write(f"cue {cue:<10} {describe(cue)}\n")

    def frame(self, elapsed: float, readings, problem: Optional[str], sounding) -> None:
        if self.tty:
            body = table(readings) if readings else f"sensor: {problem}\n"
            status = f"cue: {sounding} ({describe(sounding)})" if sounding else "cue: -"
            self.out.write(f"{HOME_CLEAR}{body}{status}\nCtrl-C to stop\n")
        elif readings is None:
            if problem != self._problem:
                self.out.write(f"sensor: {problem}\n")
        else:
            mask = sum(r.touched << r.electrode for r in readings)
            if mask != self._mask:
                self.out.write(f"t={elapsed:.1f} s\n{table(readings)}")
                self._mask = mask
        self._problem = problem
        self.out.flush()


def _live(sensor, chip, args, pin_factory, out, err, clock, sleep) -> int:
    buzzer = None
    if not args.no_sound:
        try:
            buzzer = CueBuzzer(BuzzerConfig(), pin_factory=pin_factory)
        except HardwareError as exc:
            err.write(f"facepacer probe: no sound: {exc}\n")
    screen = _Screen(out)
    cues = list(CUES) if buzzer else []
    start = clock()
    next_cue = next_frame = start
    problem: Optional[str] = None
    try:
        while True:
            now = clock()
            if args.seconds is not None and now - start >= args.seconds:
                break
            if cues and now >= next_cue:
                cue = cues.pop(0)
                screen.cue(cue)
                buzzer.play(cue, now)
                next_cue = now + duration(cue) + CUE_GAP
            if buzzer:
                buzzer.update(now)
            if now >= next_frame:
                _animate(chip, now - start)
                readings = None
                try:
                    if problem:
                        sensor.begin()  # the sensor failed: set it up again once it answers
                    readings, problem = sensor.readings(), None
                except FacepacerError as exc:
                    problem = str(exc)
                screen.frame(now - start, readings, problem, buzzer.playing if buzzer else None)
                next_frame = now + REFRESH
            wake = [next_frame] + ([next_cue] if cues else [])
            if buzzer and buzzer.next_deadline() is not None:
                wake.append(buzzer.next_deadline())
            sleep(max(0.0, min(wake) - clock()))
    finally:
        if buzzer:
            buzzer.close()
    return 0
