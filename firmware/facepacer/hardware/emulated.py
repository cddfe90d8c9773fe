"""An emulated MPR121 behind the SMBus methods, so the real driver runs on a laptop and in tests.

It has its own register map, written out from the datasheet's register table and never imported
from the driver: tests compare the two, so a wrong address on either side fails. Behind the
registers sits the physics of ``electrodes``: each electrode's reading comes from its capacitance
and the charge current and time in force (NXP AN3889), so auto-configuration finds real settings
and a charge too weak for the pad really misses a finger.

Time: the chip measures on its sample period (CONFIG2's ESI); a touch or release shows in the
status only after the debounce count of samples agree (AN3890); the baseline follows the data
by the filter registers, one baseline sample per second-filter period (AN3891), frozen while
touched when the touched filter is zero. Time passes by ``advance(seconds)``, or by the
``clock`` given: then every transfer and every touch first catches up with ``clock()``. Catching
up is lazy: stretches where nothing can change are crossed in one step and the baseline filter
jumps from one step to the next, so a clock that jumps an hour costs microseconds. Inside, time
is whole ticks (``clock.to_ticks``) and samples are counted, never found on a grid of float
times: sample ``k`` is taken at the start tick plus ``k`` periods, exactly, so the time
``next_change`` gives is one at which that sample has been taken, at any hour. Noise is
added to every sample stepped through and to the data read back; across a stretch crossed in
one step it is left out.

Also kept: configuration writes dropped while the chip runs; a soft reset (and power loss)
restores the power-on values; over-current (a fault at REXT) sets OVCF, stops the chip and
refuses run mode until cleared by writing 1; the IRQ line goes low on a status change and high
when the status is read. Faults can be injected: unplugging, failing transfers, a REXT fault, and
per electrode an open wire or a short (``electrodes``).

Not modelled: proximity, GPIO, auto-reconfiguration during run, the second filter's averaging
(its output is the latest sample, with the electrode's residual noise).
"""

from __future__ import annotations

import errno
import os
import threading
from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence, Tuple

from facepacer.clock import to_seconds, to_ticks
from facepacer.hardware.electrodes import Electrode, reading

# -- the register map (MPR121 datasheet rev. 4, table "register map") -----------------------------
TOUCH_STATUS_L, TOUCH_STATUS_H = 0x00, 0x01  # 0x01: bit 7 OVCF, bit 4 ELEPROX
OOR_STATUS_L, OOR_STATUS_H = 0x02, 0x03  # 0x03: bit 7 ACFF, bit 6 ARFF
FILTERED_0 = 0x04  # ELE0 filtered data LSB; MSB at 0x05; ... ELE11 at 0x1A-0x1B
BASELINE_0 = 0x1E  # ELE0 baseline (bits 9-2); ... ELE11 at 0x29; ELEPROX at 0x2A
MHD_RISING, NHD_RISING, NCL_RISING, FDL_RISING = 0x2B, 0x2C, 0x2D, 0x2E
MHD_FALLING, NHD_FALLING, NCL_FALLING, FDL_FALLING = 0x2F, 0x30, 0x31, 0x32
NHD_TOUCHED, NCL_TOUCHED, FDL_TOUCHED = 0x33, 0x34, 0x35
TOUCH_THRESHOLD_0, RELEASE_THRESHOLD_0 = 0x41, 0x42  # ELE n at 0x41 + 2n, 0x42 + 2n
DEBOUNCE = 0x5B  # bits 6-4 DR, bits 2-0 DT
AFE_CONFIG1 = 0x5C  # bits 7-6 FFI, bits 5-0 CDC (global charge current, uA)
AFE_CONFIG2 = 0x5D  # bits 7-5 CDT (global charge time), bits 4-3 SFI, bits 2-0 ESI
ECR = 0x5E  # bits 7-6 CL, bits 5-4 ELEPROX_EN, bits 3-0 ELE_EN
CDC_0 = 0x5F  # ELE n charge current at 0x5F + n (0: the global CDC)
CDT_0 = 0x6C  # ELE 2m (bits 2-0) and 2m+1 (bits 6-4) charge time at 0x6C + m (0: global)
GPIO_FIRST, GPIO_LAST = 0x73, 0x7A
AUTO_CONFIG0 = 0x7B  # bits 7-6 FFI, 5-4 RETRY, 3-2 BVA, bit 1 ARE, bit 0 ACE
AUTO_CONFIG1 = 0x7C  # bit 7 SCTS, bits 2-0 OORIE, ARFIE, ACFIE
UPPER_LIMIT, LOWER_LIMIT, TARGET_LEVEL = 0x7D, 0x7E, 0x7F
SOFT_RESET = 0x80

