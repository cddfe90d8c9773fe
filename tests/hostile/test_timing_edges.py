"""Timing rules at their edges: a reminder on the minute the night begins or ends, the ten late
minutes of a reminder that cross midnight, ``days:`` that name no day, and a calibration whose
sensor is gone. Each on both sides of its boundary."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from facepacer.app.loop import App
from facepacer.app.reminder import DailyReminder
from facepacer.app.script import parse_script
from facepacer.app.wiring import Wiring
from facepacer.clock import VirtualClock
from facepacer.config import BuzzerConfig, Config, ReminderConfig, load_config
from facepacer.engine import snapshot as S
from facepacer.engine.device import Device
from facepacer.hardware.buzzer import RecordingBuzzer, night_at
from facepacer.hardware.parts import build_sim

from ..engine.helpers import ritual, step

MONDAY = date(2026, 5, 4)
ZONE = timezone(timedelta(hours=2))  # a local time zone: the rules read local wall time
NIGHT = BuzzerConfig(night_start="22:00", night_end="07:00")


def at(day: date, hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=ZONE)


def reminded(remind: str, switched_on: datetime, seconds: float = 200.0) -> RecordingBuzzer:
    """A device switched on at ``switched_on`` with a reminder at ``remind`` and a 22:00-07:00
    night, run on the virtual clock; its buzzer, with what it played and dropped."""
    clock = VirtualClock()
    config = Config(buzzer=NIGHT)
    buzzer = RecordingBuzzer(NIGHT)
    hardware = build_sim(config, buzzer=buzzer, clock=clock.now)
    wiring = Wiring(
        clock=clock,
        device=Device([ritual(step(10))], clock.now()),
        pad=hardware.pad,
        buzzer=hardware.buzzer,
        touch=hardware.chip,
        script=parse_script(f"{seconds} quit\n"),
        stepped=clock,
        wall=lambda t: switched_on + timedelta(seconds=t),
        night=lambda wall: night_at(NIGHT, wall.time()),
        reminder=DailyReminder(ReminderConfig(time=remind)),
    )
    App(wiring).run()
    return buzzer


def cues(pairs) -> list:
    return [cue for _, cue in pairs]


# Switched on at hh:mm:10, the loop's half-minute night check falls 10 s after the minute: the
# night must be judged at the reminder itself, not up to 30 s before.
@pytest.mark.parametrize(
    "remind, switched_on, quiet",
    [
        ("22:00", at(MONDAY, 21, 58, 10), True),  # the night's first minute
        ("21:59", at(MONDAY, 21, 57, 10), False),  # the minute before it
        ("07:00", at(MONDAY, 6, 58, 10), False),  # the first minute of the day
        ("06:59", at(MONDAY, 6, 57, 10), True),  # the night's last minute
    ],
)
def test_a_reminder_is_quiet_exactly_in_the_night(remind, switched_on, quiet):
    buzzer = reminded(remind, switched_on)
    assert ("reminder" in cues(buzzer.dropped)) is quiet
    assert ("reminder" in cues(buzzer.played)) is not quiet


# -- the late window across midnight ------------------------------------------------------------


@pytest.mark.parametrize(
    "wall, due",
    [
        (at(MONDAY, 23, 57, 59), False),  # before it
        (at(MONDAY, 23, 58), True),
        (at(MONDAY + timedelta(days=1), 0, 2), True),  # switched on after midnight
        (at(MONDAY + timedelta(days=1), 0, 7, 59), True),
        (at(MONDAY + timedelta(days=1), 0, 8), False),  # ten minutes over
    ],
)
def test_the_ten_late_minutes_of_a_reminder_at_23_58_run_past_midnight(wall, due):
    reminder = DailyReminder(ReminderConfig(time="23:58"))
    assert reminder.due(wall) is due
    assert reminder.due(wall) is False  # once


def test_a_reminder_shown_at_23_58_is_not_shown_again_after_midnight():
    reminder = DailyReminder(ReminderConfig(time="23:58"))
    assert reminder.due(at(MONDAY, 23, 58)) is True
    assert reminder.due(at(MONDAY + timedelta(days=1), 0, 2)) is False
    assert reminder.next_at(at(MONDAY + timedelta(days=1), 0, 2)) == at(
        MONDAY + timedelta(days=1), 23, 58
    )


def test_the_late_window_after_midnight_follows_the_day_the_reminder_was_for():
    reminder = DailyReminder(ReminderConfig(time="23:58", days=(0,)))  # Mondays only
    assert reminder.due(at(MONDAY + timedelta(days=1), 0, 2)) is True  # Monday's, late
    sunday_night = DailyReminder(ReminderConfig(time="23:58", days=(0,)))
    assert sunday_night.due(at(MONDAY, 0, 2)) is False  # Sunday has none


# -- days: that name no day ---------------------------------------------------------------------


def config_of(tmp_path, text: str):
    path = tmp_path / "config.yaml"
    path.write_text(text)
    config, warnings = load_config(path)
    return config, [w.removeprefix(f"{path}:") for w in warnings]


@pytest.mark.parametrize(
    "days, warning",
    [
        ("[funday]", "3:9: 'days' in reminder names no day of the week; no reminder is set"),
        ("[]", "3:9: 'days' in reminder names no day of the week; no reminder is set"),
        ("[1, 2]", "3:9: 'days' in reminder names no day of the week; no reminder is set"),
        ("mon", "3:9: 'days' in reminder must be a list like [mon, tue, wed], not the text 'mon'"),
        ("{mon: 1}", "3:9: 'days' in reminder must be a list like [mon, tue, wed], not a mapping"),
    ],
)
def test_days_that_name_no_day_are_a_warning_and_no_reminder(tmp_path, days, warning):
    config, warnings = config_of(tmp_path, f'reminder:\n  time: "21:30"\n  days: {days}\n')
    assert config.reminder.time is None
    assert any(w.startswith(warning) for w in warnings), warnings
    assert all("every day" not in w for w in warnings)


def test_one_good_day_among_bad_ones_is_that_day(tmp_path):
    config, warnings = config_of(tmp_path, 'reminder:\n  time: "21:30"\n  days: [funday, sun]\n')
    assert config.reminder == ReminderConfig(time="21:30", days=(6,))
    assert len(warnings) == 1 and "'funday'" in warnings[0]


def test_days_left_empty_mean_every_day(tmp_path):
    config, warnings = config_of(tmp_path, 'reminder:\n  time: "21:30"\n  days:\n')
    assert config.reminder == ReminderConfig(time="21:30", days=(0, 1, 2, 3, 4, 5, 6))
    assert warnings == []


# -- calibration with the sensor gone -----------------------------------------------------------

# Through the picker to "Calibrate the pad" (one ritual: History, then Calibrate), opened at 6.0.
TO_CALIBRATION = "1 hold 1.5\n3 tap\n4 tap\n5 hold 1.2\n"


def calibrate_and(script: str):
    clock = VirtualClock()
    config = Config()
    hardware = build_sim(config, buzzer=RecordingBuzzer(config.buzzer), clock=clock.now)
    device = Device([ritual(step(10))], clock.now())
    device.pad_electrodes = (0,)
    wiring = Wiring(clock=clock, device=device, pad=hardware.pad, buzzer=hardware.buzzer,
                    touch=hardware.chip, script=parse_script(TO_CALIBRATION + script),
                    stepped=clock)  # fmt: skip
    seen = []
    original = device.advance

    def advance(now):
        out = original(now)
        seen.append((now, device.screen, str(device.snapshot(now).calibrate_text)))
        return out

    device.advance = advance
    App(wiring).run()
    return device, seen


def test_calibration_with_the_sensor_gone_fails_and_goes_home():
    device, seen = calibrate_and("8 unplug\n200 quit\n")
    failed = [t for t, screen, text in seen if screen == S.CALIBRATE and text.startswith(
        "Calibration failed: no readings from the touch sensor for 5 s")]  # fmt: skip
    assert failed and 12.9 <= failed[0] <= 13.1  # the last reading just before 8, plus 5 s
    home = [t for t, screen, _ in seen if t > failed[0] and screen == S.HOME]
    assert home and home[0] <= 6.0 + 60.0 + 1.0  # a minute after the last touch
    assert device.screen == S.HOME


def test_a_sensor_back_within_five_seconds_keeps_the_calibration_going():
    _, seen = calibrate_and("8 unplug\n12.5 replug\n30 quit\n")
    assert not any(text and "no readings" in text for _, _, text in seen)
