"""An emulated MPR121 behind the SMBus methods, so the real driver runs on a laptop and in tests.

It keeps the chip's register array and the rules the driver depends on: configuration writes are
dropped while the chip runs; a soft reset (and power loss) restores the power-on values,
CONFIG2 = 0x24 included; touch status follows filtered data, baseline and thresholds with the
chip's hysteresis; the baseline drifts by the filter registers as time is advanced (frozen while
touched when the touched filter is zero); over-current sets OVCF, stops the chip and refuses run
mode until cleared by writing 1; the IRQ line goes low on a status change and high when the
status is read. Faults can be injected: unplugging, failing transfers, a short on the pads.

Not modelled: debounce, auto-configuration, proximity, GPIO, the exact baseline filter arithmetic
(drift is approximated from NHD, NCL and FDL).
"""

from __future__ import annotations

import errno
import os
import threading
from typing import Callable, List, Optional, Sequence, Tuple

from facepacer.hardware import mpr121 as reg

POWER_ON = {reg.CONFIG1: 0x10, reg.CONFIG2: reg.CONFIG2_AFTER_RESET}
# Registers the chip accepts in run mode: ECR, the GPIO and LED block, soft reset, and the
# write-1-to-clear OVCF bit in the second status byte.
RUN_MODE_WRITABLE = {reg.ECR, reg.SOFT_RESET, reg.TOUCH_STATUS + 1} | set(range(0x73, 0x7B))
READ_ONLY = set(range(reg.TOUCH_STATUS, reg.BASELINE))  # status and filtered data
SECOND_FILTER_SAMPLES = (4, 6, 10, 18)
BLOCK_MAX = 32  # bytes in one SMBus block transfer
REST_LEVEL = 700  # filtered counts of an untouched electrode
TOUCH_DELTA = 40  # counts a firm finger pulls the filtered data down


def _oserror(code: int) -> OSError:
    return OSError(code, os.strerror(code))


