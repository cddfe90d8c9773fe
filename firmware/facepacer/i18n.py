"""The language the device speaks (ARCHITECTURE §12): gettext catalogues for its own words, the
ritual file's translations for the ritual's, and Babel's CLDR data for the weekday and the
clock.

One language for the whole process, chosen once at start (``use``): ``language:`` in config, else
the environment's locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as gettext reads
them), else English. The device's source strings are English; every other language is a compiled
catalogue ``locale/<lang>/LC_MESSAGES/facepacer.mo`` shipped inside the package, made from the
``.po`` beside it (README: "Languages").

Code marks each string a person reads on the screen with ``_()`` (or ``ngettext`` for a count);
a string kept in a module-level table is marked with ``N_()`` and passed through ``_()`` where it
is drawn, so the table does not freeze the language it was imported in.

Babel is imported only where a date or the clock is written, so the engine, which marks a few
words of its own, loads nothing beyond the standard library's gettext.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import json
import logging
import os
import re
import string
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Mapping, Optional, Tuple, Union

from facepacer import userfiles

log = logging.getLogger(__name__)

DOMAIN = "facepacer"
SOURCE = "en"  # the language the source strings are written in
LOCALE_DIR = Path(__file__).parent / "locale"
CATALOGUE_MAX = 4 * 1024 * 1024  # bytes: a catalogue of every message is about 30 KiB
# Where a bare language code (or a C/POSIX locale) takes its dates and clock from: Raspberry Pi
# OS's own default is en_GB, so a device nobody configured keeps its 24-hour clock.
TERRITORIES: Mapping[str, str] = {"en": "GB", "de": "DE"}
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
CODE_PATTERN = re.compile(r"([a-zA-Z]{2,3})(?:[_-]([a-zA-Z]{2}|[0-9]{3}))?(?:\.[^@]*)?(?:@.*)?")


def available() -> Tuple[str, ...]:
    """The languages the device can speak: English and each one with a compiled catalogue."""
    found = {SOURCE}
    if LOCALE_DIR.is_dir():
        for folder in LOCALE_DIR.iterdir():
            if (folder / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
                found.add(folder.name)
    return tuple(sorted(found))


def checked(code: str) -> str:
    """``code`` when the device speaks its language; else ValueError saying what would do, for
    config and ``--language`` alike (each puts the value and its place in front)."""
    parsed = parse(code)
    known = available()
    if parsed is None:
        raise ValueError(f"it must be a language code such as {' or '.join(known)}, or a locale "
                         "such as de_AT")  # fmt: skip
    if parsed[0] not in known:
        raise ValueError(f"the device speaks {', '.join(known)}")
    return code


def parse(code: str) -> Optional[Tuple[str, Optional[str]]]:
    """``de_AT.UTF-8`` as ("de", "AT"), ``en`` as ("en", None); None for what is not a locale."""
    match = CODE_PATTERN.fullmatch(code.strip())
    if not match:
        return None
    territory = match.group(2)
    return match.group(1).lower(), territory.upper() if territory else None


def from_environment(environ: Mapping[str, str]) -> Optional[str]:
    """The first language the environment names, as gettext would look for it; None if none."""
    for name in ENVIRONMENT:
        value = environ.get(name, "")
        for code in value.split(":") if name == "LANGUAGE" else [value]:
            if code and code not in ("C", "POSIX") and not code.startswith(("C.", "POSIX.")):
                return code
            if code:
                return None  # C or POSIX: the user asked for the untranslated program
    return None


_PLURAL_FAILED: set = set()  # (language, count) already warned about


@dataclass(frozen=True)
class Language:
    """A chosen language: its code (``de``), the locale its dates follow (``de_DE``), and words."""

    code: str
    locale: str
    words: _gettext.NullTranslations

    def gettext(self, message: str) -> str:
        return self.words.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        try:
            return self.words.ngettext(singular, plural, count)
        except Exception:  # a plural formula that fails beyond the counts tried at load
            if (self.code, count) not in _PLURAL_FAILED:
                _PLURAL_FAILED.add((self.code, count))
                log.warning("the %s catalogue's plural formula fails for n=%s; English "
                            "words for that count", self.code, count)  # fmt: skip
            return singular if count == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return self.words.pgettext(context, message)

    def clock(self, when: dt.datetime) -> str:
        """The time of day as the locale writes it short: ``21:30``, or ``9:30 PM`` in en_US."""
        dates = _dates(self.locale)
        written = None if dates is None else clock_in(dates, when)
        if written is not None:
            return written
        from babel.dates import format_time

        return format_time(when, format="short", locale=self.locale)

    def weekday(self, when: dt.date) -> str:
        """The day's full name: ``Monday``, ``Montag``."""
        dates = _dates(self.locale)
        if dates is not None:
            return dates["days"][when.weekday()]
        from babel.dates import format_date

        return format_date(when, format="EEEE", locale=self.locale)


