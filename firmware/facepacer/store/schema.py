"""The session log's tables, and the migrations that bring any older file up to date.

The schema version is SQLite's ``PRAGMA user_version``: 0 for a new, empty file, then the number
of migrations applied. ``MIGRATIONS[n]`` takes a file from version ``n`` to ``n + 1``. A released
migration is never edited: a change to the tables is a new migration at the end of the list, with
its own test.
"""

from __future__ import annotations

import functools
import sqlite3
from typing import Dict, Optional, Tuple

# Version 1: sessions and their finished steps.
#  - Times of day are ISO 8601 text in UTC with an explicit offset ("2026-05-09T07:35:25+00:00"):
#    fixed width, so text order is time order, and SQLite's date functions read them.
#  - ``status`` is what the writer recorded: 'running' until the session ends. A running row whose
#    writer died is reported as interrupted (see liveness.py) and rewritten so by mark_interrupted.
#  - ``writer_pid``, ``writer_boot`` and ``writer_start`` (the process start time in clock ticks
#    since boot, from /proc) identify the process that writes a running session, so a reader can
#    tell a session in progress from one whose process died, even when the pid has been reused.
#  - ``seconds`` is active time from the monotonic clock, pauses excluded; while a session runs it
#    is the sum of its finished steps.
#  - Step offsets are monotonic seconds since the session started.
_V1 = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    ritual_id TEXT NOT NULL,
    ritual_title TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    status TEXT NOT NULL
        CHECK (status IN ('running', 'completed', 'abandoned', 'quit', 'interrupted')),
    steps_done INTEGER NOT NULL DEFAULT 0,
    steps_total INTEGER NOT NULL CHECK (steps_total >= 0),
    seconds REAL,
    mood INTEGER CHECK (mood BETWEEN 1 AND 5),
    writer_pid INTEGER,
    writer_boot TEXT,
    writer_start INTEGER
);
CREATE TABLE steps (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL CHECK (idx >= 0),
    zone TEXT NOT NULL,
    side TEXT NOT NULL,
    planned REAL NOT NULL,
    active REAL NOT NULL,
    ended_by TEXT NOT NULL,
    started_offset REAL NOT NULL,
    ended_offset REAL NOT NULL,
    PRIMARY KEY (session_id, idx)
) WITHOUT ROWID;
"""

# Version 2: sensor outages during a session, and an index on the start time so the last days'
# totals and the running sessions are found without reading the whole log.
_V2 = """
CREATE TABLE faults (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    started_offset REAL NOT NULL,
    ended_offset REAL,
    message TEXT NOT NULL
);
CREATE INDEX faults_by_session ON faults (session_id);
CREATE INDEX sessions_by_start ON sessions (started_at);
CREATE INDEX sessions_running ON sessions (status) WHERE status = 'running';
"""

# Version 3: the daily reminder, and the MQTT link's note of what it has told the broker.
#  - A reminder row is written when the prompt shows; ``outcome`` stays NULL while it shows, then
#    taken (a tap started ``session_id``), dismissed or expired.
#  - ``sessions.published`` is 1 once the MQTT broker acknowledged the session's event, so each
#    session is announced once, however long the broker was away. Sessions that ended before
#    this version are history, not news: they count as published.
_V3 = """
CREATE TABLE reminders (
    id INTEGER PRIMARY KEY,
    shown_at TEXT NOT NULL,
    ritual_id TEXT NOT NULL,
    outcome TEXT CHECK (outcome IN ('taken', 'dismissed', 'expired')),
    session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL
);
CREATE INDEX reminders_by_time ON reminders (shown_at);
ALTER TABLE sessions ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET published = 1 WHERE status != 'running';
CREATE INDEX sessions_unpublished ON sessions (id) WHERE published = 0;
"""

MIGRATIONS: Tuple[str, ...] = (_V1, _V2, _V3)
LATEST = len(MIGRATIONS)


def version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = LATEST) -> int:
    """Bring the file up to ``target`` in one write transaction; returns the version found.

    The version is read again inside the transaction, so two processes opening an old file at once
    migrate it once. The caller checks for a newer file before calling (see ``Store``); a file that
    turned newer in between is left as it is.
    """
    if version(conn) >= target:
        return version(conn)  # nothing to write: a read-only file opens for reading
    if version(conn) < 0:
        # Only a damaged header holds a negative version; the caller keeps such a file aside.
        raise ValueError(f"schema version {version(conn)} is not one facepacer writes")
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = version(conn)
        for n in range(found, target):
            for statement in _statements(MIGRATIONS[n]):
                conn.execute(statement)
        if target > found:
            # PRAGMA takes no parameters; ``target`` is an int from this module.
            conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return found


def _statements(script: str):
    # executescript() would commit the open transaction first; run statement by statement instead
    # so a migration is all or nothing.
    for part in script.split(";"):
        if part.strip():
            yield part


@functools.cache
def tables_at(at: int) -> Dict[str, Tuple[str, ...]]:
    """The tables a log at schema version ``at`` holds, with their columns in order: worked out
    by running the migrations on an empty database, so this list cannot drift from them."""
    conn = sqlite3.connect(":memory:")
    try:
        for n in range(at):
            for statement in _statements(MIGRATIONS[n]):
                conn.execute(statement)
        return {name: _columns(conn, name) for name in _tables(conn)}
    finally:
        conn.close()


def _tables(conn: sqlite3.Connection) -> Tuple[str, ...]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name"
    ).fetchall()
    return tuple(row[0] for row in rows)


def _columns(conn: sqlite3.Connection, table: str) -> Tuple[str, ...]:
    # The table name comes from sqlite_master or from this module, quoted as an identifier.
    quoted = '"' + table.replace('"', '""') + '"'
    return tuple(row[1] for row in conn.execute(f"PRAGMA table_info({quoted})"))


def is_foreign(conn: sqlite3.Connection) -> bool:
    """True for a database that holds tables and none of the log's: another program's file."""
    found = set(_tables(conn))
    return bool(found) and not found & set(tables_at(LATEST))


def problem(conn: sqlite3.Connection, at: int) -> Optional[str]:
    """What is missing from a log at schema version ``at`` (a table, a column), or None."""
    found = set(_tables(conn))
    for table, columns in tables_at(at).items():
        if table not in found:
            return f"the table {table!r} is missing"
        have = set(_columns(conn, table))
        for column in columns:
            if column not in have:
                return f"the table {table!r} has no column {column!r}"
    return None
