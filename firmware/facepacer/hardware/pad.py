"""The touch pad: the MPR121 read when its IRQ line fires (or polled), press and release edges
turned into gestures, and every sensor fault survived.

The loop owns time: it calls ``poll(now)`` and sleeps until ``next_deadline()`` (or until
``irq_event`` is set). ``poll`` never raises. When the sensor fails, ``status`` says what is wrong
and where within a fraction of a second, the press in progress is dropped without a tap, and the
pad reconnects by itself, trying at least every 0.5 s. Outages are kept in ``faults`` for the log.

``now`` is seconds, as the loop's clock gives it; the pad's own schedule (the next read, check
and reconnection) is kept in whole ticks (``clock.to_ticks``), so each deadline lies a whole
interval past the time it was set at, however late in the day, and a clock moved to the time
``next_deadline`` gives finds that deadline met.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Callable, Dict, List, NamedTuple, Optional, Protocol, runtime_checkable

from facepacer.clock import to_seconds, to_ticks
from facepacer.config import SensorConfig
from facepacer.engine.events import ROLES, Gesture, GestureKind
from facepacer.errors import FacepacerError
from facepacer.hardware.gestures import GestureDetector
from facepacer.hardware.mpr121 import ELECTRODES, MPR121, TouchStatus, check_electrode

READ_RETRY = 0.02  # seconds before reading again after a failed transfer
FAULT_AFTER = 3  # failed reads in a row before the sensor counts as lost
# With the IRQ line, read anyway this often (a missed edge), together with the ECR check: each
# wake of a Pi Zero's loop costs more than the I2C transfers, so the two share one wake.
IRQ_SAFETY = 0.5
IRQ_MIN_GAP = 0.005  # a line low without an edge is read at most every 5 ms (it may be stuck)
CHECK_INTERVAL = 0.5  # read ECR back this often: a chip that lost power comes back stopped
STUCK_TOUCH = 120.0  # seconds an electrode may read touched before the chip is recalibrated
RETRY_FIRST, RETRY_MAX = 0.05, 0.5  # reconnection back-off, doubling from first to max
IRQ_MISSES = 2  # changes found without an IRQ before the line counts as disconnected
IRQ_STUCK = 3  # reads in a row that leave the line low before it counts as stuck


@dataclass(frozen=True)
class PadStatus:
    ok: bool
    message: Optional[str] = None  # what is wrong and where, for the screen; None when ok
    since: Optional[float] = None  # clock time the current condition began


class Fault(NamedTuple):
    start: float
    end: Optional[float]  # None while it lasts
    message: str


@runtime_checkable
class ConfiguredFactory(Protocol):
    """A sensor factory that sets each chip up from a config of its own (``SensorFactory``):
    new thresholds go to it too, so a chip set up again keeps them."""

    config: SensorConfig

    def __call__(self) -> MPR121: ...


class IrqLine(Protocol):
    """What the pad uses of gpiozero's ``DigitalInputDevice`` on the IRQ pin."""

    @property
    def is_active(self) -> bool: ...

    def close(self) -> None: ...