# -- the time of day and the weekday, from a table made of Babel's CLDR data -------------------
# Babel loads a locale's whole CLDR data (some 5 MB) to write a time; the table holds only what
# the clock and the weekday need, for every locale of the languages the device speaks.

DATES_FILE = LOCALE_DIR / "dates.json"
DATES_MAX = 256 * 1024  # bytes: the table is about 20 KiB
_CLOCK_FIELD = re.compile(r"'[^']*'|([A-Za-z])\1*|[^A-Za-z']+")


def clock_in(dates: Mapping, when: dt.datetime) -> Optional[str]:
    """``when`` written by the locale's short time pattern in ``dates`` (CLDR: ``HH:mm``,
    ``h:mm a``, ``H.mm``...); None for a pattern with a field this does not write."""
    hour, out = when.hour, []
    for match in _CLOCK_FIELD.finditer(dates["time"]):
        field = match.group(0)
        if field.startswith("'"):
            out.append(field[1:-1] or "'")
        elif not field[0].isalpha():
            out.append(field)
        elif field[0] in "Hh":
            value = hour if field[0] == "H" else (hour % 12 or 12)
            out.append(str(value).zfill(len(field)))
        elif field in ("m", "mm"):
            out.append(str(when.minute).zfill(len(field)))
        elif field == "a":
            out.append(dates["am"] if hour < 12 else dates["pm"])
        else:
            return None
    return "".join(out)


_DATES_READ: dict = {}


def _dates(locale: str) -> Optional[Mapping]:
    """The table's entry for ``locale`` (read once); None when the table has none or cannot be
    read, and Babel writes the date instead."""
    if "table" not in _DATES_READ:
        try:
            table = json.loads(userfiles.read_bytes(DATES_FILE, limit=DATES_MAX,
                                                    what="the dates table"))  # fmt: skip
            _DATES_READ["table"] = table["locales"]
        except (userfiles.UserFileError, ValueError, KeyError, TypeError) as exc:
            log.warning("the dates table cannot be read (%s): Babel writes the clock", exc)
            _DATES_READ["table"] = {}
    return _DATES_READ["table"].get(locale)


def dates_table() -> dict:
    """The table ``docs/make_dates.py`` writes, from the installed Babel."""
    import babel
    from babel import Locale
    from babel.dates import get_day_names, get_period_names, get_time_format
    from babel.localedata import locale_identifiers

    locales = {}
    for name in sorted(locale_identifiers()):
        if name.split("_")[0] not in available():
            continue
        locale = Locale.parse(name)
        periods = get_period_names("abbreviated", "format", locale)
        days = get_day_names("wide", "format", locale)
        locales[name] = {
            "time": get_time_format("short", locale).pattern,
            "am": periods["am"],
            "pm": periods["pm"],
            "days": [days[i] for i in range(7)],
        }
    return {"babel": babel.__version__, "locales": locales}


def choose(setting: Optional[str], environ: Mapping[str, str] = os.environ) -> str:
    """The locale to use: config's ``language:``, else the environment's, else English.

    A language without a catalogue gives English. The setting was checked where it was read
    (config, ``--language``), which said so at its place; an environment's locale the device
    does not speak is normal and quiet.
    """
    named = setting or from_environment(environ)
    chosen = _supported(named) if named else None
    return chosen or _locale(SOURCE, None)


