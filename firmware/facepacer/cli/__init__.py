"""The ``facepacer`` command: each subcommand is a module with a ``register`` function."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import os
import sys
from typing import List, Optional

from facepacer import __version__
from facepacer.cli import say

# Modules that add a subcommand: each has ``register(subparsers)``, which adds its parser and sets
# ``func`` to a callable taking the parsed args and returning the exit status.
SUBCOMMANDS = ("run", "rituals", "history", "probe", "screenshot", "doctor", "config")
ALSO = {"sim": "run"}  # subcommands a module adds beside the one named after it


def build_parser(command: Optional[str] = None) -> argparse.ArgumentParser:
    """The parser of every subcommand; with ``command``, of that one only, when it is known,
    so that a start imports none of the other subcommands' modules (bench/bench_start.py)."""
    parser = argparse.ArgumentParser(
        prog="facepacer",
        description="Paces a facial-massage ritual at the mirror: touch pad, buzzer and screen.",
    )
    parser.add_argument("--version", action="version", version=f"facepacer {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib

    module_of = {**{name: name for name in SUBCOMMANDS}, **ALSO}
    for name in [module_of[command]] if command in module_of else SUBCOMMANDS:
        try:
            module = importlib.import_module(f"facepacer.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"facepacer.cli.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def commands(parser: argparse.ArgumentParser) -> List[str]:
    """The subcommands ``parser`` knows, in the order they were added."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def unknown_command(word: str, known: List[str]) -> Optional[str]:
    """The error for a first word that is no command, with the likely one; None when it is."""
    if word.startswith("-") or word in known:
        return None
    starting = [name for name in known if name.startswith(word)]
    close = starting[:1] or difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    guess = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown command '{word}'{guess} (commands: {', '.join(known)})"


def _tolerant_output() -> None:
    """Let stdout and stderr write any text: a terminal or pipe whose encoding lacks a character
    (PYTHONIOENCODING=ascii, a Latin-1 locale) gets its escape (\\u00e4) instead of a
    UnicodeEncodeError out of the middle of a table. Titles come from files and the log, so
    they may hold anything."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="backslashreplace")


def main(argv: Optional[List[str]] = None) -> int:
    """The command's exit status: 0 done, 1 failed, 2 misused, 130 stopped by Ctrl-C."""
    _tolerant_output()
    try:
        try:
            return _dispatch(argv)
        finally:
            sys.stdout.flush()  # a reader that left shows here, inside the try, not at exit
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # ``facepacer history | head``: the reader has what it wanted; not an error. Python's
        # recipe: point stdout at /dev/null, so the flush at exit has nowhere left to fail.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _dispatch(argv: Optional[List[str]]) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(words[0] if words else None)
    if words and words[0] not in commands(parser):
        parser = build_parser()  # its module failed to load: say what the commands are
    problem = unknown_command(words[0], commands(parser)) if words else None
    if problem:
        parser.print_usage(sys.stderr)
        say.error(problem)
        return 2
    args = parser.parse_args(words)
    say.route_logging(getattr(args, "command", None) or "")
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)  # no command is a usage error, like argparse's own
        return 2
    return int(args.func(args) or 0)
