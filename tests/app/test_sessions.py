"""Whole sessions as a user meets them: the numbers `history` and `--json` report, and the screens.

Each test runs the real device headless on the virtual clock (emulated chip, real driver, pad,
engine, view, session log) with a script of touches, and reads what a user would read: the run's
summary, ``facepacer history --json``, the screens drawn. The times README promises are written
here as numbers, not imported from the code they check, so changing one is a visible decision.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from facepacer.cli import main
from facepacer.cli.history import streak_line
from facepacer.engine import snapshot as S
from facepacer.store.streaks import streaks

from .rituals import THREE_TENS
from .watch import screens, watch_the_run

# What README promises, in its own numbers.
MOOD_WAITS = 20.0  # "leave it and it moves on after 20 seconds"
IDLE_ENDS = 300.0  # "Five minutes without a touch while paused ... ends it"
MILLISECOND = 0.001  # "Median error 0.0 ms (below the summary's 1 ms resolution)"
# The emulated chip confirms a touch or a release after three samples of 1 ms (its debounce), so
# a scripted change shows 3 ms after its time: "the tap above fires at 3.103".

ONE_TEN = """\
format: 1
id: one-ten
title: One ten
steps:
  - {zone: cheeks, title: Cheeks, say: Sweep up., seconds: 10}
"""

SEVEN_STROKES = """\
format: 1
id: seven-strokes
title: Seven strokes
steps:
  - {zone: cheeks, title: One, say: Sweep up., seconds: 10, strokes: 7}
"""


BACK_ON_PAD_1 = "sensor:\n  roles: {1: back}\n"  # config: electrode 1 is BACK


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A user with an empty home: no config, no rituals of their own, no log yet."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def run(home, capsys, ritual, script="", config=None):
    """``facepacer run --sim --headless --virtual-clock --json``: the run's summary."""
    (home / "ritual.yaml").write_text(ritual)
    (home / "script.txt").write_text(script)
    # --db: a virtual-clock run logs to a throwaway log unless it names one.
    args = ["run", "--sim", "--headless", "--virtual-clock", "--json", "--ritual",
            str(home / "ritual.yaml"), "--script", str(home / "script.txt"),
            "--db", str(home / "data" / "facepacer" / "sessions.db")]  # fmt: skip
    if config is not None:
        (home / "config.yaml").write_text(config)
        args += ["--config", str(home / "config.yaml")]
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out.strip().splitlines()[-1])


def history(capsys):
    """``facepacer history --json``, oldest first."""
    assert main(["history", "--json"]) == 0
    return sorted(json.loads(capsys.readouterr().out), key=lambda s: s["id"])


def spans(summary):
    return [(s["index"], s["zone"], s["started"], s["ended"], s["ended_by"])
            for s in summary["steps"]]  # fmt: skip


# -- active time ------------------------------------------------------------------------------


def test_a_ten_second_session_with_a_long_pause_reads_as_ten_seconds_in_history(home, capsys):
    # Hold at 2 pauses at 3.0; a tap at 50 resumes at 50.1; the step's last 7 s end at 57.1.
    summary = run(home, capsys, ONE_TEN, "2 hold\n50 tap\n")
    assert spans(summary) == [(0, "cheeks", 0.0, 57.1, "timer")]
    (session,) = history(capsys)
    assert (session["status"], session["seconds"]) == ("completed", 10.0)


def test_two_pauses_in_two_steps_are_both_left_out(home, capsys):
    summary = run(home, capsys, THREE_TENS, "2 hold\n20 tap\n30 hold\n35 tap\n")
    assert summary["status"] == "completed"
    (session,) = history(capsys)
    assert session["seconds"] == 30.0


# -- the mood check-in -----------------------------------------------------------------------


