"""The loop with stand-in parts on a virtual clock: what it draws, when it wakes, how it ends."""

from __future__ import annotations

import json
import os
import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from facepacer.app import loop, sessionlog
from facepacer.app.loop import App
from facepacer.app.wiring import Wiring
from facepacer.cli import main
from facepacer.clock import VirtualClock
from facepacer.engine.device import Device
from facepacer.engine.events import Gesture, GestureKind

from ..engine.helpers import ritual, step


@dataclass(frozen=True)
class Event:
    kind: str
    electrode: Optional[int] = None
    pressed: Optional[bool] = None


class Pad:
    def __init__(self):
        self.status = type("Status", (), {"ok": True, "message": None})()
        self.faults = ()
        self.irq_event = threading.Event()
        self.gestures: List[Gesture] = []

    def poll(self, now):
        due = [g for g in self.gestures if g.t <= now]
        self.gestures = [g for g in self.gestures if g.t > now]
        return due

    def next_deadline(self):
        return min((g.t for g in self.gestures), default=None)


class Buzzer:
    mute = False

    def __init__(self):
        self.played = []

    def play(self, cue, now):
        self.played.append((cue, now))

    def update(self, now):
        pass

    def next_deadline(self):
        return None

    def set_night(self, night):
        pass


class Window:
    """Input arrives at set clock times; waiting moves the clock as a real wait would."""

    def __init__(self, clock, schedule):
        self.clock = clock
        self.schedule = sorted(schedule, key=lambda item: item[0])
        self.fullscreen = False
        self.wake_event = threading.Event()

    def events(self, timeout=0.0):
        now = self.clock.now()
        if timeout:
            until = now + timeout
            if self.schedule:
                until = min(until, self.schedule[0][0])
            self.clock.advance_to(until)
            now = self.clock.now()
        due = [event for t, event in self.schedule if t <= now]
        self.schedule = [(t, event) for t, event in self.schedule if t > now]
        return due

    def set_power(self, power):
        pass

    def flip(self, rects):
        pass

    def toggle_fullscreen(self):
        self.fullscreen = not self.fullscreen
        return "full screen" if self.fullscreen else "window"


class View:
    def __init__(self):
        self.surface = "window"
        self.drawn = []  # (clock time, surface) of each render

    def render(self, snapshot, wall):
        self.drawn.append((snapshot.now, self.surface))
        return ["everything"]

    def needs_redraw_at(self, snapshot):
        return None

    def set_surface(self, surface):
        self.surface = surface


def app_with(schedule, rituals=None, virtual=False, **kw):
    """The loop with stand-in parts; ``virtual``: it jumps its clock rather than waits on the
    window, which moves the clock by what it waits."""
    clock = VirtualClock()
    rituals = rituals or [ritual(step(10), step(10))]
    wiring = Wiring(
        clock=clock,
        stepped=clock if virtual else None,
        device=Device(rituals, 0.0),
        pad=Pad(),
        buzzer=Buzzer(),
        window=Window(clock, schedule),
        view=View(),
        wall=lambda t: None,
        **kw,
    )
    return App(wiring)


def test_a_fullscreen_key_pressed_while_the_loop_sleeps_is_drawn_at_once():
    app = app_with([(5.0, Event("fullscreen")), (50.0, Event("quit"))])
    app.run()
    assert (5.0, "full screen") in app.wiring.view.drawn


def test_sigterm_arriving_while_a_step_ends_loses_none_of_it(monkeypatch, capsys):
    app = app_with([], exit_after_session=True, virtual=True)
    played = app.wiring.buzzer.play

    def play_and_be_stopped(cue, now):
        played(cue, now)
        if (cue, now) == ("zone", 10.0):  # systemd stops the service right now
            os.kill(os.getpid(), signal.SIGTERM)

    app.wiring.buzzer.play = play_and_be_stopped
    app.start(app.wiring.device.rituals[0])
    monkeypatch.setattr("facepacer.app.build.build", lambda args: (app, []))
    assert main(["run", "--sim", "--headless", "--virtual-clock", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["status"] == "quit"
    assert [(s["index"], s["ended"], s["ended_by"]) for s in summary["steps"]] == [
        (0, 10.0, "timer"), (1, 10.0, "quit"),
    ]  # fmt: skip


def test_a_loop_without_any_of_the_optional_parts_runs_a_ritual_to_its_end():
    """No emulated chip, window, view, simulator notes, speaker, voice, log, link or reminder:
    the loop asks nothing of them, and a tap runs the ritual to its end on the stepped clock."""
    clock = VirtualClock()
    pad = Pad()
    pad.gestures = [Gesture(GestureKind.TAP, 1.0)]
    device = Device([ritual(step(10), step(10))], 0.0)
    wiring = Wiring(clock=clock, device=device, pad=pad, buzzer=Buzzer(), stepped=clock,
                    exit_after_session=True)  # fmt: skip
    summary = App(wiring).run()
    assert summary.status == "completed" and clock.now() == 21.0


def test_window_input_reaches_a_loop_without_a_touch_chip_or_simulator_notes():
    app = app_with([(1.0, Event("electrode", 0, True)), (2.0, Event("mute")),
                    (3.0, Event("fullscreen")), (5.0, Event("quit"))])  # fmt: skip
    app.run()
    assert app.wiring.buzzer.mute and (3.0, "full screen") in app.wiring.view.drawn


def test_the_loop_and_the_session_log_reach_their_parts_by_no_name_in_a_string():
    for module in (loop, sessionlog):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "getattr(" not in source and "hasattr(" not in source, module.__name__
