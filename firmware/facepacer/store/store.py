"""The session log: one row per session, written as the session goes, read by history.

Writes are each their own short transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``), so no lock is
held between calls and a power cut loses at most the step in progress. Every failure to read or
write comes out as StoreError (NewerDatabase for a file from a newer facepacer): the device shows
the message and keeps the ritual running. Bad arguments are the caller's mistake: ValueError.

Durations are never computed here from wall times: the Pi has no real-time clock and its wall clock
jumps when network time arrives. The app passes seconds and offsets from its monotonic clock; wall
times (UTC, with offset) only say when a session happened.
"""

from __future__ import annotations

import contextlib
import math
import os
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Tuple, TypeVar, Union

from facepacer import paths
from facepacer.engine.events import ENDINGS, REMINDER_OUTCOMES, EndedBy, Status
from facepacer.engine.snapshot import DayStat, Stats
from facepacer.errors import StoreError
from facepacer.store import listing, liveness, opening, schema
from facepacer.store.explain import DB_ERRORS, store_error
from facepacer.store.streaks import check_goal, streaks

T = TypeVar("T")
ENDED_BY: Tuple[EndedBy, ...] = tuple(EndedBy)
# A step ended this way was done; abandon and quit cut it short.
STEP_DONE_BY: Tuple[EndedBy, ...] = (EndedBy.TIMER, EndedBy.TOUCH)
MOODS = range(1, 6)
HISTORY_DAYS = 30
# Offsets are differences of monotonic clock readings: a value a hair below zero is rounding, not
# a mistake, and is stored as 0.
ROUNDING = 1e-6


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def utc_text(when: datetime) -> str:
    """A wall time as stored: ISO 8601 in UTC with its offset. A naive time is taken as local."""
    if not isinstance(when, datetime):
        raise ValueError(f"expected a datetime, got {when!r}")
    return when.astimezone(timezone.utc).isoformat(timespec="seconds")


