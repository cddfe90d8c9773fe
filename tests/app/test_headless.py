"""Headless scripted runs through the whole device: emulated chip → driver → pad → engine → log."""

from __future__ import annotations

import json

import pytest

from facepacer.cli import main
from facepacer.clock import VirtualClock
from facepacer.store import Store

from .rituals import THREE_TENS

# The emulated chip confirms a touch or a release after three samples of 1 ms (the driver's
# debounce), so a scripted change shows 3 ms after its time: a tap at 3.0 ends at 3.103.
STROKES = """\
format: 1
id: five-strokes
title: Five strokes
steps:
  - {zone: cheeks, title: One, say: Sweep up., seconds: 10, strokes: 5}
"""

TOUCH = """\
format: 1
id: touch-first
title: Touch first
steps:
  - {zone: full_face, title: Ready, say: Tap when you are ready., seconds: 5, advance: touch}
"""


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A user with an empty home: no config, no rituals of their own, no log yet."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def write(home, name, text):
    path = home / name
    path.write_text(text)
    return str(path)


def default_db(home):
    return home / "data" / "facepacer" / "sessions.db"


def run(home, capsys, ritual_text, script=None, *extra):
    """A virtual-clock run that keeps its log where the device keeps it (a virtual run without
    ``--db`` keeps none)."""
    args = ["run", "--sim", "--headless", "--virtual-clock", "--json",
            "--db", str(default_db(home)),
            "--ritual", write(home, "ritual.yaml", ritual_text)]  # fmt: skip
    if script is not None:
        args += ["--script", write(home, "script.txt", script)]
    code = main(args + list(extra))
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out.strip().splitlines()[-1])


def spans(summary):
    return [(s["started"], s["ended"], s["active"], s["ended_by"]) for s in summary["steps"]]


def test_timer_steps_with_no_script_complete_at_10_20_and_30(home, capsys):
    summary = run(home, capsys, THREE_TENS)
    assert summary["status"] == "completed" and summary["ritual"] == "three-tens"
    assert spans(summary) == [
        (0.0, 10.0, 10.0, "timer"), (10.0, 20.0, 10.0, "timer"), (20.0, 30.0, 10.0, "timer"),
    ]  # fmt: skip
    assert summary["session_id"] == 1


def test_a_scripted_tap_ends_the_step_at_its_release(home, capsys):
    summary = run(home, capsys, THREE_TENS, "3.0 tap\n")
    assert spans(summary)[:2] == [(0.0, 3.103, 3.103, "touch"), (3.103, 13.103, 10.0, "timer")]


def test_a_scripted_hold_pauses_and_a_tap_resumes(home, capsys):
    summary = run(home, capsys, THREE_TENS, "5.0 hold 1.5\n20.0 tap\n")
    assert spans(summary)[0] == (0.0, 24.1, 10.0, "timer")
    marks = [(c["t"], c["cue"]) for c in summary["cues"] if c["cue"] in ("pause", "resume")]
    assert marks == [(6.003, "pause"), (20.103, "resume")]


TAP_EACH = """\
format: 1
id: three-taps
title: Three taps
steps:
  - {zone: cheeks, title: One, say: Tap., seconds: 5, advance: touch}
  - {zone: jawline, title: Two, say: Tap., seconds: 5, advance: touch}
  - {zone: forehead, title: Three, say: Tap., seconds: 5, advance: touch}
"""


def test_a_tap_at_the_very_start_and_every_later_tap_reach_the_ritual(home, capsys):
    """The emulated pad never goes dead: its baseline settles untouched when the sensor starts
    and tracks slowly afterwards, so a tap at t=0 is a tap and so is every one after it."""
    summary = run(home, capsys, TAP_EACH, "0 tap\n5 tap\n10 tap\n")
    assert summary["status"] == "completed"
    assert [s[1] for s in spans(summary)] == [0.103, 5.103, 10.103]


def test_a_press_held_across_unplug_and_replug_leaves_later_taps_working(home, capsys):
    script = "1 press\n1.5 unplug\n3 replug\n4 release\n15 tap\n20 tap\n25 tap\n"
    summary = run(home, capsys, TAP_EACH, script)
    assert summary["status"] == "completed"
    assert [s[1] for s in spans(summary)] == [15.103, 20.103, 25.103]


def test_five_strokes_in_ten_seconds_are_two_seconds_apart(home, capsys):
    summary = run(home, capsys, STROKES)
    assert [c["t"] for c in summary["cues"] if c["cue"] == "stroke"] == [0, 2, 4, 6, 8]


