"""Device settings: defaults here, overridden by ``config.yaml`` in the config directory.

Every field has a working default, so the device runs with no config file at all; a bad setting
in the file is warned about and keeps its default, so a typo never stops the device.

Each setting is declared once, as a field here: its type, its default and its ``Setting`` record
(``settings_table``: the rule that checks it, its help). The reader below checks a file by those
rules, and ``config show``, the template on the Pi and README's blocks of defaults are read from
the same fields.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import re
from dataclasses import dataclass, fields
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
from facepacer.settings_table import record, setting

GPIO_MAX = 27  # BCM numbers on the 40-pin header
I2C_PINS = (2, 3)  # BCM: SDA and SCL of I2C bus 1, which the sensor is on


def _hex(address: int) -> str:
    """An I2C address as the chip's datasheet and i2cdetect write it: 0x5A."""
    return f"0x{address:02X}"


@dataclass(frozen=True)
class SensorConfig:
    bus: int = setting(
        1,
        rule=("integer", 0, 63),
        help="/dev/i2c-N ({limits}): 1 has SDA on GPIO2 (pin 3), SCL on GPIO3 (pin 5)",
    )
    address: int = setting(
        DEFAULT_ADDRESS,
        rule=("address",),
        written=_hex,
        help="the MPR121's ADDR pin: GND 0x5A, VDD 0x5B, SDA 0x5C, SCL 0x5D",
    )
    irq_pin: Optional[int] = setting(
        4,
        rule=("integer", 0, GPIO_MAX),
        null=True,
        help="BCM number ({limits}); null for no IRQ wire (the pad is then polled).",
        more=(
            "GPIO4 is also the 1-Wire default: if a 1-Wire sensor uses it, pick",
            "another free pin, such as 17 (pin 11), and move the wire",
        ),
    )
    poll_interval: float = setting(
        0.02,
        rule=("number", 0.005, 1.0, " seconds"),
        help="between reads when there is no IRQ wire ({limits})",
    )
    pad: int = setting(
        0, rule=("integer", 0, ELECTRODES - 1), help="the electrode that taps and holds ({limits})"
    )
    roles: Dict[int, str] = setting(
        factory=dict,  # read with the pad, which may have no role
        help="other electrodes, each with a role: {1: back, 2: pause, 3: next}",
    )
    # Touch and release thresholds (counts of filtered-vs-baseline difference). Higher touch
    # values need a firmer touch: raise them for a wet or oily pad, lower them behind acrylic.
    touch_threshold: int = setting(
        DEFAULT_TOUCH,
        rule=("integer", 1, THRESHOLD_MAX),
        help="counts below the baseline that make a touch ({limits})",
        more=("raise both thresholds for a damp pad, lower both behind acrylic",),
    )
    release_threshold: int = setting(
        DEFAULT_RELEASE,
        rule=("integer", 0, THRESHOLD_MAX - 1),
        help="counts that end it ({limits}); below touch_threshold",
    )
    tap_max: float = setting(
        0.6, rule=("number", 0.1, 2.0, " seconds"), help="a shorter press is a tap ({limits})"
    )
    # Charge current (uA) and time (us) for every electrode. None: the MPR121's auto-configuration
    # picks them per electrode at each start, which suits any pad behind any overlay.
    charge_current: Optional[int] = setting(
        None,  # read with charge_time: the two are set together
        null=True,
        help=f"uA, {CHARGE_CURRENTS[0]}-{CHARGE_CURRENTS[1]}: with charge_time, a fixed charge;",
        more=("null: the chip's auto-configuration",),
    )
    charge_time: Optional[float] = setting(
        None,
        null=True,
        help=f"us, one of {', '.join(f'{t:g}' for t in CHARGE_TIMES)}",
    )
    hold_after: float = setting(
        1.0, rule=("number", 0.2, 5.0, " seconds"), help="pressed this long, a hold ({limits})"
    )