def _supported(code: str) -> Optional[str]:
    parsed = parse(code)
    if parsed is None or parsed[0] not in available():
        return None
    return _locale(*parsed)


def _locale(language: str, territory: Optional[str]) -> str:
    """``de``, None as ``de_DE``; a territory Babel does not know gives the language's default."""
    from babel import Locale, UnknownLocaleError

    default = TERRITORIES.get(language)
    for candidate in (territory, default):
        if candidate is None:
            continue
        try:
            return str(Locale(language, candidate))
        except (UnknownLocaleError, ValueError):
            continue
    return language


def load(locale: str) -> Language:
    """The language for ``locale`` (as ``choose`` gives it), with its catalogue read from disk.

    A catalogue that is missing or unreadable leaves the device in English, never stopped:
    ``use`` reports it through the warning it returns.
    """
    language = locale.split("_")[0]
    if language == SOURCE:
        return Language(language, locale, _gettext.NullTranslations())
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with userfiles.open_file(path, limit=CATALOGUE_MAX, what="the catalogue") as handle:
        words = Catalogue(handle)
    _check_plural(words)
    _drop_foreign_fields(words, language)
    return Language(language, locale, words)


def _fields(text: str) -> Optional[set]:
    """The ``{fields}`` of a message as ``str.format`` reads them, or None when it cannot."""
    try:
        return {(name, conversion, spec) for _, name, spec, conversion in
                string.Formatter().parse(text) if name is not None}  # fmt: skip
    except ValueError:  # a lone { or }
        return None


def _drop_foreign_fields(words: Catalogue, language: str) -> None:
    """Remove each translation whose ``{fields}`` are not among its English's: the screen that
    formats it would raise (a KeyError for ``{sec}``, a ValueError for a lone ``{``). That
    message stays English, and one warning names the first."""
    catalog = words._catalog
    foreign = []
    for key, text in list(catalog.items()):
        source = key[0] if isinstance(key, tuple) else key
        if "{" not in source and "{" not in text and "}" not in text:
            continue
        found, allowed = _fields(text), _fields(source)
        if found is None or allowed is None or not found <= allowed:
            del catalog[key]
            foreign.append(source)
    if foreign:
        log.warning("the %s catalogue's translation of %r%s does not keep its {fields}; those "
                    "words stay English", language, foreign[0],
                    f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else "")  # fmt: skip


def side_words() -> Tuple[Tuple[str, str], ...]:
    """Every pair of words for left and right that partner mode swaps: the source's, and each
    catalogue's. A catalogue that cannot be read, or a pair not written ``left:right``, is
    passed over with a warning: partner mode then leaves those words as they are."""
    pairs = set()
    for code in available():
        try:
            words = _gettext.NullTranslations() if code == SOURCE else load(code).words
        except UNUSABLE as exc:
            log.warning("the %s catalogue cannot be read (%s): partner mode leaves its side "
                        "words as they are", code, _reason(exc))  # fmt: skip
            continue
        for pair in _side_pairs(words).split():
            left, colon, right = pair.partition(":")
            if colon and left and right and ":" not in right:
                pairs.add((left, right))
            else:
                log.warning("the %s catalogue's side words hold %r, not left:right; partner "
                            "mode leaves it as it is", code, pair)  # fmt: skip
    return tuple(sorted(pairs))


def _side_pairs(words: _gettext.NullTranslations) -> str:
    # Translators: partner mode swaps these words in a ritual's text. Write each pair as
    # left:right, one pair for every form the words take, separated by spaces (German:
    # "links:rechts linke:rechte linken:rechten linkem:rechtem linker:rechter linkes:rechtes").
    return words.pgettext("partner mode: the words for left and right", "left:right")


# The counts the device's phrases take (minutes, days, steps, taps): a plural formula is tried on
# each at load, so one that fails (``plural=(n%0)``) is found before a screen needs it.
PLURAL_PROBES = range(0, 1001)


