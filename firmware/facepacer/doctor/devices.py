"""The checks that talk to the hardware: the sensor on I2C, the buzzer's pin, the IRQ line.

They only read: the sensor is identified by a register read, never reset, so a running device
is not disturbed. A pin held by the running service is reported as in use, not as broken.
"""

from __future__ import annotations

from typing import List

from facepacer.doctor import FAIL, OK, WARN, Context, Result, SensorBus
from facepacer.hardware import mpr121

SCAN = range(0x08, 0x78)  # the addresses i2cdetect scans: 0x00-0x07 and 0x78-0x7F are reserved
MPR121_CONFIG2 = {
    mpr121.CONFIG2_AFTER_RESET: "an MPR121 after reset",
    mpr121.CONFIG2_SETTING: "an MPR121 set up by facepacer",
}
WIRING = (
    "check the wiring: VIN to 3.3 V (pin 1), GND to GND (pin 6), SDA to GPIO2 (pin 3), SCL to "
    "GPIO3 (pin 5); `i2cdetect -y {bus}` shows what answers"
)


def _answering(bus: SensorBus) -> List[int]:
    found = []
    for address in SCAN:
        try:
            bus.read_byte_data(address, mpr121.CONFIG2)
        except OSError:
            continue
        found.append(address)
    return found


def sensor(context: Context) -> Result:
    """The MPR121 answers at the configured address; what else answers on the bus."""
    config = context.config.sensor
    where = f"0x{config.address:02X} on I2C bus {config.bus}"
    bus, owned = context.bus, None
    if bus is None:
        from facepacer.errors import BusError
        from facepacer.hardware.bus import open_bus

        try:
            bus = owned = open_bus(config.bus)
        except BusError as exc:
            return Result("sensor", FAIL, f"cannot look for it at {where}: {exc}", "see i2c above")
    try:
        found = _answering(bus)
        config2 = (
            bus.read_byte_data(config.address, mpr121.CONFIG2) if config.address in found else None
        )
    except OSError as exc:
        return Result(
            "sensor", FAIL, f"reading {where} failed: {exc}", WIRING.format(bus=config.bus)
        )
    finally:
        if owned is not None:
            owned.close()
    others = [f"0x{a:02X}" for a in found if a != config.address]
    also = f"; also answering: {', '.join(others)}" if others else ""
    if config2 is None:
        candidates = [f"0x{a:02X}" for a in found if a in mpr121.ADDRESSES]
        if candidates:
            fix = f"set `sensor: address: {candidates[0]}` in the config (or move its ADDR wire)"
        else:
            fix = WIRING.format(bus=config.bus)
        return Result("sensor", FAIL, f"nothing answers at {where}{also}", fix)
    what = MPR121_CONFIG2.get(config2)
    if what is None:
        return Result(
            "sensor",
            WARN,
            f"a chip answers at {where} but its CONFIG2 reads 0x{config2:02X}, which is not "
            f"an MPR121's{also}",
            "`facepacer probe` resets and identifies it; check the breakout's address",
        )
    return Result("sensor", OK, f"{what} at {where}{also}")


def _in_use(exc: Exception) -> bool:
    text = str(exc).lower()
    return "busy" in text or "in use" in text


def pins(context: Context) -> Result:
    """The pin library gpiozero chose, and whether it sounds the buzzer on its pin."""
    choice = context.pin_choice()
    buzzer = context.config.buzzer
    problem = choice.problem()
    if choice.factory is None:
        return Result("pins", FAIL, "no GPIO pin library", problem or "")
    label = f"GPIO{buzzer.pin}"
    try:
        pin = choice.factory.pin(buzzer.pin)
        pin.function = "output"
        if not buzzer.active:
            pin.frequency = 440  # a passive piezo needs a tone: PWM on this pin
            pin.frequency = None
        pin.close()
    except Exception as exc:
        if _in_use(exc):
            return Result(
                "pins", WARN, f"{choice.name}: {label} is in use ({exc})",
                "stop the service to test it: `sudo systemctl stop facepacer`",
            )  # fmt: skip
        need = "an output" if buzzer.active else "a tone (PWM)"
        return Result(
            "pins", FAIL, f"{choice.name} cannot make {need} on {label}: {exc}",
            problem or "use the lgpio pin library (`sudo apt install python3-lgpio`)",
        )  # fmt: skip
    if problem:
        return Result("pins", FAIL, f"{choice.name} on {label}", problem)
    how = "an on/off output" if buzzer.active else "PWM tones"
    if choice.name == "LGPIOFactory" and not buzzer.active:
        how += ", software-timed by lgpio"
    return Result("pins", OK, f"{choice.name}: {how} on {label}")


def irq(context: Context) -> Result:
    """The sensor's IRQ line can be read, and it is not stuck low."""
    config = context.config.sensor
    if config.irq_pin is None:
        detail = (
            f"no IRQ wire configured: the pad is read every {config.poll_interval * 1000:.0f} ms"
        )
        return Result("irq", OK, detail)
    label = f"GPIO{config.irq_pin}"
    choice = context.pin_choice()
    if choice.factory is None:
        return Result("irq", FAIL, f"cannot read {label}: no GPIO pin library", "see pins above")
    try:
        pin = choice.factory.pin(config.irq_pin)
        if pin.function != "input":
            pin.function = "input"
        if pin.pull != "up":
            pin.pull = "up"  # the MPR121's IRQ output is open drain
        high = bool(pin.state)
    except Exception as exc:
        if _in_use(exc):
            return Result("irq", WARN, f"{label} is in use ({exc})", "the running service holds it")
        return Result("irq", FAIL, f"cannot read {label}: {exc}", "check `sensor: irq_pin`")
    if not high:
        return Result(
            "irq", WARN, f"{label} reads low: the sensor holds an unread touch, or the wire is "
            "shorted to GND",
            "`facepacer probe` reads the chip (which releases the line); check the IRQ wire",
        )  # fmt: skip
    return Result("irq", OK, f"{label} reads high (idle), pulled up")
