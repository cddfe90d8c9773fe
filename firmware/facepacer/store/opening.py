"""Opening the session log: settings for durability, schema checks, and damaged files.

The settings, and why:

- ``journal_mode = WAL``: a commit appends to the ``-wal`` file and never rewrites pages of the
  database in place, so a power cut in the middle of a write leaves the last committed state
  intact; readers (``facepacer history``) and the writer (the device) do not block each other.
  WAL is recorded in the file, so every later connection uses it too.
- ``synchronous = FULL``: in WAL mode, FULL syncs the ``-wal`` file at every commit, so a commit
  that returned survives a power cut (NORMAL would stay consistent but could lose the last
  commits). The log commits once per step, a few times a minute, so the cost of a sync is
  nothing next to losing a finished step.
- A busy timeout: the only waits are for another writer's short transaction (each write is its
  own transaction, no lock is held between calls) or a checkpoint.
- ``foreign_keys = ON``: steps and faults go when their session is deleted.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional, Tuple

from facepacer.errors import NewerDatabase, StoreError
from facepacer.store import schema
from facepacer.store.explain import DAMAGED, kind, store_error

BUSY_TIMEOUT = 2.0  # seconds
MAGIC = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file


def connect(path: Path, timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
    """A connection in autocommit mode: the store opens its own transactions."""
    try:
        return sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise store_error(exc, path, "open") from exc


def prepare(
    conn: sqlite3.Connection,
    path: Optional[Path],
    *,
    quick_check: bool,
    timeout: float = BUSY_TIMEOUT,
) -> Optional[str]:
    """Check and migrate an open connection; returns why the file is damaged, or None.

    Raises NewerDatabase before anything is written, when the file comes from a newer facepacer,
    and StoreError when the file cannot be read or written for another reason.
    """
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        found = schema.version(conn)
    except sqlite3.DatabaseError as exc:
        if kind(exc) == DAMAGED:
            return str(exc)
        raise store_error(exc, path, "open") from exc
    if found > schema.LATEST:
        where = path if path else "(in memory)"
        raise NewerDatabase(
            f"the session log {where} was written by a newer facepacer (schema version {found}; "
            f"this one reads up to {schema.LATEST}). It was left untouched. Update facepacer, "
            "or point the log elsewhere (--db)."
        )
    try:
        if quick_check:
            # quick_check reads every page but skips matching indexes against their tables:
            # it finds a damaged file in a fraction of the time of integrity_check.
            rows = conn.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                return "; ".join(str(row[0]) for row in rows[:3])
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        schema.migrate(conn)
    except sqlite3.DatabaseError as exc:
        if kind(exc) == DAMAGED:
            return str(exc)
        raise store_error(exc, path, "open") from exc
    return None


def open_file(
    path: Path,
    *,
    recover: bool,
    clock_wall: Callable[[], datetime],
    timeout: float = BUSY_TIMEOUT,
) -> Tuple[sqlite3.Connection, Optional[str]]:
    """Open (creating it and its folder if needed) the log at ``path``; returns (conn, notice).

    With ``recover``, a damaged file is renamed ``<name>.corrupt-<UTC time>`` (its ``-wal`` and
    ``-shm`` files alongside), a new log is started, and ``notice`` says so for the user.
    Without it, a damaged file raises StoreError and stays where it is: only the device's own
    process recovers, never a reader that might run beside it.
    """
    if path.is_dir():
        raise StoreError(
            f"the session log {path} is a folder, not a file; give the log's own file, "
            f"like {path / 'sessions.db'}."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise store_error(exc, path, "create the folder of") from exc
    problem = header_problem(path)
    if problem is None:
        conn, problem = _prepared(path, timeout, quick_check=recover)
        if problem is None:
            return conn, None
    if not recover:
        raise StoreError(
            f"the session log {path} is damaged ({problem}). Start facepacer on the device: it "
            "keeps a damaged log aside as *.corrupt-<time> and starts a new one."
        )
    try:
        kept = move_aside(path, clock_wall())
    except OSError as exc:
        raise StoreError(
            f"the session log {path} is damaged ({problem}) and could not be renamed to keep it "
            f"aside: {exc}. Make {path.parent} writable, or move the file away yourself."
        ) from exc
    conn, again = _prepared(path, timeout, quick_check=False)
    if again is not None:
        raise StoreError(f"the new session log {path} cannot be started: {again}")
    notice = (
        f"The session log was damaged ({problem}). It was kept as {kept.name} beside it, "
        "and a new log was started."
    )
    return conn, notice


def _prepared(path: Path, timeout: float, quick_check: bool):
    """A connection made ready by ``prepare``, and None; or None and the problem found (the
    connection closed)."""
    conn = connect(path, timeout)
    try:
        problem = prepare(conn, path, quick_check=quick_check, timeout=timeout)
    except BaseException:
        conn.close()
        raise
    if problem is not None:
        conn.close()
        return None, problem
    return conn, None


def header_problem(path: Path) -> Optional[str]:
    """Why the file is plainly not an SQLite database, or None (also for no file or an empty one).

    Checked before SQLite opens the file: on closing a file it cannot read, SQLite deletes the
    ``-wal`` file beside it, which may hold the last committed sessions.
    """
    try:
        with open(path, "rb") as file:
            head = file.read(len(MAGIC))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise store_error(exc, path, "read") from exc
    if head and head != MAGIC:
        return "file is not a database"
    return None


def move_aside(path: Path, when: datetime) -> Path:
    """Rename a damaged log and its companions; returns the new name of the database file.

    The companions must go too: SQLite would replay a ``-wal`` file left under the old name into
    the new, empty log.
    """
    stamp = when.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.rename(path, target)
    # The -wal file holds committed pages of this database: it keeps the same base name.
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            os.rename(companion, f"{target}{suffix}")
    _sync_folder(path.parent)
    return target


def _sync_folder(folder: Path) -> None:
    # A rename is durable only once the folder itself is synced.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
