"""Random gesture sequences never break the engine's invariants."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from facepacer.engine.device import Device
from facepacer.engine.events import (
    BACK,
    GESTURES,
    TAP,
    Cue,
    Gesture,
    SessionEnded,
    SessionStarted,
    StepEnded,
)
from facepacer.ritual.model import Step

from .helpers import ritual

steps = st.builds(
    Step,
    zone=st.just("cheeks"),
    title=st.just("Cheeks"),
    say=st.just("Sweep up."),
    seconds=st.integers(1, 40),
    strokes=st.one_of(st.none(), st.integers(1, 3)),
    side=st.sampled_from(["both", "left", "right", "alternate"]),
    advance=st.sampled_from(["timer", "touch"]),
)


class DeviceMachine(RuleBasedStateMachine):
    """Drives a device with random gestures and waits, checking what it emits as it goes."""

    def __init__(self):
        super().__init__()
        self.now = 0.0
        self.outputs = []
        self.device = None

    @rule(data=st.lists(steps, min_size=1, max_size=5))
    @precondition(lambda self: self.device is None)
    def make(self, data):
        self.device = Device([ritual(*data)], 0.0)

    @rule(kind=st.sampled_from(GESTURES), wait=st.floats(0.0, 30.0))
    @precondition(lambda self: self.device is not None)
    def gesture(self, kind, wait):
        self.now += wait
        self._collect(self.device.advance(self.now), self.now)
        self._collect(self.device.gesture(Gesture(kind, self.now)), self.now)

    @rule(wait=st.floats(0.0, 400.0))
    @precondition(lambda self: self.device is not None)
    def wait_for_deadlines(self, wait):
        end = self.now + wait
        while True:
            due = self.device.deadline(self.now)
            if due is None or due > end:
                break
            assert due >= self.now - 1e-9, "a deadline in the past"
            self.now = max(self.now, due)
            self._collect(self.device.advance(self.now), self.now)
        self.now = end
        self._collect(self.device.advance(end), end)

    def _collect(self, out, now):
        for item in out:
            if isinstance(item, Cue):
                assert item.t <= now + 1e-9, "a cue issued in the future"
                assert item.due is None or item.due <= item.t + 1e-9, "a cue issued before due"
        self.outputs += out

    @invariant()
    def sessions_end_exactly_once_and_times_make_sense(self):
        started = [o for o in self.outputs if isinstance(o, SessionStarted)]
        ended = [o for o in self.outputs if isinstance(o, SessionEnded)]
        assert len(ended) <= len(started) <= len(ended) + 1
        for e in ended:
            assert e.active <= e.elapsed + 1e-9
        cue_times = [o.t for o in self.outputs if isinstance(o, Cue)]
        assert cue_times == sorted(cue_times), "cues out of order"
        last_end = None
        for item in self.outputs:
            if isinstance(item, SessionStarted):
                last_end = None
            if isinstance(item, StepEnded):
                assert item.ended >= item.started - 1e-9
                assert item.active <= item.ended - item.started + 1e-9
                assert item.active >= 0
                if last_end is not None:
                    assert item.started >= last_end - 1e-9, "steps overlap"
                last_end = item.ended
        if self.device is not None and self.device.run is not None:
            run = self.device.run
            assert run.ritual_active(self.now) <= self.now - run.t0 + 1e-9


TestDeviceMachine = DeviceMachine.TestCase
TestDeviceMachine.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)


# -- failures random runs found, kept as examples (a derandomised run need not meet them again) --


def test_back_twice_on_the_first_step_stays_on_the_first_step():
    """A random run found BACK on the first step jumping to the last step (index -1), and a
    second BACK then falling off the ritual."""
    machine = DeviceMachine()
    machine.make([Step(zone="cheeks", title="Cheeks", say="Sweep up.", seconds=1)])
    for kind in (TAP, BACK, BACK):
        machine.gesture(kind, 0.0)
        machine.sessions_end_exactly_once_and_times_make_sense()
        assert machine.device.run.index == 0
    machine.wait_for_deadlines(5.0)
    machine.sessions_end_exactly_once_and_times_make_sense()
    machine.teardown()
