"""One voice on the terminal: every line the command writes on stderr is
``facepacer: error|warning: ...`` or ``facepacer SUBCOMMAND: error|warning: ...`` (after
argparse's own usage lines), whichever command says it."""

from __future__ import annotations

import contextlib
import io
import logging
import re
from pathlib import Path

import pytest

from facepacer.cli import main, say

# One prefix: the text after it never starts with another (a message that carried its own).
VOICE = re.compile(r"^facepacer( [a-z]+)*: (error|warning): (?!facepacer( [a-z]+)*: )\S")
CLI = Path(__file__).resolve().parents[1] / "firmware" / "facepacer" / "cli"
THREE_TENS = """\
format: 1
id: three-tens
title: Three tens
steps:
  - {zone: cheeks, title: One, say: First step., seconds: 10}
"""


def said(err: str):
    """The lines of ``err`` past argparse's usage block (``usage:`` and its indented lines)."""
    lines, in_usage = [], False
    for line in err.splitlines():
        if line.startswith("usage: "):
            in_usage = True
            continue
        if in_usage and line.startswith(" "):
            continue
        in_usage = False
        lines.append(line)
    return lines


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    broken = tmp_path / "config" / "facepacer" / "rituals"
    broken.mkdir(parents=True)
    (broken / "broken.yaml").write_text('format: 1\nid: "broken\n')
    (tmp_path / "ritual.yaml").write_text(THREE_TENS)
    (tmp_path / "bad-config.yaml").write_text("weekly_goal: 9\ntheme: pink\nsensor:\n  bus: 63\n")
    (tmp_path / "blocker").write_text("")
    return tmp_path


CASES = [
    (["hist"], "facepacer: error: unknown command 'hist'; did you mean 'history'?"),
    (["rituals", "list"], "facepacer rituals: warning: skipped"),
    (["rituals", "show", "no-such"], "facepacer rituals show: error: no ritual"),
    (["screenshot", "--ritual", "quick-calm", "--at", "99", "--out", "{home}/x.png"],
     "facepacer screenshot: error: --at 99 is past the end of quick-calm, which lasts 60 s"),
    (["screenshot", "--out", "{home}/blocker/x.png"], "facepacer screenshot: error: cannot write"),
    (["history", "--db", "{home}"], "facepacer history: error: the session log"),
    (["history", "--config", "{home}/bad-config.yaml"], "facepacer history: warning: "),
    (["run", "--sim", "--virtual-clock"], "facepacer run: error: --virtual-clock needs --headless"),
    (["sim", "--script", "{home}/nothing.txt"], "facepacer sim: error: "),
    (["run", "--headless", "--virtual-clock", "--config", "{home}/bad-config.yaml",
      "--ritual", "{home}/ritual.yaml"], "facepacer run: warning: no touch sensor: "),
]  # fmt: skip


@pytest.mark.parametrize("argv,expected", CASES, ids=[" ".join(c[0][:2]) for c in CASES])
def test_every_line_on_stderr_speaks_in_the_one_voice(home, capsys, monkeypatch, argv, expected):
    monkeypatch.setenv("GPIOZERO_PIN_FACTORY", "no-such-pin-library")
    with contextlib.suppress(SystemExit):  # argparse's usage errors exit
        main([word.format(home=home) for word in argv])
    lines = said(capsys.readouterr().err)
    assert lines, "nothing was said"
    assert [line for line in lines if not VOICE.match(line)] == []
    assert any(line.startswith(expected.format(home=home)) for line in lines), lines


def test_a_prefix_of_a_command_is_taken_as_that_command_and_a_stranger_gets_the_list(capsys):
    assert main(["screen"]) == 2
    assert "did you mean 'screenshot'?" in capsys.readouterr().err
    assert main(["zzz"]) == 2
    err = capsys.readouterr().err
    assert "did you mean" not in err and "(commands: run, sim, rituals, history" in err


def test_each_line_of_a_long_message_carries_the_prefix():
    err = io.StringIO()
    say.warning("skipped a.yaml: 2 problems\na.yaml:1:1: missing key", "rituals", err=err)
    assert err.getvalue().splitlines() == [
        "facepacer rituals: warning: skipped a.yaml: 2 problems",
        "facepacer rituals: warning: a.yaml:1:1: missing key",
    ]


def test_a_logged_warning_is_said_in_the_commands_voice(capsys):
    say.route_logging("run")
    logging.getLogger("facepacer.ui.theme").warning("unknown theme 'pink'")
    logging.getLogger("facepacer.ui.view").error("no font")
    assert capsys.readouterr().err.splitlines() == [
        "facepacer run: warning: unknown theme 'pink'",
        "facepacer run: error: no font",
    ]


def test_no_command_module_writes_to_stderr_but_through_the_one_voice():
    direct = re.compile(r"print\(.*file=(sys\.stderr|err)\b|\b(sys\.stderr|err)\.write\(")
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(CLI.glob("*.py"))
        if path.name != "say.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if direct.search(line)
    ]
    assert found == []
