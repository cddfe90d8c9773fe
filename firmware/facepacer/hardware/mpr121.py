"""Register-level driver for the NXP MPR121 capacitive touch controller.

The driver talks to whatever ``bus`` it is given through five SMBus methods only
(``read_byte_data``, ``write_byte_data``, ``read_i2c_block_data``, ``write_i2c_block_data``,
``read_word_data``), so the same code runs against ``smbus2`` on the Pi and against the emulated
chip in the simulator and the tests. It holds no state that a failed transfer can corrupt: after
any error the next call simply tries again.
"""

from __future__ import annotations

import errno
import time
from typing import Callable, Dict, List, NamedTuple, Optional, Sequence

from facepacer.errors import BusError, FacepacerError, HardwareError, SensorNotFound, WrongChip
from facepacer.limits import (
    ADDRESSES,
    CHARGE_CURRENTS,
    CHARGE_TIMES,
    DEFAULT_ADDRESS,
    DEFAULT_RELEASE,
    DEFAULT_TOUCH,
    ELECTRODES,
    THRESHOLD_MAX,
)

# Register map (NXP MPR121 datasheet, rev. 4). Application notes cited below: AN3889 (capacitance
# sensing, auto-configuration), AN3890 (filtering and timing), AN3891 (baseline system), AN3892
# (jitter and false touch), AN3944 (quick start).
TOUCH_STATUS = 0x00  # 0x00: ELE0-7, 0x01: ELE8-11, ELEPROX (bit 4) and OVCF (bit 7)
OOR_STATUS = 0x02  # 0x02-0x03: out-of-range flags of auto-configuration
FILTERED_DATA = 0x04  # 0x04-0x1D: 10-bit filtered reading per electrode, low byte first
BASELINE = 0x1E  # 0x1E-0x2A: the upper 8 of the 10 baseline bits, one byte per electrode
# Baseline filter, one set per case: data rising above the baseline, falling below it, touched.
MHDR, NHDR, NCLR, FDLR = 0x2B, 0x2C, 0x2D, 0x2E
MHDF, NHDF, NCLF, FDLF = 0x2F, 0x30, 0x31, 0x32
NHDT, NCLT, FDLT = 0x33, 0x34, 0x35  # the touched case has no maximum half delta
TOUCH_THRESHOLD = 0x41  # electrode e: touch threshold at 0x41 + 2e, release threshold at 0x42 + 2e
RELEASE_THRESHOLD = 0x42
DEBOUNCE = 0x5B  # bits 6-4: release debounce, bits 2-0: touch debounce (extra samples)
CONFIG1 = 0x5C  # bits 7-6: first filter iterations, bits 5-0: charge current (uA)
CONFIG2 = 0x5D  # bits 7-5: charge time, bits 4-3: second filter iterations, bits 2-0: interval
ECR = 0x5E  # electrode configuration: bits 7-6 calibration lock, 5-4 proximity, 3-0 electrodes
CDC = 0x5F  # electrode e: charge current (uA, 0 = CONFIG1's) at 0x5F + e
CDT = 0x6C  # electrodes 2m and 2m+1: charge time codes in bits 2-0 and 6-4 of 0x6C + m
AUTO_CONFIG0 = 0x7B  # bits 7-6 first filter (as CONFIG1), 5-4 retries, 3-2 baseline as ECR's CL,
# bit 1 auto-reconfigure, bit 0 auto-configure
AUTO_CONFIG1 = 0x7C  # bit 7 skip the charge time search, bits 2-0 interrupt enables
UPPER_LIMIT, LOWER_LIMIT, TARGET_LEVEL = 0x7D, 0x7E, 0x7F  # the upper 8 of 10 bits of a reading
SOFT_RESET = 0x80

RESET_COMMAND = 0x63  # writing this to SOFT_RESET restores every register to its power-on value
CONFIG2_AFTER_RESET = 0x24  # the identity check: no other register has a distinctive reset value

TOUCH_BITS = 0x0FFF
PROXIMITY_BIT = 1 << 12
OVER_CURRENT_BIT = 1 << 15  # OVCF: over-current on REXT; the chip stops measuring
CONFIG_FAILED_BIT = 1 << 15  # ACFF in the out-of-range word: auto-configuration failed
RESET_SETTLE = 0.001  # seconds after a soft reset before the chip is addressed again (AN3944)

