"""The message catalogues: every word the device shows is in them, every one is translated, and
what ships (the compiled ``.mo``) says what the ``.po`` in the repository says.

The source is read with Babel's own extractor, the one ``pybabel extract`` runs (README:
"Languages"), and each language's catalogue (``tests/languages.py``) is checked with GNU
gettext's ``msgfmt --check``, the tool translators and distributions use.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from facepacer import i18n
from tests.ci import in_ci
from tests.languages import TRANSLATED, po

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = i18n.LOCALE_DIR / "facepacer.pot"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def key(message) -> tuple:
    """A message as gettext looks it up: its context and its (singular) id."""
    singular = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
    return message.context, singular


def catalogue(path: Path):
    with open(path, "rb") as handle:
        return read_po(handle)


def in_source() -> set:
    """Every message ``pybabel extract`` finds, read with the keywords ``babel.cfg`` gives it."""
    with open(ROOT / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=method_map, options_map=options_map
    ):
        singular = message[0] if isinstance(message, tuple) else message
        found.add((context, singular))
    return found


SOURCE = in_source()


def test_the_source_marks_the_devices_words():
    assert len(SOURCE) >= 50
    assert (None, "tap to start") in SOURCE
    assert ("unit beside the count-down", "s") in SOURCE


def test_the_repository_holds_the_german_catalogue_among_its_languages():
    assert "de" in TRANSLATED


@pytest.mark.parametrize(
    "path", (TEMPLATE, *map(po, TRANSLATED)), ids=("template", *TRANSLATED)
)  # fmt: skip
def test_the_catalogue_holds_exactly_the_words_in_the_source(path):
    held = {key(m) for m in catalogue(path) if m.id}
    missing, stale = SOURCE - held, held - SOURCE
    assert not missing and not stale, (
        f"{path.name} is out of date: missing {sorted(map(str, missing))}, "
        f"stale {sorted(map(str, stale))}; run the three pybabel commands in README's Languages"
    )


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(code):
    untranslated = []
    for message in catalogue(po(code)):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s.strip() for s in strings):
            untranslated.append(key(message))
    assert untranslated == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_translation_keeps_the_placeholders_of_its_message(code):
    for message in catalogue(po(code)):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == wanted, (message.id, text)


@pytest.mark.parametrize("code", TRANSLATED)
def test_msgfmt_accepts_the_catalogue(code):
    program = shutil.which("msgfmt")
    if program is None:
        message = "msgfmt is missing: `sudo apt install gettext`"
        pytest.fail(message) if in_ci() else pytest.skip(message)
    result = subprocess.run(
        [program, "--check", "--statistics", "-o", "/dev/null", str(po(code))],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalogue_says_what_the_po_file_says(code):
    with open(po(code).with_suffix(".mo"), "rb") as handle:
        shipped = gettext.GNUTranslations(handle)
    counts = {}
    for count in range(200):
        counts.setdefault(shipped.plural(count), count)
    counts = {count: form for form, count in counts.items()}
    for message in catalogue(po(code)):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            for count, form in counts.items():  # one count that takes each form
                assert shipped.ngettext(*message.id, count) == message.string[form], message.id
        elif message.context:
            assert shipped.pgettext(message.context, message.id) == message.string
        else:
            assert shipped.gettext(message.id) == message.string, message.id


def test_the_german_plural_rule_is_one_and_the_rest():
    assert catalogue(po("de")).plural_forms == "nplurals=2; plural=(n != 1);"
