"""One-tap calibration: measure the pad untouched, then touched, and propose thresholds.

It reads only the filtered data, against its own untouched level (the mean of the quiet
phase), so neither the thresholds in force nor the chip's baseline filter colour what it
measures. The touch threshold goes halfway between the noise and the weakest tap, so there is as
much margin against a false touch as against a missed one (NXP AN3892); the release threshold
goes halfway between the noise and the touch threshold, keeping the hysteresis.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from facepacer.engine.events import HOLD, GestureKind
from facepacer.engine.message import N_, Message, Nn_

SETTLE = 1.0  # seconds left for the finger that started the calibration to lift
QUIET_SECONDS = 3.0  # untouched, to measure the noise
TAPS = 3  # taps on the pad to measure a touch
TAP_SECONDS = 20.0  # the taps must come within this long
SAMPLE_EVERY = 0.02  # seconds between readings
MIN_GAP = 6  # counts a tap must clear the noise by, or no threshold can tell them apart
MIN_DETECT = 4  # counts below the untouched level that start a tap, at the least
NO_READINGS = 5.0  # seconds without a reading (the sensor gone) before the measurement gives up


def taps_left(left: int) -> Message:
    """What the calibration screen asks for while it counts taps."""
    return Nn_("Now tap the pad {left} more time", "Now tap the pad {left} more times", left,
               left=left)  # fmt: skip


class Phase(str, enum.Enum):
    QUIET = "quiet"
    TAPS = "taps"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class Proposal:
    touch: int
    release: int
    noise: int  # peak counts the electrodes in use moved untouched
    weakest: int  # counts the weakest tap pulled the pad down


@dataclass
class Calibration:
    """Feed it readings (``feed``) as time goes by; it moves through its phases by itself.

    ``electrodes`` are those in use (the pad first); the taps are counted on the pad.
    """

    electrodes: Sequence[int]
    quiet_seconds: float = QUIET_SECONDS
    taps_wanted: int = TAPS
    tap_seconds: float = TAP_SECONDS
    settle: float = SETTLE
    phase: Phase = Phase.QUIET
    started: Optional[float] = None
    level: Dict[int, float] = field(default_factory=dict)  # untouched mean per electrode
    noise: Dict[int, int] = field(default_factory=dict)  # peak distance from it, untouched
    taps: List[int] = field(default_factory=list)  # the pad's peak delta in each tap
    problem: Optional[Message] = None
    _quiet: Dict[int, List[int]] = field(default_factory=dict)
    _peak: Optional[int] = None  # the tap in progress
    phase_at: float = 0.0  # when the current phase began

    @property
    def pad(self) -> int:
        return self.electrodes[0]

    def feed(self, now: float, filtered: Dict[int, int]) -> None:
        """One reading: electrode -> filtered data."""
        if self.started is None:
            self.started, self.phase_at = now, now + self.settle
        if now < self.phase_at:
            return  # the finger that chose "calibrate" may still be lifting
        if self.phase is Phase.QUIET:
            for e in self.electrodes:
                self._quiet.setdefault(e, []).append(filtered[e])
            if now - self.phase_at >= self.quiet_seconds:
                self._end_quiet(now)
        elif self.phase is Phase.TAPS:
            self._tap_sample(filtered[self.pad])
            if len(self.taps) >= self.taps_wanted:
                self._finish()
            elif now - self.phase_at >= self.tap_seconds:
                self.fail(
                    N_(
                        "{taps} of {wanted} taps on electrode {pad} in {seconds} s; a tap must "
                        "move it by more than {counts} counts: check the pad's wire",
                        taps=len(self.taps),
                        wanted=self.taps_wanted,
                        pad=self.pad,
                        seconds=f"{self.tap_seconds:.0f}",
                        counts=self._detect(),
                    )
                )

    def remaining(self, now: float) -> float:
        """Seconds left in the current phase."""
        length = self.quiet_seconds if self.phase is Phase.QUIET else self.tap_seconds
        if self.started is None:
            return length
        return min(length, max(0.0, length - (now - self.phase_at)))

    def prompt(self, now: float) -> Message:
        if self.phase is Phase.QUIET:
            return N_("Do not touch the pad: measuring the noise, {seconds} s",
                      seconds=f"{self.remaining(now):.0f}")  # fmt: skip
        if self.phase is Phase.TAPS:
            return taps_left(self.taps_wanted - len(self.taps))
        if self.phase is Phase.DONE:
            p = self.proposal()
            return N_("Touch threshold {touch}, release threshold {release}", touch=p.touch,
                      release=p.release)  # fmt: skip
        return N_("Calibration failed: {problem}", problem=self.problem)

    def proposal(self) -> Proposal:
        """The thresholds to use (only once the phase is DONE)."""
        if self.phase is not Phase.DONE:
            raise ValueError(f"no proposal while the calibration is {self.phase.value}")
        noise, weakest = max(self.noise.values()), min(self.taps)
        touch = min(255, max(noise + 2, (noise + weakest + 1) // 2))
        release = max(noise + 1, (noise + touch) // 2)
        return Proposal(touch, min(release, touch - 1), noise, weakest)

    # -- inside ---------------------------------------------------------------------------------

    def _end_quiet(self, now: float) -> None:
        for e, values in self._quiet.items():
            mean = sum(values) / len(values)
            self.level[e] = mean
            self.noise[e] = max(int(round(abs(v - mean))) for v in values)
        self.phase, self.phase_at = Phase.TAPS, now

    def _detect(self) -> int:
        return max(MIN_DETECT, 2 * self.noise[self.pad] + 2)

    def _tap_sample(self, data: int) -> None:
        delta = int(round(self.level[self.pad] - data))
        if delta > self._detect():
            self._peak = max(self._peak or 0, delta)
        elif self._peak is not None and delta < self._detect() / 2:
            self.taps.append(self._peak)
            self._peak = None

    def _finish(self) -> None:
        noise, weakest = max(self.noise.values()), min(self.taps)
        if weakest - noise < MIN_GAP:
            self.fail(
                N_(
                    "the weakest tap moved electrode {pad} by {weakest} counts and the noise is "
                    "{noise}: too close to tell apart; use a thinner overlay or a larger pad",
                    pad=self.pad,
                    weakest=weakest,
                    noise=noise,
                )
            )
            return
        self.phase = Phase.DONE

    def fail(self, problem: Message) -> None:
        self.phase, self.problem = Phase.FAILED, problem


# -- on the device: the calibration screen's flow -----------------------------------------------

CONFIRM_AFTER = 1.0  # seconds after the measurement ends before a gesture counts as an answer


@dataclass(frozen=True)
class ThresholdsChosen:
    """The user kept the proposal: write it into the settings and use it at once."""

    touch: int
    release: int
    t: float


class CalibrationFlow:
    """The calibration screen: the measurement (taps during it are part of it), then the
    proposal: hold keeps it, tap leaves it. The loop feeds it readings while it ``wants``."""

    def __init__(self, electrodes: Sequence[int], now: float):
        self.calibration = Calibration(electrodes)
        self.began = now
        self._ended_at: Optional[float] = None
        self._last_reading = now

    @property
    def wants_readings(self) -> bool:
        return self.calibration.phase in (Phase.QUIET, Phase.TAPS)

    def feed(self, now: float, filtered: Dict[int, int]) -> None:
        if self.wants_readings:
            self._last_reading = now
            self.calibration.feed(now, filtered)
            if not self.wants_readings:
                self._ended_at = now

    def deadline(self) -> Optional[float]:
        """When the measurement gives up if no reading comes (see ``expire``); None once over."""
        return self._last_reading + NO_READINGS if self.wants_readings else None

    def expire(self, now: float) -> None:
        """Fail the measurement when the readings stopped (the sensor unplugged or gone): its
        phases move only with readings, and the screen would wait for them for ever."""
        deadline = self.deadline()
        if deadline is None or now < deadline:
            return
        self.calibration.fail(
            N_(
                "no readings from the touch sensor for {seconds} s; check its wire",
                seconds=f"{NO_READINGS:.0f}",
            )  # fmt: skip
        )
        self._ended_at = deadline

    def answer(self, kind: GestureKind, t: float) -> Optional[list]:
        """The outputs of a gesture (tap or hold), or None when the screen should close."""
        if self.wants_readings or self._ended_at is None or t < self._ended_at + CONFIRM_AFTER:
            return []  # a tap of the measurement, or the last one still arriving
        if kind == HOLD and self.calibration.phase is Phase.DONE:
            proposal = self.calibration.proposal()
            return [ThresholdsChosen(proposal.touch, proposal.release, t)]
        return None

    def text(self, now: float) -> Tuple[Message, Message]:
        """(what the screen says, its hint line), for the view to say in its language."""
        phase = self.calibration.phase
        if phase is Phase.QUIET:
            return self.calibration.prompt(now), N_("keep your hands away")
        if phase is Phase.TAPS:
            return self.calibration.prompt(now), N_("tap as you would in a ritual")
        if phase is Phase.DONE:
            p = self.calibration.proposal()
            found = N_("Touch {touch}, release {release} (noise {noise}, tap {tap})",
                       touch=p.touch, release=p.release, noise=p.noise, tap=p.weakest)  # fmt: skip
            return found, N_("hold: save and use \u00b7 tap: leave as it was")
        problem = N_("Calibration failed: {problem}", problem=self.calibration.problem)
        return problem, N_("tap: back")