# Baseline filter settings, written as one block from MHDR to FDLT. Rising and falling follow the
# values NXP's application note AN3891 starts from. The touched case is all zeros: a noise half
# delta of 0 freezes the baseline while an electrode is touched, so a long press is never
# "calibrated away" and released by drift.
FILTER_SETTINGS = (
    0x01, 0x01, 0x0E, 0x00,  # rising: MHD, NHD, NCL, FDL
    0x01, 0x05, 0x01, 0x00,  # falling: MHD, NHD, NCL, FDL
    0x00, 0x00, 0x00,  # touched: NHD, NCL, FDL
)  # fmt: skip
# Two extra samples to confirm a touch and a release: a wet finger or mains noise flickers across
# the threshold, and debounce is the chip's own cure for it (AN3892).
DEBOUNCE_SETTING = 0x22
CONFIG1_SETTING = 0x10  # first filter 6 samples, 16 uA charge current (the power-on value)
# 0.5 us charge time, second filter 4 samples, 1 ms sample interval: each electrode is measured
# every millisecond and the baseline filter sees one sample per 4 ms (AN3890).
CONFIG2_SETTING = 0x20
# Auto-configuration (AN3889): first filter as CONFIG1 (6 samples), two retries, baseline loaded
# with the configured reading (as ECR's calibration lock 0b11), auto-reconfigure and auto-configure
# on; charge time searched too, no interrupts for it (the driver reads the outcome back).
AUTO_CONFIG0_SETTING = 0b00_01_11_1_1
AUTO_CONFIG1_SETTING = 0x00
# Run mode: calibration lock 0b11 (baseline tracking on, the baseline starts at the full 10-bit
# first reading, so there is no slow settling after a reset), no proximity, electrodes 0-11.
ECR_RUN = 0xCC
ECR_STOP = 0x00


def pause(seconds: float) -> None:
    """Wait on the real clock (the settle time after a reset; tests replace it)."""
    time.sleep(seconds)


def limits(vdd: float = 3.3) -> tuple:
    """(USL, LSL, TL) for auto-configuration at supply ``vdd``, as the datasheet gives them:
    the reading may not come closer than 0.7 V to the supply; the target is 90 % of that limit
    and the lower limit 65 % (3.3 V: 201, 130, 181)."""
    upper = int((vdd - 0.7) / vdd * 256)
    return upper, int(upper * 0.65), int(round(upper * 0.9))


class Charge(NamedTuple):
    current: int  # uA, 1-63
    time: float  # us, one of CHARGE_TIMES

    def code(self) -> int:
        return CHARGE_TIMES.index(self.time) + 1

    def __str__(self) -> str:
        return f"{self.current} uA for {self.time:g} us"


# Errors where nothing acknowledged the address: the chip is absent, unpowered or miswired.
NO_ANSWER = (errno.ENXIO, errno.EREMOTEIO, errno.ENODEV)


class TouchStatus(NamedTuple):
    touched: int  # 12-bit mask, bit e set while electrode e is touched
    over_current: bool


class Reading(NamedTuple):
    electrode: int
    filtered: int  # 10-bit filtered capacitance reading
    baseline: int  # 10-bit baseline (the chip keeps its top 8 bits, so a multiple of 4)
    touched: bool

    @property
    def delta(self) -> int:
        """How far below the baseline the reading is: a touch pulls it down by more than the
        touch threshold."""
        return self.baseline - self.filtered


def check_electrode(electrode: int) -> int:
    if isinstance(electrode, bool) or not isinstance(electrode, int):
        raise ValueError(f"electrode must be an integer 0-11, got {electrode!r}")
    if not 0 <= electrode < ELECTRODES:
        raise ValueError(f"electrode must be 0-11, got {electrode}")
    return electrode