def _seconds(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number of seconds, got {value!r}")
    if not math.isfinite(value) or value < -ROUNDING:
        raise ValueError(f"{name} must be a finite number of seconds >= 0, got {value!r}")
    return max(0.0, float(value))


def _count(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number >= 0, got {value!r}")
    return value


class Store:
    """The session log in an SQLite file (or a given connection, or memory for tests).

    ``path`` defaults to ``facepacer.paths.default_db()``; its folder is created. With ``recover``
    (the default, for the device), a damaged file is kept aside as ``<name>.corrupt-<UTC time>``
    and a new log started; ``notice`` then holds a sentence for the user. Readers that may run
    beside the device (``facepacer history``) pass ``recover=False``: they never move files.
    ``clock_wall`` returns the current wall time (aware); it only names kept-aside files.
    ``timeout`` is how long, in seconds, a write waits for another process's write to finish.
    ``read_only`` (with ``recover=False``) opens the file only to read it: nothing is written,
    an older log is not migrated, and a log in a folder this user cannot write still reads.

    A connection passed in is configured (autocommit, WAL, foreign keys) and never closed here.
    """

    def __init__(
        self,
        path: Union[str, os.PathLike, None] = None,
        *,
        conn: Optional[sqlite3.Connection] = None,
        memory: bool = False,
        clock_wall: Optional[Callable[[], datetime]] = None,
        recover: bool = True,
        timeout: float = opening.BUSY_TIMEOUT,
        read_only: bool = False,
    ):
        self.clock_wall = clock_wall or _utc_now
        self.notice: Optional[str] = None
        self._owned = conn is None
        if conn is not None or memory:
            if conn is None:
                conn = sqlite3.connect(":memory:")
            conn.isolation_level = None
            self.path = _file_of(conn)
            try:
                problem = opening.prepare(conn, self.path, quick_check=False, timeout=timeout)
                if problem is not None:
                    raise StoreError(f"the session log {self.path} is damaged: {problem}")
            except BaseException:
                if self._owned:
                    conn.close()
                raise
            self._conn = conn
        else:
            self.path = Path(path) if path is not None else paths.default_db()
            self._conn, self.notice = opening.open_file(
                self.path, recover=recover and not read_only, clock_wall=self.clock_wall,
                timeout=timeout, read_only=read_only,
            )  # fmt: skip
        listing.install(self._conn)
        self._closed = False

    @property
    def version(self) -> int:
        """The file's schema version: 0 for a log no session was ever written to."""
        return self._reading(lambda: schema.version(self._conn))

    # -- lifetime ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection if the store opened it. Safe to call twice."""
        if not self._closed and self._owned:
            self._conn.close()
        self._closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self, doing: str = "write to") -> Iterator[sqlite3.Connection]:
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
        except DB_ERRORS as exc:
            raise store_error(exc, self.path, doing) from exc

    def _read(self, sql: str, args: Tuple = ()) -> List[tuple]:
        return self._reading(lambda: self._conn.execute(sql, args).fetchall())

    def _reading(self, read: Callable[[], T]) -> T:
        """``read()``; a StoreError when it fails. Text that is not UTF-8 (a damaged page, an
        edit) is read again with U+FFFD in its place: that way is slower, so only when needed."""
        try:
            try:
                return read()
            except (UnicodeDecodeError, sqlite3.OperationalError) as exc:
                # Python 3.11 (Pi OS Bookworm) says "Could not decode to UTF-8 column ..." as an
                # OperationalError; newer versions raise UnicodeDecodeError.
                if not isinstance(exc, UnicodeDecodeError) and "decode" not in str(exc):
                    raise
                self._conn.text_factory = opening.text
                return read()
        except DB_ERRORS as exc:
            raise store_error(exc, self.path, "read") from exc

    def _status_of(self, conn: sqlite3.Connection, session_id: int) -> str:
        row = conn.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise StoreError(
                f"session {session_id} is not in the session log {self.path}; it may have been "
                "deleted (facepacer history --delete-all). The ritual goes on unlogged."
            )
        return row[0]

    def _running(self, conn: sqlite3.Connection, session_id: int) -> None:
        status = self._status_of(conn, session_id)
        if status != Status.RUNNING:
            raise StoreError(
                f"session {session_id} already ended as {status!r} in the session log "
                f"{self.path}; an ended session is not changed."
            )

    # -- writes -----------------------------------------------------------------------------

    def start_session(
        self,
        *,
        ritual_id: str,
        ritual_title: str,
        steps_total: int,
        started_at: datetime,
        pid: Optional[int] = None,
        boot_id: Optional[str] = None,
    ) -> int:
        """Log a session as 'running'; returns its id.

        ``pid`` and ``boot_id`` name the writing process (default: this one, this boot), so that
        readers can tell when it died (see liveness.py).
        """
        if not isinstance(ritual_id, str) or not ritual_id:
            raise ValueError(f"ritual_id must be a non-empty string, got {ritual_id!r}")
        if not isinstance(ritual_title, str):
            raise ValueError(f"ritual_title must be a string, got {ritual_title!r}")
        _count("steps_total", steps_total)
        started = utc_text(started_at)
        pid = os.getpid() if pid is None else pid
        boot = liveness.boot_id() if boot_id is None else boot_id
        start = liveness.process_start(pid)
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO sessions (ritual_id, ritual_title, started_at, status, steps_done,"
                " steps_total, seconds, writer_pid, writer_boot, writer_start)"
                " VALUES (?, ?, ?, 'running', 0, ?, 0.0, ?, ?, ?)",
                (ritual_id, ritual_title, started, steps_total, pid, boot, start),
            )
            return _inserted(cursor)

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
    ) -> None:
        """Log a step of a running session and update its steps done and seconds.

        Everything after the index is keyword-only: four of the values are seconds, and a
        planned time passed as the active one would be stored without a murmur.

        ``steps_done`` counts the steps that ended by ``timer`` or ``touch`` (a step cut short by
        ``abandon`` or ``quit`` is logged but not done); ``seconds`` becomes the sum of the steps'
        active seconds, so a session that never ends still tells how long it ran. Logging the
        same index again replaces that step. Offsets are monotonic seconds since the start.
        """
        _count("index", index)
        if ended_by not in ENDED_BY:
            raise ValueError(f"ended_by must be one of {', '.join(ENDED_BY)}, got {ended_by!r}")
        values = (
            _seconds("planned", planned),
            _seconds("active", active),
            _seconds("started_offset", started_offset),
            _seconds("ended_offset", ended_offset),
        )
        with self._write() as conn:
            self._running(conn, session_id)
            (total,) = conn.execute(
                "SELECT steps_total FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if index >= total:
                raise ValueError(
                    f"step index {index} is out of range for session {session_id}, which has "
                    f"{total} steps"
                )
            conn.execute(
                "INSERT OR REPLACE INTO steps (session_id, idx, zone, side, planned, active,"
                " ended_by, started_offset, ended_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, index, str(zone), str(side), *values[:2], ended_by, *values[2:]),
            )
            done_by = ", ".join(f"'{how}'" for how in STEP_DONE_BY)
            conn.execute(
                "UPDATE sessions SET"
                " steps_done = (SELECT count(*) FROM steps"
                f"  WHERE session_id = :id AND ended_by IN ({done_by})),"
                " seconds = (SELECT total(active) FROM steps WHERE session_id = :id)"
                " WHERE id = :id",
                {"id": session_id},
            )

    def end_session(self, session_id: int, status: str, seconds: float, ended_at: datetime) -> None:
        """End a running session: ``status`` is completed, abandoned or quit; ``seconds`` is the
        ritual's active time from the monotonic clock. An ended session cannot end again."""
        if status not in ENDINGS:
            raise ValueError(f"status must be one of {', '.join(ENDINGS)}, got {status!r}")
        value = _seconds("seconds", seconds)
        ended = utc_text(ended_at)
        with self._write() as conn:
            self._running(conn, session_id)
            conn.execute(
                "UPDATE sessions SET status = ?, seconds = ?, ended_at = ? WHERE id = ?",
                (status, value, ended, session_id),
            )

    def set_mood(self, session_id: int, mood: int) -> None:
        """Record how the user felt, 1 to 5 (ValueError otherwise); a later mood replaces it."""
        if isinstance(mood, bool) or not isinstance(mood, int) or mood not in MOODS:
            raise ValueError(f"mood must be a whole number from 1 to 5, got {mood!r}")
        with self._write() as conn:
            self._status_of(conn, session_id)
            conn.execute("UPDATE sessions SET mood = ? WHERE id = ?", (mood, session_id))

    def note_fault(
        self,
        session_id: int,
        *,
        started_offset: float,
        ended_offset: Optional[float],
        message: str,
    ) -> int:
        """Log a sensor outage during a session (offsets in monotonic seconds since its start;
        ``ended_offset`` None while it lasts); returns the fault's id."""
        start = _seconds("started_offset", started_offset)
        end = None if ended_offset is None else _seconds("ended_offset", ended_offset)
        with self._write() as conn:
            self._status_of(conn, session_id)
            cursor = conn.execute(
                "INSERT INTO faults (session_id, started_offset, ended_offset, message)"
                " VALUES (?, ?, ?, ?)",
                (session_id, start, end, str(message)),
            )
            return _inserted(cursor)

    def mark_interrupted(self) -> int:
        """Rewrite as 'interrupted' every running session whose writer is gone; returns how many.

        The device calls this at start-up. Readers need not: they report such rows as
        interrupted anyway. A session running in a live process is left alone.
        """
        with self._write() as conn:
            rows = conn.execute(
                "SELECT id, writer_pid, writer_boot, writer_start FROM sessions"
                " WHERE status = 'running'"
            ).fetchall()
            dead = [(row[0],) for row in rows if not liveness.writer_alive(*row[1:])]
            conn.executemany(
                "UPDATE sessions SET status = 'interrupted' WHERE id = ? AND status = 'running'",
                dead,
            )
        return len(dead)

    def delete_all(self) -> int:
        """Delete every session, step, fault and reminder; returns how many sessions there were.

        Deleted pages are overwritten with zeros (``secure_delete``) and the ``-wal`` file is
        emptied, so the data does not linger in the file.
        """
        try:
            self._conn.execute("PRAGMA secure_delete = ON")
        except DB_ERRORS as exc:
            raise store_error(exc, self.path, "write to") from exc
        with self._write() as conn:
            (count,) = conn.execute("SELECT count(*) FROM sessions").fetchone()
            conn.execute("DELETE FROM faults")
            conn.execute("DELETE FROM reminders")
            conn.execute("DELETE FROM steps")
            conn.execute("DELETE FROM sessions")
        with contextlib.suppress(sqlite3.Error):
            # Busy when another process is reading; its pages are then emptied at a later
            # checkpoint, still zeroed by secure_delete in the database file itself.
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return int(count)

    # -- reads ------------------------------------------------------------------------------

    def sessions(self, limit: Optional[int] = None, *, titles: bool = False) -> List[Dict]:
        """The sessions, oldest first (the last ``limit`` ones if given), as ARCHITECTURE §7 dicts.

        Keys: id, ritual (the ritual's id), started_at, ended_at (ISO 8601, UTC, with offset;
        ended_at None until the session ends), status (completed, abandoned, interrupted, or
        running while a live process writes it; see listing.py), steps_done, steps_total, seconds
        (active, pauses excluded), mood (1-5 or None). ``titles`` adds "title", the ritual's.
        """
        if limit is not None:
            _count("limit", limit)
        return self._reading(lambda: listing.rows(self._conn, limit, titles))

    def sessions_json(self, limit: Optional[int] = None) -> str:
        """``sessions(limit)`` as compact JSON text, made by SQLite: fast over a long log."""
        if limit is not None:
            _count("limit", limit)
        return self._reading(lambda: listing.as_json(self._conn, limit))

    def count(self) -> int:
        """How many sessions the log holds (those with an unreadable start time too)."""
        return int(self._read("SELECT count(*) FROM sessions")[0][0])

    def unreadable(self) -> List[int]:
        """The ids of sessions whose start time was damaged: every read leaves them out."""
        return self._reading(lambda: listing.unreadable(self._conn))

    def steps(self, session_id: int) -> List[Dict]:
        """The logged steps of a session, by index."""
        rows = self._read(
            "SELECT idx, zone, side, planned, active, ended_by, started_offset, ended_offset"
            " FROM steps WHERE session_id = ? ORDER BY idx",
            (session_id,),
        )
        keys = ("index", "zone", "side", "planned", "active", "ended_by", "started", "ended")
        return [dict(zip(keys, row)) for row in rows]

    def faults(self, session_id: int) -> List[Dict]:
        """The sensor outages logged during a session, in order."""
        rows = self._read(
            "SELECT started_offset, ended_offset, message FROM faults"
            " WHERE session_id = ? ORDER BY id",
            (session_id,),
        )
        return [dict(zip(("started", "ended", "message"), row)) for row in rows]

    def done_days(self) -> List[date]:
        """The local days (device time zone) with at least one completed ritual, in order."""
        return [
            date.fromisoformat(row[0])
            for row in self._read(
                "SELECT DISTINCT date(started_at, 'localtime') AS day FROM sessions"
                f" WHERE status = 'completed' AND {listing.READABLE} ORDER BY day"
            )
            # A start damaged into a number is left out above (SQLite would read it as a day);
            # a date that matches but does not exist reads as none, or one Python cannot hold.
            if row[0] and _is_day(row[0])
        ]

    def stats(self, today: date, goal: int = 5) -> Stats:
        """Week, streaks and the last 30 days, for the home, finish and history screens.

        Days are local days of the device (its time zone). ``week_days_done`` counts the days
        with a completed ritual in this calendar week, Monday to today: the week the streak rule
        (streaks.py) judges. ``DayStat.minutes`` counts every session's active time that day,
        finished or not; ``DayStat.completed`` the completed sessions.
        """
        check_goal(goal)
        result = streaks(self.done_days(), today, goal)
        first = today - timedelta(days=HISTORY_DAYS - 1)
        # Local midnight of the first day, in UTC, with a day of margin for any offset.
        since = utc_text(datetime.combine(first - timedelta(days=1), datetime.min.time()))
        per_day = {
            row[0]: (row[1], row[2])
            for row in self._read(
                "SELECT date(started_at, 'localtime') AS day, total(seconds),"
                " sum(status = 'completed') FROM sessions WHERE started_at >= ? GROUP BY day",
                (since,),
            )
        }
        days = []
        for n in range(HISTORY_DAYS):
            day = first + timedelta(days=n)
            seconds, completed = per_day.get(day.isoformat(), (0.0, 0))
            days.append(DayStat(day=day, minutes=round(seconds / 60, 2), completed=completed))
        last = self._read("SELECT ritual_id FROM sessions ORDER BY id DESC LIMIT 1")
        last_id = last[0][0] if last and isinstance(last[0][0], str) else None
        return Stats(
            week_days_done=result.days_done,
            weekly_goal=goal,
            current_streak=result.current,
            best_streak=result.best,
            days=tuple(days),
            last_ritual_id=last_id,
        )

    # -- the daily reminder ------------------------------------------------------------------

    def reminder_shown(self, ritual_id: str, shown_at: datetime) -> int:
        """Log a reminder as it shows, naming the ritual it offers; returns its id."""
        if not isinstance(ritual_id, str) or not ritual_id:
            raise ValueError(f"ritual_id must be a non-empty string, got {ritual_id!r}")
        shown_text = utc_text(shown_at)
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO reminders (shown_at, ritual_id) VALUES (?, ?)",
                (shown_text, ritual_id),
            )
            return _inserted(cursor)

    def reminder_ended(
        self, reminder_id: int, outcome: str, session_id: Optional[int] = None
    ) -> None:
        """Say how a shown reminder ended: taken (it started ``session_id``), dismissed, expired."""
        if outcome not in REMINDER_OUTCOMES:
            raise ValueError(
                f"outcome must be one of {', '.join(REMINDER_OUTCOMES)}, got {outcome!r}"
            )
        with self._write() as conn:
            conn.execute(
                "UPDATE reminders SET outcome = ?, session_id = ? WHERE id = ?",
                (outcome, session_id, reminder_id),
            )

    def reminder_counts(self, since: datetime) -> Tuple[int, int]:
        """(reminders shown, reminders that led to a ritual) since ``since``."""
        rows = self._read(
            "SELECT count(*), total(outcome = 'taken') FROM reminders WHERE shown_at >= ?",
            (utc_text(since),),
        )
        return int(rows[0][0]), int(rows[0][1])

    # -- what the MQTT link has announced ----------------------------------------------------

    def unpublished(self, since: datetime) -> List[Dict]:
        """Ended sessions started since ``since`` whose event the broker has not acknowledged,
        oldest first, as the dicts of `history --json` (ARCHITECTURE §7) with the ritual's title."""
        rows = self._read(
            "SELECT id FROM sessions WHERE published = 0 AND status != 'running'"
            " AND started_at >= ? ORDER BY id",
            (utc_text(since),),
        )
        wanted = {row[0] for row in rows}
        if not wanted:
            return []
        first = min(wanted)
        return [
            row for row in self.sessions(self._since_id(first), titles=True) if row["id"] in wanted
        ]

    def _since_id(self, first: int) -> int:
        return int(self._read("SELECT count(*) FROM sessions WHERE id >= ?", (first,))[0][0])

    def mark_published(self, session_id: int, started_at: Optional[str] = None) -> None:
        """The broker acknowledged this session's event: it is not announced again. With
        ``started_at`` (as stored), only if the session with that id is still the one that
        started then: after ``delete_all`` the ids start again from 1."""
        with self._write() as conn:
            conn.execute(
                "UPDATE sessions SET published = 1 WHERE id = ? AND coalesce(? = started_at, 1)",
                (session_id, started_at),
            )

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the log (SQLite's
        ``PRAGMA data_version``): how the MQTT link notices a delete made by ``history``."""
        return int(self._read("PRAGMA data_version")[0][0])


def _is_day(text: object) -> bool:
    """SQLite's date() of a readable start: a day Python can hold (years 1 to 9999)."""
    try:
        date.fromisoformat(str(text))
    except ValueError:
        return False
    return True


def _file_of(conn: sqlite3.Connection) -> Optional[Path]:
    """The file behind a connection's main database, None in memory."""
    try:
        for _seq, name, file in conn.execute("PRAGMA database_list"):
            if name == "main":
                return Path(file) if file else None
    except DB_ERRORS:
        return None
    return None


def _inserted(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just made (sqlite3 sets it after each one)."""
    if cursor.lastrowid is None:
        raise StoreError("the session log made no row for a write it took")
    return cursor.lastrowid
