"""What the session log says, as the link publishes it: the week, the last session, the events.

The log is the source of truth: each payload here is made from it, never from what was published
before. So when the log loses sessions (``history --delete-all``, or a damaged log moved aside at
start) the next payloads say so: the week's figures count what is left, and with no ended session
left ``last_session`` is the same keys with every value null, which Home Assistant shows as
unknown (an empty retained message would clear the topic, but Home Assistant reads an empty
payload as bad JSON and logs a warning).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any, Dict, List, Optional

from facepacer.store import Store

# Every key of a session as published, in order (README: "Home Assistant over MQTT").
EVENT_KEYS = (
    "event_type", "session_id", "ritual", "title", "status", "started_at", "ended_at",
    "seconds", "minutes", "steps_done", "steps_total", "mood",
)  # fmt: skip


def week(store: Store, today: date, goal: int) -> str:
    stats = store.stats(today, goal)
    figures = {"days_done": stats.week_days_done, "goal": stats.weekly_goal,
               "streak": stats.current_streak, "best_streak": stats.best_streak}  # fmt: skip
    return json.dumps(figures)


def last_session(store: Store) -> str:
    """The latest ended session; every key null when the log has none."""
    ended = [row for row in store.sessions(2, titles=True) if row["status"] != "running"]
    if not ended:
        return json.dumps(dict.fromkeys(EVENT_KEYS))
    return event(store, ended[-1])


def waiting(store: Store, today: date, days: int) -> List[Dict[str, Any]]:
    """The ended sessions of the last ``days`` days whose event the broker never acknowledged."""
    since = datetime.combine(today - timedelta(days=days), datetime.min.time())
    return store.unpublished(since)


def event(store: Store, row: Dict[str, Any]) -> str:
    """A session as JSON for the event and the last-session sensor (``event_type`` is its
    status, as Home Assistant's event entity reads it). An interrupted session never ended: its
    ``ended_at`` is when the log last heard of it, and ``seconds`` its active time up to then."""
    seconds = row.get("seconds") or 0.0
    ended_at = row["ended_at"]
    if ended_at is None and row["status"] == "interrupted":
        ended_at = last_alive(store, row)
    return json.dumps({
        "event_type": row["status"], "session_id": row["id"], "ritual": row["ritual"],
        "title": row.get("title"), "status": row["status"], "started_at": row["started_at"],
        "ended_at": ended_at, "seconds": seconds, "minutes": round(seconds / 60, 1),
        "steps_done": row["steps_done"], "steps_total": row["steps_total"], "mood": row["mood"],
    })  # fmt: skip


def last_alive(store: Store, row: Dict[str, Any]) -> Optional[str]:
    """When the log last heard of a session: its start plus the latest offset of a step or a
    sensor outage it logged (the start itself if none). None if the start cannot be read."""
    try:
        started = datetime.fromisoformat(row["started_at"])
    except (TypeError, ValueError):
        return None
    offsets = [step["ended"] for step in store.steps(row["id"])]
    for fault in store.faults(row["id"]):
        offsets.append(fault["ended"] if fault["ended"] is not None else fault["started"])
    latest = max([0.0] + [o for o in offsets if isinstance(o, (int, float))])
    try:
        return (started + timedelta(seconds=latest)).isoformat(timespec="seconds")
    except OverflowError:
        return None