def test_the_mood_check_in_goes_home_at_20_seconds_and_not_before(home, capsys, monkeypatch):
    seen = watch_the_run(monkeypatch)
    run(home, capsys, ONE_TEN, "60 quit\n")  # a script with events left keeps the run going
    shown = screens(seen)
    mood_at = next(t for t, screen in shown if screen == S.MOOD)
    after = shown[[screen for _, screen in shown].index(S.MOOD) + 1]
    assert after == (mood_at + MOOD_WAITS, S.HOME)
    first = next(s for s in seen["snapshots"] if s.screen == S.MOOD)
    assert first.mood_left == MOOD_WAITS  # what the screen counts down from
    (session,) = history(capsys)
    assert session["mood"] is None  # left alone: no mood is made up


def test_a_tap_on_the_mood_check_in_gives_it_another_20_seconds(home, capsys, monkeypatch):
    seen = watch_the_run(monkeypatch)
    run(home, capsys, ONE_TEN, "20 tap\n60 quit\n")  # the check-in shows from 16.0; tap at 20.103
    assert screens(seen)[-1] == (20.103 + MOOD_WAITS, S.HOME)


def test_a_mood_goes_with_the_session_it_followed_when_two_run_back_to_back(home, capsys):
    # One: 0-10, finish, check-in from 16: a hold at 20 saves 3. A tap at 25 on home starts the
    # same ritual again: 25.1-35.1, check-in from 41.1: two taps make 5, a hold saves it.
    script = "20 hold\n25 tap\n45 tap\n46 tap\n48 hold\n"
    summary = run(home, capsys, ONE_TEN, script)
    assert summary["mood"] == 3  # the summary is of the run's first session
    sessions = history(capsys)
    assert [(s["status"], s["mood"]) for s in sessions] == [("completed", 3), ("completed", 5)]


def test_a_mood_given_only_after_the_second_session_is_the_second_sessions(home, capsys):
    # One: 0-10, check-in from 16 left alone until 36. Two: tap at 40, 40.1-50.1, check-in from
    # 56.1: a tap makes 4, a hold saves it.
    sessions = (run(home, capsys, ONE_TEN, "40 tap\n60 tap\n62 hold\n"), history(capsys))[1]
    assert [s["mood"] for s in sessions] == [None, 4]


# -- the summary's times ----------------------------------------------------------------------


def test_the_summary_gives_cue_times_to_the_millisecond(home, capsys):
    summary = run(home, capsys, SEVEN_STROKES)
    strokes = [c["t"] for c in summary["cues"] if c["cue"] == "stroke"]
    assert strokes == [0.0, 1.429, 2.857, 4.286, 5.714, 7.143, 8.571]  # 10 s / 7, rounded
    assert all(round(t / MILLISECOND) * MILLISECOND == pytest.approx(t) for t in strokes)


def test_the_summary_gives_a_touch_to_the_millisecond(home, capsys):
    summary = run(home, capsys, THREE_TENS, "3.004 tap\n")
    assert spans(summary)[:2] == [
        (0, "cheeks", 0.0, 3.107, "touch"), (1, "jawline", 3.107, 13.107, "timer"),
    ]  # fmt: skip


# -- the idle timeout -------------------------------------------------------------------------


def test_a_pause_left_alone_is_abandoned_five_minutes_after_it_began(home, capsys):
    summary = run(home, capsys, THREE_TENS, "2 hold\n")  # paused at 3.003
    assert summary["status"] == "abandoned"
    assert spans(summary) == [(0, "cheeks", 0.0, 3.003 + IDLE_ENDS, "abandon")]


def test_a_touch_while_paused_restarts_the_five_minutes(home, capsys):
    # Paused at 3.003. At 100 the back electrode is tapped (it does nothing while paused), so the
    # user is there: the abandon comes five minutes after that tap (its release, at 100.103), not
    # five minutes after the pause began.
    summary = run(home, capsys, THREE_TENS, "2 hold\n100 tap pad 1\n", BACK_ON_PAD_1)
    assert summary["status"] == "abandoned"
    assert spans(summary) == [(0, "cheeks", 0.0, 100.103 + IDLE_ENDS, "abandon")]
    (session,) = history(capsys)
    assert session["seconds"] == 3.003  # the pause and the idle minutes are not activity