def test_an_untouched_touch_step_is_abandoned_after_five_virtual_minutes_of_waiting(home, capsys):
    summary = run(home, capsys, TOUCH)
    assert summary["status"] == "abandoned"
    assert spans(summary)[0][1:] == (305.0, 0.0, "abandon")  # untouched: no activity at all


def test_a_scripted_quit_ends_the_session_as_quit(home, capsys):
    summary = run(home, capsys, THREE_TENS, "12.5 quit\n")
    assert summary["status"] == "quit"
    assert spans(summary)[-1] == (10.0, 12.5, 2.5, "quit")


def test_another_electrode_is_not_the_pad(home, capsys):
    summary = run(home, capsys, THREE_TENS, "3.0 tap pad 5\n")
    assert spans(summary)[0][-1] == "timer"


def test_an_unplugged_sensor_keeps_the_pacing_and_is_logged(home, capsys):
    summary = run(home, capsys, THREE_TENS, "5 unplug\n15 replug\n18 tap\n")
    assert summary["status"] == "completed"
    assert spans(summary) == [
        (0.0, 10.0, 10.0, "timer"), (10.0, 18.103, 8.103, "touch"),
        (18.103, 28.103, 10.0, "timer"),
    ]  # fmt: skip
    (outage,) = summary["outages"]
    assert outage["start"] == 5.0 and 15.0 <= outage["end"] <= 17.0
    (error,) = [c for c in summary["cues"] if c["cue"] == "error"]
    assert 5.0 <= error["t"] <= 6.0 and error["step"] == 0  # said within a second
    assert "0x5a" in outage["message"]
    assert main(["history", "--json"]) == 0
    (session,) = json.loads(capsys.readouterr().out)
    assert session["status"] == "completed" and session["steps_done"] == 3
    with Store(home / "data" / "facepacer" / "sessions.db") as store:
        (fault,) = store.faults(session["id"])
    assert "0x5a" in fault["message"]


def test_history_matches_the_runs(home, capsys):
    run(home, capsys, THREE_TENS)
    run(home, capsys, THREE_TENS, "5.0 hold\n8.0 hold\n")
    run(home, capsys, THREE_TENS, "12.0 quit\n")
    assert main(["history", "--json"]) == 0
    sessions = json.loads(capsys.readouterr().out)
    by_id = {s["id"]: s for s in sessions}
    assert [by_id[i]["status"] for i in (1, 2, 3)] == ["completed", "abandoned", "abandoned"]
    # Steps cut short by an abandon or a quit are not done.
    assert [by_id[i]["steps_done"] for i in (1, 2, 3)] == [3, 0, 1]
    assert by_id[1]["seconds"] == 30.0


def test_a_mood_given_by_script_is_logged(home, capsys):
    # Finish shows 6 s after the end at 30 s, then the mood check-in: tap 3 -> 4, hold saves.
    summary = run(home, capsys, THREE_TENS, "40 tap\n42 hold\n")
    assert summary["mood"] == 4
    main(["history", "--json"])
    assert json.loads(capsys.readouterr().out)[0]["mood"] == 4


def test_a_bad_script_line_is_named_and_exits_2(home, capsys):
    script = write(home, "bad.txt", "1 tap\n2 jump\n")
    assert main(["run", "--sim", "--headless", "--virtual-clock", "--script", script]) == 2
    assert f"{script}:2: unknown action 'jump'" in capsys.readouterr().err


def test_an_unknown_ritual_exits_1_naming_it(home, capsys):
    assert main(["run", "--sim", "--headless", "--virtual-clock", "--ritual", "nope"]) == 1
    assert "nope" in capsys.readouterr().err


def test_a_broken_ritual_file_is_reported_with_its_line(home, capsys):
    path = write(home, "broken.yaml", THREE_TENS.replace("seconds: 10}", "secnds: 10}", 1))
    assert main(["run", "--sim", "--headless", "--virtual-clock", "--ritual", path]) == 1
    err = capsys.readouterr().err
    assert f"{path}:5:" in err and "did you mean 'seconds'" in err


@pytest.mark.parametrize(
    "args, words",
    [
        (["--virtual-clock"], "--virtual-clock needs --headless"),
        (["--headless", "--script", "x.txt"], "--script needs --sim"),
        (["--sim", "--headless", "--size", "big"], "--size: a window size is WIDTHxHEIGHT"),
    ],
)
def test_options_that_cannot_work_together_exit_2(home, capsys, args, words):
    assert main(["run", *args]) == 2
    assert words in capsys.readouterr().err