class Pad:
    """Gestures from the MPR121 that ``sensor_factory()`` returns ready (or raises).

    ``config.pad`` taps and holds; electrodes in ``config.roles`` tap as ``back``, ``pause`` or
    ``next``. With ``config.irq_pin`` set, a gpiozero input on that pin (pull-up, active low)
    triggers reads; ``pin_factory`` goes to gpiozero. ``clock``, when given, stamps IRQ edges
    with the time they arrived rather than the time of the next poll (it must be the clock the
    loop passes as ``now``).
    """

    def __init__(
        self,
        sensor_factory: Callable[[], MPR121],
        *,
        config: SensorConfig,
        pin_factory=None,
        clock: Optional[Callable[[], float]] = None,
    ):
        self.config = config
        self._factory = sensor_factory
        self._clock = clock
        self._detectors = _detectors(config)
        self._sensor: Optional[MPR121] = None
        self._mask = 0
        self._failures = 0
        self._failing_since: Optional[float] = None
        # The schedule, in ticks (-inf: at once; inf: not while the sensor is lost).
        self._retry_at: float = float("-inf")
        self._last_read: float = float("-inf")
        self._next_read: float = float("-inf")
        self._check_at: float = float("inf")
        self._backoff = 0.0
        self._last_poll: Optional[float] = None
        self._last_edge = float("-inf")
        self._status = PadStatus(True)
        self.faults: List[Fault] = []
        self.bus_errors = 0  # failed transfers, including those retried successfully
        self.irq_error: Optional[str] = None  # why the IRQ line is not used, if it is not
        self.irq_event = threading.Event()  # set from the IRQ thread; the loop may wait on it
        self._lock = threading.Lock()
        self._irq_pending = False
        self._irq_retry = False  # a failed IRQ-driven read: its retry still answers the edge
        self._irq_at: Optional[float] = None
        self._irq_misses = 0
        self._irq_stuck = 0
        self._irq: Optional[IrqLine] = None
        if config.irq_pin is not None:
            self._open_irq(pin_factory)

    @property
    def status(self) -> PadStatus:
        return self._status

    @property
    def connected(self) -> bool:
        return self._sensor is not None

    @property
    def using_irq(self) -> bool:
        return self._irq is not None

    @property
    def _read_interval(self) -> float:
        return IRQ_SAFETY if self._irq is not None else self.config.poll_interval

    def _safety_read_after(self, tick: int) -> float:
        """The tick of the next unprompted read: with the IRQ line, the next check's."""
        if self._irq is not None and self._check_at > tick:
            return self._check_at
        return tick + to_ticks(self._read_interval)

    @property
    def touched(self) -> int:
        """The last touch mask read (0 while the sensor is lost)."""
        return self._mask

    def poll(self, now: float) -> List[Gesture]:
        """Read the sensor if due and return the gestures that fired by ``now``, oldest first."""
        self._last_poll = now
        tick = to_ticks(now)
        out: List[Gesture] = []
        sensor = self._sensor
        if sensor is None:
            if tick >= self._retry_at:
                self._connect(now, out)
        else:
            if self._read_due(tick):
                self._read(sensor, now, out)
            if self._sensor is not None and tick >= self._check_at:
                self._check(self._sensor, now)
        for detector in self._detectors.values():
            out.extend(detector.poll(now))
        out.sort(key=lambda gesture: gesture.t)
        return out

    def next_deadline(self) -> Optional[float]:
        """When ``poll`` next has work: a hold, a read, a check or a reconnection. Never before
        the last poll's ``now`` (a deadline equal to it means "poll again now"); None before
        the first poll."""
        last_poll = self._last_poll
        if last_poll is None:
            return None
        times: List[float] = []
        for detector in self._detectors.values():
            deadline = detector.next_deadline()
            if deadline is not None:
                times.append(deadline)
        if self._sensor is None:
            times.append(to_seconds(self._retry_at))
        else:
            times += [to_seconds(self._next_read), to_seconds(self._check_at)]
            with self._lock:
                if self._irq_pending:
                    times.append(last_poll)
        return max(min(times), last_poll)

    def filtered(self) -> Optional[Dict[int, int]]:
        """Each electrode's filtered data now (for calibration); None while the sensor is lost
        or the read fails."""
        if self._sensor is None:
            return None
        try:
            return {r.electrode: r.filtered for r in self._sensor.readings()}
        except Exception:
            return None

    def set_thresholds(self, touch: int, release: int) -> None:
        """Use new thresholds from now on (the calibration screen's choice)."""
        self.config = replace(self.config, touch_threshold=touch, release_threshold=release)
        factory = self._factory
        if isinstance(factory, ConfiguredFactory) and isinstance(factory.config, SensorConfig):
            # A chip set up again (a restart, a replug) gets them too.
            factory.config = replace(
                factory.config, touch_threshold=touch, release_threshold=release
            )
        if self._sensor is not None:
            try:
                self._sensor.set_thresholds(touch, release)
            except Exception as exc:
                self._lose(self._last_poll or 0.0, self._describe(exc))

    def close(self) -> None:
        if self._irq is not None:
            self._irq.close()
            self._irq = None

    # -- reading --------------------------------------------------------------------------------

    def _read_due(self, tick: int) -> bool:
        if self._irq is not None:
            with self._lock:
                if self._irq_pending:
                    return True  # an edge: the chip changed its status
            if self._line_low() and tick >= self._last_read + to_ticks(IRQ_MIN_GAP):
                return True  # still low, no edge: an edge missed, or a stuck line
        return tick >= self._next_read

    def _read(self, sensor: MPR121, now: float, out: List[Gesture]) -> None:
        with self._lock:
            had_irq, irq_at = self._irq_pending or self._irq_retry, self._irq_at
            self._irq_pending, self._irq_at, self._irq_retry = False, None, False
            self.irq_event.clear()
        try:
            status = sensor.read_status()
        except Exception as exc:
            if had_irq:
                # The retry answers this edge: it counts as IRQ-driven, and it stamps the change
                # no later than this failed read, which came after the edge.
                with self._lock:
                    self._irq_retry = True
                    if self._irq_at is None:
                        self._irq_at = irq_at if irq_at is not None else now
            self._read_failed(now, exc)
            return
        self._failures, self._failing_since = 0, None
        self._last_read = to_ticks(now)
        self._next_read = self._safety_read_after(self._last_read)
        if status.over_current:
            self._lose(now, sensor.over_current_message())
            return
        changed = status.touched ^ self._mask
        if self._irq is not None:
            self._watch_irq(now, had_irq, changed)
        if changed & self._mask and not self._still_running(sensor, now, trust_status=True):
            return  # a release seen because the chip restarted, not because a finger lifted
        stamp = now
        if irq_at is not None and irq_at <= now:
            stamp = max(irq_at, self._last_edge)
        self._apply(status, stamp, out)

    def _apply(self, status: TouchStatus, t: float, out: List[Gesture]) -> None:
        changed = status.touched ^ self._mask
        for electrode, detector in self._detectors.items():
            if changed >> electrode & 1:
                out.extend(detector.edge(bool(status.touched >> electrode & 1), t))
        if changed:
            self._last_edge = t
        self._mask = status.touched

    def _read_failed(self, now: float, exc: Exception) -> None:
        self.bus_errors += 1
        self._failures += 1
        if self._failing_since is None:
            self._failing_since = now
        if self._failures >= FAULT_AFTER:
            self._lose(now, self._describe(exc), since=self._failing_since)
        else:
            self._next_read = to_ticks(now) + to_ticks(READ_RETRY)

    def _check(self, sensor: MPR121, now: float) -> None:
        self._check_at = to_ticks(now) + to_ticks(CHECK_INTERVAL)
        if self._still_running(sensor, now) and self._mask and now - self._last_edge >= STUCK_TOUCH:
            self._recalibrate(sensor, now)

    def _recalibrate(self, sensor: MPR121, now: float) -> None:
        """An electrode that reads touched for minutes is not a finger: its untouched level moved
        while the baseline was frozen (a wet pad, a cable moved). Restarting the chip takes a new
        baseline from the present reading."""
        touched = ", ".join(str(e) for e in range(ELECTRODES) if self._mask >> e & 1)
        self.faults.append(
            Fault(
                now,
                now,
                f"electrode {touched} of the MPR121 at {sensor.where} read as touched for "
                f"{STUCK_TOUCH:.0f} s; recalibrated it",
            )
        )
        self._cancel()
        try:
            sensor.begin()
        except Exception as exc:
            self._lose(now, self._describe(exc))

    def _still_running(self, sensor: MPR121, now: float, trust_status: bool = False) -> bool:
        """Read ECR back; re-initialise a chip that has restarted. False if it had, or if the
        read failed, unless ``trust_status``: then the status just read stands (a release
        must not wait on a second transfer that a noisy bus may keep failing)."""
        try:
            if sensor.is_running():
                return True
        except Exception as exc:
            if trust_status:
                self.bus_errors += 1
                return True
            self._read_failed(now, exc)
            return False
        where = sensor.where
        self.faults.append(
            Fault(
                now, now, f"MPR121 at {where} had restarted (power dip or loose wire); set up again"
            )
        )
        self._cancel()
        try:
            sensor.begin()
        except Exception as exc:
            self._lose(now, self._describe(exc))
        return False

    # -- losing and finding the sensor ----------------------------------------------------------

    def _lose(self, now: float, message: str, since: Optional[float] = None) -> None:
        self._sensor = None
        self._cancel()
        self._failures, self._failing_since = 0, None
        self._fault(now if since is None else since, message)
        self._retry_at, self._backoff = to_ticks(now), 0.0

    def _connect(self, now: float, out: List[Gesture]) -> None:
        try:
            sensor = self._factory()
            status = sensor.read_status()
            if status.over_current:
                raise FacepacerError(sensor.over_current_message())
        except Exception as exc:
            if isinstance(exc, OSError):
                self.bus_errors += 1
            self._fault(now, self._describe(exc))
            self._backoff = min(RETRY_MAX, max(RETRY_FIRST, 2 * self._backoff))
            self._retry_at = to_ticks(now) + to_ticks(self._backoff)
            return
        self._sensor, self._backoff = sensor, 0.0
        self._note_failed_electrodes(sensor, now)
        tick = to_ticks(now)
        self._last_read, self._check_at = tick, tick + to_ticks(CHECK_INTERVAL)
        self._next_read = tick + to_ticks(self._read_interval)
        if not self._status.ok:
            self._status = PadStatus(True, None, now)
            self.faults[-1] = self.faults[-1]._replace(end=now)
        self._apply(status, now, out)

    def _note_failed_electrodes(self, sensor: MPR121, now: float) -> None:
        """An electrode in use that auto-configuration could not set up goes into the log: it
        will not sense a finger until its wiring is mended (``facepacer probe`` says more)."""
        for message in getattr(sensor, "problems", lambda _: [])(list(self._detectors)):
            if not any(fault.message == message for fault in self.faults):
                self.faults.append(Fault(now, now, message))

    def _fault(self, t: float, message: str) -> None:
        if self._status.ok:
            self._status = PadStatus(False, message, t)
            self.faults.append(Fault(t, None, message))
        elif message != self._status.message:
            self._status = PadStatus(False, message, self._status.since)

    def _cancel(self) -> None:
        for detector in self._detectors.values():
            detector.cancel()
        self._mask = 0

    def _describe(self, exc: Exception) -> str:
        if isinstance(exc, FacepacerError):
            return str(exc)
        bus = f"I2C bus {self.config.bus}"
        return (
            f"touch sensor (MPR121 at 0x{self.config.address:02x} on {bus}) failed: "
            f"{type(exc).__name__}: {exc}"
        )

    # -- the IRQ line ---------------------------------------------------------------------------

    def _open_irq(self, pin_factory) -> None:
        try:
            from gpiozero import DigitalInputDevice

            # The MPR121's IRQ output is open drain and active low: it needs the pull-up.
            device = DigitalInputDevice(self.config.irq_pin, pull_up=True, pin_factory=pin_factory)
        except Exception as exc:
            self._polling_instead(f"cannot use it: {exc}")
            return
        device.when_activated = self._on_irq
        self._irq = device

    def _on_irq(self) -> None:
        # Called on gpiozero's callback thread (lgpio runs one): note the edge and nothing more.
        t = self._clock() if self._clock is not None else None
        with self._lock:
            if not self._irq_pending:
                self._irq_pending, self._irq_at = True, t
        self.irq_event.set()

    def _line_low(self) -> bool:
        if self._irq is None:
            return False
        try:
            return bool(self._irq.is_active)
        except Exception:
            return False

    def _watch_irq(self, now: float, had_irq: bool, changed: int) -> None:
        """Fall back to polling if the line does not work: a change found by the safety-net
        read with no IRQ (loose IRQ wire), or a line still low after the status was read."""
        with self._lock:
            signalled = had_irq or self._irq_pending
        if changed:
            self._irq_misses = 0 if signalled else self._irq_misses + 1
        self._irq_stuck = self._irq_stuck + 1 if self._line_low() else 0
        reason = None
        if self._irq_misses >= IRQ_MISSES:
            reason = "it did not signal touches (check the IRQ wire)"
        elif self._irq_stuck >= IRQ_STUCK:
            reason = "it stays low after the status is read (shorted to GND?)"
        if reason:
            self.close()
            self._polling_instead(reason)
            self._next_read = to_ticks(now) + to_ticks(self.config.poll_interval)

    def _polling_instead(self, reason: str) -> None:
        self.irq_error = (
            f"IRQ line on GPIO{self.config.irq_pin}: {reason}; reading the pad every "
            f"{self.config.poll_interval * 1000:.0f} ms instead"
        )


def _detectors(config: SensorConfig) -> Dict[int, GestureDetector]:
    check_electrode(config.pad)
    detectors = {
        config.pad: GestureDetector(
            tap_max=config.tap_max, hold_after=config.hold_after, electrode=config.pad
        )
    }
    for electrode, role in sorted(config.roles.items()):
        check_electrode(electrode)
        if role not in ROLES:
            raise ValueError(
                f"electrode {electrode}: role must be back, pause or next, got {role!r}"
            )
        if electrode == config.pad:
            raise ValueError(f"electrode {electrode} is the pad; it cannot also be {role!r}")
        detectors[electrode] = GestureDetector(
            tap_max=config.tap_max,
            hold_after=config.hold_after,
            electrode=electrode,
            tap_kind=GestureKind(role),
            hold_kind=None,
        )
    return detectors
