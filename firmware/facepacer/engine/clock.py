"""The virtual clock: time that moves only when the loop moves it.

The engine never reads time itself; the loop reads a clock and passes ``now`` in. Tests and
``--virtual-clock`` runs use this clock and jump it straight to the next deadline or scripted
event, so a two-minute ritual runs in a fraction of a second with exact times. The real clock
(``facepacer.clock.MonotonicClock``) has the same ``now()``.
"""

from __future__ import annotations


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
