"""How a run ends and what it says: a log that stops saving mid-run, a headless run on the real
clock that has nothing left to wait for, and presses shorter than a poll in the window."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest

from facepacer.app.loop import App
from facepacer.app.script import ScriptEvent
from facepacer.app.sessionlog import SessionLog
from facepacer.app.wiring import Wiring
from facepacer.clock import VirtualClock
from facepacer.config import Config
from facepacer.engine.device import Device
from facepacer.hardware.parts import build_sim
from facepacer.store import Store

from ..app.test_loop import Buzzer, Event, View, Window, app_with
from ..engine.helpers import ritual, step

ORIGIN = datetime(2026, 5, 4, 7, 30, tzinfo=timezone.utc)


def test_a_log_that_stops_saving_mid_run_is_said_in_the_summary(tmp_path):
    path = tmp_path / "sessions.db"
    store = Store(path, timeout=0.05)
    log = SessionLog(store, lambda t: ORIGIN + timedelta(seconds=t))
    app = app_with([], exit_after_session=True, virtual=True, log=log)
    blocker = sqlite3.connect(path, isolation_level=None)
    played = app.wiring.buzzer.play

    def play_and_lock(cue, now):
        played(cue, now)
        if (cue, now) == ("zone", 10.0):  # another program takes the log for itself
            blocker.execute("BEGIN EXCLUSIVE")

    app.wiring.buzzer.play = play_and_lock
    app.start(app.wiring.device.rituals[0])
    summary = app.run().as_dict()
    blocker.execute("ROLLBACK")
    blocker.close()
    assert summary["status"] == "completed" and summary["session_id"] == 1
    assert summary["logged"] is False and "locked" in summary["log_problem"]
    assert store.sessions()[0]["steps_done"] == 0
    store.close()


def real_clock_app(script=()):
    """A headless run on a clock that is not virtual: the loop waits as on a real clock (the
    stand-in window moves the clock by what it waits)."""
    return app_with([], exit_after_session=True, virtual=False, script=list(script))


def test_a_headless_run_on_the_real_clock_ends_with_its_session():
    app = real_clock_app()
    app.start(app.wiring.device.rituals[0])
    summary = app.run()
    assert summary.status == "completed"
    assert app.wiring.clock.now() == pytest.approx(20.0)  # not 20 + 6 s finish + 20 s mood


def test_a_script_with_events_left_keeps_the_run_going_for_the_mood():
    from facepacer.engine.events import HOLD, TAP, Gesture

    app = real_clock_app(script=[ScriptEvent(40.0, "quit")])
    app.wiring.pad.gestures = [Gesture(TAP, 28.0), Gesture(HOLD, 30.0)]  # in the mood check-in
    app.start(app.wiring.device.rituals[0])
    summary = app.run()
    assert summary.status == "completed" and summary.mood is not None


def sim_app(schedule):
    """The real pad and driver on the emulated chip, input from a stand-in window."""
    clock = VirtualClock()
    hardware = build_sim(Config(), clock=clock.now)
    parts = Wiring(
        clock=clock,
        device=Device([ritual(step(30), step(30))], 0.0),
        pad=hardware.pad,
        buzzer=Buzzer(),
        touch=hardware.chip,
        window=Window(clock, schedule),
        view=View(),
        wall=lambda t: None,
        closers=(hardware.close,),
    )
    return App(parts)


@pytest.mark.parametrize("release_after", [0.0, 0.001, 0.005, 0.015])
def test_a_press_shorter_than_a_poll_in_the_window_is_a_tap(release_after):
    schedule = [
        (5.0, Event("electrode", 0, True)),
        (5.0 + release_after, Event("electrode", 0, False)),
        (40.0, Event("quit")),
    ]
    app = sim_app(schedule)
    app.start(app.wiring.device.rituals[0])
    try:
        summary = app.run().as_dict()
    finally:
        app.close()
    first = summary["steps"][0]
    assert first["ended_by"] == "touch" and 5.0 < first["ended"] < 5.3


def test_a_press_held_again_before_its_stretched_release_stays_held():
    schedule = [
        (5.0, Event("electrode", 0, True)),
        (5.0, Event("electrode", 0, False)),
        (5.05, Event("electrode", 0, True)),
        (8.0, Event("electrode", 0, False)),
        (40.0, Event("quit")),
    ]
    app = sim_app(schedule)
    app.start(app.wiring.device.rituals[0])
    try:
        summary = app.run().as_dict()
    finally:
        app.close()
    assert summary["status"] == "quit"
    # Held from 5.0 to 8.0: a hold that pauses the ritual, not a tap that skips a step.
    assert summary["steps"][0]["ended_by"] == "quit"
    assert [c["cue"] for c in summary["cues"]].count("pause") == 1


def test_a_log_that_cannot_be_read_for_the_stats_keeps_the_device_going():
    from facepacer.errors import StoreError

    def unreadable(today):
        raise StoreError("cannot read the session log /x.db: database is locked; ...")

    log = SessionLog(None, lambda t: ORIGIN)
    app = app_with([], exit_after_session=True, virtual=True, stats=unreadable, log=log,
                   today=lambda: date(2026, 5, 4))  # fmt: skip
    app.start(app.wiring.device.rituals[0])
    assert app.run().status == "completed"
    assert "Session log not read" in log.notice
