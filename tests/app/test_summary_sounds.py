"""The summary says, for each cue, when the buzzer really sounded it or that it dropped it; the
keys it had before stay as they were."""

from __future__ import annotations

from facepacer.app.summary import Summary
from facepacer.engine.events import Cue, SessionStarted
from facepacer.hardware.buzzer import RecordingBuzzer


def run(cues, t0=10.0):
    """The summary of a session started at ``t0`` whose cues go through a buzzer, as the loop
    sends them: the buzzer first, then the summary, in one tick."""
    summary, buzzer = Summary(), RecordingBuzzer()
    buzzer.listen(summary.sounded)
    summary.add([SessionStarted("r", "R", 2, t0)])
    for cue in cues:
        buzzer.play(cue.cue, cue.t)
        summary.add([cue])
    while buzzer.next_deadline() is not None:  # the loop wakes at each of the buzzer's times
        buzzer.update(buzzer.next_deadline())
    return summary.as_dict()["cues"]


def test_each_cue_says_when_it_sounded_or_that_it_was_dropped():
    cues = run([Cue("start", 10.0, 0), Cue("zone", 10.0, 0), Cue("stroke", 10.0, 0)])
    assert cues == [
        {"t": 0.0, "cue": "start", "step": 0, "sounded": 0.0},
        {"t": 0.0, "cue": "zone", "step": 0, "sounded": 0.43},
        {"t": 0.0, "cue": "stroke", "step": 0, "dropped": True},
    ]


def test_a_cue_given_way_in_a_full_queue_is_marked_dropped_when_it_gives_way():
    names = ["finish", "side", "pause", "resume", "error"]
    cues = run([Cue(name, 10.0 + i * 0.01, 0) for i, name in enumerate(names)])
    assert [(c["cue"], "dropped" in c, "sounded" in c) for c in cues] == [
        ("finish", False, True),
        ("side", True, False),
        ("pause", False, True),
        ("resume", False, True),
        ("error", False, True),
    ]


def test_cues_before_the_session_are_not_listed_and_leave_nothing_behind():
    summary, buzzer = Summary(), RecordingBuzzer()
    buzzer.listen(summary.sounded)
    buzzer.play("reminder", 1.0)
    summary.add([Cue("reminder", 1.0)])
    summary.add([SessionStarted("r", "R", 1, 5.0)])
    assert summary.as_dict()["cues"] == [] and summary._early == {}
