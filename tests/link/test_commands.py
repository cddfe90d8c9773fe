"""Commands from the command topic: understood when right, refused with a reason when not."""

from __future__ import annotations

import pytest

from facepacer.app.remote import carry_out
from facepacer.engine import snapshot as S
from facepacer.engine.device import Device
from facepacer.engine.events import ReminderEnded, SessionEnded, SessionStarted
from facepacer.link.commands import Command, CommandError, parse

from ..engine.helpers import ritual, step

RITUALS = ("quick-calm", "symmetry-sculpt")


@pytest.mark.parametrize(
    "payload, command",
    [
        (b'{"command": "start", "ritual": "quick-calm"}', Command("start", "quick-calm")),
        (b'{"command": "pause"}', Command("pause")),
        (b"start symmetry-sculpt", Command("start", "symmetry-sculpt")),
        (b"  Resume \n", Command("resume")),
        (b"stop", Command("stop")),
        (b"start", Command("start")),
    ],
)
def test_json_and_plain_words_are_understood(payload, command):
    assert parse(payload, RITUALS) == command


@pytest.mark.parametrize(
    "payload, said",
    [
        (b'{"command": "start"', "not valid JSON"),
        (b'["pause"]', "must be an object"),
        (b'"pause"', "must be an object"),  # a JSON string is JSON too, not the word
        (b'{"command": "dance"}', "unknown command 'dance'; the commands: start, pause"),
        (b'{"command": "start", "ritual": "glow"}', "unknown ritual 'glow'; the rituals here:"),
        (b'{"command": "pause", "ritual": "quick-calm"}', "only start takes a ritual"),
        (b'{"command": 3}', "'command' must be one of start, pause, resume, stop, got 3"),
        (b'{"command": "start", "ritual": 5}', "'ritual' must be a ritual's id, got 5"),
        (b'{"command": "stop", "force": true}', "unknown key 'force'"),
        (b"\xff\xfe", "UTF-8"),
        (b"", "expected a command like"),
        (b"x" * 2000, "at most 1024 bytes"),
    ],
)
def test_anything_else_is_refused_with_a_reason(payload, said):
    with pytest.raises(CommandError, match=said.replace("(", r"\(")):
        parse(payload, RITUALS)


def device():
    rituals = [ritual(step(10), step(10), rid="first"), ritual(step(10), rid="second")]
    return Device(rituals, 0.0)


def test_start_pause_resume_and_stop_drive_the_ritual_like_the_pad_does():
    d = device()
    out, refused = d.request_start(1.0, "second")
    assert refused is None and d.screen == S.STEP and d.run.ritual.id == "second"
    assert any(isinstance(o, SessionStarted) for o in out)
    assert d.request_pause(2.0) == ([d.run.last_cue], None) and d.screen == S.PAUSED
    assert d.request_pause(2.5)[1] == "the ritual is already paused"
    d.request_resume(3.0)
    assert d.screen == S.STEP
    out, refused = d.request_stop(4.0)
    ended = [o for o in out if isinstance(o, SessionEnded)]
    assert refused is None and ended[0].status == "abandoned" and d.screen == S.FINISH


def test_a_command_that_cannot_be_done_now_changes_nothing_and_says_why():
    d = device()
    assert d.request_pause(1.0) == ([], "no ritual is under way to pause")
    assert d.request_start(1.0, "nope")[1] == (
        "unknown ritual 'nope'; the rituals here: first, second"
    )
    d.request_start(2.0)
    assert d.run.ritual.id == "first"
    assert d.request_start(3.0, "second")[1] == "a ritual is under way (first); stop it first"
    assert d.run.ritual.id == "first"


def test_a_start_while_the_reminder_shows_takes_the_reminder():
    d = device()
    d.remind(5.0)
    out, _ = d.request_start(6.0)
    assert out[-1] == ReminderEnded("taken", 6.0) and d.screen == S.STEP


def test_each_command_reaches_the_device_request_of_the_same_meaning():
    d = device()
    for payload, screen in [
        (b"start second", S.STEP),
        (b"pause", S.PAUSED),
        (b"resume", S.STEP),
        (b"stop", S.FINISH),
    ]:
        _, refused = carry_out(d, parse(payload, ("first", "second")), 1.0)
        assert refused is None and d.screen == screen, payload
    assert d.run.ritual.id == "second"
