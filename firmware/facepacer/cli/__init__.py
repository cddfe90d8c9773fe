"""The ``facepacer`` command: each subcommand is a module with a ``register`` function."""

from __future__ import annotations

import argparse
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
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # ``facepacer history | head``: the reader left; not an error worth a traceback.
        sys.stderr.close()
        return 0
