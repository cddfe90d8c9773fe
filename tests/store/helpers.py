"""Helpers for the session log tests: fixed times and whole sessions."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Optional

from facepacer.store import Store

T0 = datetime(2026, 5, 4, 7, 30, tzinfo=timezone.utc)  # a Monday


def session(
    store: Store,
    started: datetime,
    status: Optional[str] = "completed",
    *,
    steps: int = 3,
    step_seconds: float = 20.0,
    ritual: str = "symmetry-sculpt",
    mood: Optional[int] = None,
) -> int:
    """Log a whole session: every step by timer when completed, the first one only otherwise.

    ``status`` None leaves the session running.
    """
    sid = store.start_session(
        ritual_id=ritual,
        ritual_title=ritual.replace("-", " ").title(),
        steps_total=steps,
        started_at=started,
    )
    done = steps if status == "completed" else 1
    for index in range(done):
        start = index * step_seconds
        store.step_ended(
            sid, index, zone="cheeks", side="both", planned=step_seconds, active=step_seconds,
            ended_by="timer", started_offset=start, ended_offset=start + step_seconds,
        )  # fmt: skip
    if status is not None:
        seconds = done * step_seconds
        store.end_session(sid, status, seconds, started + timedelta(seconds=seconds))
    if mood is not None:
        store.set_mood(sid, mood)
    return sid


def on_day(day: date, hour: int = 8, minute: int = 0) -> datetime:
    """``hour:minute`` local time on ``day``, as an aware time."""
    return datetime(day.year, day.month, day.day, hour, minute).astimezone()


def stored(path: Path, sql: str, args: tuple = ()) -> list:
    """Rows read straight from the file with a connection of its own, as any other reader would."""
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()