class EmulatedMPR121:
    """A stateful fake MPR121 answering at ``address`` (any 7-bit address).

    ``wrong_chip=True`` makes it a different chip at that address: plain registers that ignore
    the reset command, whose CONFIG2 reads 0x00. All methods are thread-safe: the IRQ may be
    driven from one thread while another reads.
    """

    def __init__(self, address: int = reg.DEFAULT_ADDRESS, *, wrong_chip: bool = False):
        self.address = address
        self.wrong_chip = wrong_chip
        self._lock = threading.RLock()
        self._regs = bytearray(256)
        self.level = [REST_LEVEL + 3 * e for e in range(reg.ELECTRODES)]
        self._finger = [0] * reg.ELECTRODES  # counts pulled down by a finger, 0 when untouched
        self._base = [0] * reg.ELECTRODES  # 10-bit baseline, as the chip keeps it
        self._counted: List[Tuple[Optional[str], int]] = [(None, 0)] * reg.ELECTRODES
        self._status = 0
        self._short = False
        self._plugged = True
        self._fail_every = 0
        self._fail_every_errno = errno.EIO
        self._fail_count = 0
        self._fail_next: List[int] = []
        self._elapsed = 0.0  # seconds of measuring not yet turned into filter samples
        self._irq_low = False
        self._irq_pins: list = []
        self._irq_callbacks: List[Callable[[bool], None]] = []
        self.transfers = 0
        self.ignored_writes: List[Tuple[int, int]] = []  # (register, value) dropped in run mode
        self._power_on()

    # -- the SMBus methods ----------------------------------------------------------------------

    def read_byte_data(self, address: int, register: int, force=None) -> int:
        with self._lock:
            self._transfer(address)
            return self._read(register, 1)[0]

    def read_word_data(self, address: int, register: int, force=None) -> int:
        with self._lock:
            self._transfer(address)
            low, high = self._read(register, 2)
            return low | high << 8

    def read_i2c_block_data(self, address: int, register: int, length: int, force=None):
        if not 0 <= length <= BLOCK_MAX:
            raise ValueError(f"block length must be 0-{BLOCK_MAX}, got {length}")
        with self._lock:
            self._transfer(address)
            return self._read(register, length)

    def write_byte_data(self, address: int, register: int, value: int, force=None) -> None:
        with self._lock:
            self._transfer(address)
            self._write(register, [value])

    def write_i2c_block_data(self, address: int, register: int, data, force=None) -> None:
        if len(data) > BLOCK_MAX:
            raise ValueError(f"block length must be 0-{BLOCK_MAX}, got {len(data)}")
        with self._lock:
            self._transfer(address)
            self._write(register, list(data))

    def close(self) -> None:
        """Nothing to release; present so the emulated chip can stand in for a whole bus."""

    # -- what a finger, the weather and the wiring do -------------------------------------------

    def set_touched(self, electrode: int, pressed: bool, *, strength: int = TOUCH_DELTA) -> None:
        """Put a finger on (or take it off) ``electrode``; ``strength`` is how many counts it
        pulls the filtered data down (a light touch through glass pulls less)."""
        reg.check_electrode(electrode)
        with self._lock:
            self._finger[electrode] = strength if pressed else 0
            self._update()

    def is_pressed(self, electrode: int) -> bool:
        """Whether a finger is on ``electrode`` (the world, not what the chip reports)."""
        return self._finger[reg.check_electrode(electrode)] > 0

    def drift(self, electrode: int, counts: int) -> None:
        """Shift an electrode's untouched level (humidity, temperature, a wet pad)."""
        reg.check_electrode(electrode)
        with self._lock:
            self.level[electrode] += counts
            self._update()

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of measuring pass: the baseline filter tracks the data."""
        with self._lock:
            if not self._running:
                return
            self._elapsed += seconds
            config2 = self._regs[reg.CONFIG2]
            period = 0.001 * (1 << (config2 & 7)) * SECOND_FILTER_SAMPLES[config2 >> 3 & 3]
            samples = int(self._elapsed / period + 1e-9)
            self._elapsed -= samples * period
            if samples and self._regs[reg.ECR] >> 6 != 0b01:  # 0b01: tracking disabled
                for e in range(self._enabled):
                    self._track(e, samples)
            self._update()

    def over_current(self, short: bool = True) -> None:
        """A short on the electrode pins: OVCF sets and the chip stops until it is cleared."""
        with self._lock:
            self._short = short
            if short and self._running:
                self._trip()

    def unplug(self) -> None:
        """Every transfer fails with EREMOTEIO (no acknowledge); the IRQ line floats high."""
        with self._lock:
            self._plugged = False
            self._set_irq(False)

    def replug(self) -> None:
        """Back on the bus at power-on values, as after a brown-out."""
        with self._lock:
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
        return self._irq_low

    def attach_irq_pin(self, pin) -> None:
        """Drive a gpiozero mock pin (``MockFactory().pin(4)``) with the IRQ line's level, so a
        ``DigitalInputDevice`` on it sees the edges a real chip makes."""
        with self._lock:
            self._irq_pins.append(pin)
            self._drive(pin, self._irq_low)

    def on_irq(self, callback: Callable[[bool], None]) -> None:
        """Call ``callback(low)`` whenever the IRQ line changes level."""
        with self._lock:
            self._irq_callbacks.append(callback)

    # -- inspection (no transfer, never fails) --------------------------------------------------

    def register(self, register: int) -> int:
        with self._lock:
            return self._regs[register]

    def registers(self, start: int, count: int) -> bytes:
        with self._lock:
            return bytes(self._regs[start : start + count])

    @property
    def running(self) -> bool:
        return self._running

    # -- the chip inside ------------------------------------------------------------------------

    @property
    def _running(self) -> bool:
        return self._regs[reg.ECR] & 0x3F != 0

    @property
    def _enabled(self) -> int:
        return min(self._regs[reg.ECR] & 0x0F, reg.ELECTRODES)

    def _power_on(self) -> None:
        self._regs[:] = bytes(256)
        if not self.wrong_chip:
            for register, value in POWER_ON.items():
                self._regs[register] = value
        self._status = 0
        self._base = [0] * reg.ELECTRODES
        self._counted = [(None, 0)] * reg.ELECTRODES
        self._elapsed = 0.0
        self._set_irq(False)

    def _transfer(self, address: int) -> None:
        self.transfers += 1
        if not self._plugged or address != self.address:
            raise _oserror(errno.EREMOTEIO)
        if self._fail_next:
            raise _oserror(self._fail_next.pop(0))
        if self._fail_every:
            self._fail_count += 1
            if self._fail_count % self._fail_every == 0:
                raise _oserror(self._fail_every_errno)

    def _read(self, register: int, length: int) -> List[int]:
        if not self.wrong_chip and length and register <= reg.TOUCH_STATUS + 1:
            self._set_irq(False)  # reading the touch status releases the IRQ line
        return [self._regs[(register + i) & 0xFF] for i in range(length)]

    def _write(self, register: int, values: Sequence[int]) -> None:
        for i, value in enumerate(values):
            self._write_one((register + i) & 0xFF, value & 0xFF)
        if not self.wrong_chip:
            self._update()

    def _write_one(self, register: int, value: int) -> None:
        if self.wrong_chip:
            self._regs[register] = value
            return
        if register == reg.SOFT_RESET:
            if value == reg.RESET_COMMAND:
                self._power_on()
            return
        if self._running and register not in RUN_MODE_WRITABLE:
            self.ignored_writes.append((register, value))
            return
        if register == reg.TOUCH_STATUS + 1:
            if value & 0x80 and not self._short:
                self._regs[register] &= 0x7F  # OVCF: write 1 to clear
            return
        if register in READ_ONLY:
            return
        if register == reg.ECR:
            self._write_ecr(value)
            return
        self._regs[register] = value

    def _write_ecr(self, value: int) -> None:
        was_running = self._running
        starting = value & 0x3F != 0
        if starting and self._regs[reg.TOUCH_STATUS + 1] & 0x80:
            return  # while OVCF is set, a write that would enter run mode is discarded
        self._regs[reg.ECR] = value
        if starting and self._short:
            self._trip()
        elif starting and not was_running:
            self._load_baselines(value >> 6)
        elif not starting:
            # Stopped, nothing is measured: no electrode reads as touched.
            self._status = 0
            self._regs[reg.TOUCH_STATUS] = 0
            self._regs[reg.TOUCH_STATUS + 1] &= 0x80

    def _load_baselines(self, lock: int) -> None:
        for e in range(reg.ELECTRODES):
            data = self._data(e)
            if lock == 0b10:
                self._base[e] = data & 0x3E0  # the five high bits of the first reading
            elif lock == 0b11:
                self._base[e] = data  # the whole first reading
            else:
                self._base[e] = self._regs[reg.BASELINE + e] << 2  # what the register holds

    def _trip(self) -> None:
        # Over-current: status and output registers and ECR bits 5-0 clear, OVCF sets.
        for r in range(reg.TOUCH_STATUS, reg.BASELINE + reg.ELECTRODES):
            self._regs[r] = 0
        self._regs[reg.ECR] &= 0xC0
        self._regs[reg.TOUCH_STATUS + 1] = 0x80
        self._status = 0
        self._set_irq(True)

    def _data(self, e: int) -> int:
        return max(0, min(1023, self.level[e] - self._finger[e]))

    def _track(self, e: int, samples: int) -> None:
        data, base = self._data(e), self._base[e]
        if self._status >> e & 1:
            case, mhd = "touched", 0
            nhd, ncl, fdl = (self._regs[r] for r in (reg.NHDT, reg.NCLT, reg.FDLT))
        elif data > base:
            case = "rising"
            mhd, nhd, ncl, fdl = (self._regs[r] for r in (reg.MHDR, reg.NHDR, reg.NCLR, reg.FDLR))
        elif data < base:
            case = "falling"
            mhd, nhd, ncl, fdl = (self._regs[r] for r in (reg.MHDF, reg.NHDF, reg.NCLF, reg.FDLF))
        else:
            self._counted[e] = (None, 0)
            return
        gap = abs(data - base)
        if gap <= 2 * mhd:
            self._base[e] = data  # small variations pass straight through
            self._counted[e] = (None, 0)
            return
        # NHD counts per (NCL + 1) consecutive samples in one direction, slowed by FDL.
        last_case, count = self._counted[e]
        count = (count if last_case == case else 0) + samples
        per_step = (ncl + 1) * (fdl + 1)
        steps, count = divmod(count, per_step)
        self._counted[e] = (case, count)
        step = min(gap, nhd * steps)
        self._base[e] = base + step if data > base else base - step

    def _update(self) -> None:
        if self.wrong_chip or not self._running:
            return
        status = 0
        for e in range(self._enabled):
            data = self._data(e)
            self._regs[reg.FILTERED_DATA + 2 * e] = data & 0xFF
            self._regs[reg.FILTERED_DATA + 2 * e + 1] = data >> 8
            self._regs[reg.BASELINE + e] = self._base[e] >> 2
            delta = self._base[e] - data
            touch = self._regs[reg.TOUCH_THRESHOLD + 2 * e]
            release = self._regs[reg.RELEASE_THRESHOLD + 2 * e]
            was = self._status >> e & 1
            if (was and delta >= release) or (not was and delta > touch):
                status |= 1 << e
        if status != self._status:
            self._status = status
            self._regs[reg.TOUCH_STATUS] = status & 0xFF
            self._regs[reg.TOUCH_STATUS + 1] = (self._regs[reg.TOUCH_STATUS + 1] & 0x80) | (
                status >> 8
            )
            self._set_irq(True)

    def _set_irq(self, low: bool) -> None:
        if not self._plugged:
            low = False  # unplugged, the pull-up holds the line high
        if low == self._irq_low:
            return
        self._irq_low = low
        for pin in self._irq_pins:
            self._drive(pin, low)
        for callback in self._irq_callbacks:
            callback(low)

    @staticmethod
    def _drive(pin, low: bool) -> None:
        if low:
            pin.drive_low()
        else:
            pin.drive_high()


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
