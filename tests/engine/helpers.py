"""Small builders shared by the engine tests."""

from __future__ import annotations

from facepacer.engine.events import HOLD, PRESS, TAP, Cue, Gesture, StepEnded
from facepacer.ritual.model import Ritual, Step


def ritual(*steps: Step, rid: str = "test") -> Ritual:
    return Ritual(rid, "Test ritual", tuple(steps))


def step(seconds: float = 10, **kw) -> Step:
    kw.setdefault("zone", "cheeks")
    kw.setdefault("title", "Cheeks")
    kw.setdefault("say", "Sweep the left cheek, then the right.")
    return Step(seconds=seconds, **kw)


def tap(engine, t: float, release: float = 0.1):
    """A finger tap as the pad reports it: a press, then the tap at the release."""
    return engine.gesture(Gesture(PRESS, t)) + engine.gesture(Gesture(TAP, t + release))


def hold(engine, t: float):
    """A press that becomes a hold 1.0 s later."""
    return engine.gesture(Gesture(PRESS, t)) + engine.gesture(Gesture(HOLD, t + 1.0))


def cues(outputs, name=None):
    return [o for o in outputs if isinstance(o, Cue) and (name is None or o.cue == name)]


def steps_ended(outputs):
    return [o for o in outputs if isinstance(o, StepEnded)]
