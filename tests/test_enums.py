"""The string enums carry exactly the words the log, the JSON summary and scripts always had."""

import csv
import io
import json
import sqlite3

import pytest

from facepacer.engine.cues import STYLES
from facepacer.engine.events import (
    ENDINGS,
    ROLES,
    CueKind,
    EndedBy,
    GestureKind,
    ReminderOutcome,
    Status,
)
from facepacer.engine.snapshot import Power, Screen
from facepacer.ui.screens import LAYOUTS

WORDS = {
    GestureKind: ["tap", "hold", "press", "back", "pause", "next"],
    CueKind: [
        "start",
        "zone",
        "stroke",
        "side",
        "countdown",
        "pause",
        "resume",
        "finish",
        "error",
        "reminder",
    ],  # fmt: skip
    Status: ["running", "completed", "abandoned", "quit", "interrupted"],
    EndedBy: ["timer", "touch", "abandon", "quit"],
    Screen: [
        "home",
        "picker",
        "step",
        "paused",
        "finish",
        "mood",
        "history",
        "reminder",
        "calibrate",
    ],  # fmt: skip
    ReminderOutcome: ["taken", "dismissed", "expired"],
    Power: ["awake", "dim", "blank"],
}
MEMBERS = [member for kind in WORDS for member in kind]


@pytest.mark.parametrize("kind", list(WORDS), ids=lambda kind: kind.__name__)
def test_each_enum_has_exactly_the_words_of_the_log_and_the_summary(kind):
    assert [member.value for member in kind] == WORDS[kind]


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: f"{type(m).__name__}.{m.name}")
def test_a_member_is_its_word_wherever_it_goes(member):
    word = member.value
    assert member == word and hash(member) == hash(word) and {word: 1}[member] == 1
    assert (str(member), f"{member}", f"{member:>12}", " ".join([member])) == (
        word, word, f"{word:>12}", word
    )  # fmt: skip
    assert repr(member) == repr(word)
    assert json.dumps({"v": member, member: 1}) == json.dumps({"v": word, word: 1})
    out = io.StringIO()
    csv.writer(out).writerow([member])
    assert out.getvalue().strip() == word
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (v TEXT)")
    db.execute("INSERT INTO t VALUES (?)", (member,))
    assert db.execute("SELECT v, typeof(v) FROM t").fetchall() == [(word, "text")]


def test_a_misspelt_member_fails_where_it_is_used():
    with pytest.raises(AttributeError):
        _ = CueKind.STROKES
    with pytest.raises(ValueError, match="'strokes'"):
        CueKind("strokes")


def test_every_cue_has_a_record_and_every_screen_a_layout():
    assert set(STYLES) == set(CueKind)
    assert set(LAYOUTS) == set(Screen)


def test_sessions_end_in_three_ways_and_roles_are_three_gestures():
    assert ENDINGS == ("completed", "abandoned", "quit")
    assert ROLES == ("back", "pause", "next")
