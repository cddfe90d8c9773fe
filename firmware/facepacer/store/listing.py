"""Sessions as history shows them: the ARCHITECTURE §7 fields, worked out in one SQL query.

The status shown differs from the status stored in two ways:

- 'quit' (the program was closed mid-ritual) shows as 'abandoned': the ritual stopped before its
  end and nothing failed. The stored row keeps 'quit'.
- 'running' shows as 'running' while the process that writes it lives, and as 'interrupted' once
  it is gone (liveness.py). SQL asks Python about the writer only for running rows.

Both the list of dicts and the JSON text come from the same query, so they cannot disagree; the
JSON is built by SQLite itself, which keeps ``history --json`` fast over a long log.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Dict, List, Optional, Tuple

from facepacer.store import liveness

ALIVE = "facepacer_writer_alive"

# (field, SQL expression), in ARCHITECTURE §7 order.
COLUMNS: Tuple[Tuple[str, str], ...] = (
    ("id", "id"),
    ("ritual", "ritual_id"),
    ("started_at", "started_at"),
    ("ended_at", "ended_at"),
    (
        "status",
        "CASE status"
        f" WHEN 'running' THEN CASE WHEN {ALIVE}(writer_pid, writer_boot, writer_start)"
        "  THEN 'running' ELSE 'interrupted' END"
        " WHEN 'quit' THEN 'abandoned'"
        " ELSE status END",
    ),
    ("steps_done", "steps_done"),
    ("steps_total", "steps_total"),
    ("seconds", "round(seconds, 3)"),
    ("mood", "mood"),
)
FIELDS = tuple(name for name, _sql in COLUMNS)

# A start time the log can show and count: ISO 8601 text, as written (see schema.py). A row whose
# start was damaged or edited into something else is left out of every read, and counted by
# ``unreadable`` so that history can say so.
# (A date that matches but does not exist, like month 19, reads as no day in SQL and is shown as
# written by history: checking each row with julianday() would cost half as much again.)
READABLE = (
    "(typeof(started_at) = 'text'"
    " AND started_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]*')"
)


class Liveness:
    """The liveness check as SQL calls it on one connection, counting the writers found gone.

    A read sees the log as it was when the read began, and asks about the writer later: a writer
    that ended its session and exited in between is found gone beside a row still 'running'. Such a
    read is made once more (``Store``): everything a gone writer wrote is seen by a later read.
    """

    def __init__(self) -> None:
        self.gone = 0

    def __call__(self, pid: Optional[int], boot: Optional[str], start: Optional[int]) -> int:
        alive = liveness.writer_alive(pid, boot, start)
        self.gone += not alive
        return int(alive)


def install(conn: sqlite3.Connection) -> Liveness:
    """Make the liveness check callable from SQL on ``conn``; the check, to count with."""
    check = Liveness()
    conn.create_function(ALIVE, 3, check)
    return check


def _latest(limit: Optional[int]) -> Tuple[str, tuple]:
    """The rows to show, oldest first: all of them, or the latest ``limit``."""
    if limit is None:
        return "sessions", ()
    return f"(SELECT * FROM sessions WHERE {READABLE} ORDER BY id DESC LIMIT ?)", (limit,)


def unreadable(conn: sqlite3.Connection) -> List[int]:
    """The ids of the sessions whose start time cannot be read, which reads leave out."""
    cursor = conn.execute(f"SELECT id FROM sessions WHERE NOT {READABLE} ORDER BY id")
    return [row[0] for row in cursor]


def rows(conn: sqlite3.Connection, limit: Optional[int], titles: bool) -> List[Dict]:
    source, args = _latest(limit)
    columns = ", ".join(sql for _name, sql in COLUMNS)
    fields = FIELDS + (("title",) if titles else ())
    extra = ", ritual_title" if titles else ""
    cursor = conn.execute(
        f"SELECT {columns}{extra} FROM {source} WHERE {READABLE} ORDER BY id", args
    )
    return [dict(zip(fields, row)) for row in cursor]


def as_json(conn: sqlite3.Connection, limit: Optional[int]) -> str:
    """The same rows as ``rows``, as compact JSON text (a list of objects)."""
    source, args = _latest(limit)
    pairs = ", ".join(f"'{name}', {sql}" for name, sql in COLUMNS)
    try:
        cursor = conn.execute(
            f"SELECT json_object({pairs}) FROM {source} WHERE {READABLE} ORDER BY id", args
        )
        return "[" + ",".join(row[0] for row in cursor) + "]"
    except sqlite3.OperationalError as exc:
        # An SQLite built without its JSON functions (before 3.38 they were optional).
        if "json_object" not in str(exc):
            raise
    return json.dumps(rows(conn, limit, False), separators=(",", ":"))