def check_thresholds(touch: int, release: int) -> None:
    """Thresholds are counts of filtered-below-baseline; touch must exceed release (hysteresis)."""
    for name, value in (("touch", touch), ("release", release)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= THRESHOLD_MAX:
            raise ValueError(f"{name} threshold must be an integer 0-255, got {value!r}")
    if touch <= release:
        raise ValueError(
            f"touch threshold must be greater than release threshold, got touch={touch} "
            f"and release={release}"
        )


def wiring_hint(bus_number: Optional[int]) -> str:
    if bus_number == 1:
        return "check wiring SDA GPIO2 / SCL GPIO3 and `i2cdetect -y 1`"
    if bus_number is None:
        return "check the SDA/SCL wiring and `i2cdetect -y BUS`"
    return f"check the SDA/SCL wiring of bus {bus_number} and `i2cdetect -y {bus_number}`"


class MPR121:
    """One MPR121 at ``address`` on ``bus``; configured and running once constructed.

    ``bus_number`` only names the bus in messages (taken from ``bus.number`` when not given).
    ``retries`` is how many times a failed transfer is repeated before it raises: one retry
    absorbs the odd glitch on a long cable without hiding an unplugged sensor.

    Raises ``SensorNotFound`` when nothing answers, ``WrongChip`` when something else does,
    ``BusError`` when transfers fail, ``HardwareError`` when the chip refuses to run
    (over-current), and ``ValueError`` for a bad address, electrode or threshold.
    """

    def __init__(
        self,
        bus,
        address: int = DEFAULT_ADDRESS,
        *,
        bus_number: Optional[int] = None,
        touch_threshold: int = DEFAULT_TOUCH,
        release_threshold: int = DEFAULT_RELEASE,
        retries: int = 1,
        charge: Optional[Charge] = None,
        vdd: float = 3.3,
        sleep: Optional[Callable[[float], None]] = None,
    ):
        if address not in ADDRESSES:
            shown = f"0x{address:02x}" if isinstance(address, int) else repr(address)
            raise ValueError(
                f"an MPR121 answers only at 0x5a-0x5d (ADDR pin to GND, VDD, SDA or SCL), "
                f"got {shown}"
            )
        check_thresholds(touch_threshold, release_threshold)
        if retries < 0:
            raise ValueError(f"retries must be 0 or more, got {retries}")
        self.bus = bus
        self.address = address
        self.bus_number = bus_number if bus_number is not None else getattr(bus, "number", None)
        self.touch_threshold = touch_threshold
        self.release_threshold = release_threshold
        self.retries = retries
        if charge is not None and (
            not CHARGE_CURRENTS[0] <= charge.current <= CHARGE_CURRENTS[1]
            or charge.time not in CHARGE_TIMES
        ):
            low, high = CHARGE_CURRENTS
            raise ValueError(
                f"charge current must be {low}-{high} uA and charge time one of "
                f"{', '.join(f'{t:g}' for t in CHARGE_TIMES)} us, got {charge}"
            )
        self.charge = charge  # None: auto-configuration finds each electrode's
        self.vdd = vdd
        self._sleep = sleep
        self.charges: List[Charge] = []  # what each electrode runs with, read back at start
        self.failed: Dict[int, str] = {}  # electrode -> why auto-configuration failed on it
        self.begin()

    @property
    def where(self) -> str:
        bus = f"I2C bus {self.bus_number}" if self.bus_number is not None else "the I2C bus"
        return f"0x{self.address:02x} on {bus}"

    # -- set-up ---------------------------------------------------------------------------------

    def begin(self) -> None:
        """Reset the chip, check it is an MPR121, configure it and start measuring.

        Safe to call again at any time, which is how a chip that lost power is brought back.
        """
        self._write(SOFT_RESET, RESET_COMMAND, "soft reset")
        (self._sleep or pause)(RESET_SETTLE)
        config2 = self._read(CONFIG2, "identity check")
        if config2 != CONFIG2_AFTER_RESET:
            raise WrongChip(
                f"a chip answers at {self.where} but it is not an MPR121: CONFIG2 (0x5D) reads "
                f"0x{config2:02x} after a soft reset, expected 0x{CONFIG2_AFTER_RESET:02x}; "
                f"check which chip has that address (`facepacer probe` scans 0x5a-0x5d)"
            )
        # OVCF survives nothing but a write of 1 to it (datasheet, register 0x01); clear it so a
        # fault that has been mended does not keep the chip from running.
        self.clear_over_current()
        self._configure()
        self._start()

    def _configure(self) -> None:
        # The chip ignores writes to its configuration registers while it runs (ECR != 0): every
        # write below must happen in stop mode, or it is silently lost.
        self._write(ECR, ECR_STOP, "entering stop mode")
        self._write_block(MHDR, FILTER_SETTINGS, "writing the baseline filter")
        self._write_block(
            TOUCH_THRESHOLD,
            [self.touch_threshold, self.release_threshold] * ELECTRODES,
            "writing the thresholds",
        )
        config1, config2, auto = CONFIG1_SETTING, CONFIG2_SETTING, AUTO_CONFIG0_SETTING
        if self.charge is not None:
            config1 = (config1 & 0xC0) | self.charge.current
            config2 = (config2 & 0x1F) | self.charge.code() << 5
            auto = 0x00
        self._write_block(
            DEBOUNCE, (DEBOUNCE_SETTING, config1, config2), "writing debounce and filter settings"
        )
        self._write_block(
            AUTO_CONFIG0,
            (auto, AUTO_CONFIG1_SETTING, *limits(self.vdd)),
            "writing the auto-configuration settings",
        )

    def _start(self) -> None:
        self._write(ECR, ECR_RUN, "starting the electrodes")
        ecr = self._read(ECR, "checking the chip runs")
        if ecr == ECR_RUN:
            self._read_charges()
            return
        if self.read_status().over_current:
            raise HardwareError(self.over_current_message())
        raise HardwareError(
            f"the MPR121 at {self.where} did not start: ECR (0x5E) reads 0x{ecr:02x} after "
            f"writing 0x{ECR_RUN:02x}; check its power supply (3.3 V) and ground"
        )

    def _read_charges(self) -> None:
        """What auto-configuration chose per electrode, and which electrodes it could not bring
        into range (0x02-0x03), each with its likely cause."""
        oor = self._io(
            "reading auto-configuration", self.bus.read_word_data, self.address, OOR_STATUS
        )
        currents = self._read_block(CDC, ELECTRODES, "reading charge currents")
        times = self._read_block(CDT, ELECTRODES // 2, "reading charge times")
        config1, config2 = CONFIG1_SETTING, CONFIG2_SETTING
        if self.charge is not None:
            config1, config2 = self.charge.current, self.charge.code() << 5
        self.charges = []
        for e in range(ELECTRODES):
            current = currents[e] & 0x3F or config1 & 0x3F
            code = times[e // 2] >> (4 * (e % 2)) & 0x07 or config2 >> 5
            self.charges.append(Charge(current, CHARGE_TIMES[max(code, 1) - 1]))
        self.failed = {}
        if oor & (TOUCH_BITS | CONFIG_FAILED_BIT):
            data = self._read_block(FILTERED_DATA, 2 * ELECTRODES, "reading filtered data")
            for e in range(ELECTRODES):
                if oor >> e & 1:
                    self.failed[e] = self._failure(e, data[2 * e] | data[2 * e + 1] << 8)

    def _failure(self, electrode: int, data: int) -> str:
        """Why an electrode is out of range, from where its reading sits (AN3889: a reading
        falls as capacitance grows)."""
        target = limits(self.vdd)[2] << 2
        if (data & 0x3FF) > target:
            cause = (
                "it reads high even at the lowest charge: almost nothing is connected "
                "(a loose or cut wire, or no pad)"
            )
        else:
            cause = (
                "it reads low even at the highest charge: the pad is too large or touches "
                "ground (a screw, the frame, a wet film)"
            )
        return f"electrode {electrode} of the MPR121 at {self.where} is out of range: {cause}"

    def problems(self, electrodes: Optional[Sequence[int]] = None) -> List[str]:
        """Messages for the electrodes auto-configuration could not set up (only those in
        ``electrodes`` when given)."""
        return [m for e, m in sorted(self.failed.items()) if electrodes is None or e in electrodes]

    def set_thresholds(self, touch: int, release: int) -> None:
        """Change the sensitivity of every electrode (stop, write, start again)."""
        check_thresholds(touch, release)
        self.touch_threshold, self.release_threshold = touch, release
        self._configure()
        self._start()

    # -- reading --------------------------------------------------------------------------------

    def read_status(self) -> TouchStatus:
        """Touch mask and over-current flag, in one transfer."""
        word = self._io("reading touch status", self.bus.read_word_data, self.address, TOUCH_STATUS)
        return TouchStatus(word & TOUCH_BITS, bool(word & OVER_CURRENT_BIT))

    def touched(self) -> int:
        """The 12-bit touch mask; the proximity and over-current bits are masked off."""
        return self.read_status().touched

    def over_current(self) -> bool:
        return self.read_status().over_current

    def over_current_message(self) -> str:
        # OVCF is about the REXT pin (datasheet 0x01 bit 7): too much current there means the
        # resistor or the chip's own regulator pins are wrong, not an electrode.
        return (
            f"MPR121 at 0x{self.address:02x} reports over-current (OVCF) on its REXT pin: the "
            f"board is damaged or miswired there; check the breakout's REXT resistor and VREG "
            f"capacitor, and that VDD is 3.3 V"
        )

    def clear_over_current(self) -> None:
        """Clear OVCF (write 1 to clear). The chip then waits in stop mode: call ``begin``."""
        self._write(TOUCH_STATUS + 1, 0x80, "clearing the over-current flag")

    def is_running(self) -> bool:
        """False when the chip has stopped measuring: it reset (power dip, replug) or tripped
        over-current. Reads ECR, which is 0 after any reset."""
        return self._read(ECR, "checking the chip runs") == ECR_RUN

    def filtered(self, electrode: int) -> int:
        check_electrode(electrode)
        word = self._io(
            "reading filtered data",
            self.bus.read_word_data,
            self.address,
            FILTERED_DATA + 2 * electrode,
        )
        return word & 0x3FF

    def baseline(self, electrode: int) -> int:
        check_electrode(electrode)
        return self._read(BASELINE + electrode, "reading the baseline") << 2

    def readings(self) -> List[Reading]:
        """Every electrode's filtered data, baseline and touch state (four transfers)."""
        mask = self.touched()
        data = self._read_block(FILTERED_DATA, 2 * ELECTRODES, "reading filtered data")
        base = self._read_block(BASELINE, ELECTRODES, "reading baselines")
        return [
            Reading(
                e,
                (data[2 * e] | data[2 * e + 1] << 8) & 0x3FF,
                base[e] << 2,
                bool(mask >> e & 1),
            )
            for e in range(ELECTRODES)
        ]

    # -- transfers ------------------------------------------------------------------------------

    def _read(self, register: int, doing: str) -> int:
        return self._io(doing, self.bus.read_byte_data, self.address, register) & 0xFF

    def _write(self, register: int, value: int, doing: str) -> None:
        self._io(doing, self.bus.write_byte_data, self.address, register, value)

    def _read_block(self, register: int, length: int, doing: str) -> List[int]:
        return list(self._io(doing, self.bus.read_i2c_block_data, self.address, register, length))

    def _write_block(self, register: int, values: Sequence[int], doing: str) -> None:
        # The MPR121 increments the register address after each byte of a multi-byte write.
        self._io(doing, self.bus.write_i2c_block_data, self.address, register, list(values))

    def _io(self, doing: str, method, *args):
        attempts = self.retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return method(*args)
            except FacepacerError:
                raise
            except OSError as exc:
                if attempt == attempts:
                    raise self._bus_error(exc, doing) from exc

    def _bus_error(self, exc: OSError, doing: str) -> BusError:
        if exc.errno in NO_ANSWER:
            error: BusError = SensorNotFound(
                f"no MPR121 at {self.where}: {exc}; {wiring_hint(self.bus_number)}"
            )
        else:
            error = BusError(
                f"I2C transfer with the MPR121 at {self.where} failed ({doing}): {exc}; "
                f"{wiring_hint(self.bus_number)} (a loose or long wire garbles transfers)"
            )
        error.errno = exc.errno
        return error
