"""Device settings: defaults here, overridden by ``config.yaml`` in the config directory.

Every field has a working default, so the device runs with no config file at all; a bad setting
in the file is warned about and keeps its default, so a typo never stops the device.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import re
from dataclasses import dataclass, field, fields
from datetime import time as TimeOfDay
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from facepacer import i18n
from facepacer.engine.events import ROLES
from facepacer.limits import (
    ADDRESSES,
    CHARGE_CURRENTS,
    CHARGE_TIMES,
    DEFAULT_ADDRESS,
    DEFAULT_RELEASE,
    DEFAULT_TOUCH,
    ELECTRODES,
    THEME_NAMES,
    THRESHOLD_MAX,
)
from facepacer.paths import config_dir
from facepacer.ritual.checks import Checker, describe, label, printable
from facepacer.ritual.yamlread import Node, Problem, read_file, shown, shown_text


@dataclass(frozen=True)
class SensorConfig:
    bus: int = 1  # /dev/i2c-1
    address: int = DEFAULT_ADDRESS
    irq_pin: Optional[int] = 4  # BCM; None polls only
    poll_interval: float = 0.02  # seconds between reads when the IRQ line is not used
    pad: int = 0  # the electrode that taps and holds
    roles: Dict[int, str] = field(default_factory=dict)  # electrode -> back | pause | next
    # Touch and release thresholds (counts of filtered-vs-baseline difference). Higher touch
    # values need a firmer touch: raise them for a wet or oily pad, lower them behind acrylic.
    touch_threshold: int = DEFAULT_TOUCH
    release_threshold: int = DEFAULT_RELEASE
    tap_max: float = 0.6  # seconds: a shorter press is a tap
    # Charge current (uA) and time (us) for every electrode. None: the MPR121's auto-configuration
    # picks them per electrode at each start, which suits any pad behind any overlay.
    charge_current: Optional[int] = None
    charge_time: Optional[float] = None
    hold_after: float = 1.0  # seconds pressed before a hold fires


@dataclass(frozen=True)
class BuzzerConfig:
    pin: int = 18  # BCM, hardware PWM capable
    active: bool = False  # True for an active buzzer (fixed pitch): patterns become on/off rhythms
    volume: float = 1.0  # 0..1, duty cycle scale for a passive piezo
    mute: bool = False
    # Quieter and no stroke ticks between these times; written HH:MM ("22:00" is read as 22:00)
    night_start: Optional[TimeOfDay] = TimeOfDay(22, 0)
    night_end: Optional[TimeOfDay] = TimeOfDay(7, 0)
    night_volume: float = 0.3

    def __post_init__(self) -> None:
        _times_of_day(self, "night_start", "night_end")


# The one rule for a time of day (night hours, the reminder): HH:MM on the 24-hour clock, the hour
# in one or two digits, the minutes in two: 7:05, 07:05, 00:00 and 23:59, not 24:00 or 7:5.
TIME_PATTERN = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def time_of_day(text: str) -> TimeOfDay:
    """``text`` (HH:MM, by the rule above) as a time of day; ValueError quoting it otherwise."""
    match = TIME_PATTERN.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"a time of day must be HH:MM (24-hour) like 22:00, got {text!r}")
    return TimeOfDay(int(match.group(1)), int(match.group(2)))


def _times_of_day(settings: Any, *names: str) -> None:
    """Each of ``names`` a time of day or None; one given as HH:MM text is read by the rule."""
    for name in names:
        value = getattr(settings, name)
        if value is not None and not isinstance(value, TimeOfDay):
            object.__setattr__(settings, name, time_of_day(value))


# -- the daily reminder and the MQTT link (README: "A daily reminder", "Home Assistant") --------

WEEKDAYS: Tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class ReminderConfig:
    time: Optional[TimeOfDay] = None  # local time, written HH:MM; None: no reminder
    days: Tuple[int, ...] = tuple(range(7))  # weekdays it comes on, Monday = 0

    def __post_init__(self) -> None:
        _times_of_day(self, "time")


@dataclass(frozen=True)
class MqttConfig:
    host: str
    port: Optional[int] = None  # None: 1883, or 8883 with TLS
    tls: bool = False
    ca_file: Optional[str] = None  # PEM file of the CA that signed the broker; None: the system's
    username: Optional[str] = None
    password: Optional[str] = None
    password_file: Optional[str] = None  # its first line is the password; kept out of config.yaml
    topic_prefix: str = "facepacer"
    discovery_prefix: str = "homeassistant"
    device_name: str = "Facepacer"

    @property
    def broker_port(self) -> int:
        if self.port is not None:
            return self.port
        return 8883 if self.tls else 1883


HOST_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?")


def host_problem(host: str) -> Optional[str]:
    """Why ``host`` cannot be a broker's address, which is an IP address or a host name (parts
    of letters, digits and - split by dots, each 1 to 63 characters, 253 in all); None if it can.
    The name resolver refuses the rest with an error of its own, which nothing should meet."""
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    name = host[:-1] if host.endswith(".") else host  # a trailing dot: the root, allowed
    if not name:
        return "is no host name"
    if len(name) > 253:
        return f"is {len(name)} characters long; a host name has at most 253"
    for part in name.split("."):
        try:
            encoded = part.encode("idna").decode("ascii")  # what the resolver is given
        except UnicodeError:
            encoded = None
        if not part:
            return "has an empty part between two dots"
        if len(part) > 63 or (encoded is not None and len(encoded) > 63):
            return f"has a part of {len(encoded or part)} characters; a part has at most 63"
        if part.isascii() and part != encoded:
            encoded = None
        if not part.isascii() and not (encoded or "").startswith("xn--"):
            encoded = None  # the resolver would drop a character as it stands for nothing
        if encoded is None or not HOST_LABEL.fullmatch(encoded):
            return (
                f"has the part {shown(part)}; a part is letters, digits and - (not at either end)"
            )
    return None


@dataclass(frozen=True)
class VoiceConfig:
    speak: str = "off"  # off | title | both: what is said at each step (a speaker is needed)
    rate: int = 160  # words a minute, for the synthesised voice
    volume: float = 0.8  # 0..1 of the mixer's full scale
    night_volume: float = 0.3  # 0..1, the voice's volume during the buzzer's night hours
    voice: Optional[str] = None  # an espeak-ng voice such as en-gb or en+f3; None: the language's


SPEAK_CHOICES: Tuple[str, ...] = ("off", "title", "both")


@dataclass(frozen=True)
class Config:
    sensor: SensorConfig = field(default_factory=SensorConfig)
    buzzer: BuzzerConfig = field(default_factory=BuzzerConfig)
    voice: VoiceConfig = field(default_factory=VoiceConfig)
    partner: bool = False  # swap left and right for someone giving the massage face to face
    mood: bool = True  # ask for a mood check-in after a ritual
    weekly_goal: int = 5  # days in 7
    theme: str = "calm"  # calm | contrast
    size: Tuple[int, int] = (480, 320)
    db: Optional[str] = None  # session log path; default in the data directory
    reminder: ReminderConfig = field(default_factory=ReminderConfig)
    mqtt: Optional[MqttConfig] = None  # None: no MQTT link
    backlight: Optional[str] = None  # a name in /sys/class/backlight; default: the panel's
    guide: bool = True  # the stroke guide: a dot travelling each stroke on the face diagram
    language: Optional[str] = None  # en, de or a locale such as de_AT; None: the environment's


GPIO_MAX = 27  # BCM numbers on the 40-pin header
I2C_PINS = (2, 3)  # BCM: SDA and SCL of I2C bus 1, which the sensor is on
# The window size rule, the one for the config file, --size and screenshot: the smallest size the
# screens can be drawn at, the largest a Pi drives.
WINDOW_WIDTHS = (160, 4096)
WINDOW_HEIGHTS = (120, 4096)
WINDOW_RULE = (
    f"WIDTHxHEIGHT, width {WINDOW_WIDTHS[0]} to {WINDOW_WIDTHS[1]} and height "
    f"{WINDOW_HEIGHTS[0]} to {WINDOW_HEIGHTS[1]} pixels, like 480x320 or 800x480"
)
VOICE_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,30}(\+[A-Za-z0-9_-]{1,20})?")
SIZE_PATTERN = re.compile(r"\s*([0-9]{1,5})\s*[xX]\s*([0-9]{1,5})\s*")


def window_size(text: str) -> Tuple[int, int]:
    """``480x320`` as (480, 320), by the window size rule; ValueError saying the rule otherwise."""
    match = SIZE_PATTERN.fullmatch(text)
    if not match:
        raise ValueError(f"a window size is {WINDOW_RULE}, not {shown(text)}")
    return check_window_size(int(match.group(1)), int(match.group(2)))


def check_window_size(width: int, height: int) -> Tuple[int, int]:
    """(width, height) when the window size rule allows it; ValueError saying the rule otherwise."""
    fits = WINDOW_WIDTHS[0] <= width <= WINDOW_WIDTHS[1]
    if not (fits and WINDOW_HEIGHTS[0] <= height <= WINDOW_HEIGHTS[1]):
        raise ValueError(
            f"the window size {width}x{height} is out of range: it must be {WINDOW_RULE}"
        )
    return width, height


def config_path() -> Path:
    """``config.yaml`` in the config directory."""
    return config_dir() / "config.yaml"


def load_config(path: Optional[Union[str, os.PathLike]] = None) -> Tuple[Config, List[str]]:
    """The settings from ``path`` (default: ``config_path()``), and a warning for each bad one.

    Never raises on a bad file: each unknown key, wrong type or value out of range becomes a
    ``FILE:LINE:COL: message`` warning and that setting keeps its default. No file at the default
    place means all defaults and no warnings; a ``path`` given but missing is warned about.
    """
    target = Path(path) if path is not None else config_path()
    source = printable(target)
    try:
        missing = not target.exists() and not target.is_symlink()
    except OSError as exc:  # a name too long, a folder this user may not enter
        return Config(), [f"{source}:1:1: cannot read the file: {exc.strerror}; using the defaults"]
    if missing:
        return Config(), ([f"{source}:1:1: no such file; using the defaults"] if path else [])
    root, problems = read_file(target)
    if root is None:
        return Config(), [f"{p.format(source)}; using the defaults" for p in problems]
    reading = _SettingsReader(problems)
    config = reading.config(root)
    ordered = sorted(reading.check.problems, key=lambda p: (p.line, p.col))
    return config, [p.format(source) for p in ordered]


# What a setting without a default value means, said in a warning when its value is refused.
UNSET: Dict[str, str] = {
    "host": "MQTT is off",
    "port": "using the default 1883, or 8883 with tls: true",
    "ca_file": "using the system's certificate authorities",
    "username": "connecting without a username",
    "password": "connecting without a password",
    "password_file": "connecting without a password",
    "backlight": "using the panel's own backlight",
}


def _spelled(value: Any) -> str:
    if isinstance(value, TimeOfDay):
        return shown(value.strftime("%H:%M"))  # as written: '22:00'
    if isinstance(value, tuple):
        return "x".join(str(v) for v in value)
    return shown(value)


class _SettingsReader:
    """One pass over a config document; each bad setting is warned about and keeps its default."""

    def __init__(self, problems: List[Problem]):
        self.check = Checker()
        self.check.problems.extend(problems)

    def _note(self, before: int, note: str) -> None:
        for index in range(before, len(self.check.problems)):
            problem = self.check.problems[index]
            self.check.problems[index] = Problem(
                problem.line, problem.col, f"{problem.message}; {note}"
            )

    def _take(
        self, default: Any, read: Callable[..., Any], *args: Any, said: Optional[str] = None
    ) -> Any:
        """``read(*args)``, or ``default`` (said in each warning) when it found a problem."""
        before = len(self.check.problems)
        value = read(*args)
        if value is None:
            if said is None and default in (None, ""):
                # No value to print: what unset means is said instead ("the default nothing"
                # told no one anything).
                self._note(before, UNSET.get(args[1] if len(args) > 1 else "", "it stays unset"))
            else:
                self._note(before, f"using the default {said or _spelled(default)}")
            return default
        return value

    def _section(self, node: Node, cls: type, where: str) -> Dict[str, Node]:
        if node.kind == "bad":
            return {}
        if node.kind != "mapping":
            self.check.add(
                node,
                f"{where or 'the config file'} must be a mapping of settings, "
                f"not {describe(node)}; using the defaults",
            )
            return {}
        allowed = [f.name for f in fields(cls)]
        return self.check.fields(node, allowed, (), f"in {where}" if where else "", where) or {}

    def _settings(self, given: Dict[str, Node], base: Any, where: str, specs) -> Dict[str, Any]:
        """Each ``(name, read, *args)`` of ``specs`` found in ``given``, read with its default
        (or, where the default is no value, what that means: ``UNSET``)."""
        values: Dict[str, Any] = {}
        for name, read, *args in specs:
            if name in given:
                default = getattr(base, name)
                # An I2C address is spoken in hex, as on the chip's datasheet and in i2cdetect.
                said = f"0x{default:02X}" if read == self.address else None
                if read == self.espeak_voice:
                    said = "voice of the language"
                if read == self.language:
                    said = "language of the environment"
                values[name] = self._take(default, read, given[name], name, where, *args, said=said)
        return values

    def config(self, root: Node) -> Config:
        given, base, check = self._section(root, Config, ""), Config(), self.check
        if "language" in given and given["language"].is_null:
            del given["language"]  # null: the environment's, as when it is left out
        values = self._settings(
            given,
            base,
            "",
            [
                ("partner", check.boolean),
                ("mood", check.boolean),
                ("guide", check.boolean),
                ("weekly_goal", check.integer, 1, 7),
                ("theme", check.choice, THEME_NAMES),
                ("size", self.size),
                ("backlight", check.text, 1, 64),
                ("language", self.language),
            ],
        )
        if "sensor" in given:
            values["sensor"] = self.sensor(given["sensor"])
        if "buzzer" in given:
            values["buzzer"] = self.buzzer(given["buzzer"])
        if "voice" in given:
            values["voice"] = self.voice(given["voice"])
        self.pins(values, given)
        if "db" in given and not given["db"].is_null:
            path = self._take(
                base.db, check.text, given["db"], "db", "", 1, 4096, said="in the data directory"
            )
            values["db"] = os.path.expanduser(path) if path else path
        values.update(self.reminder_and_link(given))
        return Config(**values)

    def sensor(self, node: Node) -> SensorConfig:
        given, base, check = self._section(node, SensorConfig, "sensor"), SensorConfig(), self.check
        where = "in sensor"
        if "irq_pin" in given and given["irq_pin"].is_null:
            del given["irq_pin"]
            irq: Dict[str, Any] = {"irq_pin": None}  # no IRQ line wired: poll only
        else:
            irq = {}
        values = self._settings(
            given,
            base,
            where,
            [
                ("bus", check.integer, 0, 63),
                ("address", self.address),
                ("irq_pin", check.integer, 0, GPIO_MAX),
                ("poll_interval", check.number, 0.005, 1.0, " seconds"),
                ("pad", check.integer, 0, ELECTRODES - 1),
                ("touch_threshold", check.integer, 1, THRESHOLD_MAX),
                ("release_threshold", check.integer, 0, THRESHOLD_MAX - 1),
                ("tap_max", check.number, 0.1, 2.0, " seconds"),
                ("hold_after", check.number, 0.2, 5.0, " seconds"),
            ],
        )
        values.update(irq)
        values.update(self.charge(given))
        touch = values.get("touch_threshold", base.touch_threshold)
        release = values.get("release_threshold", base.release_threshold)
        if touch <= release:
            self.check.add(
                given.get("release_threshold") or given["touch_threshold"],
                f"'release_threshold' ({release}) must be below 'touch_threshold' ({touch}) "
                f"in sensor; using the defaults {base.touch_threshold} and "
                f"{base.release_threshold}",
            )
            values["touch_threshold"] = base.touch_threshold
            values["release_threshold"] = base.release_threshold
        tap_max = values.get("tap_max", base.tap_max)
        hold_after = values.get("hold_after", base.hold_after)
        if tap_max > hold_after:
            self.check.add(
                given.get("hold_after") or given["tap_max"],
                f"'tap_max' ({tap_max:g}) must not be longer than 'hold_after' ({hold_after:g}) "
                f"in sensor; using the defaults {base.tap_max:g} and {base.hold_after:g}",
            )
            values["tap_max"], values["hold_after"] = base.tap_max, base.hold_after
        if "roles" in given:
            values["roles"] = self.roles(given["roles"], values.get("pad", base.pad))
        return SensorConfig(**values)

    def charge(self, given: Dict[str, Node]) -> Dict[str, Any]:
        """A fixed charge: both ``charge_current`` and ``charge_time``, or neither (auto)."""
        names = ("charge_current", "charge_time")
        found = [name for name in names if name in given and not given[name].is_null]
        if not found:
            return {}
        auto = "using auto-configuration"
        if len(found) == 1:
            missing = names[1 - names.index(found[0])]
            self.check.add(given[found[0]], f"'{found[0]}' in sensor needs '{missing}' too; {auto}")
            return {}
        before = len(self.check.problems)
        low, high = CHARGE_CURRENTS
        current = self.check.integer(
            given["charge_current"], "charge_current", "in sensor", low, high
        )
        times = tuple(f"{t:g}" for t in CHARGE_TIMES)
        time = self.check.choice(given["charge_time"], "charge_time", "in sensor", times)
        if current is None or time is None:
            self._note(before, auto)
            return {}
        return {"charge_current": current, "charge_time": float(time)}

    def address(self, node: Node, name: str, where: str) -> Optional[int]:
        """An I2C address: YAML reads 0x5A as 90; quoted "0x5A" text is accepted too."""
        value = node.value
        if node.kind == "scalar" and isinstance(value, str):
            try:
                value = int(value.strip(), 0)
            except ValueError:
                value = None
        if node.kind == "bad":
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            message = f"must be a number like 0x5A, not {describe(node)}"
            self.check.add(node, f"'{name}' {where} {message}")
            return None
        if value not in ADDRESSES:
            self.check.add(
                node,
                f"'{name}' {where} is {shown_text(node.text)}; the MPR121 answers only at "
                "0x5A, 0x5B, 0x5C or 0x5D (set by its ADDR pin)",
            )
            return None
        return value

    def roles(self, node: Node, pad: int) -> Dict[int, str]:
        """Electrode number -> back | pause | next; bad entries are dropped, the rest kept."""
        if node.kind == "bad":
            return {}
        if node.kind != "mapping":
            message = f"must map electrodes to {', '.join(ROLES)}, like 3: back"
            self.check.add(node, f"'roles' in sensor {message}, not {describe(node)}; using none")
            return {}
        roles: Dict[int, str] = {}
        for text, (key, value) in node.value.items():
            # Plain ASCII digits only: str.isdigit() also takes '²' and other scripts' digits.
            electrode = int(text) if re.fullmatch(r"[0-9]{1,3}", text) else -1
            if not 0 <= electrode < ELECTRODES:
                self.check.add(
                    key,
                    f"electrode {shown(text)} in sensor roles is not a number from 0 to "
                    f"{ELECTRODES - 1}; this role is ignored",
                )
                continue
            if electrode == pad:
                self.check.add(
                    key,
                    f"electrode {electrode} in sensor roles is the pad, which taps and holds, so "
                    "it cannot have a role too; this role is ignored",
                )
                continue
            before = len(self.check.problems)
            role = self.check.choice(value, f"electrode {electrode}", "in sensor roles", ROLES)
            self._note(before, "this role is ignored")
            if role is not None:
                roles[electrode] = role
        return roles

    def buzzer(self, node: Node) -> BuzzerConfig:
        given, base, check = self._section(node, BuzzerConfig, "buzzer"), BuzzerConfig(), self.check
        quiet: Dict[str, Optional[TimeOfDay]] = {}
        for name in ("night_start", "night_end"):
            if name in given and given[name].is_null:
                del given[name]
                quiet[name] = None  # no quiet hours
        values = self._settings(
            given,
            base,
            "in buzzer",
            [
                ("pin", check.integer, 0, GPIO_MAX),
                ("active", check.boolean),
                ("volume", check.number, 0, 1),
                ("mute", check.boolean),
                ("night_start", self.clock_time),
                ("night_end", self.clock_time),
                ("night_volume", check.number, 0, 1),
            ],
        )
        values.update(quiet)
        return BuzzerConfig(**values)

    def voice(self, node: Node) -> VoiceConfig:
        given, base, check = self._section(node, VoiceConfig, "voice"), VoiceConfig(), self.check
        if "voice" in given and given["voice"].is_null:
            del given["voice"]
        values = self._settings(
            given,
            base,
            "in voice",
            [
                ("speak", check.choice, SPEAK_CHOICES),
                ("rate", check.integer, 80, 450),
                ("volume", check.number, 0, 1),
                ("night_volume", check.number, 0, 1),
                ("voice", self.espeak_voice),
            ],
        )
        return VoiceConfig(**values)

    def espeak_voice(self, node: Node, name: str, where: str) -> Optional[str]:
        """An espeak-ng voice name: letters, digits, ``-``, ``_`` and one ``+variant``."""
        text = self.check.text(node, name, where, 1, 40)
        if text is not None and not VOICE_PATTERN.fullmatch(text):
            self.check.add(
                node,
                f"'{name}' {where} is {shown(text)}; it must be an espeak-ng voice like en-gb or "
                "en+f3 (`espeak-ng --voices` lists them)",
            )
            return None
        return text

    def language(self, node: Node, name: str, where: str) -> Optional[str]:
        """A language the device has words for, as a code (``de``) or a locale (``de_AT``)."""
        text = self.check.text(node, name, where, 1, 40)
        if text is None:
            return None
        try:
            return i18n.checked(text)
        except ValueError as exc:
            self.check.add(node, f"{label(name, where)} is {shown(text)}; {exc}")
            return None

    def clock_time(self, node: Node, name: str, where: str) -> Optional[TimeOfDay]:
        """HH:MM, read from the text as written (YAML 1.1 would read 22:00 as 1320)."""
        text = self.check.text(node, name, where, 1, 20)
        if text is None:
            return None
        try:
            return time_of_day(text)
        except ValueError:
            self.check.add(
                node,
                f"'{name}' {where} is {shown(text)}; it must be a time HH:MM like 22:00, "
                "or empty for no quiet hours",
            )
            return None

    def size(self, node: Node, name: str, where: str) -> Optional[Tuple[int, int]]:
        """[W, H] or "WxH", in pixels, by the window size rule."""
        if node.kind == "bad":
            return None
        try:
            if node.kind == "sequence" and len(node.value) == 2:
                first, second = node.value
                if all(n.kind == "scalar" and type(n.value) is int for n in (first, second)):
                    return check_window_size(first.value, second.value)
            elif node.kind == "scalar" and isinstance(node.value, str):
                return window_size(node.value)
        except ValueError as exc:
            self.check.add(node, f"{shown(name)}: {exc}")
            return None
        self.check.add(node, f"{shown(name)} must be [W, H] or {WINDOW_RULE}, not {describe(node)}")
        return None

    def pins(self, values: Dict[str, Any], given: Dict[str, Node]) -> None:
        """The IRQ and buzzer pins may not be the I2C bus's pins, nor one another. A clash is
        warned about at the pin's line; the pin keeps its default, or, for an IRQ pin that
        clashes with the buzzer, the sensor is polled (it works without its IRQ line)."""
        sensor, buzzer = values.get("sensor", SensorConfig()), values.get("buzzer", BuzzerConfig())
        irq_node, pin_node = _inner(given, "sensor", "irq_pin"), _inner(given, "buzzer", "pin")
        irq, pin = sensor.irq_pin, buzzer.pin
        i2c = f"GPIO{I2C_PINS[0]} and GPIO{I2C_PINS[1]} carry the I2C bus to the sensor"
        if irq in I2C_PINS and irq_node is not None:
            irq = SensorConfig().irq_pin
            self.check.add(irq_node, f"'irq_pin' {sensor.irq_pin} in sensor: {i2c}; using the "
                                     f"default {irq}")  # fmt: skip
        if pin in I2C_PINS and pin_node is not None:
            pin = BuzzerConfig().pin
            self.check.add(
                pin_node, f"'pin' {buzzer.pin} in buzzer: {i2c}; using the default {pin}"
            )
        if irq is not None and irq == pin:
            polled = "the sensor is polled instead (wire its IRQ to a free GPIO and set irq_pin)"
            if irq_node is not None:
                self.check.add(irq_node, f"'irq_pin' {irq} in sensor is also the buzzer's pin; "
                                         + polled)  # fmt: skip
            elif pin_node is not None:
                self.check.add(pin_node, f"'pin' {pin} in buzzer is also the sensor's IRQ "
                                         f"pin; {polled}")  # fmt: skip
            irq = None
        values["sensor"] = dataclasses.replace(sensor, irq_pin=irq)
        values["buzzer"] = dataclasses.replace(buzzer, pin=pin)

    # -- the daily reminder and the MQTT link ------------------------------------------------

    def reminder_and_link(self, given: Dict[str, Node]) -> Dict[str, Any]:
        values: Dict[str, Any] = {}
        if "reminder" in given and not given["reminder"].is_null:
            values["reminder"] = self.reminder(given["reminder"])
        if "mqtt" in given and not given["mqtt"].is_null:
            values["mqtt"] = self.mqtt(given["mqtt"])
        return values

    def reminder(self, node: Node) -> ReminderConfig:
        """``reminder: "21:30"``, or a mapping with ``time`` and ``days`` (mon ... sun)."""
        if node.kind == "scalar":
            return ReminderConfig(time=self.reminder_time(node, "reminder", ""))
        if node.kind == "sequence":
            self.check.add(node, "'reminder' must be a time like \"21:30\", or time: and days:, "
                                 "not a list; no reminder is set")  # fmt: skip
            return ReminderConfig()
        given = self._section(node, ReminderConfig, "reminder")
        time = self.reminder_time(given["time"], "time", "in reminder") if "time" in given else None
        if given and "time" not in given:
            self.check.add(node, "'reminder' has no 'time' (like 21:30); no reminder is set")
        days = self.weekdays(given["days"]) if "days" in given else None
        if days == ():  # days were written, and none is a day: not "every day"
            if given["days"].kind == "sequence":
                self.check.add(given["days"], "'days' in reminder names no day of the week; no "
                                              "reminder is set")  # fmt: skip
            return ReminderConfig()
        return ReminderConfig(time=time, days=days if days else ReminderConfig().days)

    def reminder_time(self, node: Node, name: str, where: str) -> Optional[TimeOfDay]:
        text = self.check.text(node, name, where, 1, 20)
        if text is None:
            return None
        try:
            return time_of_day(text)
        except ValueError:
            self.check.add(
                node,
                f"{label(name, where)} is {shown(text)}; it must be a time HH:MM like 21:30 "
                '(quote it: "21:30"); no reminder is set',
            )
            return None

    def weekdays(self, node: Node) -> Optional[Tuple[int, ...]]:
        """A list of day names (mon, tuesday, Sat...); bad names are warned about and left out.
        None for every day (nothing written), () when what is written names no day."""
        if node.is_null:
            return None
        if node.kind != "sequence":
            if node.kind != "bad":
                self.check.add(node, f"'days' in reminder must be a list like [mon, tue, wed], "
                                     f"not {describe(node)}; no reminder is set")  # fmt: skip
            return ()
        days = set()
        for item in node.value:
            word = item.text.strip().lower() if item.kind == "scalar" and item.text else ""
            if word[:3] in WEEKDAYS and (len(word) == 3 or _day_name(word)):
                days.add(WEEKDAYS.index(word[:3]))
                continue
            self.check.add(item, f"day {shown(word or item.text)} in reminder days is not one of "
                                 f"{', '.join(WEEKDAYS)}; it is left out")  # fmt: skip
        return tuple(sorted(days))

    def mqtt(self, node: Node) -> Optional[MqttConfig]:
        """The MQTT link; without a usable ``host`` the link stays off (and says so)."""
        given, check = self._section(node, MqttConfig, "mqtt"), self.check
        if node.kind == "mapping" and "host" not in given:
            check.add(node, "'mqtt' has no 'host' (the broker's name or address); MQTT is off")
        base = MqttConfig(host="")
        values = self._settings(given, base, "in mqtt", [
            ("port", check.integer, 1, 65535),
            ("tls", check.boolean),
            ("ca_file", check.text, 1, 4096),
            ("username", check.text, 1, 200),
            ("password", check.text, 1, 200),
            ("password_file", check.text, 1, 4096),
            ("topic_prefix", self.topic, 1, 100),
            ("discovery_prefix", self.topic, 1, 100),
            ("device_name", check.text, 1, 60),
        ])  # fmt: skip
        values["host"] = self.host(given["host"]) if "host" in given else None
        if not values["host"]:
            return None
        for name in ("ca_file", "password_file"):
            if values.get(name):
                values[name] = os.path.expanduser(values[name])
        if values.get("password") and values.get("password_file"):
            check.add(given["password"], "'password' and 'password_file' are both set in mqtt; "
                                         "using the password file")  # fmt: skip
            values["password"] = None
        return MqttConfig(**values)

    def host(self, node: Node) -> Optional[str]:
        """The broker's name or address; a warning that says MQTT is off when it cannot be."""
        before = len(self.check.problems)
        text = self.check.text(node, "host", "in mqtt", 1, 253)
        problem = host_problem(text) if text is not None else None
        if problem is not None:
            self.check.add(node, f"'host' in mqtt is {shown(text)}: it {problem}; write the "
                                 "broker's name, like homeassistant.local, or its address, "
                                 "like 192.168.1.20")  # fmt: skip
        if problem is not None or text is None:
            self._note(before, "MQTT is off")
            return None
        return text

    def topic(self, node: Node, name: str, where: str, least: int, most: int) -> Optional[str]:
        """A topic prefix: levels split by /, no wildcards, no empty level."""
        text = self.check.text(node, name, where, least, most)
        if text is None:
            return None
        if any(ch in text for ch in "+#\0") or "" in text.split("/"):
            self.check.add(node, f"{label(name, where)} is {shown(text)}; a topic prefix has no "
                                 "+, # or empty level, like facepacer or home/mirror")  # fmt: skip
            return None
        return text


def _inner(given: Dict[str, Node], section: str, name: str) -> Optional[Node]:
    """The node of ``name`` inside the mapping ``section`` of the file, if written there."""
    node = given.get(section)
    if node is None or node.kind != "mapping" or name not in node.value:
        return None
    return node.value[name][1]


def _day_name(word: str) -> bool:
    names = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return word in names
