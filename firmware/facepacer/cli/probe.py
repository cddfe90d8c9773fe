"""``facepacer probe``: find the MPR121 on I2C, show live electrode data, sound each cue.

The bench check after wiring: which addresses answer, whether the chip at the chosen one is an
MPR121, what each electrode reads (touch, filtered data, baseline, delta), and what every cue
sounds like. ``--sim`` runs the same against the emulated chip and gpiozero's mock pins.
"""

from __future__ import annotations

import argparse
import math
import signal
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable, List, Optional, TextIO

from facepacer.cli import say
from facepacer.cli.calibrate import calibrate
from facepacer.config import Config, SensorConfig, load_config
from facepacer.engine.cues import cue_style, duration
from facepacer.engine.events import CUES
from facepacer.errors import FacepacerError, HardwareError, SensorNotFound
from facepacer.hardware import mpr121
from facepacer.hardware.buzzer import CueBuzzer
from facepacer.hardware.parts import sensor_options

REFRESH = 0.1  # seconds between table refreshes
CUE_GAP = 0.8  # seconds of silence between two cues, so each is heard on its own
SIM_TAP_EVERY, SIM_TAP_LENGTH = 2.0, 0.5  # the simulated finger taps the pad electrode
SIM_SETTLE = 0.01  # the simulated finger lands this long before a frame reads the chip
HOME_CLEAR = "\x1b[H\x1b[2J"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "probe",
        help="find the touch sensor on I2C, show live electrode data, sound each cue",
        description=(
            "Scan the I2C bus for an MPR121 (0x5a-0x5d), check and start the one at the "
            "configured address, show each electrode's touch state, filtered data and baseline, "
            "and sound every cue pattern. Exit status: 0 sensor working, 1 a problem found (the "
            "message says what to do)."
        ),
    )
    parser.add_argument(
        "--sim",
        action="store_true",
        help="use an emulated MPR121 (its pad electrode tapped every 2 s) and mock GPIO pins",
    )
    parser.add_argument("--bus", type=_bus, help="I2C bus number (default: config, 1)")
    parser.add_argument("--address", type=_address, help="sensor address (default: config, 0x5a)")
    parser.add_argument("--config", help="settings file (default: config.yaml in the config dir)")
    parser.add_argument("--once", action="store_true", help="print one table and exit")
    parser.add_argument(
        "--seconds", type=_seconds, default=None, help="stop after this long (default: Ctrl-C)"
    )
    parser.add_argument("--no-sound", action="store_true", help="do not sound the cues")
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="measure the pad untouched and tapped, propose touch and release thresholds and "
        "write them into the settings file when confirmed",
    )
    parser.add_argument(
        "--yes", action="store_true", help="with --calibrate: write the thresholds without asking"
    )
    parser.set_defaults(func=run)


def _bus(text: str) -> int:
    """A bus number N, as in /dev/i2c-N."""
    try:
        value = int(text)
    except ValueError:
        value, text = -1, repr(text)
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"--bus must be an I2C bus number (N in /dev/i2c-N), 0 or more, not {text}"
        )
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
        text = repr(text)
    # nan compares false with everything: without this check it would never stop.
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(
            f"--seconds must be a number of seconds above 0, not {text}"
        )
    return value


def _address(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an address: {text!r} (try 0x5a)") from None
    if value not in mpr121.ADDRESSES:
        raise argparse.ArgumentTypeError(f"an MPR121 answers only at 0x5a-0x5d, not {text}")
    return value


SERVICE_RUNNING = Path("/run/systemd/units/invocation:facepacer.service")
HELD = (
    "facepacer.service is running: the device holds the sensor and the buzzer, and probe would "
    "reset the sensor under it. Stop it first with `sudo systemctl stop facepacer`, probe, then "
    "`sudo systemctl start facepacer` (or reboot)"
)


def service_running() -> bool:
    """Whether systemd runs facepacer.service now (it links this file while a unit runs)."""
    return SERVICE_RUNNING.is_symlink()


def run(args: argparse.Namespace) -> int:
    config, warnings = load_config(args.config)
    for warning in warnings:
        say.warning(warning, "probe")
    if not args.sim and service_running():
        say.error(HELD, "probe")
        return 1
    ask = input if sys.stdin is not None and sys.stdin.isatty() else None
    # Ctrl-C stops the probe (status 130, from main) as it stops a run, even when the shell
    # started it with SIGINT ignored (``facepacer probe &``, a script under nohup), which a
    # process would otherwise inherit.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return probe(
            args,
            config,
            out=sys.stdout,
            err=sys.stderr,
            clock=time.monotonic,
            sleep=time.sleep,
            ask=ask,
        )
    finally:
        signal.signal(signal.SIGINT, previous)


