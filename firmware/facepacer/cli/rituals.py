"""``facepacer rituals list | show | validate``: the rituals on hand, and whether a file is good."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from facepacer.cli import say
from facepacer.errors import RitualError, RitualNotFound
from facepacer.ritual import Library, Ritual, RitualText, load_ritual, user_rituals_dir
from facepacer.ritual.checks import printable
from facepacer.ritual.language import EXAMPLE, base, requested, written
from facepacer.ritual.model import Advance
from facepacer.ritual.translations import known
from facepacer.ritual.yamlread import shown


def clock(seconds: float) -> str:
    """Seconds as m:ss (with tenths when the value has them)."""
    tenths = round(seconds * 10)
    minutes, rest = divmod(tenths, 600)
    if rest % 10 == 0:
        return f"{minutes}:{rest // 10:02d}"
    return f"{minutes}:{rest // 10:02d}.{rest % 10}"


def counted(count: int, noun: str) -> str:
    """``1 step``, ``7 steps``: the command line speaks English, with its plural."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


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
    _language_option(listing)
    listing.set_defaults(func=_list)

    show = actions.add_parser(
        "show",
        help="one ritual, step by step",
        description=(
            "Print one ritual's steps, each with the time it starts (m:ss), its zone, side, "
            "strokes, how it advances, its title and what it says, and the languages it has."
        ),
    )
    show.add_argument("ritual", metavar="ID|PATH", help="a ritual's id, or the path to a file")
    _dir_option(show)
    _language_option(show)
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


def _language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--language",
        metavar="CODE",
        help="the words in this language (like de or de_AT) where a ritual has them; "
        "otherwise a warning, and its own words",
    )


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _library(args: argparse.Namespace) -> Library:
    library = Library.load(extra_dirs=args.dirs)
    for warning in library.warnings:
        say.warning(warning, "rituals")
    return library


def language_name(code: str) -> str:
    """A language code with its name in English, like ``de (German)``."""
    from babel import Locale

    try:
        return f"{code} ({Locale.parse(code).get_display_name('en')})"
    except (ValueError, TypeError, LookupError):
        return code


def _asked(language: Optional[str], command: str) -> Optional[str]:
    """The ``--language`` code in its one spelling; None (warned of) when it names no language."""
    if language is None:
        return None
    code = written(requested(language))
    if code is None or not known(code):
        say.warning(f"{shown(language)} is not a language code known here (write one like "
                    f"{EXAMPLE}); the rituals are shown in their own words", command)  # fmt: skip
        return None
    return code


def _in_language(ritual: Ritual, code: Optional[str], command: str) -> Ritual:
    """``ritual`` in the words of ``code``; its own words, with a warning, when it has none."""
    if code is None:
        return ritual
    translated = ritual.in_language(code)
    if translated is ritual and base(code) != base(ritual.language):
        say.warning(f"the ritual {shown(ritual.id)} has no words in {language_name(code)}; "
                    f"shown in its own, {language_name(ritual.language)}", command)  # fmt: skip
    return translated


def _list(args: argparse.Namespace) -> int:
    library = _library(args)
    code = _asked(args.language, "rituals")
    shown_rituals = [_in_language(ritual, code, "rituals") for ritual in library]
    rows = [("ID", "TITLE", "STEPS", "TIME")]
    rows += [(r.id, r.title, str(len(r.steps)), clock(r.total_seconds)) for r in shown_rituals]
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
    code = _asked(args.language, "rituals show")
    _print_ritual(_in_language(ritual, code, "rituals show"), ritual.languages)
    return 0


def _print_ritual(ritual: Ritual, languages: Tuple[str, ...]) -> None:
    steps = counted(len(ritual.steps), "step")
    print(f"{ritual.title} ({ritual.id}), {steps}, {clock(ritual.total_seconds)}")
    if ritual.summary:
        print(ritual.summary)
    print(f"from {ritual.source}")
    print(f"languages: {', '.join(language_name(code) for code in languages)}")
    for number, (start, step) in enumerate(zip(ritual.step_starts(), ritual.steps), start=1):
        details = [step.zone, f"{step.seconds:g} s", f"side {step.side}"]
        if step.strokes:
            details.append(counted(step.strokes, "stroke"))
        details.append("waits for a tap" if step.advance == Advance.TOUCH else "on a timer")
        print()
        print(f"{clock(start):>6}  {number}. {step.title}  [{', '.join(details)}]")
        print(f"        {step.say}")
        for name, path in (("picture", step.image), ("recorded voice", step.voice)):
            if path:
                print(f"        {name}: {path}")


def _validate(args: argparse.Namespace) -> int:
    speech = _Speech()
    installed = Library.load()
    loaded: List[Tuple[str, Optional[Ritual], List[str]]] = []
    for name in args.files:
        try:
            loaded.append((name, load_ritual(name), []))
        except RitualError as exc:
            loaded.append((name, None, list(exc.problems)))
    owners = _id_owners(loaded, installed)
    all_valid = True
    for name, ritual, problems in loaded:
        if ritual is not None:
            problems = _id_clash(name, ritual, owners, installed)
        if ritual is None or problems:  # not loaded: its RitualError said why
            all_valid = False
            print("\n".join(problems))
            continue
        print(f"OK {printable(name)}")
        for warning in _long_lines(printable(name), ritual, speech):
            print(warning)
    return 0 if all_valid else 1


