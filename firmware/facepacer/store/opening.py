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
import stat
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional, Tuple
from urllib.parse import quote

from facepacer.errors import NewerDatabase, StoreError
from facepacer.paths import kind_of_file
from facepacer.store import schema
from facepacer.store.explain import CANT_OPEN, DAMAGED, READ_ONLY, kind, store_error

BUSY_TIMEOUT = 2.0  # seconds
MAGIC = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file
COMPANIONS = ("-wal", "-shm", "-journal")  # files SQLite keeps beside a database


def connect(
    path: Path, timeout: float = BUSY_TIMEOUT, *, read_only: bool = False, immutable: bool = False
) -> sqlite3.Connection:
    """A connection in autocommit mode: the store opens its own transactions.

    ``read_only`` opens the file for reading only (no migration, nothing written to it);
    ``immutable`` also tells SQLite that nothing changes the file meanwhile, which lets it read a
    log in a folder this user cannot write, where it could not make its shared-memory file.
    """
    try:
        if not read_only:
            conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        else:
            options = "mode=ro&immutable=1" if immutable else "mode=ro"
            uri = f"file:{quote(str(path))}?{options}"
            conn = sqlite3.connect(uri, timeout=timeout, isolation_level=None, uri=True)
    except sqlite3.Error as exc:
        raise store_error(exc, path, "open") from exc
    return conn


def text(data: bytes) -> str:
    """Text as stored, for a connection that met bytes that are not UTF-8 (a damaged page, or an
    edit): they come out as U+FFFD instead of an exception that no caller expects from a read."""
    return data.decode("utf-8", "replace")


def prepare(
    conn: sqlite3.Connection,
    path: Optional[Path],
    *,
    quick_check: bool,
    timeout: float = BUSY_TIMEOUT,
    read_only: bool = False,
) -> Optional[str]:
    """Check and migrate an open connection; returns why the file is damaged, or None.

    Raises NewerDatabase before anything is written, when the file comes from a newer facepacer,
    and StoreError when the file is another program's database or cannot be read or written for
    another reason. ``read_only`` checks without writing: an older log is read as it is.
    """
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        found = schema.version(conn)
        _check_owner(conn, path, found)
        if found < 0:
            return f"schema version {found} in its header is not one facepacer writes"
        if quick_check:
            # quick_check reads every page but skips matching indexes against their tables:
            # it finds a damaged file in a fraction of the time of integrity_check.
            rows = conn.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                return "; ".join(str(row[0]) for row in rows[:3])
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            schema.migrate(conn)
            found = min(schema.version(conn), schema.LATEST)
        return schema.problem(conn, found)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if kind(exc) == DAMAGED:
            return str(exc)
        raise store_error(exc, path, "open") from exc


def _check_owner(conn: sqlite3.Connection, path: Optional[Path], found: int) -> None:
    """Raise unless the file may be used as the log: never one from a newer facepacer, never
    another program's database (both are left exactly as they are)."""
    where = path if path else "(in memory)"
    if found > schema.LATEST:
        raise NewerDatabase(
            f"the session log {where} was written by a newer facepacer (schema version {found}; "
            f"this one reads up to {schema.LATEST}). It was left untouched. Update facepacer, "
            "or point the log elsewhere (--db)."
        )
    if schema.is_foreign(conn):
        raise StoreError(
            f"the session log {where} is not a facepacer session log: it is another program's "
            f"SQLite database. It was left as it is. {_ELSEWHERE}"
        )


_ELSEWHERE = "Point the log at a file of its own (--db, or db: in the config file)."


