"""The loop's side of the MQTT link and of the reminder, with stand-in parts on a virtual clock:
what the link is told, what a command carried out does, and when the loop looks for a reminder."""

from __future__ import annotations

from datetime import datetime, timedelta

from facepacer.app.reminder import DailyReminder
from facepacer.config import ReminderConfig
from facepacer.link.commands import Command

from .test_loop import Event, app_with

EVENING = datetime(2026, 5, 4, 20, 0).astimezone()  # a Monday, 90 minutes before the reminder


class Link:
    """Stands in for the MQTT link: hands over its commands once and records what it is told."""

    def __init__(self, *commands: Command):
        self.waiting = list(commands)
        self.states, self.answers = [], []

    def commands(self):
        taken, self.waiting = self.waiting, []
        return taken

    def observe(self, state, log_changed):
        self.states.append(state["state"])

    def answered(self, command, refused):
        self.answers.append((command.name, refused))

    def close(self):
        pass


def test_a_sensor_that_stops_answering_is_told_to_the_link_as_a_fault():
    link = Link()
    app = app_with([(5.0, Event("quit"))], link=link)
    app.wiring.pad.status.ok = False
    app.run()
    assert link.states and set(link.states) == {"fault"}


def test_a_start_over_the_link_is_carried_out_answered_and_its_cues_sound():
    link = Link(Command("start"))
    app = app_with([(5.0, Event("quit"))], link=link)
    app.run()
    assert link.answers == [("start", None)]
    assert "ritual" in link.states
    assert [cue for cue, _ in app.wiring.buzzer.played][:1] == ["start"]


def test_on_a_real_clock_the_loop_looks_for_the_reminder_at_least_once_a_minute():
    reminder = DailyReminder(ReminderConfig(time="21:30"))
    app = app_with([], reminder=reminder)
    app.wiring.wall = lambda t: EVENING + timedelta(seconds=t)
    assert app._wakes(0.0)["the reminder"] == 60.0  # the wall clock may jump meanwhile


def test_on_a_virtual_clock_the_loop_jumps_straight_to_the_reminder():
    reminder = DailyReminder(ReminderConfig(time="21:30"))
    app = app_with([], virtual=True, reminder=reminder)
    app.wiring.wall = lambda t: EVENING + timedelta(seconds=t)
    assert app._wakes(0.0)["the reminder"] == 5400.0
