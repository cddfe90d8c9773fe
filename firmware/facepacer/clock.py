"""The clocks the loop reads: the real one, and the virtual one that moves only when told.

The engine never reads time itself; the loop reads one of these and passes ``now`` in. Both count
seconds from when they were made and never go back.

- ``MonotonicClock``: ``time.monotonic``, which wall-clock jumps (NTP sync on a Pi with no
  real-time clock) never move. The device and the simulator run on it.
- ``VirtualClock``: tests and ``--virtual-clock`` runs jump it straight to the next deadline or
  scripted event, so a two-minute ritual runs in a fraction of a second with exact times.

Deadlines on a grid (the emulated chip's samples, the pad's reads) are counted in whole ticks
of a microsecond, never found by dividing float seconds: a float time far from zero is off its
grid by more than any tolerance (65536.003 s is 65536002.99999... samples of 1 ms), and a
deadline rounded back onto the grid lands at "now" for ever. ``to_seconds`` then ``to_ticks``
gives back the same tick for any time under 2**50 ticks (35 years), and ``to_ticks`` never
decreases: a clock that reads ``to_seconds(n)`` or later is at tick ``n`` or later.
"""

from __future__ import annotations

import time
from typing import Protocol

from facepacer.errors import FacepacerError

TICKS_PER_SECOND = 1_000_000  # a tick is a microsecond: finer than any time the device keeps


def to_ticks(seconds: float) -> int:
    """``seconds`` as the nearest whole number of ticks."""
    return round(seconds * TICKS_PER_SECOND)


def to_seconds(ticks: float) -> float:
    """``ticks`` as seconds: the float nearest the exact quotient. A float tick is an infinite
    one (a schedule's "at once" or "never"), which stays infinite."""
    return ticks / TICKS_PER_SECOND


class ClockStalled(FacepacerError, RuntimeError):
    """A virtual-clock run asked, time after time, to wake at a time that is not later than
    now: a part's deadline does not move on when it is met. A bug, stopped rather than spun."""


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the clock was made."""


class SteppedClock(Clock, Protocol):
    """A clock that moves only when told (``VirtualClock``): the loop jumps it to its next
    deadline instead of sleeping."""

    def advance_to(self, t: float) -> None:
        """Move to ``t``; a time in the past is ignored."""


class MonotonicClock:
    def __init__(self) -> None:
        self._origin = time.monotonic()

    def now(self) -> float:
        """Seconds since the clock was made."""
        return time.monotonic() - self._origin


class VirtualClock:
    def __init__(self, start: float = 0.0):
        self._now = float(start)

    def now(self) -> float:
        return self._now

    def advance_to(self, t: float) -> None:
        """Move to ``t``; a time in the past is ignored, since a monotonic clock never goes back."""
        if t > self._now:
            self._now = float(t)

    def advance(self, seconds: float) -> None:
        self.advance_to(self._now + seconds)