@dataclass(frozen=True)
class BuzzerConfig:
    pin: int = setting(
        18,
        rule=("integer", 0, GPIO_MAX),
        help="BCM number ({limits}). Under lgpio the tone is software-timed PWM",
        more=(
            "on any pin. GPIO18 is the I2S clock (sound HATs) and the backlight",
            "pin of several SPI screen HATs: with one of those, use 13 (pin 33)",
            "or another free pin, and move the wire",
        ),
    )
    active: bool = setting(
        False,
        rule=("boolean",),
        help="true for an active (fixed-pitch) buzzer: patterns become rhythms",
    )
    volume: float = setting(
        1.0, rule=("number", 0, 1), help="{limits}, the duty cycle's scale for a passive piezo"
    )
    mute: bool = setting(False, rule=("boolean",), help="true: the buzzer stays silent")
    # Quieter and no stroke ticks between these times; written HH:MM ("22:00" is read as 22:00)
    night_start: Optional[TimeOfDay] = setting(
        TimeOfDay(22, 0),
        rule=("clock_time",),
        null=True,
        help="quieter (night_volume) and no stroke ticks until night_end;",
        more=("null: no quiet hours",),
    )
    night_end: Optional[TimeOfDay] = setting(TimeOfDay(7, 0), rule=("clock_time",), null=True)
    night_volume: float = setting(
        0.3, rule=("number", 0, 1), help="{limits}, the volume in those hours"
    )

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
    # Read by the reminder's own code: ``reminder: "21:30"`` is its time alone.
    time: Optional[TimeOfDay] = setting(None, help='local time, HH:MM quoted: "21:30"')
    days: Tuple[int, ...] = setting(  # weekdays it comes on, Monday = 0
        tuple(range(7)), written=lambda days: f"[{', '.join(WEEKDAYS[d] for d in days)}]"
    )

    def __post_init__(self) -> None:
        _times_of_day(self, "time")


@dataclass(frozen=True)
class MqttConfig:
    host: str = setting(help="the broker's name or address (required)")
    port: Optional[int] = setting(
        None,
        rule=("integer", 1, 65535),
        unset="using the default 1883, or 8883 with tls: true",
        help="null: 1883, or 8883 with TLS",
    )
    tls: bool = setting(False, rule=("boolean",))
    ca_file: Optional[str] = setting(
        None,
        rule=("path", 1, 4096),
        unset="using the system's certificate authorities",
        help="PEM file of the CA that signed the broker; null: the system's",
    )
    username: Optional[str] = setting(
        None, rule=("text", 1, 200), unset="connecting without a username"
    )
    password: Optional[str] = setting(
        None, rule=("text", 1, 200), unset="connecting without a password"
    )
    password_file: Optional[str] = setting(
        None,
        rule=("path", 1, 4096),
        unset="connecting without a password",
        help="its first line is the password; kept out of config.yaml",
    )
    topic_prefix: str = setting("facepacer", rule=("topic", 1, 100))
    discovery_prefix: str = setting("homeassistant", rule=("topic", 1, 100))
    device_name: str = setting("Facepacer", rule=("text", 1, 60))

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


SPEAK_CHOICES: Tuple[str, ...] = ("off", "title", "both")


@dataclass(frozen=True)
class VoiceConfig:
    speak: str = setting(  # a speaker is needed
        "off",
        rule=("choice", SPEAK_CHOICES),
        help="what is said at each step: {limits} (title and instruction)",
    )
    rate: int = setting(160, rule=("integer", 80, 450), help="words a minute ({limits})")
    volume: float = setting(0.8, rule=("number", 0, 1), help="{limits} of the mixer's full scale")
    night_volume: float = setting(
        0.3, rule=("number", 0, 1), help="{limits}, between the buzzer's night_start and night_end"
    )
    voice: Optional[str] = setting(
        None,
        rule=("espeak_voice",),
        null=True,
        said="voice of the language",
        help="an espeak-ng voice such as en-gb or en+f3; null: the language's own",
    )


