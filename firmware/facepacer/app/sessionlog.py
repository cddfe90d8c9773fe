"""Writes the engine's session events to the store, and keeps the ritual going when it cannot.

The store may fail at any moment (full or read-only disk, a card pulled out): the failure becomes
a notice on screen and the ritual carries on. Durations come from the monotonic clock; the wall
clock gives only the dates shown in the history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable, Iterable, Optional, Protocol

from facepacer.engine.events import (
    MoodGiven,
    Output,
    ReminderEnded,
    ReminderOutcome,
    ReminderShown,
    SessionEnded,
    SessionStarted,
    StepEnded,
)
from facepacer.errors import StoreError

WallAt = Callable[[float], datetime]  # clock time -> aware wall datetime


class SessionStore(Protocol):
    """What the session log needs of a store (``facepacer.store.Store``): each write raises
    StoreError or ValueError when it cannot be made; ``notice`` says what is wrong, if anything."""

    notice: Optional[str]

    def start_session(
        self, *, ritual_id: str, ritual_title: str, steps_total: int, started_at: datetime
    ) -> int: ...

    def step_ended(
        self,
        session_id: int,
        index: int,
        *,
        zone: str,
        side: str,
        planned: float,
        active: float,
        ended_by: str,
        started_offset: float,
        ended_offset: float,
    ) -> None: ...

    def end_session(
        self, session_id: int, status: str, seconds: float, ended_at: datetime
    ) -> None: ...

    def set_mood(self, session_id: int, mood: int) -> None: ...

    def note_fault(
        self,
        session_id: int,
        *,
        started_offset: float,
        ended_offset: Optional[float],
        message: str,
    ) -> int: ...

    def reminder_shown(self, ritual_id: str, shown_at: datetime) -> int: ...

    def reminder_ended(
        self, reminder_id: int, outcome: str, session_id: Optional[int] = None
    ) -> None: ...


class SessionLog:
    """``store`` None: no log could be opened, ``problem`` says why; the run goes on unlogged.

    ``problem`` holds the first reason a write failed, so the run's summary can say that the log
    is not whole, even when the screen's notice has moved on.
    """

    def __init__(
        self, store: Optional[SessionStore], wall_at: WallAt, *, problem: Optional[str] = None
    ):
        self.store = store
        self.wall_at = wall_at
        self.problem: Optional[str] = problem
        self.session_id: Optional[int] = None
        self.last_session_id: Optional[int] = None
        self.first_session_id: Optional[int] = None
        self.notice: Optional[str] = store.notice if store is not None else None
        self.reminder_id: Optional[int] = None  # the reminder showing now, once logged
        self._t0 = 0.0

    def add(self, outputs: Iterable[Output]) -> bool:
        """Log what ``outputs`` hold; true when a session ended (the stats need a refresh)."""
        ended = False
        for item in outputs:
            if isinstance(item, SessionStarted):
                self._t0 = item.t
                self.session_id = self._write(
                    "start_session",
                    ritual_id=item.ritual_id,
                    ritual_title=item.ritual_title,
                    steps_total=item.steps_total,
                    started_at=self.wall_at(item.t),
                )
                if self.first_session_id is None:
                    self.first_session_id = self.session_id
            elif isinstance(item, StepEnded) and self.session_id is not None:
                self._write(
                    "step_ended",
                    self.session_id,
                    item.index,
                    zone=item.zone,
                    side=item.side,
                    planned=item.planned,
                    active=item.active,
                    ended_by=item.ended_by,
                    started_offset=item.started - self._t0,
                    ended_offset=item.ended - self._t0,
                )
            elif isinstance(item, SessionEnded):
                if self.session_id is not None:
                    self._write(
                        "end_session",
                        self.session_id,
                        item.status,
                        item.active,
                        self.wall_at(item.t),
                    )
                self.last_session_id, self.session_id = self.session_id, None
                ended = True
            elif isinstance(item, MoodGiven) and self.last_session_id is not None:
                self._write("set_mood", self.last_session_id, item.mood)
            elif isinstance(item, (ReminderShown, ReminderEnded)):
                self._reminder(item)
        return ended

    def _reminder(self, item: ReminderShown | ReminderEnded) -> None:
        if isinstance(item, ReminderShown):
            self.reminder_id = self._write("reminder_shown", item.ritual_id, self.wall_at(item.t))
        elif self.reminder_id is not None:
            # A taken reminder comes after the session it started, so that session is known.
            started = self.session_id if item.outcome == ReminderOutcome.TAKEN else None
            self._write("reminder_ended", self.reminder_id, item.outcome, started)
            self.reminder_id = None

    def outage(self, start: float, end: Optional[float], message: str) -> None:
        """A sensor outage during the current session, kept with it (``end`` None: ongoing)."""
        if self.session_id is not None:
            ended = None if end is None else end - self._t0
            self._write(
                "note_fault",
                self.session_id,
                started_offset=start - self._t0,
                ended_offset=ended,
                message=message,
            )

    def _write(self, method: str, *args, **kwargs):
        if self.store is None:
            return None
        try:
            result = getattr(self.store, method)(*args, **kwargs)
        except (StoreError, ValueError) as exc:
            # ValueError: the store refused a value. Whatever the cause, the ritual goes on.
            self.notice = f"Session log not saved: {exc}. The ritual goes on."
            self.problem = self.problem or str(exc)
            return None
        self.notice = self.store.notice
        return result
