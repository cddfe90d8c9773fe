"""What the loop holds: the parts the composition root picked, each typed by what the loop uses.

Every part is a ``Protocol`` naming exactly the calls the loop makes, so a real part, a mock one,
the emulated chip or a test's stand-in only has to provide those (ARCHITECTURE §2).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Dict, List, Optional, Protocol, Sequence, Tuple

from facepacer.app.script import ScriptEvent
from facepacer.app.sessionlog import SessionLog
from facepacer.clock import Clock
from facepacer.engine.device import Device
from facepacer.engine.events import Gesture
from facepacer.engine.snapshot import Snapshot, Stats


class PadStatus(Protocol):
    ok: bool
    message: Optional[str]


class PadPart(Protocol):
    """The touch pad (``hardware.pad.Pad``): gestures from the sensor, and how the sensor is."""

    irq_event: threading.Event  # set when the sensor has news; the loop's sleep wakes on it
    faults: Sequence[Tuple[float, Optional[float], str]]  # sensor outages: start, end, message

    @property
    def status(self) -> PadStatus: ...

    def poll(self, now: float) -> List[Gesture]: ...

    def next_deadline(self) -> Optional[float]: ...

    def filtered(self) -> Optional[Dict[int, int]]: ...

    def set_thresholds(self, touch: int, release: int) -> None: ...


class BuzzerPart(Protocol):
    """The buzzer (``hardware.buzzer``): cue patterns played without blocking the loop."""

    mute: bool

    def play(self, cue: str, now: float) -> Any: ...

    def update(self, now: float) -> None: ...

    def next_deadline(self) -> Optional[float]: ...

    def set_night(self, night: bool) -> None: ...

    def duck(self, start: float, end: float) -> None: ...


class TouchChip(Protocol):
    """The emulated sensor (``hardware.emulated.EmulatedMPR121``) that scripts and keys touch."""

    def set_touched(self, electrode: int, touched: bool) -> None: ...

    def unplug(self) -> None: ...

    def replug(self) -> None: ...

    def sync(self, now: float) -> None: ...

    def next_change(self) -> Optional[float]: ...


class WindowPart(Protocol):
    """The display and its input (``ui.window.Window``)."""

    wake_event: threading.Event

    def events(self, timeout: Optional[float] = 0.0) -> List[Any]: ...

    def flip(self, rects: Sequence[Any]) -> None: ...

    def set_power(self, power: str) -> None: ...

    def toggle_fullscreen(self) -> Any: ...


class ViewPart(Protocol):
    """What draws snapshots (``ui.view.View``)."""

    def render(self, snapshot: Snapshot, wall: datetime) -> List[Any]: ...

    def needs_redraw_at(self, snapshot: Snapshot) -> Optional[float]: ...

    def set_surface(self, surface: Any) -> None: ...


class SpeakerPart(Protocol):
    """The simulator's speaker (``ui.sound.Speaker``); it plays what the buzzer tells it."""

    mute: bool


class ReminderPart(Protocol):
    """The daily reminder (``app.reminder.DailyReminder``): when it is due, read from the wall."""

    def due(self, wall: datetime) -> bool: ...

    def next_at(self, wall: datetime) -> Optional[datetime]: ...


class LinkCommand(Protocol):
    """A command that came over the link (``link.commands.Command``)."""

    name: str
    ritual: Optional[str]


class LinkPart(Protocol):
    """The MQTT link (``link.mqtt.MqttLink``), on a thread of its own: none of these waits."""

    def commands(self) -> Sequence[LinkCommand]: ...

    def answered(self, command: Any, refused: Optional[str]) -> None: ...

    def observe(self, state: Dict[str, Any], log_changed: bool) -> None: ...

    def close(self) -> None: ...


class VoicePart(Protocol):
    """The spoken steps (``speech.voice.Voice``): each step's line said at its zone cue."""

    mute: bool

    def handle(self, outputs: Sequence[Any], now: float) -> List[Any]: ...

    def set_night(self, night: bool) -> None: ...


@dataclass
class Wiring:
    """What the composition root picked: real or mock, with or without a window."""

    clock: Clock  # a VirtualClock (with advance_to) when ``virtual``
    device: Device
    pad: PadPart
    buzzer: BuzzerPart
    touch: Optional[TouchChip] = None  # the emulated chip, in the simulator
    window: Optional[WindowPart] = None
    view: Optional[ViewPart] = None
    speaker: Optional[SpeakerPart] = None
    voice: Optional[VoicePart] = None  # the spoken steps; None when off or without espeak-ng
    log: Optional[SessionLog] = None
    stats: Optional[Callable[[date], Stats]] = None
    wall: Optional[Callable[[float], datetime]] = None  # clock time -> local datetime
    night: Optional[Callable[[datetime], bool]] = None  # is it night (quiet buzzer) at this time
    today: Callable[[], date] = date.today
    virtual: bool = False
    script: List[ScriptEvent] = field(default_factory=list)
    exit_after_session: bool = False  # headless: end with the session, once the script is used up
    thresholds: Optional[Callable[[int, int], Optional[str]]] = None  # save; returns a problem
    extra_notices: Tuple[str, ...] = ()
    closers: Tuple[Callable[[], None], ...] = ()  # called in order by App.close()
    reminder: Optional[ReminderPart] = None  # the daily reminder, when the settings set one
    link: Optional[LinkPart] = None  # the MQTT link, when the settings have an mqtt: section