def test_sim_help_offers_a_script_without_asking_for_sim_which_it_implies(capsys):
    with pytest.raises(SystemExit):
        main(["sim", "--help"])
    sim_help = " ".join(capsys.readouterr().out.split())
    assert "--script FILE scripted pad events" in sim_help
    assert "needs --sim" not in sim_help
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    assert "scripted pad events (needs --sim)" in " ".join(capsys.readouterr().out.split())


def test_a_log_that_cannot_be_written_does_not_stop_the_ritual(home, capsys):
    blocked = home / "readonly"
    blocked.mkdir()
    (blocked / "file").write_text("not a folder")
    ritual = write(home, "ritual.yaml", THREE_TENS)
    args = ["run", "--sim", "--headless", "--virtual-clock", "--json", "--db",
            str(blocked / "file" / "s.db"), "--ritual", ritual]  # fmt: skip
    assert main(args) == 0
    out, err = capsys.readouterr()
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["status"] == "completed" and summary["session_id"] is None
    assert "Sessions are not being saved" in err and "s.db" in err


def test_a_virtual_clock_run_without_db_leaves_the_real_log_alone_and_says_so(home, capsys):
    kept = run(home, capsys, THREE_TENS)
    assert kept["log"] == str(default_db(home))
    assert main(["history", "--json"]) == 0
    before = capsys.readouterr().out
    args = ["run", "--sim", "--headless", "--virtual-clock", "--json",
            "--ritual", write(home, "ritual.yaml", THREE_TENS)]  # fmt: skip
    assert main(args) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["status"] == "completed" and summary["log"] is None
    assert main(["history", "--json"]) == 0
    assert capsys.readouterr().out == before


def test_a_virtual_run_logs_no_end_in_the_future(home, capsys):
    from datetime import datetime, timezone

    run(home, capsys, THREE_TENS)  # 30 s of ritual in a fraction of a second
    assert main(["history", "--json"]) == 0
    (session,) = json.loads(capsys.readouterr().out)
    ended = datetime.fromisoformat(session["ended_at"])
    assert ended <= datetime.now(timezone.utc)
    assert session["seconds"] == 30.0  # durations come from the run's own clock


def test_real_hardware_that_is_missing_is_explained_and_the_ritual_still_runs(
    home, capsys, monkeypatch
):
    # No pin library at all, as on a laptop, and an I2C bus that is not there.
    monkeypatch.setenv("GPIOZERO_PIN_FACTORY", "no-such-pin-library")
    config = home / "config.yaml"
    config.write_text("sensor:\n  bus: 63\n")
    args = ["run", "--headless", "--virtual-clock", "--json", "--config", str(config),
            "--db", str(default_db(home)),
            "--ritual", write(home, "ritual.yaml", THREE_TENS)]  # fmt: skip
    assert main(args) == 0
    out, err = capsys.readouterr()
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["status"] == "completed" and spans(summary)[-1][1] == 30.0
    assert "`facepacer sim` runs the device with mock hardware" in err
    assert "cannot drive the buzzer on GPIO18" in err
    assert "facepacer run: warning: no touch sensor: " in err and "/dev/i2c-63 missing" in err
    (outage,) = summary["outages"]
    assert "I2C bus 63 is not available (/dev/i2c-63 missing)" in outage["message"]
    assert outage["end"] is None  # still missing when the session ended
    with Store(home / "data" / "facepacer" / "sessions.db") as store:
        (fault,) = store.faults(summary["session_id"])
    assert "/dev/i2c-63 missing" in fault["message"]


@pytest.mark.parametrize("script", [None, "1 hold\n"])
def test_a_virtual_run_that_starts_no_session_ends_once_the_script_is_used_up(
    home, capsys, monkeypatch, script
):
    advance_to = VirtualClock.advance_to

    def no_further_than_a_day(clock, t):
        assert t < 86_400, "the run went on for a virtual day with nothing left to happen"
        advance_to(clock, t)

    monkeypatch.setattr(VirtualClock, "advance_to", no_further_than_a_day)
    args = ["run", "--sim", "--headless", "--virtual-clock", "--json"]
    if script is not None:
        args += ["--script", write(home, "script.txt", script)]
    assert main(args) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["status"] is None and summary["steps"] == []


def test_a_window_with_no_display_to_show_it_is_warned_about(home, capsys, monkeypatch):
    # SDL falls back to an invisible driver when there is no display (over ssh, say).
    monkeypatch.setenv("SDL_VIDEODRIVER", "offscreen")
    script = write(home, "quit.txt", "0 quit\n")
    assert main(["sim", "--script", script, "--db", str(home / "s.db")]) == 0
    assert "no display found (SDL fell back to its offscreen driver)" in capsys.readouterr().err
