"""A catalogue (.mo) whose header is broken: a charset that is no encoding, a plural formula that
divides by zero, reads as nonsense or gives no form, a header missing. Each leaves the device in
English with one warning naming the file and the fix, never a traceback: at load and at the
first ngettext call, and in a headless run."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facepacer import i18n

HEADER = "Content-Type: text/plain; charset={charset}\nPlural-Forms: nplurals=2; plural={plural};\n"
WORDS = {"Paused": "Pausiert", ("{n} day", "{n} days"): ("{n} Tag", "{n} Tage")}


def mo(header, words=WORDS, encoding="utf-8") -> bytes:
    """A compiled catalogue as GNU gettext writes it: ``header`` is the entry for ""."""
    entries = {} if header is None else {"": header}
    for key, value in words.items():
        if isinstance(key, tuple):
            entries["\x00".join(key)] = "\x00".join(value)
        else:
            entries[key] = value
    keys = sorted(entries)
    ids = [k.encode(encoding) for k in keys]
    strs = [entries[k].encode(encoding) for k in keys]
    start = 7 * 4 + 16 * len(keys)
    table, data = [], b""
    for blob in ids + strs:
        table.append((len(blob), start + len(data)))
        data += blob + b"\x00"
    head = struct.pack("<7I", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 0)
    return head + b"".join(struct.pack("<2I", *pair) for pair in table) + data


@pytest.fixture
def catalogue(tmp_path, monkeypatch):
    """Put a German catalogue of ``content`` where the device looks; its path."""
    folder = tmp_path / "locale" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")

    def put(content: bytes):
        path = folder / "facepacer.mo"
        path.write_bytes(content)
        return path

    yield put
    i18n.use("en_GB")


def test_a_sound_catalogue_made_here_is_spoken(catalogue):
    catalogue(mo(HEADER.format(charset="UTF-8", plural="(n != 1)")))
    assert i18n.use("de_DE") is None
    assert i18n._("Paused") == "Pausiert"
    assert i18n.ngettext("{n} day", "{n} days", 1) == "{n} Tag"
    assert i18n.ngettext("{n} day", "{n} days", 0) == "{n} Tage"


BROKEN = [
    (HEADER.format(charset="CHARSET", plural="(n != 1)"), "names no encoding Python knows"),
    (HEADER.format(charset="UTF-8", plural="(n%0)"), "plural formula fails for n=0"),
    (HEADER.format(charset="UTF-8", plural="(n/(n-7)) != 1"), "plural formula fails for n=7"),
    (HEADER.format(charset="UTF-8", plural="(n%(n-999)) != 1"), "plural formula fails for n=999"),
    (HEADER.format(charset="UTF-8", plural="n-5"), "plural formula gives -5 for n=0"),
    (HEADER.format(charset="UTF-8", plural="((n"), "plural formula cannot be read"),
    (HEADER.format(charset="UTF-8", plural="n > "), "plural formula cannot be read"),
    (HEADER.format(charset="UTF-8", plural="import os"), "plural formula cannot be read"),
    (HEADER.format(charset="UTF-8", plural="(" * 600 + "n" + ")" * 600), "plural formula"),
    (None, "not in the charset its header names"),  # no header: gettext reads ASCII
    (HEADER.format(charset="ASCII", plural="(n != 1)"), "not in the charset its header names"),
]


@pytest.mark.parametrize("header, reason", BROKEN)
def test_a_broken_header_leaves_the_device_in_english_with_one_warning(catalogue, header, reason):
    words = {**WORDS, "Paused": "Pausiert \u00e4"}  # one word beyond ASCII, as German has
    path = catalogue(mo(header, words))
    warning = i18n.use("de_DE")
    assert warning.startswith(f"{path}: cannot read the catalogue (") and reason in warning
    assert warning.endswith("; speaking English")
    assert i18n.current().code == "en"
    assert i18n._("Paused") == "Paused"
    assert i18n.ngettext("{n} day", "{n} days", 2) == "{n} days"


def test_a_formula_that_fails_beyond_the_counts_tried_gives_english_at_that_count(
    catalogue, caplog
):
    catalogue(mo(HEADER.format(charset="UTF-8", plural="(n%(n-5000)) != 1")))
    assert i18n.use("de_DE") is None  # 0 to 1000 all work
    assert i18n.ngettext("{n} day", "{n} days", 2) == "{n} Tage"
    assert i18n.ngettext("{n} day", "{n} days", 5000) == "{n} days"
    assert i18n.ngettext("{n} day", "{n} days", 5000) == "{n} days"
    assert [r.getMessage() for r in caplog.records] == [
        "the de catalogue's plural formula fails for n=5000; English words for that count"
    ]


def test_the_formula_is_tried_at_its_edges_and_no_further(catalogue):
    catalogue(mo(HEADER.format(charset="UTF-8", plural="(n%(n-1000)) != 1")))
    assert "fails for n=1000" in i18n.use("de_DE")
    catalogue(mo(HEADER.format(charset="UTF-8", plural="(n%(n-1001)) != 1")))
    assert i18n.use("de_DE") is None


@settings(max_examples=200, deadline=None)
@given(plural=st.text(alphabet="n0123456789%/*+-()?:<>=!&| ", max_size=30))
def test_any_plural_formula_loads_or_is_refused_and_never_raises(tmp_path_factory, plural):
    folder = tmp_path_factory.mktemp("locale") / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "facepacer.mo").write_bytes(mo(HEADER.format(charset="UTF-8", plural=plural)))
    saved = i18n.LOCALE_DIR
    i18n.LOCALE_DIR = folder.parent.parent
    try:
        i18n.use("de_DE")
        for count in (0, 1, 2, 5, 21, 1000, 10**6):
            said = i18n.ngettext("{n} day", "{n} days", count)
            assert said in ("{n} day", "{n} days", "{n} Tag", "{n} Tage")
    finally:
        i18n.LOCALE_DIR = saved
        i18n.use("en_GB")


def test_a_headless_run_with_a_broken_catalogue_comes_up_in_english(catalogue, home, headless):
    path = catalogue(mo(HEADER.format(charset="UTF-8", plural="(n%0)")))
    outcome = headless("--language", "de")
    assert outcome.code == 0 and outcome.summary["status"] == "completed"
    assert outcome.err.count(f"{path}: cannot read the catalogue") == 1
    assert "fails for n=0" in outcome.err
