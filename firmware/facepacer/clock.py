"""The clocks the loop reads: the real one, and the virtual one that moves only when told.

The engine never reads time itself; the loop reads one of these and passes ``now`` in. Both count
seconds from when they were made and never go back.

- ``MonotonicClock``: ``time.monotonic``, which wall-clock jumps (NTP sync on a Pi with no
  real-time clock) never move. The device and the simulator run on it.
- ``VirtualClock``: tests and ``--virtual-clock`` runs jump it straight to the next deadline or
  scripted event, so a two-minute ritual runs in a fraction of a second with exact times.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the clock was made."""


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
