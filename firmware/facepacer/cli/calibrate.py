"""``facepacer probe --calibrate``: thresholds measured on this pad, written into config.yaml.

No touch for a few seconds, then a few taps on the pad; the proposal is shown with what it was
measured from, and written only when confirmed (``--yes``, or y at the question). In the
simulator the emulated finger taps the emulated pad once a second.
"""

from __future__ import annotations

import argparse
from typing import Callable, Optional, TextIO

from facepacer.cli import say
from facepacer.config import SensorConfig, config_path
from facepacer.configedit import ConfigEditError, remove_leftovers, set_settings
from facepacer.engine.calibration import SAMPLE_EVERY, Calibration, Phase
from facepacer.hardware.mpr121 import MPR121

SIM_TAP_EVERY, SIM_TAP_AT, SIM_TAP_LENGTH = 1.0, 0.5, 0.3  # the emulated finger's taps


def sim_finger(chip, calibration: Calibration, now: float) -> None:
    """The emulated finger: off the pad while the noise is measured, then a tap a second."""
    if chip is None:
        return
    pressed = False
    if calibration.phase is Phase.TAPS:
        into = (now - calibration.phase_at) % SIM_TAP_EVERY
        pressed = SIM_TAP_AT <= into < SIM_TAP_AT + SIM_TAP_LENGTH
    if pressed != chip.is_pressed(calibration.pad):
        chip.set_touched(calibration.pad, pressed)


def measure(
    device: MPR121,
    sensor: SensorConfig,
    *,
    chip=None,
    out: TextIO,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
) -> Calibration:
    """Run a calibration to its end, saying each phase once and each tap as it is found."""
    calibration = Calibration([sensor.pad, *sorted(sensor.roles)])
    said, taps = None, 0
    while calibration.phase in (Phase.QUIET, Phase.TAPS):
        now = clock()
        sim_finger(chip, calibration, now)
        readings = device.readings()
        calibration.feed(now, {r.electrode: r.filtered for r in readings})
        if calibration.phase is not said and calibration.phase in (Phase.QUIET, Phase.TAPS):
            said = calibration.phase
            out.write(f"{calibration.prompt(now)}\n")  # in English, as the terminal is
        while taps < len(calibration.taps):
            out.write(f"  tap {taps + 1}: {calibration.taps[taps]} counts\n")
            taps += 1
        out.flush()
        sleep(SAMPLE_EVERY)
    return calibration


def report(calibration: Calibration, out: TextIO) -> None:
    for e in calibration.electrodes:
        role = "pad" if e == calibration.pad else "role"
        level = calibration.level.get(e, 0.0)
        out.write(
            f"  electrode {e} ({role}): untouched {level:.0f}, noise {calibration.noise.get(e, 0)}"
        )
        if e == calibration.pad and calibration.taps:
            out.write(f", weakest tap {min(calibration.taps)}")
        out.write("\n")


def calibrate(
    args: argparse.Namespace,
    device: MPR121,
    sensor: SensorConfig,
    *,
    chip=None,
    out: TextIO,
    err: TextIO,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    ask: Optional[Callable[[str], str]],
) -> int:
    """Measure, propose, and write the thresholds when confirmed. 0 when written (or declined),
    1 when the measurement failed or the file could not be written."""
    out.write("Calibrating the touch thresholds\n")
    remove_leftovers(args.config or config_path())  # of an edit cut short by a power cut
    calibration = measure(device, sensor, chip=chip, out=out, clock=clock, sleep=sleep)
    report(calibration, out)
    if calibration.phase is Phase.FAILED:
        say.error(f"calibration failed: {calibration.problem}", "probe", err=err)
        return 1
    proposal = calibration.proposal()
    path = args.config or str(config_path())
    out.write(
        f"Proposed: touch_threshold {proposal.touch}, release_threshold {proposal.release} "
        f"(now {sensor.touch_threshold} and {sensor.release_threshold})\n"
    )
    if not args.yes:
        answer = ask(f"Write them into {path}? [y/N] ") if ask is not None else ""
        if answer.strip().lower() not in ("y", "yes"):
            out.write("Not written; --yes writes without asking.\n")
            return 0
    values = {"touch_threshold": proposal.touch, "release_threshold": proposal.release}
    try:
        set_settings(path, "sensor", values)
    except ConfigEditError as exc:
        say.error(str(exc), "probe", err=err)
        return 1
    device.set_thresholds(proposal.touch, proposal.release)
    out.write(f"Written into {path}; the device uses them from its next start.\n")
    return 0
