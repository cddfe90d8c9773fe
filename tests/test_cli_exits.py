"""How the ``facepacer`` command ends, as a shell sees it, and what the run's own options change.

Exit statuses: 0 done, 1 failed, 2 misused (bare ``facepacer`` included), 130 stopped by Ctrl-C.
A reader that leaves a pipe early (``facepacer history | head``) is not a failure: status 0 and
nothing on stderr. The pipe tests run the real command in a child process with Python's usual
buffered output, where a closed pipe shows only when the output is flushed.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from facepacer.cli import SUBCOMMANDS, main
from facepacer.engine import snapshot as S
from facepacer.store import Store
from facepacer.ui.theme import THEMES

from .app.watch import watch_the_run

LEFT_ONLY = """\
format: 1
id: left-only
title: Left only
steps:
  - {zone: cheeks, title: Left cheek, say: Sweep the left cheek up., seconds: 10, side: left}
  - {zone: jawline, title: Jaw, say: Along the jaw., seconds: 10}
"""


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A user with an empty home: no config, no rituals of their own, no log yet."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def command_env(home):
    """The environment of a user's shell: buffered output, headless, the test's home."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env.update(XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"))
    return env


# -- bare facepacer ---------------------------------------------------------------------------


def test_bare_facepacer_prints_its_help_on_stderr_and_exits_2(home, capsys):
    assert main([]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("usage: facepacer ")
    listed = {
        line.split()[0] for line in err.splitlines() if line.startswith("    ") and line[4] != " "
    }
    assert listed == set(SUBCOMMANDS) | {"sim"}  # sim is registered by run


# -- a closed pipe ----------------------------------------------------------------------------


def logged_sessions(home, count):
    path = home / "data" / "facepacer" / "sessions.db"
    path.parent.mkdir(parents=True)
    with Store(path) as store:
        for n in range(count):
            when = datetime(2026, 5, 1 + n % 28, 7, 0, tzinfo=timezone.utc)
            session = store.start_session(
                ritual_id="quick-calm", ritual_title="Quick Calm", steps_total=1, started_at=when
            )
            store.end_session(session, "completed", 60.0, when)


@pytest.mark.parametrize(
    "args", [["history", "--limit", "0"], ["--version"]], ids=["history", "version"]
)
def test_a_reader_that_closed_the_pipe_ends_the_command_quietly_with_status_0(home, args):
    logged_sessions(home, 40)
    child = subprocess.Popen(
        [sys.executable, "-m", "facepacer", *args], env=command_env(home),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    child.stdout.close()  # the reader is gone before the first line is written
    err = child.stderr.read().decode()
    child.stderr.close()
    assert child.wait(timeout=60) == 0, err
    assert err == ""


# -- Ctrl-C -----------------------------------------------------------------------------------


def inherited(disposition):
    """A child's start with SIGINT as given: a test that signals its child must not depend on
    what its own starter left (a shell's ``pytest &`` or ``nohup`` ignores SIGINT)."""
    return lambda: signal.signal(signal.SIGINT, disposition)


@pytest.mark.parametrize(
    "disposition", [signal.SIG_DFL, signal.SIG_IGN], ids=["from a terminal", "started with &"]
)
def test_ctrl_c_stops_the_probe_with_status_130_and_no_traceback(home, disposition):
    child = subprocess.Popen(
        [sys.executable, "-m", "facepacer", "probe", "--sim"], env=command_env(home),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=inherited(disposition),
    )  # fmt: skip
    try:
        ready, _, _ = select.select([child.stdout], [], [], 60)
        assert ready, "the probe printed nothing within 60 s"
        assert "MPR121" in child.stdout.readline().decode()  # it is watching the electrodes
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 130
    assert b"Traceback" not in err


def run_args(home, *extra):
    ritual = home / "left-only.yaml"
    ritual.write_text(LEFT_ONLY)
    return ["run", "--sim", "--headless", "--virtual-clock", "--json", "--ritual", str(ritual),
            *extra]  # fmt: skip


def test_ctrl_c_during_a_run_logs_the_session_as_quit_and_exits_130(home, capsys, monkeypatch):
    def ctrl_c_at_the_second_step(cue, now):
        if (cue, now) == ("zone", 10.0):
            os.kill(os.getpid(), signal.SIGINT)

    watch_the_run(monkeypatch, ctrl_c_at_the_second_step)
    assert main(run_args(home)) == 130
    summary = json.loads(capsys.readouterr().out)
    assert summary["status"] == "quit"
    assert summary["steps"][-1]["ended_by"] == "quit"


def test_a_stalled_virtual_clock_ends_the_run_with_one_error_line_and_status_1(
    home, capsys, monkeypatch
):
    from facepacer.app.loop import App
    from facepacer.clock import ClockStalled

    def stalls(self):
        raise ClockStalled("the virtual clock stopped at 9.0 s: the touch sensor asked to wake")

    monkeypatch.setattr(App, "run", stalls)
    assert main(run_args(home)) == 1
    err = capsys.readouterr().err
    assert err == (
        "facepacer run: error: the virtual clock stopped at 9.0 s: the touch sensor asked to wake\n"
    )


# -- what the run's options change ------------------------------------------------------------


def step_texts(seen):
    return {(s.step.title, s.step.say, s.side_now) for s in seen["snapshots"] if s.screen == S.STEP}


def test_without_partner_the_step_says_left(home, capsys, monkeypatch):
    seen = watch_the_run(monkeypatch)
    assert main(run_args(home)) == 0
    assert ("Left cheek", "Sweep the left cheek up.", "left") in step_texts(seen)


def test_partner_swaps_left_and_right_in_what_the_step_says(home, capsys, monkeypatch):
    seen = watch_the_run(monkeypatch)
    assert main(run_args(home, "--partner")) == 0
    texts = step_texts(seen)
    assert ("Right cheek", "Sweep the right cheek up.", "right") in texts
    assert not any("left" in f"{title} {say} {side}".lower() for title, say, side in texts)


MOOD_SCRIPT = "30 tap\n32 hold\n"  # the ritual ends at 20, finish shows 6 s, then the mood


def script(home):
    path = home / "mood.txt"
    path.write_text(MOOD_SCRIPT)
    return path


def test_the_mood_check_in_is_asked_after_a_completed_run(home, capsys, monkeypatch):
    seen = watch_the_run(monkeypatch)
    assert main(run_args(home, "--script", str(script(home)))) == 0
    assert json.loads(capsys.readouterr().out)["mood"] == 4
    assert S.MOOD in {s.screen for s in seen["snapshots"]}


def test_no_mood_skips_the_check_in(home, capsys, monkeypatch):
    seen = watch_the_run(monkeypatch)
    assert main(run_args(home, "--no-mood", "--script", str(script(home)))) == 0
    assert "mood" not in json.loads(capsys.readouterr().out)
    assert S.MOOD not in {s.screen for s in seen["snapshots"]}


@pytest.mark.parametrize("theme", ["calm", "contrast"])
def test_theme_paints_the_run_in_that_theme(home, capsys, monkeypatch, theme):
    seen = watch_the_run(monkeypatch)
    assert main(run_args(home, "--theme", theme)) == 0
    assert seen["backgrounds"] == {THEMES[theme].bg}
    assert THEMES["calm"].bg != THEMES["contrast"].bg