def probe(
    args: argparse.Namespace,
    config: Config,
    *,
    out: TextIO,
    err: TextIO,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    bus=None,
    pin_factory=None,
    ask: Optional[Callable[[str], str]] = None,
) -> int:
    """The command with its world passed in: tests give a fake clock and sleep, and may give
    their own ``bus`` (emulated chips) and ``pin_factory``. ``--bus`` and ``--address`` override
    ``config``, which also gives the thresholds, the electrode roles and the buzzer."""
    sensor = config.sensor
    sensor = replace(sensor, bus=sensor.bus if args.bus is None else args.bus)
    sensor = replace(sensor, address=sensor.address if args.address is None else args.address)
    chip = None
    if args.sim:
        chip, bus, pin_factory = _emulated(sensor, clock, bus, pin_factory)
    owned = None
    try:
        if bus is None:
            from facepacer.hardware.bus import open_bus

            bus = owned = open_bus(sensor.bus)
        label = " (emulated)" if args.sim else ""
        out.write(f"I2C bus {sensor.bus}{label}: looking for an MPR121 at 0x5a-0x5d\n")
        answering = scan(bus, out)
        device = _start(bus, sensor, answering, out, err, emulated=args.sim)
        if device is None:
            return 1
        if args.calibrate:
            return calibrate(args, device, sensor, chip=chip, out=out, err=err, clock=clock,
                             sleep=sleep, ask=ask)  # fmt: skip
        view = _View(out, sensor)
        if args.once:
            _animate(chip, sensor, 0.0)
            out.write(view.table(device.readings()))
            return 0
        buzzer = None
        if not args.no_sound:
            try:
                buzzer = CueBuzzer(config.buzzer, pin_factory=pin_factory)
            except HardwareError as exc:
                say.warning(f"no sound: {exc}", "probe", err=err)
        try:
            _live(device, chip, sensor, buzzer, view, args.seconds, clock, sleep)
        finally:
            if buzzer is not None:
                buzzer.close()
        return 0
    except FacepacerError as exc:
        say.error(str(exc), "probe", err=err)
        return 1
    finally:
        if owned is not None:
            owned.close()


def _emulated(sensor: SensorConfig, clock: Callable[[], float], bus, pin_factory):
    """``--sim``: an emulated chip on an emulated bus (unless a test gave its own bus) and mock
    pins; returns the chip (None with a given bus), the bus and the pin factory."""
    from gpiozero.pins.mock import MockFactory, MockPWMPin

    from facepacer.hardware.emulated import EmulatedBus, EmulatedMPR121

    chip = None
    if bus is None:
        chip = EmulatedMPR121(sensor.address, clock=clock)
        bus = EmulatedBus(chip, number=sensor.bus)
    return chip, bus, pin_factory or MockFactory(pin_class=MockPWMPin)


def scan(bus, out: TextIO) -> List[int]:
    """Addresses 0x5a-0x5d that answer a read of CONFIG2 (a read, harmless to any chip)."""
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


def _start(
    bus, sensor: SensorConfig, answering: List[int], out: TextIO, err: TextIO, *, emulated: bool
):
    try:
        device = mpr121.MPR121(
            bus,
            sensor.address,
            bus_number=sensor.bus,
            touch_threshold=sensor.touch_threshold,
            release_threshold=sensor.release_threshold,
            **sensor_options(sensor, emulated=emulated),
        )
    except SensorNotFound as exc:
        others = [f"0x{a:02x}" for a in answering if a != sensor.address]
        hint = f"; something answers at {', '.join(others)}: try --address" if others else ""
        say.error(f"{exc}{hint}", "probe", err=err)
        return None
    out.write(
        f"MPR121 at {device.where}: reset, identified, 12 electrodes running "
        f"(touch {sensor.touch_threshold}, release {sensor.release_threshold})\n"
    )
    out.write(charge_report(device, sensor))
    for problem in device.problems():
        say.warning(problem, "probe", err=err)
    return device


