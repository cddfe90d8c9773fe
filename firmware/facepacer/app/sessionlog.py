"""Writes the engine's session events to the store, and keeps the ritual going when it cannot.

The store may fail at any moment (full or read-only disk, a card pulled out): the failure becomes
a notice on screen and the ritual carries on. Durations come from the monotonic clock; the wall
clock gives only the dates shown in the history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable, Iterable, Optional, Protocol, TypeVar

from facepacer.engine.events import (
    EndedBy,
    MoodGiven,
    Output,
    ReminderEnded,
    ReminderOutcome,
    ReminderShown,
    SessionEnded,
    SessionStarted,
    Status,
    StepEnded,
)
from facepacer.errors import StoreError

WallAt = Callable[[float], datetime]  # clock time -> aware wall datetime
T = TypeVar("T")


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
        ended_by: EndedBy,
        started_offset: float,
        ended_offset: float,
    ) -> None: ...

    def end_session(
        self, session_id: int, status: Status, seconds: float, ended_at: datetime
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
        self, reminder_id: int, outcome: ReminderOutcome, session_id: Optional[int] = None
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
                self._started(item)
            elif isinstance(item, StepEnded):
                self._step(item)
            elif isinstance(item, SessionEnded):
                self._ended(item)
                ended = True
            elif isinstance(item, MoodGiven):
                self._mood(item)
            elif isinstance(item, (ReminderShown, ReminderEnded)):
                self._reminder(item)
        return ended

    def _started(self, item: SessionStarted) -> None:
        self._t0 = item.t
        started_at = self.wall_at(item.t)
        self.session_id = self._write(
            lambda store: store.start_session(
                ritual_id=item.ritual_id,
                ritual_title=item.ritual_title,
                steps_total=item.steps_total,
                started_at=started_at,
            )
        )
        if self.first_session_id is None:
            self.first_session_id = self.session_id

    def _step(self, item: StepEnded) -> None:
        session_id, t0 = self.session_id, self._t0
        if session_id is None:
            return
        self._write(
            lambda store: store.step_ended(
                session_id,
                item.index,
                zone=item.zone,
                side=item.side,
                planned=item.planned,
                active=item.active,
                ended_by=item.ended_by,
                started_offset=item.started - t0,
                ended_offset=item.ended - t0,
            )
        )

    def _ended(self, item: SessionEnded) -> None:
        session_id = self.session_id
        if session_id is not None:
            ended_at = self.wall_at(item.t)
            self._write(
                lambda store: store.end_session(session_id, item.status, item.active, ended_at)
            )
        self.last_session_id, self.session_id = session_id, None

    def _mood(self, item: MoodGiven) -> None:
        session_id = self.last_session_id
        if session_id is not None:
            self._write(lambda store: store.set_mood(session_id, item.mood))

    def _reminder(self, item: ReminderShown | ReminderEnded) -> None:
        if isinstance(item, ReminderShown):
            shown_at = self.wall_at(item.t)
            self.reminder_id = self._write(
                lambda store: store.reminder_shown(item.ritual_id, shown_at)
            )
            return
        reminder_id = self.reminder_id
        if reminder_id is not None:
            # A taken reminder comes after the session it started, so that session is known.
            started = self.session_id if item.outcome == ReminderOutcome.TAKEN else None
            self._write(lambda store: store.reminder_ended(reminder_id, item.outcome, started))
            self.reminder_id = None

    def outage(self, start: float, end: Optional[float], message: str) -> None:
        """A sensor outage during the current session, kept with it (``end`` None: ongoing)."""
        session_id, t0 = self.session_id, self._t0
        if session_id is not None:
            ended = None if end is None else end - t0
            self._write(
                lambda store: store.note_fault(
                    session_id, started_offset=start - t0, ended_offset=ended, message=message
                )
            )

    def _write(self, write: Callable[[SessionStore], T]) -> Optional[T]:
        """``write`` done on the store, and what it gave; None when there is no store or the
        write failed, which becomes the notice and the log's ``problem``."""
        if self.store is None:
            return None
        try:
            result = write(self.store)
        except (StoreError, ValueError) as exc:
            # ValueError: the store refused a value. Whatever the cause, the ritual goes on.
            self.notice = f"Session log not saved: {exc}. The ritual goes on."
            self.problem = self.problem or str(exc)
            return None
        self.notice = self.store.notice
        return result
