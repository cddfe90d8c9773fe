"""Pacing one ritual: steps, pauses and cues on an exact schedule.

Every event of a step (zone, strokes, side switch, countdown, end) sits at a fixed *active* offset
from the step's start. Its clock time is computed afresh each time from absolute values,
``step_start + paused + offset``, never by adding up intervals, so no error accumulates however
long the ritual runs. A step that ends on its timer ends at its scheduled time, not at the moment
the loop noticed, and the next step starts from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple, Union

from facepacer.engine.cues import STYLES
from facepacer.engine.events import (
    BACK,
    HOLD,
    NEXT,
    PAUSE,
    TAP,
    Cue,
    CueKind,
    EndedBy,
    Gesture,
    Output,
    SessionEnded,
    SessionStarted,
    Status,
    StepEnded,
)
from facepacer.engine.partner import SideWords, swap_side
from facepacer.ritual.model import Ritual, Step

IDLE_TIMEOUT = 300.0  # seconds without input while paused or waiting before a session is abandoned
COUNTDOWN = 3  # countdown ticks in the last seconds of a timer step
SHOW_NEXT = 5.0  # seconds before a timer step's end from which "next: ..." shows

END = "end"  # the scheduled end of a timer step: an event of the schedule, not a cue


@dataclass(frozen=True)
class _Event:
    offset: float  # active seconds from the step's start
    kind: Union[CueKind, str]  # a cue, or END


def step_events(step: Step, first: bool) -> Tuple[_Event, ...]:
    """The schedule of one step, in the order the events happen."""
    events = [_Event(0.0, CueKind.ZONE)]
    if first:
        events.append(_Event(0.0, CueKind.START))
    if step.strokes:
        period = step.seconds / step.strokes
        events += [_Event(k * period, CueKind.STROKE) for k in range(step.strokes)]
    if step.side == "alternate":
        events.append(_Event(step.seconds / 2, CueKind.SIDE))
    if step.advance == "timer":
        events += [
            _Event(step.seconds - k, CueKind.COUNTDOWN)
            for k in range(COUNTDOWN, 0, -1)
            if step.seconds - k > 0
        ]
        events.append(_Event(step.seconds, END))
    return tuple(sorted(events, key=_instant_order))


def _instant_order(event: _Event) -> Tuple[float, bool, int]:
    """Where ``event`` goes in a step's schedule: by offset, then, at one instant, the cues in
    their records' order and the step's end after them all."""
    if event.kind == END:
        return event.offset, True, 0
    order = STYLES[CueKind(event.kind)].order
    if order is None:
        raise ValueError(f"cue {event.kind!r} is scheduled in a step but its record has no order")
    return event.offset, False, order


class RitualRun:
    """The state machine of one session, from its start to completed, abandoned or quit.

    Drive it with ``advance(now)`` (issues everything due up to ``now``) and ``gesture(g)``; ask
    ``deadline()`` for the next time something will happen on its own. Both return outputs: cues
    and session events, in the order they happened.
    """

    def __init__(self, ritual: Ritual, start: float, *, idle_timeout: float = IDLE_TIMEOUT):
        self.ritual = ritual
        self.t0 = start
        self.idle_timeout = idle_timeout
        self.index = 0
        self.step_start = start
        self.step_paused = 0.0  # paused seconds within the current step, finished pauses only
        self.ritual_paused = 0.0  # paused seconds within the ritual, finished pauses only
        self.paused_at: Optional[float] = None
        self.last_input = start
        self.status: Optional[Status] = None
        self.ended_at: Optional[float] = None
        self.strokes_done = 0
        self.last_cue: Optional[Cue] = None
        self._events = step_events(ritual.steps[0], first=True)
        self._next = 0  # index of the next event of the current step
        self._pending: List[Output] = [
            SessionStarted(ritual.id, ritual.file_title, len(ritual.steps), start)
        ]

    # -- queries ---------------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.ritual.steps[self.index]

    @property
    def ended(self) -> bool:
        return self.status is not None

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def _active_until(self, now: float) -> float:
        """The clock time active seconds are counted up to: the session's end, else the start
        of the pause, else ``now``."""
        end = now if self.ended_at is None else self.ended_at
        if self.paused_at is not None:
            end = min(end, self.paused_at)
        return end

    def step_active(self, now: float) -> float:
        """Active seconds into the current step: time since its start, pauses excluded."""
        return max(0.0, self._active_until(now) - self.step_start - self.step_paused)

    def ritual_active(self, now: float) -> float:
        """Active seconds of the ritual so far (time since start, pauses excluded)."""
        return max(0.0, self._active_until(now) - self.t0 - self.ritual_paused)

    def waiting(self, now: float) -> bool:
        """An ``advance: touch`` step whose paced time is over, waiting for a tap."""
        return (
            not self.ended
            and self.step.advance == "touch"
            and self.step_active(now) >= self.step.seconds
        )

    def side_now(self, now: float, partner: bool = False) -> str:
        side: str = self.step.side
        if side == "alternate":
            side = "left" if self.step_active(now) < self.step.seconds / 2 else "right"
        return swap_side(side) if partner else side

    def _due(self, offset: float) -> float:
        return self.step_start + self.step_paused + offset

    def deadline(self) -> Optional[float]:
        """The clock time of the next thing that happens without input, or None."""
        if self.ended:
            return None
        if self.paused_at is not None:
            return max(self.last_input, self.paused_at) + self.idle_timeout
        if self._next < len(self._events):
            return self._due(self._events[self._next].offset)
        # A touch step with its paced events done: it waits for a tap from the end of its paced
        # time, and the idle timeout counts from then (or from the last input, if later).
        return max(self.last_input, self._due(self.step.seconds)) + self.idle_timeout

    # -- driving ---------------------------------------------------------------------------

    def advance(self, now: float) -> List[Output]:
        """Issue everything due at or before ``now``, in order, and return it."""
        out, self._pending = self._pending, []
        while not self.ended:
            due = self.deadline()
            if due is None or due > now:
                break
            if self.paused or self._next >= len(self._events):
                if not self.paused:
                    # Left waiting: the idle time before the abandon is not activity, just as a
                    # pause is not; a step never touched at all is none, its paced time included.
                    untouched = self.last_input <= self.step_start
                    self.paused_at = self._due(0.0) if untouched else due - self.idle_timeout
                out += self._end_step(due, EndedBy.ABANDON, Status.ABANDONED, now)
                continue
            event = self._events[self._next]
            self._next += 1
            if event.kind == END:
                out += self._end_step(due, EndedBy.TIMER, None, now)
            else:
                out.append(self._cue(CueKind(event.kind), now, due))
        return out

    def gesture(self, g: Gesture) -> List[Output]:
        """Act on a gesture at its own time ``g.t``. Call ``advance(g.t)`` first."""
        out = self.advance(g.t)
        if self.ended:
            return out
        self.last_input = max(self.last_input, g.t)
        if self.paused_at is not None:
            if g.kind in (TAP, PAUSE, NEXT):
                out += self._resume(g.t)
            elif g.kind == HOLD:
                out += self._end_step(g.t, EndedBy.ABANDON, Status.ABANDONED, g.t)
        elif g.kind in (TAP, NEXT):
            out += self._end_step(g.t, EndedBy.TOUCH, None, g.t)
        elif g.kind in (HOLD, PAUSE):
            self.paused_at = g.t
            out.append(self._cue(CueKind.PAUSE, g.t, g.t))
        elif g.kind == BACK:
            # The previous step (or the first again); the one left is logged as ended by touch.
            out.append(self._step_ended(g.t, self.step_active(g.t), EndedBy.TOUCH))
            self._start_step(max(0, self.index - 1), g.t)
        # A step that a gesture started announces itself at once.
        return out + self.advance(g.t)

    def stop(self, now: float) -> List[Output]:
        """Stopped from outside (a command over MQTT): end it as ``abandoned``, like a hold while
        paused."""
        out = self.advance(now)
        if not self.ended:
            out += self._end_step(now, EndedBy.ABANDON, Status.ABANDONED, now)
        return out

    def quit(self, now: float) -> List[Output]:
        """The device is closing mid-session: end it as ``quit``."""
        out = self.advance(now)
        if not self.ended:
            out += self._end_step(now, EndedBy.QUIT, Status.QUIT, now)
        return out

    # -- transitions -----------------------------------------------------------------------

    def _cue(self, name: CueKind, now: float, due: float) -> Cue:
        if name == CueKind.STROKE:
            self.strokes_done += 1
        cue = Cue(name, t=now, step=self.index, due=due)
        last = self.last_cue
        rank = STYLES[name].flash_rank
        if last is None or last.due != due or rank >= STYLES[last.cue].flash_rank:
            self.last_cue = cue
        return cue

    def _resume(self, t: float) -> List[Output]:
        if self.paused_at is None:  # not paused: nothing to resume
            return []
        self.step_paused += t - self.paused_at
        self.ritual_paused += t - self.paused_at
        self.paused_at = None
        return [self._cue(CueKind.RESUME, t, t)]

    def _end_step(
        self, t: float, ended_by: EndedBy, status: Optional[Status], now: float
    ) -> List[Output]:
        """End the current step at clock time ``t``; then the next starts, or the session ends."""
        active = self.step_active(t)
        if self.paused_at is not None:
            # Ending while paused (abandon, quit): the pause up to ``t`` is pause, not activity.
            self.ritual_paused += t - self.paused_at
            self.paused_at = None
        out: List[Output] = [self._step_ended(t, active, ended_by)]
        if status is None and self.index + 1 < len(self.ritual.steps):
            self._start_step(self.index + 1, t)
            return out
        self.status = status or Status.COMPLETED
        self.ended_at = t
        if self.status in (Status.COMPLETED, Status.ABANDONED):
            out.append(self._cue(CueKind.FINISH, now, t))
        active, elapsed = self.ritual_active(t), t - self.t0
        out.append(SessionEnded(self.status, t=t, active=active, elapsed=elapsed))
        return out

    def _step_ended(self, t: float, active: float, ended_by: EndedBy) -> StepEnded:
        step = self.step
        return StepEnded(
            index=self.index,
            zone=step.zone,
            side=step.side,
            planned=step.seconds,
            started=self.step_start,
            ended=t,
            active=active,
            ended_by=ended_by,
        )

    def _start_step(self, index: int, t: float) -> None:
        self.index = index
        self.step_start = t
        self.step_paused = 0.0
        self.strokes_done = 0
        self._events = step_events(self.step, first=False)
        self._next = 0


def step_view_text(step: Step, partner: Optional[SideWords]) -> Tuple[str, str, str]:
    """Title, instruction and side of a step as the reader should see them: in partner mode
    (``partner``, the words it swaps) left and right trade places."""
    if partner is None:
        return step.title, step.say, step.side
    return partner.swap(step.title), partner.swap(step.say), swap_side(step.side)
