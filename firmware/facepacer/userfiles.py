"""Opening a file that a user names, one rule for every path the program reads.

A path in a setting, a ritual or on the command line can name anything: a folder, a FIFO (opening
it waits for a writer for ever), a device node (opening some has side effects, reading others
never ends), a socket, or a file far larger than it should be. So a user's file is looked at
before it is opened (a FIFO or a device is never opened at all), opened without blocking, and
looked at again through the open descriptor (the path may have been swapped meanwhile), and at
most ``limit`` bytes are ever read. A symbolic link to a regular file is followed: that is how
people keep one config or picture in two places.

Every refusal is a ``UserFileError`` (an ``OSError``) whose message names the path and what it
is: "is a FIFO, not a file", never "no such file" for something that is there.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO, Union

from facepacer.errors import FacepacerError
from facepacer.paths import kind_of_file

PathLike = Union[str, "os.PathLike[str]"]
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)


class UserFileError(FacepacerError, OSError):
    """A user's file was refused or could not be read; the message names it and says why,
    ``reason`` says only why ("it is a FIFO, not a file"), for messages that name the file
    their own way."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason or message

    def __str__(self) -> str:
        return str(self.args[0])


class MissingFile(UserFileError, FileNotFoundError):
    """Nothing is at the path (or a folder on the way to it is missing)."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message, reason)
        self.errno, self.strerror = errno.ENOENT, os.strerror(errno.ENOENT)


def shown_path(path: PathLike) -> str:
    """A path as it is safe to print: control characters and undecodable bytes escaped."""
    text = os.fsdecode(path)
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


def kind_problem(path: PathLike, what: str = "the file") -> Union[str, None]:
    """Why ``path`` is not a regular file (a folder, a FIFO, a device, a socket, missing), or
    None. Only ``stat`` is used: nothing is opened."""
    refused = refusal(path, what)
    return str(refused) if refused is not None else None


def refusal(path: PathLike, what: str) -> Union[UserFileError, None]:
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return _error(path, what, ": there is no such file", MissingFile)
    except OSError as exc:
        return _error(path, what, f" cannot be read: {exc.strerror or exc}")
    return _not_regular(mode, path, what)


def _not_regular(mode: int, path: PathLike, what: str) -> Union[UserFileError, None]:
    if stat.S_ISREG(mode):
        return None
    return _error(path, what, f" is {kind_of_file(mode)}, not a file")


def _error(path: PathLike, what: str, tail: str, kind=UserFileError) -> UserFileError:
    """The error for ``what`` at ``path``; ``tail`` follows the path (" is a FIFO, not a file")."""
    reason = tail[2:] if tail.startswith(": ") else f"it{tail}"
    return kind(f"{what} {shown_path(path)}{tail}", reason)


def _from_os(exc: OSError, error: UserFileError) -> UserFileError:
    """``error`` keeping the system's errno and words of ``exc`` (permission denied...)."""
    error.errno, error.strerror = exc.errno, exc.strerror
    return error


def open_file(path: PathLike, *, limit: int, what: str = "the file") -> BinaryIO:
    """``path`` opened for reading in binary, once it is known to be a regular file of at most
    ``limit`` bytes; raises ``UserFileError`` (``MissingFile`` when nothing is there)."""
    refused = refusal(path, what)
    if refused is not None:
        raise refused
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError as exc:
        raise _error(path, what, ": there is no such file", MissingFile) from exc
    except OSError as exc:
        raise _from_os(
            exc, _error(path, what, f" cannot be opened: {exc.strerror or exc}")
        ) from exc
    try:
        info = os.fstat(fd)
        refused = _not_regular(info.st_mode, path, what)  # swapped since the stat above
        if refused is None and info.st_size > limit:
            refused = _too_big(path, what, info.st_size, limit)
        if refused is not None:
            raise refused
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _too_big(path: PathLike, what: str, size: int, limit: int) -> UserFileError:
    return _error(path, what, f" is {size} bytes; at most {limit} bytes are read")


def read_bytes(path: PathLike, *, limit: int, what: str = "the file") -> bytes:
    """The whole content of a user's regular file of at most ``limit`` bytes."""
    with open_file(path, limit=limit, what=what) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise _from_os(
                exc, _error(path, what, f" cannot be read: {exc.strerror or exc}")
            ) from exc
    if len(data) > limit:  # it grew after it was looked at
        raise _too_big(path, what, len(data), limit)
    return data


def read_text(
    path: PathLike, *, limit: int, what: str = "the file", encoding: str = "utf-8"
) -> str:
    """The text of a user's file; a file that is not ``encoding`` is a ``UserFileError``."""
    data = read_bytes(path, limit=limit, what=what)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        tail = f": it is not {encoding.upper()} text (byte {exc.start})"
        raise _error(path, what, tail) from exc


def writable_target(path: PathLike, what: str = "the file") -> Union[str, None]:
    """Why a file about to be replaced by a new version must not be (it is a folder, a FIFO, a
    device or a socket), or None; nothing there yet is fine."""
    if not os.path.lexists(path):
        return None
    problem = kind_problem(Path(path), what)
    if problem is not None and problem.endswith("there is no such file"):
        return None  # a dangling link: the new file is written where it points
    return problem
