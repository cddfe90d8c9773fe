"""Refused commands, answered and logged in measure, so that a neighbour on the broker who sends
bad commands as fast as the network allows fills neither the broker with answers (ahead of the
device's own states in paho's queue) nor the device's log."""

from __future__ import annotations

import logging
import time
from typing import Callable

log = logging.getLogger("facepacer.mqtt")

# Refusals answered on status, at most this many a second (a burst of as many at once).
REFUSALS_PER_SECOND = 10
REFUSALS_LOGGED = 20  # refused commands logged one by one; after that, one line in every 1000
REMEMBERED = 64  # retained commands remembered as already logged


class Refusals:
    def __init__(self, now: Callable[[], float] = time.monotonic):
        self._now = now
        self._budget, self._budget_at = float(REFUSALS_PER_SECOND), now()
        self._count = 0  # commands refused so far, for the log's sake
        self._retained: set = set()  # hashes of retained commands already logged

    def may_answer(self) -> bool:
        """Whether a refusal may be answered now: REFUSALS_PER_SECOND, refilled as time passes."""
        now = self._now()
        refill = max(0.0, now - self._budget_at) * REFUSALS_PER_SECOND
        self._budget, self._budget_at = min(REFUSALS_PER_SECOND, self._budget + refill), now
        if self._budget < 1:
            return False
        self._budget -= 1
        return True

    def log(self, message: str) -> None:
        """Each refused command is logged, up to REFUSALS_LOGGED; a flood is then summed up."""
        self._count += 1
        if self._count <= REFUSALS_LOGGED:
            log.warning("%s", message)
        elif self._count % 1000 == REFUSALS_LOGGED + 1:
            log.warning(
                "%d MQTT commands refused so far; only one in 1000 is logged from now on; "
                "the latest: %s", self._count, message,
            )  # fmt: skip

    def first_time_retained(self, payload: bytes) -> bool:
        """Whether this retained command is new to the log (each is logged once, not at every
        reconnect that hands it over again)."""
        key = hash(payload)
        if key in self._retained:
            return False
        if len(self._retained) >= REMEMBERED:
            self._retained.clear()
        self._retained.add(key)
        return True