# Every name the driver may use, for the test that holds the two maps side by side.
REGISTERS = {
    name: value
    for name, value in dict(globals()).items()
    if name.isupper() and isinstance(value, int) and 0 <= value <= 0x80
}

RESET_VALUE = 0x63
POWER_ON = {AFE_CONFIG1: 0x10, AFE_CONFIG2: 0x24}
OVCF = 0x80  # in TOUCH_STATUS_H
ACFF = 0x80  # in OOR_STATUS_H
ELECTRODES = 12
# In run mode only these accept writes (and OVCF its write-1-to-clear).
RUN_MODE_WRITABLE = {ECR, SOFT_RESET, TOUCH_STATUS_H} | set(range(GPIO_FIRST, GPIO_LAST + 1))
READ_ONLY = set(range(TOUCH_STATUS_L, BASELINE_0))  # status, out-of-range and filtered data
SECOND_FILTER_SAMPLES = (4, 6, 10, 18)
BLOCK_MAX = 32  # bytes in one SMBus block transfer
WIRE_KEPT = 4096  # transfers the log keeps: a few seconds of polling, whatever the run's length
DEFAULT_ADDRESS = 0x5A
WATCH = 0.05  # seconds between looks while a touched baseline creeps towards a release
SAMPLE_TICKS = to_ticks(0.001)  # ticks in the shortest sample period (ESI 0: 1 ms)


def _oserror(code: int) -> OSError:
    return OSError(code, os.strerror(code))


def charge_time_us(code: int) -> float:
    """CDT code 1-7 as microseconds: 0.5 us doubling; 0 charges nothing."""
    return 0.0 if code == 0 else 0.5 * (1 << (code - 1))


@dataclass
class _Lane:
    """What the chip keeps per electrode between samples."""

    base: int = 0  # 10-bit baseline
    touched: bool = False
    debounce: int = 0  # samples in a row that disagree with ``touched``
    case: Optional[str] = None  # the baseline filter's direction: rising, falling, touched
    count: int = 0  # baseline samples in a row in that direction


@dataclass
class _Finger:
    pf: float = 0.0  # a finger's capacitance on the electrode, 0 when lifted
    water_pf: float = 0.0  # the film a wet finger left
    dries_at: Optional[int] = None  # the tick the film is gone; None: no film
    offset: int = 0  # counts the untouched level was shifted by (``drift``)