def _installed_at(name: str, installed: Library) -> Optional[Ritual]:
    """The installed ritual (shipped, or in the user's folder) read from the file ``name``."""
    here = Path(name).resolve()
    for other in installed:
        if other.source and Path(str(other.source)).resolve() == here:
            return other
    return None


def _id_owners(loaded, installed: Library) -> Dict[str, str]:
    """Which of the files given keeps each id: an installed file first (the device keeps it and
    skips the others), then the first given; every other file with that id is the one to blame."""
    owners: Dict[str, str] = {}
    good = [(name, ritual) for name, ritual, _ in loaded if ritual is not None]
    for name, ritual in sorted(good, key=lambda pair: _installed_at(pair[0], installed) is None):
        owners.setdefault(ritual.id, name)
    return owners


def _id_clash(name: str, ritual: Ritual, owners: Dict[str, str], installed: Library) -> List[str]:
    """The problem with ``ritual``'s id, if another file given or installed already has it."""
    where = f"{printable(name)}:{ritual.id_line}:1"
    owner = owners.get(ritual.id, name)
    if owner != name:
        return [
            f"{where}: the id '{ritual.id}' is already used by {printable(owner)}; ids must be "
            "unique: give this ritual another id"
        ]
    if _installed_at(name, installed) is not None:
        return []
    for other in installed:
        if other.id == ritual.id:
            return [
                f"{where}: the id '{ritual.id}' is already used by the installed ritual in "
                f"{other.source}; installed, this file would be skipped: give it another id"
            ]
    return []


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
        self.unsayable: List[str] = []  # languages espeak-ng failed to say, each warned of once

    def can_say(self, language: str) -> bool:
        """Whether lines in ``language`` can be timed: espeak-ng is there and has not failed in
        it. The first time it is found missing, a warning says so."""
        if self.synth is None and not self.said_missing:
            self.said_missing = True
            say.warning("espeak-ng is not installed, so how long the spoken lines last is "
                        "not checked", "rituals validate")  # fmt: skip
        return self.synth is not None and language not in self.unsayable

    def cannot_say(self, language: str, exc: Exception) -> None:
        """espeak-ng failed on a line in ``language``: say why once, and time none of its lines.
        Only a plain failure means it has no voice for the language; a timeout or an unwritable
        cache says so."""
        from facepacer.speech.synth import CacheUnwritable, SpeechTimeout

        if language in self.unsayable:
            return
        self.unsayable.append(language)
        name = language_name(language)
        if isinstance(exc, SpeechTimeout):
            why = f"espeak-ng timed out on a line in {name} ({exc})"
        elif isinstance(exc, CacheUnwritable):
            why = f"espeak-ng cannot render lines in {name}: {exc}"
        else:
            why = f"espeak-ng cannot say {name}"
        say.warning(f"{why}, so how long its spoken lines last is not checked",
                    "rituals validate")  # fmt: skip


def _long_lines(name: str, ritual: Ritual, speech: _Speech) -> List[str]:
    """A warning for each step whose spoken line runs longer than the step itself, in the
    ritual's own language and then in each translation's (said by espeak-ng in that language)."""
    warnings = _lines_too_long(name, ritual, None, speech)
    for code, words in ritual.translations:
        warnings += _lines_too_long(name, ritual.in_language(code), words, speech)
    return warnings


def _lines_too_long(
    name: str, ritual: Ritual, words: Optional[RitualText], speech: _Speech
) -> List[str]:
    """The warnings of ``_long_lines`` for the ritual as given; ``words`` is the translation it
    is shown in (for the line of each of its steps), None for the file's own words."""
    from facepacer.speech.length import line_seconds
    from facepacer.speech.synth import SpeechError, spoken_lines

    speak = speech.config.speak if speech.config.speak != "off" else "both"
    warnings = []
    for line in spoken_lines(ritual, speak):
        step = ritual.steps[line.step]
        if line.file is None and not speech.can_say(ritual.language):
            continue
        try:
            seconds = line_seconds(line, speech.config, speech.synth, language=ritual.language)
        except SpeechError as exc:
            speech.cannot_say(ritual.language, exc)
            continue
        if seconds is None or seconds <= step.seconds:
            continue
        what = "its voice file" if line.file else "its spoken line"
        where = step.line
        if words is not None:
            what, where = f"{what} in {ritual.language}", words.steps[line.step].line
        warnings.append(
            f"{name}:{where}:1: warning: step {line.step + 1} lasts {step.seconds:g} s "
            f"but {what} takes {seconds:.1f} s; shorten the words or give the step more time"
        )
    return warnings
