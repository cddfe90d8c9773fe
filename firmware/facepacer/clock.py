"""The real clock: ``time.monotonic``, which wall-clock jumps (NTP sync on a Pi with no RTC) never
move."""

from __future__ import annotations

import time


class MonotonicClock:
    def __init__(self) -> None:
        self._origin = time.monotonic()

    def now(self) -> float:
        """Seconds since the clock was made."""
        return time.monotonic() - self._origin

    def sleep_until(self, t: float) -> None:
        delay = t - self.now()
        if delay > 0:
            time.sleep(delay)
