"""``facepacer config path|show|validate``: where the settings live, what is in effect, and why.

``validate`` prints the same ``FILE:LINE:COL: message`` lines the device warns with when it
starts, and exits 1 on any, so a settings file can be checked before the device reads it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from facepacer.cli import say


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "config",
        help="where the settings file is, the settings in effect, or check a settings file",
        description="The settings file: its path, the settings in effect with where each came "
        "from (the default, or FILE:LINE), or a check of a file.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    path = actions.add_parser("path", help="print the settings file's path")
    path.set_defaults(func=_path)
    show = actions.add_parser("show", help="every setting in effect, and where it came from")
    show.add_argument("file", nargs="?", metavar="FILE", help="default: the settings file")
    show.set_defaults(func=_show)
    validate = actions.add_parser(
        "validate", help="FILE:LINE:COL: message for each problem; exit 1 if there is any"
    )
    validate.add_argument("file", nargs="?", metavar="FILE", help="default: the settings file")
    validate.set_defaults(func=_validate)
    parser.set_defaults(func=lambda args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_usage(sys.stderr)
    say.error("say path, show or validate", "config")
    return 2


def _target(args: argparse.Namespace) -> Path:
    from facepacer.config import config_path

    return Path(args.file) if args.file else config_path()


def _nothing_at(target: Path) -> bool:
    """Whether no settings file is there at all; a link that loops or a folder that cannot be
    looked in is something (``load_config`` says what), not the absence ``Path.exists`` calls
    it."""
    try:
        os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def _path(args: argparse.Namespace) -> int:
    from facepacer.config import config_path

    print(config_path())
    return 0


def _show(args: argparse.Namespace) -> int:
    from facepacer.config import load_config
    from facepacer.settings_shown import flattened, sources, spelled

    target = _target(args)
    config, warnings = load_config(args.file)
    for warning in warnings:
        say.warning(warning, "config")
    origin = sources(config, target, warnings)
    rows = [(name, spelled(name, value), origin[name]) for name, value in flattened(config)]
    name_width = max(len(r[0]) for r in rows)
    value_width = min(24, max(len(r[1]) for r in rows))
    if _nothing_at(target):
        print(f"# no settings file at {target}: every setting is its default")
    for name, value, source in rows:
        print(f"{name:<{name_width}}  {value:<{value_width}}  {source}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from facepacer.config import load_config

    target = _target(args)
    if args.file is None and _nothing_at(target):
        print(f"no settings file at {target}: every setting is its default")
        return 0
    _, warnings = load_config(target)
    for warning in warnings:
        print(warning)
    if warnings:
        return 1
    print(f"OK {target}")
    return 0