def charge_report(device: mpr121.MPR121, sensor: SensorConfig) -> str:
    """How the electrodes in use are charged: chosen by auto-configuration, or fixed."""
    how = "auto-configured" if device.charge is None else "fixed in the settings"
    used = [sensor.pad, *sorted(sensor.roles)]
    parts = [f"electrode {e}: {device.charges[e]}" for e in used if e < len(device.charges)]
    return f"charge {how}: {'; '.join(parts)}\n"


def describe(cue: str) -> str:
    """A pattern in words: ``1047 Hz 120 ms, rest 60 ms, 1047 Hz 120 ms``."""
    parts = []
    for note in cue_style(cue).notes:
        ms = f"{note.seconds * 1000:.0f} ms"
        parts.append(f"rest {ms}" if note.freq is None else f"{note.freq:.0f} Hz {ms}")
    return ", ".join(parts)


def _animate(chip, sensor: SensorConfig, elapsed: float) -> None:
    if chip is not None:
        chip.set_touched(sensor.pad, elapsed % SIM_TAP_EVERY < SIM_TAP_LENGTH)
        chip.advance(SIM_SETTLE)  # measured over a few samples, as a real finger would be


class _View:
    """What the probe shows: redrawn in place on a terminal; into a pipe or a file, a table only
    when the touch state changes, and a line per cue."""

    def __init__(self, out: TextIO, sensor: SensorConfig):
        self.out = out
        self.tty = out.isatty()
        self.roles = {sensor.pad: "pad", **sensor.roles}
        self._mask: Optional[int] = None
        self._problem: Optional[str] = None

    def table(self, readings: List[mpr121.Reading]) -> str:
        lines = ["electrode  role   touched  filtered  baseline  delta"]
        for r in readings:
            role = self.roles.get(r.electrode, "")
            touched = "TOUCH" if r.touched else "-"
            lines.append(
                f"{r.electrode:>9}  {role:<5}  {touched:<7}  {r.filtered:>8}  {r.baseline:>8}  "
                f"{r.delta:>5}"
            )
        return "\n".join(lines) + "\n"

    def cue(self, cue: str) -> None:
        if not self.tty:
            self.out.write(f"cue {cue:<10} {describe(cue)}\n")

    def frame(self, elapsed: float, readings, problem: Optional[str], sounding) -> None:
        if self.tty:
            body = self.table(readings) if readings else f"sensor: {problem}\n"
            status = f"cue: {sounding} ({describe(sounding)})" if sounding else "cue: -"
            self.out.write(f"{HOME_CLEAR}{body}{status}\nCtrl-C to stop\n")
        elif readings is None:
            if problem != self._problem:
                self.out.write(f"sensor: {problem}\n")
        else:
            mask = sum(r.touched << r.electrode for r in readings)
            if mask != self._mask or self._problem is not None:
                self.out.write(f"t={elapsed:.1f} s\n{self.table(readings)}")
                self._mask = mask
        self._problem = problem
        self.out.flush()


def _live(device, chip, sensor, buzzer, view, seconds, clock, sleep) -> None:
    cues = list(CUES) if buzzer else []
    start = clock()
    next_cue = next_frame = start
    problem: Optional[str] = None
    while True:
        now = clock()
        if seconds is not None and now - start >= seconds:
            return
        if cues and now >= next_cue:
            cue = cues.pop(0)
            view.cue(cue)
            buzzer.play(cue, now)
            next_cue = now + duration(cue) + CUE_GAP
        if buzzer:
            buzzer.update(now)
        if now >= next_frame:
            _animate(chip, sensor, now - start)
            readings = None
            try:
                if problem:
                    device.begin()  # it failed: set it up again as soon as it answers
                readings, problem = device.readings(), None
            except FacepacerError as exc:
                problem = str(exc)
            view.frame(now - start, readings, problem, buzzer.playing if buzzer else None)
            next_frame = now + REFRESH
        wake = [next_frame] + ([next_cue] if cues else [])
        if buzzer and buzzer.next_deadline() is not None:
            wake.append(buzzer.next_deadline())
        sleep(max(0.0, min(wake) - clock()))
