"""One voice on the terminal: every message on stderr reads ``facepacer: error: ...``,
``facepacer: warning: ...``, or with the subcommand, ``facepacer history: error: ...``.

The command-line modules write their errors and warnings through :func:`error` and
:func:`warning`; :func:`route_logging` sends the warnings the library logs (a bad theme, a
missing font) through the same door, so nothing reaches the terminal in another form.
"""

from __future__ import annotations

import logging
import sys
from typing import Optional, TextIO

from facepacer.ritual.checks import printable

ERROR, WARNING = "error", "warning"


def prefix(command: str = "") -> str:
    """``facepacer:`` or ``facepacer history:``."""
    return f"facepacer {command}:" if command else "facepacer:"


def line(kind: str, message: str, command: str = "") -> str:
    """One message as printed, without its newline."""
    return f"{prefix(command)} {kind}: {message}"


def error(message: str, command: str = "", *, err: Optional[TextIO] = None) -> None:
    """Print an error on stderr (or ``err``), one line per line of ``message``."""
    _say(ERROR, message, command, err)


def warning(message: str, command: str = "", *, err: Optional[TextIO] = None) -> None:
    _say(WARNING, message, command, err)


def _say(kind: str, message: str, command: str, err: Optional[TextIO]) -> None:
    stream = sys.stderr if err is None else err
    for text in message.splitlines() or [""]:
        # A path may hold bytes that are not text, or escape codes: never written raw.
        stream.write(line(kind, printable(text), command) + "\n")
    stream.flush()


class _Voice(logging.Handler):
    """Log records of warning level and up, said as the command's own warnings and errors."""

    def __init__(self, command: str):
        super().__init__(logging.WARNING)
        self.command = command

    def emit(self, record: logging.LogRecord) -> None:
        try:
            kind = ERROR if record.levelno >= logging.ERROR else WARNING
            _say(kind, record.getMessage(), self.command, None)
        except Exception:  # a handler must never raise into the code that logged
            self.handleError(record)


def route_logging(command: str = "") -> None:
    """Say the package's logged warnings in the command's voice (once per process)."""
    root = logging.getLogger("facepacer")
    for handler in list(root.handlers):
        if isinstance(handler, _Voice):
            root.removeHandler(handler)
    root.addHandler(_Voice(command))