class CatalogueError(ValueError):
    """A catalogue that reads but cannot be used; the message says why and what to do."""


class Catalogue(_gettext.GNUTranslations):
    """A compiled catalogue, as gettext reads it. ``plural`` is the formula gettext makes from
    the header's Plural-Forms as it reads the file, and ``_catalog``, its table of messages (a
    plural message keyed by (text, form)), declared here because typeshed leaves both out of
    ``GNUTranslations``."""

    plural: Callable[[int], int]
    _catalog: Dict[Union[str, Tuple[str, int]], str]


def _check_plural(words: Catalogue) -> None:
    for count in PLURAL_PROBES:
        try:
            index = words.plural(count)
        except Exception as exc:  # the formula is code from the file: anything may go wrong
            raise CatalogueError(
                f"its plural formula fails for n={count} ({type(exc).__name__}: {exc}); mend "
                "Plural-Forms in the .po and run pybabel compile"
            ) from exc
        if not isinstance(index, int) or index < 0:
            raise CatalogueError(
                f"its plural formula gives {index!r} for n={count}, not a form's number; mend "
                "Plural-Forms in the .po and run pybabel compile"
            )


def _reason(exc: Exception) -> str:
    """Why a catalogue could not be used, in words that say what to do."""
    if isinstance(exc, CatalogueError):
        return str(exc)
    if isinstance(exc, LookupError):  # charset=CHARSET: gettext asks for an encoding so named
        return (
            f"its header names no encoding Python knows ({exc}); set charset=UTF-8 in the "
            ".po's Content-Type and run pybabel compile"
        )
    if isinstance(exc, UnicodeDecodeError):
        return (
            f"its text is not in the charset its header names ({exc.reason}); run pybabel compile"
        )
    if isinstance(exc, userfiles.UserFileError) and not isinstance(exc, FileNotFoundError):
        return exc.reason  # a folder, a FIFO, a device, too big
    if isinstance(exc, OSError) and exc.errno:  # gettext's own OSError has errno 0
        return exc.strerror or os.strerror(exc.errno)
    if isinstance(exc, ValueError) and "plural" in str(exc):  # gettext's c2py refusing it
        return f"its plural formula cannot be read ({exc}); mend Plural-Forms in the .po"
    # A file that is there but is not a catalogue: gettext says "Bad magic number" or struct's
    # words for a short read, neither of which tells a user what to do.
    return "not a compiled catalogue; run pybabel compile"


# What reading a catalogue can raise: OSError (missing, unreadable, bad magic number), struct.error
# (cut short), ValueError (a bad plural formula, text not in its charset), LookupError (a charset
# that names no encoding), and RecursionError, SyntaxError and arithmetic errors from a formula
# gettext turns into code.
UNUSABLE = (OSError, ValueError, LookupError, struct.error, RecursionError, SyntaxError,
            ArithmeticError)  # fmt: skip

# English until ``use`` is called, with its dates as en_GB writes them; spelt out rather than
# asked of Babel, which would load it at import (ARCHITECTURE §12).
_current = Language(SOURCE, f"{SOURCE}_{TERRITORIES[SOURCE]}", _gettext.NullTranslations())


def use(locale: str) -> Optional[str]:
    """Speak ``locale`` from now on; a warning (and English) if its catalogue cannot be read."""
    global _current
    try:
        _current = load(locale)
    except UNUSABLE as exc:  # a missing, foreign, cut-short or mis-headed file
        path = LOCALE_DIR / locale.split("_")[0] / "LC_MESSAGES" / f"{DOMAIN}.mo"
        _current = load(_locale(SOURCE, None))
        return f"{path}: cannot read the catalogue ({_reason(exc)}); speaking English"
    return None


def current() -> Language:
    """The language in use."""
    return _current


def _(message: str) -> str:
    """``message`` in the language in use."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted phrase for ``count`` in the language in use."""
    return _current.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the language in use, where ``context`` tells a short word's sense."""
    return _current.pgettext(context, message)


def N_(message: str) -> str:
    """Marks a string for the catalogue where it is defined; ``_()`` translates it where drawn."""
    return message
