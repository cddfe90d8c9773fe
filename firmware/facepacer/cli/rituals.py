"""``facepacer rituals list | show | validate``: the rituals on hand, and whether a file is good."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Dict, List

from facepacer.cli import say
from facepacer.errors import RitualError, RitualNotFound
from facepacer.ritual import Library, Ritual, load_ritual, user_rituals_dir
from facepacer.ritual.checks import printable


def clock(seconds: float) -> str:
    """Seconds as m:ss (with tenths when the value has them)."""
    tenths = round(seconds * 10)
    minutes, rest = divmod(tenths, 600)
    if rest % 10 == 0:
        return f"{minutes}:{rest // 10:02d}"
    return f"{minutes}:{rest // 10:02d}.{rest % 10}"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "rituals",
        help="list, show and check ritual files",
        description=(
            "The rituals on hand: the shipped ones, then your own from "
            f"{user_rituals_dir()}. List them, show one step by step, or check ritual files."
        ),
    )
    parser.set_defaults(func=lambda args: _usage(parser))
    actions = parser.add_subparsers(dest="action", metavar="ACTION")

    listing = actions.add_parser(
        "list",
        help="the rituals on hand, with their length",
        description=(
            "Print each ritual's id, title, number of steps and total time (m:ss). Files that "
            "cannot be used are skipped, and why is printed on stderr."
        ),
    )
    _dir_option(listing)
    listing.set_defaults(func=_list)

    show = actions.add_parser(
        "show",
        help="one ritual, step by step",
        description=(
            "Print one ritual's steps, each with the time it starts (m:ss), its zone, side, "
            "strokes, how it advances, its title and what it says."
        ),
    )
    show.add_argument("ritual", metavar="ID|PATH", help="a ritual's id, or the path to a file")
    _dir_option(show)
    show.set_defaults(func=_show)

    validate = actions.add_parser(
        "validate",
        help="check ritual files; exit 0 when all are valid",
        description=(
            "Check each FILE against ritual format 1. Prints 'OK FILE' for a valid file and, for "
            "the others, every problem as FILE:LINE:COL: message, all on stdout. Files given "
            "together must not share an id. Exit status: 0 when every file is valid, 1 otherwise."
        ),
    )
    validate.add_argument("files", metavar="FILE", nargs="+", help="ritual files (.yaml)")
    validate.set_defaults(func=_validate)


def _dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dir",
        dest="dirs",
        action="append",
        default=[],
        metavar="DIR",
        help="also load the rituals in DIR (may be repeated)",
    )


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _library(args: argparse.Namespace) -> Library:
    library = Library.load(extra_dirs=args.dirs)
    for warning in library.warnings:
        say.warning(warning, "rituals")
    return library


def _list(args: argparse.Namespace) -> int:
    library = _library(args)
    rows = [("ID", "TITLE", "STEPS", "TIME")]
    rows += [(r.id, r.title, str(len(r.steps)), clock(r.total_seconds)) for r in library]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]:>5}")
    return 0


def _show(args: argparse.Namespace) -> int:
    # Warnings about other files are noise here; they matter only when the one asked for is
    # missing, since it may be among the files skipped.
    library = Library.load(extra_dirs=args.dirs)
    try:
        ritual = library.resolve(args.ritual)
    except RitualNotFound as exc:
        say.error(str(exc), "rituals show")
        for warning in library.warnings:
            say.warning(warning, "rituals show")
        return 1
    except RitualError as exc:
        say.error("\n".join(exc.problems), "rituals show")
        return 1
    _print_ritual(ritual)
    return 0


def _print_ritual(ritual: Ritual) -> None:
    print(f"{ritual.title} ({ritual.id}), {len(ritual.steps)} steps, {clock(ritual.total_seconds)}")
    if ritual.summary:
        print(ritual.summary)
    print(f"from {ritual.source}")
    for number, (start, step) in enumerate(zip(ritual.step_starts(), ritual.steps), start=1):
        details = [step.zone, f"{step.seconds:g} s", f"side {step.side}"]
        if step.strokes:
            details.append(f"{step.strokes} strokes")
        details.append("waits for a tap" if step.advance == "touch" else "on a timer")
        print()
        print(f"{clock(start):>6}  {number}. {step.title}  [{', '.join(details)}]")
        print(f"        {step.say}")
        for name, path in (("picture", step.image), ("recorded voice", step.voice)):
            if path:
                print(f"        {name}: {path}")


def _validate(args: argparse.Namespace) -> int:
    seen: Dict[str, str] = {}
    speech = _Speech()
    all_valid = True
    installed = Library.load()
    for name in args.files:
        problems: List[str] = []
        try:
            ritual = load_ritual(name)
        except RitualError as exc:
            problems = exc.problems
        else:
            if ritual.id in seen:
                problems = [
                    f"{printable(name)}:{ritual.id_line}:1: the id '{ritual.id}' is already "
                    f"used by {printable(seen[ritual.id])}; ids must be unique: give this "
                    "ritual another id"
                ]
            else:
                seen[ritual.id] = name
        if problems:
            all_valid = False
            print("\n".join(problems))
        else:
            print(f"OK {printable(name)}")
            _warn_of_installed(ritual, name, installed)
            for warning in _long_lines(printable(name), ritual, speech):
                print(warning)
    return 0 if all_valid else 1


def _warn_of_installed(ritual: Ritual, name: str, installed: Library) -> None:
    """An installed ritual (shipped, or in the user's folder) with the same id, in another file:
    installed beside it, this file would be skipped, so the author hears of it now."""
    here = Path(name).resolve()
    for other in installed:
        source = Path(str(other.source)).resolve() if other.source else None
        if other.id == ritual.id and source != here:
            say.warning(
                f"{name}:{ritual.id_line}:1: the id '{ritual.id}' is already used by the "
                f"installed ritual in {other.source}; installed, this file would be skipped: "
                "give it another id",
                "rituals validate",
            )


class _Speech:
    """What ``validate`` needs to time spoken lines: the voice settings and espeak-ng, if any."""

    def __init__(self) -> None:
        from facepacer.config import load_config
        from facepacer.paths import cache_dir
        from facepacer.speech.synth import Synth, find_espeak

        self.config = load_config()[0].voice
        program = find_espeak()
        self.synth = Synth(program, cache_dir() / "speech") if program else None
        self.said_missing = False


def _long_lines(name: str, ritual: Ritual, speech: _Speech) -> List[str]:
    """A warning for each step whose spoken line runs longer than the step itself."""
    from facepacer.speech.length import line_seconds
    from facepacer.speech.synth import spoken_lines

    speak = speech.config.speak if speech.config.speak != "off" else "both"
    warnings = []
    for line in spoken_lines(ritual, speak):
        step = ritual.steps[line.step]
        if line.file is None and speech.synth is None:
            if not speech.said_missing:
                speech.said_missing = True
                say.warning("espeak-ng is not installed, so how long the spoken lines last is "
                            "not checked", "rituals validate")  # fmt: skip
            continue
        seconds = line_seconds(line, speech.config, speech.synth)
        if seconds is not None and seconds > step.seconds:
            what = "its voice file" if line.file else "its spoken line"
            warnings.append(
                f"{name}:{step.line}:1: warning: step {line.step + 1} lasts {step.seconds:g} s "
                f"but {what} takes {seconds:.1f} s; shorten the words or give the step more time"
            )
    return warnings