class EmulatedMPR121:
    """A stateful fake MPR121 answering at ``address`` (any 7-bit address).

    ``electrodes`` (12 ``Electrode``) describe the pads; ``clock``, when given, drives time.
    ``wrong_chip=True`` makes it a different chip at that address: plain registers that ignore
    the reset command, whose CONFIG2 reads 0x00. ``wire`` logs every transfer:
    ``("write", register, *values)`` or ``("read", register, length)``, the last ``WIRE_KEPT``
    of them (a day in the simulator makes millions of transfers). All methods are
    thread-safe: the IRQ may be driven from one thread while another reads.
    """

    def __init__(
        self,
        address: int = DEFAULT_ADDRESS,
        *,
        wrong_chip: bool = False,
        electrodes: Optional[Sequence[Electrode]] = None,
        clock: Optional[Callable[[], float]] = None,
        vdd: float = 3.3,
    ):
        self.address = address
        self.wrong_chip = wrong_chip
        self.vdd = vdd
        self.electrodes: List[Electrode] = list(electrodes or [Electrode()] * ELECTRODES)
        if len(self.electrodes) != ELECTRODES:
            raise ValueError(f"an MPR121 has {ELECTRODES} electrodes, got {len(self.electrodes)}")
        self._clock = clock
        self._lock = threading.RLock()
        self._regs = bytearray(256)
        self._fingers = [_Finger() for _ in range(ELECTRODES)]
        self._lanes = [_Lane() for _ in range(ELECTRODES)]
        self._t = to_ticks(clock()) if clock is not None else 0  # ticks: the chip's time now
        self._levels: Optional[List[int]] = None  # noise-free readings, until an input changes
        self._quiet = False  # nothing can change until an input does: time only counts samples
        self._fresh = False  # the data registers hold sample ``_k``
        self._run_at = self._t  # the tick the electrodes started at: sample k is k periods on
        self._k = 0  # samples taken since the electrodes started
        self._short = False
        self._plugged = True
        self._fail_every = 0
        self._fail_every_errno = errno.EIO
        self._fail_count = 0
        self._fail_next: List[int] = []
        self._irq_low = False
        self._irq_pins: list = []
        self.transfers = 0
        self.wire: List[tuple] = []
        self.ignored_writes: List[Tuple[int, int]] = []  # (register, value) dropped in run mode
        self._power_on()

    # -- the SMBus methods ----------------------------------------------------------------------

    def read_byte_data(self, address: int, register: int, force=None) -> int:
        with self._lock:
            self._transfer(address, ("read", register, 1))
            return self._read(register, 1)[0]

    def read_word_data(self, address: int, register: int, force=None) -> int:
        with self._lock:
            self._transfer(address, ("read", register, 2))
            low, high = self._read(register, 2)
            return low | high << 8

    def read_i2c_block_data(self, address: int, register: int, length: int, force=None):
        if not 0 <= length <= BLOCK_MAX:
            raise ValueError(f"block length must be 0-{BLOCK_MAX}, got {length}")
        with self._lock:
            self._transfer(address, ("read", register, length))
            return self._read(register, length)

    def write_byte_data(self, address: int, register: int, value: int, force=None) -> None:
        with self._lock:
            self._transfer(address, ("write", register, value))
            self._write(register, [value])

    def write_i2c_block_data(self, address: int, register: int, data, force=None) -> None:
        if len(data) > BLOCK_MAX:
            raise ValueError(f"block length must be 0-{BLOCK_MAX}, got {len(data)}")
        with self._lock:
            self._transfer(address, ("write", register, *data))
            self._write(register, list(data))

    def close(self) -> None:
        """Nothing to release; present so the emulated chip can stand in for a whole bus."""

    # -- time -----------------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of measuring pass."""
        with self._lock:
            self._catch_up(self._t + max(0, to_ticks(seconds)))

    def sync(self, now: Optional[float] = None) -> None:
        """Catch up with ``now`` (default: the clock): samples, baseline, status and IRQ."""
        with self._lock:
            self._catch_up(self._now() if now is None else to_ticks(now))

    def next_change(self) -> Optional[float]:
        """The earliest time the touch status may change with nothing else happening: a touch
        or release waiting on its debounce samples, a wet film drying, a touched baseline
        creeping towards release. None when nothing is pending (or the chip is stopped).

        Always later than the chip's time now, and a clock moved to it reads, in ticks, exactly
        the tick of the change: a caller that sleeps until it finds the change made, at any
        hour, and never waits in place."""
        with self._lock:
            self._catch_up(self._now())
            if not self._running:
                return None
            times = [f.dries_at for f in self._fingers if f.dries_at is not None]
            if not self._quiet:
                lanes = (self._lane_change(e) for e in range(self._enabled))
                times += [t for t in lanes if t is not None]
            if not times:
                return None
            # Both kinds lie ahead by construction (a film due by now has dried in _catch_up, a
            # lane's change is a sample not yet taken); were one not to, the next sample is the
            # earliest tick at which anything can change.
            return to_seconds(max(min(times), self._t + 1))

    # -- what a finger, the weather and the wiring do -------------------------------------------

    def set_touched(self, electrode: int, pressed: bool, *, strength: Optional[int] = None) -> None:
        """Put a finger on (or take it off) ``electrode``. By default the finger adds what the
        electrode's overlay lets through; ``strength`` instead pulls the reading down by that
        many counts at the charge now in force (a light touch pulls less)."""
        e = _check(electrode)
        with self._lock:
            self._catch_up(self._now())
            finger = self._fingers[e]
            wet = self.electrodes[e].wet_pf
            if pressed:
                finger.pf = self._finger_pf(e, strength)  # beside a film already there
            elif finger.pf and wet:
                finger.water_pf = wet
                finger.dries_at = self._t + to_ticks(self.electrodes[e].dries_after)
                finger.pf = 0.0
            else:
                finger.pf = 0.0
            self._changed()

    def is_pressed(self, electrode: int) -> bool:
        """Whether a finger is on ``electrode`` (the world, not what the chip reports)."""
        return self._fingers[_check(electrode)].pf > 0

    def drift(self, electrode: int, counts: int) -> None:
        """Shift an electrode's untouched level (humidity, temperature, a cable moved)."""
        e = _check(electrode)
        with self._lock:
            self._catch_up(self._now())
            self._fingers[e].offset += counts
            self._changed()

    def set_electrode(self, electrode: int, model: Electrode) -> None:
        """Change what is wired to ``electrode`` (``electrodes.unplugged()``, ``shorted()``,
        ``behind(acrylic(3))``): takes effect at once, as a wire pulled off does."""
        e = _check(electrode)
        with self._lock:
            self._catch_up(self._now())
            self.electrodes[e] = model
            self._changed()

    def level(self, electrode: int) -> int:
        """The electrode's reading now, without noise (the world, for tests)."""
        with self._lock:
            return self._level(_check(electrode))

    def over_current(self, short: bool = True) -> None:
        """A fault at REXT: OVCF sets and the chip stops until it is cleared."""
        with self._lock:
            self._catch_up(self._now())
            self._short = short
            if short and self._running:
                self._trip()

    def unplug(self) -> None:
        """Every transfer fails with EREMOTEIO (no acknowledge); the IRQ line floats high."""
        with self._lock:
            self._catch_up(self._now())
            self._plugged = False
            self._set_irq(False)

    def replug(self) -> None:
        """Back on the bus at power-on values, as after a brown-out."""
        with self._lock:
            self._catch_up(self._now())
            self._plugged = True
            self._power_on()

    def power_cycle(self) -> None:
        """A brown-out: the chip restarts at power-on values without leaving the bus."""
        self.replug()

    def fail_every(self, n: int, code: int = errno.EIO) -> None:
        """Every ``n``-th transfer (counting from now) fails with ``code``; 0 stops it."""
        with self._lock:
            self._fail_every = n
            self._fail_every_errno = code
            self._fail_count = 0

    def fail_next(self, count: int = 1, code: int = errno.EIO) -> None:
        """The next ``count`` transfers fail with ``code``."""
        with self._lock:
            self._fail_next.extend([code] * count)

    # -- the IRQ line ---------------------------------------------------------------------------

    @property
    def irq_low(self) -> bool:
        """True while the chip pulls its open-drain IRQ line low (something to read)."""
        with self._lock:
            self._catch_up(self._now())
            return self._irq_low

    def attach_irq_pin(self, pin) -> None:
        """Drive a gpiozero mock pin (``MockFactory().pin(4)``) with the IRQ line's level, so a
        ``DigitalInputDevice`` on it sees the edges a real chip makes."""
        with self._lock:
            self._irq_pins.append(pin)
            self._drive(pin, self._irq_low)

    # -- inspection (no transfer, never fails) --------------------------------------------------

    def register(self, register: int) -> int:
        with self._lock:
            self._catch_up(self._now())
            return self._regs[register]

    def registers(self, start: int, count: int) -> bytes:
        with self._lock:
            self._catch_up(self._now())
            return bytes(self._regs[start : start + count])

    @property
    def running(self) -> bool:
        return self._running

    # -- registers ------------------------------------------------------------------------------

    @property
    def _running(self) -> bool:
        return self._regs[ECR] & 0x3F != 0

    @property
    def _enabled(self) -> int:
        return min(self._regs[ECR] & 0x0F, ELECTRODES)

    def _now(self) -> int:
        """The time now in ticks: the clock's, or the chip's own when it has none."""
        return to_ticks(self._clock()) if self._clock is not None else self._t

    def _power_on(self) -> None:
        self._regs[:] = bytes(256)
        if not self.wrong_chip:
            for register, value in POWER_ON.items():
                self._regs[register] = value
        self._lanes = [_Lane() for _ in range(ELECTRODES)]
        self._levels, self._quiet = None, False
        self._set_irq(False)

    def _transfer(self, address: int, what: tuple) -> None:
        self._catch_up(self._now())
        self.transfers += 1
        if not self._plugged or address != self.address:
            raise _oserror(errno.EREMOTEIO)
        if self._fail_next:
            raise _oserror(self._fail_next.pop(0))
        if self._fail_every:
            self._fail_count += 1
            if self._fail_count % self._fail_every == 0:
                raise _oserror(self._fail_every_errno)
        self.wire.append(what)
        if len(self.wire) > 2 * WIRE_KEPT:
            del self.wire[:-WIRE_KEPT]

    def _read(self, register: int, length: int) -> List[int]:
        if not self._fresh and register < BASELINE_0 + ELECTRODES:
            self._publish()  # this sample's data, noise included
        if not self.wrong_chip and length and register <= TOUCH_STATUS_H:
            self._set_irq(False)  # reading the touch status releases the IRQ line
        return [self._regs[(register + i) & 0xFF] for i in range(length)]

    def _write(self, register: int, values: Sequence[int]) -> None:
        for i, value in enumerate(values):
            self._write_one((register + i) & 0xFF, value & 0xFF)
        if not self.wrong_chip:
            self._changed()

    def _write_one(self, register: int, value: int) -> None:
        if self.wrong_chip:
            self._regs[register] = value
            return
        if register == SOFT_RESET:
            if value == RESET_VALUE:
                self._power_on()
            return
        if self._running and register not in RUN_MODE_WRITABLE:
            self.ignored_writes.append((register, value))
            return
        if register == TOUCH_STATUS_H:
            if value & OVCF and not self._short:
                self._regs[register] &= ~OVCF & 0xFF  # write 1 to clear
            return
        if register in READ_ONLY:
            return
        if register == ECR:
            self._write_ecr(value)
            return
        self._regs[register] = value

    def _write_ecr(self, value: int) -> None:
        was_running = self._running
        starting = value & 0x3F != 0
        if starting and self._regs[TOUCH_STATUS_H] & OVCF:
            return  # while OVCF is set, a write that would enter run mode is discarded
        self._regs[ECR] = value
        if starting and self._short:
            self._trip()
        elif starting and not was_running:
            self._start()
        elif not starting:
            # Stopped, nothing is measured: no electrode reads as touched.
            for lane in self._lanes:
                lane.touched, lane.debounce = False, 0
            self._regs[TOUCH_STATUS_L] = 0
            self._regs[TOUCH_STATUS_H] &= OVCF

    def _trip(self) -> None:
        # Over-current: status and output registers and ECR bits 5-0 clear, OVCF sets.
        for r in range(TOUCH_STATUS_L, BASELINE_0 + ELECTRODES):
            self._regs[r] = 0
        self._regs[ECR] &= 0xC0
        self._regs[TOUCH_STATUS_H] = OVCF
        for lane in self._lanes:
            lane.touched, lane.debounce = False, 0
        self._levels, self._quiet = None, False
        self._set_irq(True)

    # -- charge and readings --------------------------------------------------------------------

    def _charge(self, e: int) -> Tuple[int, int]:
        """(CDC in uA, CDT code) in force for electrode ``e``: its own, else the global one."""
        cdc = self._regs[CDC_0 + e] & 0x3F or self._regs[AFE_CONFIG1] & 0x3F
        cdt = self._regs[CDT_0 + e // 2] >> (4 * (e % 2)) & 0x07 or self._regs[AFE_CONFIG2] >> 5
        return cdc, cdt

    def _raw(self, e: int, cdc: int, cdt: int, finger_pf: float) -> float:
        capacitance = self.electrodes[e].capacitance(finger_pf)
        return reading(
            current_ua=cdc, time_us=charge_time_us(cdt), capacitance_pf=capacitance, vdd=self.vdd
        )

    def _level(self, e: int) -> int:
        """The noise-free reading of electrode ``e`` now, clamped to 10 bits."""
        if self._levels is None:
            self._levels = [self._compute_level(i) for i in range(ELECTRODES)]
        return self._levels[e]

    def _compute_level(self, e: int) -> int:
        finger = self._fingers[e]
        cdc, cdt = self._charge(e)
        raw = self._raw(e, cdc, cdt, finger.pf + finger.water_pf) + finger.offset
        return max(0, min(1023, int(round(raw))))

    def _finger_pf(self, e: int, strength: Optional[int]) -> float:
        model = self.electrodes[e]
        if strength is None:
            return model.finger_pf()
        if strength <= 0:
            return 0.0
        untouched = max(1.0, self._raw(e, *self._charge(e), 0.0) + self._fingers[e].offset)
        if strength >= untouched:
            return 1e6  # pulls the reading to the floor
        return model.capacitance(0.0) * strength / (untouched - strength)

    def _noise(self, e: int, k: int) -> int:
        peak = self.electrodes[e].noise
        if peak <= 0:
            return 0
        h = (k * 0x9E3779B1 + (e + 1) * 0x85EBCA6B) & 0xFFFFFFFF
        h ^= h >> 15
        h = (h * 0x2C1B3C6D) & 0xFFFFFFFF
        h ^= h >> 12
        return h % (2 * peak + 1) - peak

    # -- starting: auto-configuration and the first baseline -----------------------------------

    def _start(self) -> None:
        self._run_at, self._k = self._t, 0
        self._regs[OOR_STATUS_L] = self._regs[OOR_STATUS_H] = 0
        control = self._regs[AUTO_CONFIG0]
        if control & 0x01:
            self._autoconfigure(skip_time=bool(self._regs[AUTO_CONFIG1] & 0x80))
            load = control >> 2 & 0b11  # BVA
        else:
            load = self._regs[ECR] >> 6  # CL
        for e in range(ELECTRODES):
            self._lanes[e] = lane = _Lane()
            first = self._level(e)
            if load == 0b10:
                lane.base = first & 0x3E0  # the five high bits of the first reading
            elif load == 0b11:
                lane.base = first
            elif load == 0b01:
                lane.base = 0
            else:
                lane.base = self._regs[BASELINE_0 + e] << 2  # what the register holds

    def _autoconfigure(self, *, skip_time: bool) -> None:
        """Per electrode, the charge current (and time) that brings the reading nearest the
        target level within the limits (AN3889); out-of-range electrodes flagged, ACFF set."""
        upper, lower, target = (
            self._regs[r] << 2 for r in (UPPER_LIMIT, LOWER_LIMIT, TARGET_LEVEL)
        )
        failed = 0
        for e in range(self._enabled):
            times = [self._regs[AFE_CONFIG2] >> 5] if skip_time else range(1, 8)
            trials = []
            for cdt in times:
                cdc = self._current_for(e, cdt, target)
                value = self._raw(e, cdc, cdt, 0.0)
                trials.append(((not lower <= value <= upper, abs(value - target)), cdc, cdt))
            # The first of the best scores: a shorter charge time wins a tie.
            (out, _), cdc, cdt = min(trials, key=lambda trial: trial[0])
            self._regs[CDC_0 + e] = cdc
            shift = 4 * (e % 2)
            cell = CDT_0 + e // 2
            self._regs[cell] = (self._regs[cell] & ~(0x07 << shift) & 0xFF) | cdt << shift
            failed |= out << e
        self._regs[OOR_STATUS_L] = failed & 0xFF
        self._regs[OOR_STATUS_H] = failed >> 8 | (ACFF if failed else 0)

    def _current_for(self, e: int, cdt: int, target: int) -> int:
        per_ua = self._raw(e, 1, cdt, 0.0)
        if per_ua <= 0:
            return 63
        return max(1, min(63, int(round(target / per_ua))))

    # -- measuring ------------------------------------------------------------------------------

    @property
    def _period(self) -> int:
        """Ticks between samples: 1 ms doubling with ESI, a whole number of ticks."""
        return SAMPLE_TICKS << (self._regs[AFE_CONFIG2] & 7)

    @property
    def _second_filter(self) -> int:
        return SECOND_FILTER_SAMPLES[self._regs[AFE_CONFIG2] >> 3 & 3]

    def _catch_up(self, t: int) -> None:
        """Measure up to tick ``t``, drying films on the way."""
        while True:
            films = [f.dries_at for f in self._fingers if f.dries_at is not None]
            dries = min(films, default=t + 1)
            if dries > t:
                break
            self._measure_to(dries)
            for finger in self._fingers:
                if finger.dries_at is not None and finger.dries_at <= dries:
                    finger.water_pf, finger.dries_at = 0.0, None
            self._changed()
        self._measure_to(t)

    def _measure_to(self, t: int) -> None:
        if t <= self._t:
            return
        self._t = t
        if self.wrong_chip or not self._running:
            return
        target = (t - self._run_at) // self._period  # the samples taken by tick t, exactly
        if target <= self._k:
            return
        if self._quiet:
            self._k, self._fresh = target, False  # only the noise moves on
            return
        for e in range(self._enabled):
            self._measure(e, self._k, target)
        self._k = target
        self._quiet = all(self._settled(e) for e in range(self._enabled))
        self._publish()

    def _changed(self) -> None:
        """An input changed (a finger, a wire, a register): measure everything afresh."""
        self._levels, self._quiet = None, False
        self._publish()

    def _settled(self, e: int) -> bool:
        """Whether electrode ``e`` keeps its status and baseline until an input changes."""
        lane, level = self._lanes[e], self._level(e)
        if lane.debounce or self._wants(e, lane, level) != lane.touched:
            return False
        case, _, nhd, _, _ = self._filter(lane, level)
        tracking = self._regs[ECR] >> 6 != 0b01
        return not tracking or case is None or nhd == 0 or level == lane.base

    def _measure(self, e: int, k: int, end: int) -> None:
        lane, level = self._lanes[e], self._level(e)
        while k < end:
            k = self._cross(e, lane, level, k, end)
            if k < end:
                k += 1
                self._sample(e, lane, max(0, min(1023, level + self._noise(e, k))), k)

    def _wants(self, e: int, lane: _Lane, data: int) -> bool:
        delta = lane.base - data
        if lane.touched:
            return delta >= self._regs[RELEASE_THRESHOLD_0 + 2 * e]
        return delta > self._regs[TOUCH_THRESHOLD_0 + 2 * e]

    def _sample(self, e: int, lane: _Lane, data: int, k: int) -> None:
        """One sample: the baseline filter on every second-filter period, then the status."""
        if k % self._second_filter == 0 and self._regs[ECR] >> 6 != 0b01:
            self._baseline_sample(lane, data, 1)
        if self._wants(e, lane, data) == lane.touched:
            lane.debounce = 0
            return
        lane.debounce += 1
        debounce = self._regs[DEBOUNCE]
        needed = (debounce >> 4 & 7 if lane.touched else debounce & 7) + 1
        if lane.debounce >= needed:
            lane.touched, lane.debounce = not lane.touched, 0

    def _filter(self, lane: _Lane, data: int) -> Tuple[Optional[str], int, int, int, int]:
        """(case, MHD, NHD, NCL, FDL) the baseline filter uses for ``data``."""
        r = self._regs
        if lane.touched:
            return "touched", 0, r[NHD_TOUCHED], r[NCL_TOUCHED], r[FDL_TOUCHED]
        if data > lane.base:
            return "rising", r[MHD_RISING], r[NHD_RISING], r[NCL_RISING], r[FDL_RISING]
        if data < lane.base:
            return "falling", r[MHD_FALLING], r[NHD_FALLING], r[NCL_FALLING], r[FDL_FALLING]
        return None, 0, 0, 0, 0

    def _baseline_sample(self, lane: _Lane, data: int, samples: int) -> None:
        """``samples`` baseline samples of ``data`` in a row (AN3891): a change within twice the
        maximum half delta passes at once; a larger one moves the baseline by the noise half
        delta after NCL + 1 samples in one direction, each FDL + 1 samples long."""
        case, mhd, nhd, ncl, fdl = self._filter(lane, data)
        gap = data - lane.base
        if case is None or (case != "touched" and abs(gap) <= 2 * mhd):
            lane.base, lane.case, lane.count = data, None, 0
            return
        count = (lane.count if lane.case == case else 0) + samples
        steps, count = divmod(count, (ncl + 1) * (fdl + 1))
        lane.case, lane.count = case, count
        step = min(abs(gap), nhd * steps)
        lane.base += step if gap > 0 else -step

    def _cross(self, e: int, lane: _Lane, level: int, k: int, end: int) -> int:
        """Cross samples ``k`` + 1 .. ``end`` while nothing but the baseline can change, jumping
        from one baseline step to the next; return the sample reached (``end`` when done)."""
        sfi = self._second_filter
        tracking = self._regs[ECR] >> 6 != 0b01
        while k < end:
            if lane.debounce or self._wants(e, lane, level) != lane.touched:
                return k
            case, mhd, nhd, ncl, fdl = self._filter(lane, level)
            if not tracking or case is None or nhd == 0 or level == lane.base:
                return end
            if case != "touched" and abs(level - lane.base) <= 2 * mhd:
                lane.base, lane.case, lane.count = level, None, 0
                continue
            done = lane.count if lane.case == case else 0
            need = (ncl + 1) * (fdl + 1) - done  # baseline samples to the next step
            step_at = (k // sfi + need) * sfi
            if step_at > end:
                self._baseline_sample(lane, level, end // sfi - k // sfi)
                return end
            self._baseline_sample(lane, level, need)
            k = step_at
        return k

    def _lane_change(self, e: int) -> Optional[int]:
        """The tick electrode ``e``'s status may change at, or None."""
        lane, level = self._lanes[e], self._level(e)
        if self._wants(e, lane, level) != lane.touched:
            debounce = self._regs[DEBOUNCE]
            needed = (debounce >> 4 & 7 if lane.touched else debounce & 7) + 1
            return self._run_at + (self._k + needed - lane.debounce) * self._period
        case, _, nhd, _, _ = self._filter(lane, level)
        if case == "touched" and nhd and level != lane.base:
            return self._t + to_ticks(WATCH)
        return None

    def _publish(self) -> None:
        """Filtered data, baselines and status into the registers; IRQ on a status change."""
        if self.wrong_chip or not self._running:
            return
        self._fresh = True
        status = 0
        for e in range(self._enabled):
            lane = self._lanes[e]
            data = max(0, min(1023, self._level(e) + self._noise(e, self._k)))
            self._regs[FILTERED_0 + 2 * e] = data & 0xFF
            self._regs[FILTERED_0 + 2 * e + 1] = data >> 8
            self._regs[BASELINE_0 + e] = lane.base >> 2
            status |= lane.touched << e
        old = self._regs[TOUCH_STATUS_L] | (self._regs[TOUCH_STATUS_H] & 0x0F) << 8
        if status != old:
            self._regs[TOUCH_STATUS_L] = status & 0xFF
            self._regs[TOUCH_STATUS_H] = (self._regs[TOUCH_STATUS_H] & OVCF) | status >> 8
            self._set_irq(True)

    # -- the IRQ line, inside -------------------------------------------------------------------

    def _set_irq(self, low: bool) -> None:
        if not self._plugged:
            low = False  # unplugged, the pull-up holds the line high
        if low == self._irq_low:
            return
        self._irq_low = low
        for pin in self._irq_pins:
            self._drive(pin, low)

    @staticmethod
    def _drive(pin, low: bool) -> None:
        if low:
            pin.drive_low()
        else:
            pin.drive_high()


def _check(electrode: int) -> int:
    if isinstance(electrode, bool) or not isinstance(electrode, int):
        raise ValueError(f"electrode must be an integer 0-11, got {electrode!r}")
    if not 0 <= electrode < ELECTRODES:
        raise ValueError(f"electrode must be 0-11, got {electrode}")
    return electrode


class EmulatedBus:
    """Several emulated chips on one bus, each answering at its own address."""

    def __init__(self, *chips: EmulatedMPR121, number: Optional[int] = None):
        self.chips = {chip.address: chip for chip in chips}
        self.number = number

    def _chip(self, address: int) -> EmulatedMPR121:
        chip = self.chips.get(address)
        if chip is None:
            raise _oserror(errno.EREMOTEIO)
        return chip

    def read_byte_data(self, address: int, register: int, force=None) -> int:
        return self._chip(address).read_byte_data(address, register)

    def read_word_data(self, address: int, register: int, force=None) -> int:
        return self._chip(address).read_word_data(address, register)

    def read_i2c_block_data(self, address: int, register: int, length: int, force=None):
        return self._chip(address).read_i2c_block_data(address, register, length)

    def write_byte_data(self, address: int, register: int, value: int, force=None) -> None:
        self._chip(address).write_byte_data(address, register, value)

    def write_i2c_block_data(self, address: int, register: int, data, force=None) -> None:
        self._chip(address).write_i2c_block_data(address, register, data)

    def close(self) -> None:
        """Nothing to release."""
