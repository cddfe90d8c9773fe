"""Escapes in YAML that Python cannot turn into text, and text no screen can show: every one a
FILE:LINE:COL problem, in rituals and in the config file; never a traceback."""

from __future__ import annotations

import os

import pytest

from facepacer.errors import RitualError
from facepacer.ritual import load_ritual_text

RITUAL = """\
format: 1
id: hostile-glow
title: {title}
steps:
  - {{zone: cheeks, title: One, say: First step., seconds: 3}}
"""

# (what is written after "title: ", a fragment of the problem reported at 3:8)
HOSTILE_TITLES = [
    (r'"Glow \U00110000"', "\\U00110000"),
    (r'"Glow \ud800"', "half of a surrogate pair"),
    (r'"Glow \ud83d\ude00"', "half of a surrogate pair"),
    (r'"Glow \x1b[31m"', "control character"),
    (r'"Glow \u202egnp"', "direction control"),
    (r'"Glow \u2028 more"', "line or paragraph separator"),
]


def user_ritual(home, title: str):
    folder = home / "config" / "facepacer" / "rituals"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hostile.yaml"
    path.write_text(RITUAL.format(title=title), encoding="utf-8")
    return path


@pytest.mark.parametrize("title, problem", HOSTILE_TITLES)
def test_validate_reports_the_bad_title_at_its_place(home, facepacer, title, problem):
    path = user_ritual(home, title)
    outcome = facepacer("rituals", "validate", str(path))
    assert outcome.code == 1
    assert f"{path}:3:" in outcome.out and problem in outcome.out


@pytest.mark.parametrize("title, problem", HOSTILE_TITLES)
def test_list_and_show_skip_the_bad_file_with_a_warning(home, facepacer, title, problem):
    path = user_ritual(home, title)
    listed = facepacer("rituals", "list")
    assert listed.code == 0
    assert "quick-calm" in listed.out and "hostile-glow" not in listed.out
    assert f"{path}:3:" in listed.err and problem in listed.err
    shown = facepacer("rituals", "show", "quick-calm")
    assert shown.code == 0


@pytest.mark.parametrize("title, problem", HOSTILE_TITLES)
def test_the_device_runs_beside_the_bad_file(home, headless, title, problem):
    path = user_ritual(home, title)
    outcome = headless()
    assert outcome.code == 0 and outcome.summary["status"] == "completed"
    assert f"{path}:3:" in outcome.err


@pytest.mark.parametrize("title, problem", HOSTILE_TITLES)
def test_the_device_starts_at_home_beside_the_bad_file(home, headless, title, problem):
    user_ritual(home, title)
    outcome = headless("--script", str(write_script(home, "0.5 tap\n1 quit\n")), ritual=None)
    assert outcome.code == 0 and outcome.summary["status"] == "quit"


def write_script(home, text: str):
    path = home / "script.txt"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "text",
    ['theme: "\\U00110000"\n', 'db: "\\udcff.db"\n', 'sensor:\n  roles: {"\\ud800": back}\n'],
)
def test_a_bad_escape_in_the_config_is_a_warning_for_run_history_and_probe(
    home, facepacer, headless, text
):
    config = home / "config" / "facepacer" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(text, encoding="utf-8")
    ran = headless()
    assert ran.code == 0 and f"{config}:" in ran.err
    assert facepacer("history").code == 0
    probed = facepacer("probe", "--sim", "--once")
    assert probed.code == 0 and f"{config}:" in probed.err


def test_a_bad_escape_names_its_line_and_column():
    with pytest.raises(RitualError) as raised:
        load_ritual_text('format: 1\nid: x\ntitle: "ab \\U00110000"\n', "r.yaml")
    assert raised.value.problems[0].startswith("r.yaml:3:12: the escape \\U00110000 is not")
    assert "\\U00110000" in raised.value.problems[0]


def test_a_file_name_that_is_not_text_reaches_neither_screen_nor_terminal_raw(
    home, headless, facepacer
):
    folder = home / "config" / "facepacer" / "rituals"
    folder.mkdir(parents=True)
    good, bad = os.fsencode(folder / "odd\xff\x1b[31m.yaml"), os.fsencode(folder / "bad\xfe.yaml")
    with open(good.replace(b"\xc3\xbf", b"\xff"), "wb") as file:
        file.write(RITUAL.format(title="Odd").encode())
    with open(bad.replace(b"\xc3\xbe", b"\xfe"), "wb") as file:
        file.write(b"format: 2\n")
    outcome = headless()  # the skipped file's warning is on the screen too
    assert outcome.code == 0 and outcome.summary["status"] == "completed"
    assert "bad\\udcfe.yaml" in outcome.err
    checked = facepacer("rituals", "validate", *sorted(str(p) for p in folder.iterdir()))
    assert checked.code == 1 and "\x1b" not in checked.out
    assert "odd\\udcff\\x1b[31m.yaml" in checked.out