@dataclass(frozen=True)
class Config:
    sensor: SensorConfig = setting(factory=SensorConfig, help="the MPR121 touch sensor and its pad")
    buzzer: BuzzerConfig = setting(factory=BuzzerConfig, help="the piezo that plays the cues")
    voice: VoiceConfig = setting(
        factory=VoiceConfig, help="spoken steps, through the speaker (espeak-ng, or a recording)"
    )
    partner: bool = setting(
        False,
        rule=("boolean",),
        help="swap left and right, for someone giving the massage face to face",
    )
    mood: bool = setting(True, rule=("boolean",), help="ask how you feel after a ritual")
    weekly_goal: int = setting(
        5, rule=("integer", 1, 7), help="days a week that keep the streak going ({limits})"
    )
    theme: str = setting(
        "calm", rule=("choice", THEME_NAMES), help="{limits} (black, white and yellow)"
    )
    size: Tuple[int, int] = setting(
        (480, 320),
        rule=("size",),
        help="the window's size in the simulator; full screen fills the panel",
    )
    db: Optional[str] = setting(
        None,
        rule=("path", 1, 4096),
        null=True,
        said="in the data directory",
        help="the session log; null: ~/.local/share/facepacer/sessions.db. The",
        more=(
            "service may write only in that folder and ~/.config/facepacer:",
            "another needs ReadWritePaths= (README, On the Pi)",
        ),
    )
    reminder: ReminderConfig = setting(
        factory=ReminderConfig,
        folded=True,
        help="off until it has a time (README: A daily reminder)",
    )
    mqtt: Optional[MqttConfig] = setting(  # None: no MQTT link
        None, folded=True, help="off until it has a host (README: Home Assistant over MQTT)"
    )
    backlight: Optional[str] = setting(
        None,
        rule=("text", 1, 64),
        unset="using the panel's own backlight",
        example="rpi_backlight",
        help="a name in /sys/class/backlight; left out: the panel's own",
    )
    guide: bool = setting(
        True,
        rule=("boolean",),
        help="the stroke guide: a dot travels each stroke on the face diagram",
    )
    language: Optional[str] = setting(
        None,
        rule=("language",),
        null=True,
        said="language of the environment",
        help="en or de, or a locale such as de_AT; null: the system's locale",
        more=("(sudo raspi-config, Localisation Options)",),
    )


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
        self,
        default: Any,
        read: Callable[..., Any],
        *args: Any,
        said: Optional[str] = None,
        unset: Optional[str] = None,
    ) -> Any:
        """``read(*args)``, or ``default`` (said in each warning) when it found a problem."""
        before = len(self.check.problems)
        value = read(*args)
        if value is None:
            if said is None and default in (None, ""):
                # No value to print: what unset means is said instead ("the default nothing"
                # told no one anything).
                self._note(before, unset or "it stays unset")
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

    def _settings(self, given: Dict[str, Node], base: Any, where: str) -> Dict[str, Any]:
        """Each setting of ``base``'s dataclass found in ``given`` whose record has a rule, read
        by that rule with its default (or, where the default is no value, what that means)."""
        values: Dict[str, Any] = {}
        for item in fields(base):
            meta = record(item)
            if not meta.rule or item.name not in given:
                continue
            node = given[item.name]
            if meta.null and node.is_null:
                values[item.name] = None  # no IRQ wire, no quiet hours, the language's voice...
                continue
            default = getattr(base, item.name)
            said = meta.said or (meta.written(default) if meta.written else None)
            name, *args = meta.rule
            read = getattr(self, name, None) or getattr(self.check, name)
            values[item.name] = self._take(
                default, read, node, item.name, where, *args, said=said, unset=meta.unset
            )
        return values

    def config(self, root: Node) -> Config:
        given = self._section(root, Config, "")
        values = self._settings(given, Config(), "")
        if "sensor" in given:
            values["sensor"] = self.sensor(given["sensor"])
        if "buzzer" in given:
            values["buzzer"] = self.buzzer(given["buzzer"])
        if "voice" in given:
            values["voice"] = self.voice(given["voice"])
        self.pins(values, given)
        values.update(self.reminder_and_link(given))
        return Config(**values)

    def sensor(self, node: Node) -> SensorConfig:
        given, base = self._section(node, SensorConfig, "sensor"), SensorConfig()
        values = self._settings(given, base, "in sensor")
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
        given = self._section(node, BuzzerConfig, "buzzer")
        return BuzzerConfig(**self._settings(given, BuzzerConfig(), "in buzzer"))

    def voice(self, node: Node) -> VoiceConfig:
        given = self._section(node, VoiceConfig, "voice")
        return VoiceConfig(**self._settings(given, VoiceConfig(), "in voice"))

    def path(self, node: Node, name: str, where: str, least: int, most: int) -> Optional[str]:
        """Text naming a file; a leading ``~`` is the home folder, as in a shell."""
        text = self.check.text(node, name, where, least, most)
        return os.path.expanduser(text) if text else text

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
            elif pin_node is not None:  # the IRQ pin is the default: the buzzer's was written
                self.check.add(pin_node, f"'pin' {pin} in buzzer is also the sensor's IRQ pin; "
                                         + polled)  # fmt: skip
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
        values = self._settings(given, MqttConfig(host=""), "in mqtt")
        values["host"] = self.host(given["host"]) if "host" in given else None
        if not values["host"]:
            return None
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
