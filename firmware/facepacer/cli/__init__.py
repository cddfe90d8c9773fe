"""The ``facepacer`` command: each subcommand is a module with a ``register`` function."""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional

from facepacer import __version__

# Modules that add a subcommand: each has ``register(subparsers)``, which adds its parser and sets
# ``func`` to a callable taking the parsed args and returning the exit status.
SUBCOMMANDS = ("run", "rituals", "history", "probe", "screenshot", "doctor", "config")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facepacer",
        description="Paces a facial-massage ritual at the mirror: touch pad, buzzer and screen.",
    )
    parser.add_argument("--version", action="version", version=f"facepacer {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib

    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"facepacer.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"facepacer.cli.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """The command's exit status: 0 done, 1 failed, 2 misused, 130 stopped by Ctrl-C."""
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
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)  # no command is a usage error, like argparse's own
        return 2
    return int(args.func(args) or 0)