def file_problem(path: Path) -> Optional[str]:
    """Why ``path`` can never hold the log (a folder, a device, a FIFO, a socket), or None.

    Checked before anything opens the file: opening a FIFO waits for a writer for ever, and
    SQLite would create its journal beside a device node and rename it if it looked damaged.
    The companions SQLite keeps beside the log are checked too.
    """
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in COMPANIONS)):
        try:
            mode = os.stat(candidate).st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue  # nothing there yet (a missing folder is made, or said, later)
        except OSError as exc:
            raise store_error(exc, path, "read") from exc
        if stat.S_ISREG(mode):
            continue
        if stat.S_ISDIR(mode) and candidate == path:
            return (
                f"the session log {path} is a folder, not a file; give the log's own file, "
                f"like {path / 'sessions.db'}."
            )
        what = kind_of_file(mode)
        named = "the session log" if candidate == path else "the session log's companion"
        return (
            f"{named} {candidate} is not a regular file ({what}); it was left as it is. "
            + _ELSEWHERE
        )
    return None


def open_file(
    path: Path,
    *,
    recover: bool,
    clock_wall: Callable[[], datetime],
    timeout: float = BUSY_TIMEOUT,
    read_only: bool = False,
) -> Tuple[sqlite3.Connection, Optional[str]]:
    """Open (creating it and its folder if needed) the log at ``path``; returns (conn, notice).

    With ``recover``, a damaged log (a regular file with SQLite's header, its own or in its
    place) is renamed ``<name>.corrupt-<UTC time>`` (its ``-wal`` and ``-shm`` files alongside),
    a new log is started, and ``notice`` says so for the user. Anything else that is not a log
    (a device, a FIFO, a folder, a file that is not SQLite, another program's database) is
    refused and never touched. Without ``recover``, a damaged file raises StoreError and stays
    where it is: only the device's own process recovers, never a reader that might run beside
    it. ``read_only`` (readers) opens the file for reading only and never creates it.
    """
    refused = file_problem(path)
    if refused:
        raise StoreError(refused)
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise store_error(exc, path, "create the folder of") from exc
    problem = header_problem(path)
    if problem is not None:
        raise StoreError(
            f"the session log {path} is not a facepacer session log ({problem}); it was left "
            f"as it is. {_ELSEWHERE}"
        )
    problem = None
    if recover and _has_content(path):
        # Looked at through a read-only connection first: a writer closing a database it
        # cannot read deletes the -wal file beside it, which may hold the last sessions.
        probe, problem = _prepared(path, timeout, quick_check=True, read_only=True)
        if probe is not None:
            probe.close()
    if problem is None:
        conn, problem = _prepared(path, timeout, quick_check=False, read_only=read_only)
        if problem is None:
            return conn, None
    if not recover:
        raise StoreError(
            f"the session log {path} is damaged ({problem}). Start facepacer on the device: it "
            "keeps a damaged log aside as *.corrupt-<time> and starts a new one."
        )
    return _start_again(path, problem, clock_wall(), timeout)


def _start_again(
    path: Path, problem: str, when: datetime, timeout: float
) -> Tuple[sqlite3.Connection, str]:
    """Keep a damaged log aside and start a new one; returns its connection and the notice."""
    try:
        kept = move_aside(path, when)
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


def _prepared(path: Path, timeout: float, *, quick_check: bool, read_only: bool = False):
    """A connection made ready by ``prepare``, and None; or None and the problem found (the
    connection closed). A reader that cannot open the log for lack of a writable folder reads
    it as immutable, when no ``-wal`` file holds changes that would then be missed."""
    conn = connect(path, timeout, read_only=read_only)
    try:
        problem = prepare(conn, path, quick_check=quick_check, timeout=timeout,
                          read_only=read_only)  # fmt: skip
    except StoreError as exc:
        conn.close()
        blocked = kind(exc.__cause__) in (READ_ONLY, CANT_OPEN) if exc.__cause__ else False
        if not (read_only and blocked and not Path(f"{path}-wal").exists()):
            raise
        conn = connect(path, timeout, read_only=True, immutable=True)
        try:
            problem = prepare(conn, path, quick_check=False, timeout=timeout, read_only=True)
        except BaseException:
            conn.close()
            raise
    except BaseException:
        conn.close()
        raise
    if problem is not None:
        conn.close()
        return None, problem
    return conn, None


def _has_content(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


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
        return "it is not an SQLite file"
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