def test_a_press_too_long_for_a_tap_while_paused_restarts_the_five_minutes_too(home, capsys):
    # Released after 0.8 s: neither a tap nor a hold, but a touch, confirmed 20 ms after the chip
    # saw it (3 ms in).
    summary = run(home, capsys, THREE_TENS, "2 hold\n100 press\n100.8 release\n")
    assert spans(summary)[-1][3:] == (100.023 + IDLE_ENDS, "abandon")


# -- BACK -------------------------------------------------------------------------------------


def test_back_on_the_first_step_restarts_the_first_step(home, capsys):
    summary = run(home, capsys, THREE_TENS, "4 tap pad 1\n", BACK_ON_PAD_1)
    assert summary["status"] == "completed"
    assert spans(summary) == [
        (0, "cheeks", 0.0, 4.103, "touch"),  # left by BACK
        (0, "cheeks", 4.103, 14.103, "timer"),  # the same step again, from the start
        (1, "jawline", 14.103, 24.103, "timer"),
        (2, "forehead", 24.103, 34.103, "timer"),
    ]
    zones = [(c["t"], c["step"]) for c in summary["cues"] if c["cue"] == "zone"]
    assert zones == [(0.0, 0), (4.103, 0), (14.103, 1), (24.103, 2)]


def test_back_on_the_second_step_goes_to_the_first(home, capsys):
    summary = run(home, capsys, THREE_TENS, "12 tap pad 1\n", BACK_ON_PAD_1)
    assert spans(summary)[:3] == [
        (0, "cheeks", 0.0, 10.0, "timer"),
        (1, "jawline", 10.0, 12.103, "touch"),
        (0, "cheeks", 12.103, 22.103, "timer"),
    ]


# -- this week's goal -------------------------------------------------------------------------

MONDAY = date(2026, 5, 4)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# With a goal of 5 days, the fewest days done before today that keep the week possible: from
# Thursday on, each day gone by without a ritual must have been made up before.
FEWEST_BEFORE = {"Mon": 0, "Tue": 0, "Wed": 0, "Thu": 1, "Fri": 2, "Sat": 3, "Sun": 4}


def week_so_far(weekday: int, before: int, today_done: bool):
    """``before`` days done from Monday on, and today if ``today_done``."""
    days = [MONDAY + timedelta(days=n) for n in range(before)]
    today = MONDAY + timedelta(days=weekday)
    return days + ([today] if today_done else []), today


@pytest.mark.parametrize("today_done", [False, True], ids=["today-to-do", "today-done"])
@pytest.mark.parametrize("day", DAYS)
def test_the_week_is_still_possible_with_just_enough_days_done(day, today_done):
    weekday = DAYS.index(day)
    done, today = week_so_far(weekday, FEWEST_BEFORE[day], today_done)
    week = streaks(done, today, 5)
    assert week.still_possible
    assert "no longer" not in streak_line(week, 5)


@pytest.mark.parametrize("today_done", [False, True], ids=["today-to-do", "today-done"])
@pytest.mark.parametrize("day", [d for d in DAYS if FEWEST_BEFORE[d] > 0])
def test_the_week_is_no_longer_possible_one_day_short(day, today_done):
    weekday = DAYS.index(day)
    done, today = week_so_far(weekday, FEWEST_BEFORE[day] - 1, today_done)
    week = streaks(done, today, 5)
    assert not week.still_possible
    assert streak_line(week, 5).endswith(
        "This week can no longer reach 5 days; a new week starts on Monday."
    )


def test_on_sunday_with_four_days_and_sunday_done_the_goal_is_out_of_reach():
    # Mon, Tue, Wed and today done: 4 of 5, and no day left after today.
    done, sunday = week_so_far(6, 3, today_done=True)
    assert streak_line(streaks(done, sunday, 5), 5) == (
        "Streak: none yet. This week can no longer reach 5 days; a new week starts on Monday."
    )
