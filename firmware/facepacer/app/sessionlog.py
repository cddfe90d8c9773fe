"""Writes the engine's session events to the store, and keeps the ritual going when it cannot.

The store may fail at any moment (full or read-only disk, a card pulled out): the failure becomes
a notice on screen and the ritual carries on. Durations come from the monotonic clock; the wall
clock gives only the dates shown in the history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable, Iterable, Optional

from facepacer.engine.events import (
    MoodGiven,
    ReminderEnded,
    ReminderShown,
    SessionEnded,
    SessionStarted,
    StepEnded,
)
from facepacer.errors import StoreError

WallAt = Callable[[float], datetime]  # clock time -> aware wall datetime


class SessionLog:
    def __init__(self, store, wall_at: WallAt):
        self.store = store
        self.wall_at = wall_at
        self.session_id: Optional[int] = None
        self.last_session_id: Optional[int] = None
        self.first_session_id: Optional[int] = None
        self.notice: Optional[str] = store.notice if store is not None else None
        self.reminder_id: Optional[int] = None  # the reminder showing now, once logged
        self._t0 = 0.0

    def add(self, outputs: Iterable[object]) -> bool:
        """Log what ``outputs`` hold; true when a session ended (the stats need a refresh)."""
        ended = False
        for item in outputs:
            if isinstance(item, SessionStarted):
                self._t0 = item.t
                self.session_id = self._write(
                    self.store.start_session,
                    item.ritual_id,
                    item.ritual_title,
                    item.steps_total,
                    self.wall_at(item.t),
                )
                if self.first_session_id is None:
                    self.first_session_id = self.session_id
            elif isinstance(item, StepEnded) and self.session_id is not None:
                self._write(
                    self.store.step_ended,
                    self.session_id,
                    item.index,
                    item.zone,
                    item.side,
                    item.planned,
                    item.active,
                    item.ended_by,
                    item.started - self._t0,
                    item.ended - self._t0,
                )
            elif isinstance(item, SessionEnded):
                if self.session_id is not None:
                    self._write(
                        self.store.end_session,
                        self.session_id,
                        item.status,
                        item.active,
                        self.wall_at(item.t),
                    )
                self.last_session_id, self.session_id = self.session_id, None
                ended = True
            elif isinstance(item, MoodGiven) and self.last_session_id is not None:
                self._write(self.store.set_mood, self.last_session_id, item.mood)
            elif isinstance(item, (ReminderShown, ReminderEnded)):
                self._reminder(item)
        return ended

    def _reminder(self, item) -> None:
        if isinstance(item, ReminderShown):
            self.reminder_id = self._write(
                self.store.reminder_shown, item.ritual_id, self.wall_at(item.t)
            )
        elif self.reminder_id is not None:
            # A taken reminder comes after the session it started, so that session is known.
            started = self.session_id if item.outcome == "taken" else None
            self._write(self.store.reminder_ended, self.reminder_id, item.outcome, started)
            self.reminder_id = None

    def outage(self, start: float, end: Optional[float], message: str) -> None:
        """A sensor outage during the current session, kept with it (``end`` None: ongoing)."""
        if self.session_id is not None:
            ended = None if end is None else end - self._t0
            self._write(self.store.note_fault, self.session_id, start - self._t0, ended, message)

    def _write(self, method, *args):
        if self.store is None:
            return None
        try:
            result = method(*args)
        except (StoreError, ValueError) as exc:
            # ValueError: the store refused a value. Whatever the cause, the ritual goes on.
            self.notice = f"Session log not saved: {exc}. The ritual goes on."
            return None
        self.notice = self.store.notice
        return result
