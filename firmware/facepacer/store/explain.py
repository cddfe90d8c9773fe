"""Turn what SQLite or the OS reports into a StoreError that says what to do."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import Optional

from facepacer.errors import StoreError

READ_ONLY, CANT_OPEN, FULL, LOCKED, DAMAGED, IO, TOO_LONG, LOOP = (
    "read-only", "cannot open", "full", "locked", "damaged", "io", "too long", "loop",
)  # fmt: skip

# Python 3.11 gives ``sqlite_errorname``; older versions only the message. Both are matched.
_BY_NAME = {
    "SQLITE_READONLY": READ_ONLY,
    "SQLITE_PERM": READ_ONLY,
    "SQLITE_CANTOPEN": CANT_OPEN,
    "SQLITE_FULL": FULL,
    "SQLITE_BUSY": LOCKED,
    "SQLITE_LOCKED": LOCKED,
    "SQLITE_CORRUPT": DAMAGED,
    "SQLITE_NOTADB": DAMAGED,
    "SQLITE_IOERR": IO,
}
_BY_MESSAGE = (
    ("readonly database", READ_ONLY),
    ("unable to open database file", CANT_OPEN),
    ("disk is full", FULL),
    ("is locked", LOCKED),
    ("malformed", DAMAGED),
    ("not a database", DAMAGED),
    ("disk i/o error", IO),
)
_BY_ERRNO = {
    errno.EACCES: READ_ONLY,
    errno.EPERM: READ_ONLY,
    errno.EROFS: READ_ONLY,
    errno.ENOSPC: FULL,
    errno.EDQUOT: FULL,
    errno.ENAMETOOLONG: TOO_LONG,
    errno.ELOOP: LOOP,
}


# What a read or write of the log can raise. The sqlite3 module decodes SQLite's own messages as
# UTF-8: a damaged schema whose names are not text comes out as UnicodeDecodeError.
DB_ERRORS = (sqlite3.Error, UnicodeDecodeError)


def kind(exc: BaseException) -> Optional[str]:
    """The kind of failure (one of the constants above), or None when it is none of them."""
    if isinstance(exc, UnicodeDecodeError):
        return DAMAGED
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", "") or ""
        for prefix, found in _BY_NAME.items():
            if name == prefix or name.startswith(prefix + "_"):
                return found
        message = str(exc).lower()
        for fragment, found in _BY_MESSAGE:
            if fragment in message:
                return found
        return None
    if isinstance(exc, OSError):
        return _BY_ERRNO.get(exc.errno or 0, IO)
    return None


# Below this much free space, an I/O error is the disk being full: SQLite reports a failed write
# of its shared-memory or -wal file as "disk I/O error", not as "disk is full".
NEARLY_FULL = 1024 * 1024  # bytes


def _nearly_full(folder: Path) -> bool:
    try:
        info = os.statvfs(folder)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < NEARLY_FULL


def store_error(exc: BaseException, path: Optional[Path], doing: str) -> StoreError:
    """A StoreError for ``exc``, met while ``doing`` (a verb: "open", "write to", "read")."""
    where = str(path) if path else "(in memory)"
    folder = str(path.parent) if path else "its folder"
    found = kind(exc)
    if found == IO and path is not None and _nearly_full(path.parent):
        found = FULL
    if found == READ_ONLY:
        advice = (
            f"the file or its folder is read-only for this user. Make {folder} and the file "
            "writable by the user that runs facepacer, or point the log elsewhere (--db)."
        )
    elif found == CANT_OPEN:
        advice = (
            f"the folder {folder} cannot be written by this user or is not a folder. Check "
            "its owner and permissions, or point the log elsewhere (--db)."
        )
    elif found == FULL:
        advice = f"the disk is full. Free some space on it (see: df -h {folder})."
    elif found == LOCKED:
        advice = (
            "another program kept it locked for too long. Close other facepacer commands "
            "that use this log and try again."
        )
    elif found == DAMAGED:
        advice = (
            "the file is damaged. Start facepacer on the device: it keeps a damaged log aside "
            "as *.corrupt-<time> and starts a new one."
        )
    elif found == TOO_LONG:
        advice = "the path is too long for the file system. Give a shorter one (--db)."
    elif found == LOOP:
        advice = (
            "it is a symbolic link that leads round in a loop. Point the log at the file "
            "itself (--db)."
        )
    elif found == IO:
        advice = "the storage reported an error. Check the SD card (dmesg shows the details)."
    else:
        advice = (
            "the reason is SQLite's, just before. If it stays, check the file with "
            f"sqlite3 {where} 'PRAGMA integrity_check', or point the log elsewhere (--db)."
        )
    return StoreError(f"cannot {doing} the session log {where}: {exc}; {advice}")
