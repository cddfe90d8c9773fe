"""A catalogue whose translation of a message with ``{fields}`` names other fields, or leaves a
brace alone: the screen that shows it formats it with the English fields, and would raise. Such
a translation is dropped when the catalogue is read (that message stays English, one warning
names it); one that keeps its fields, or leaves some out, is spoken."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from facepacer import i18n
from facepacer.ui.screens.common import minutes_text

from .test_catalogues import HEADER, mo


@pytest.fixture
def german(tmp_path, monkeypatch):
    """Put a German catalogue of ``content`` where the device looks."""
    folder = tmp_path / "locale" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    yield lambda content: (folder / "facepacer.mo").write_bytes(content)
    i18n.use("en_GB")


PIECES = ["Sek.", " ", "{seconds}", "{sec}", "{", "}", "{{", "}}", "{seconds!r}",
          "{seconds.real}", "{seconds[0]}", "{0}", "{}", "{seconds:>4}"]  # fmt: skip


def keeps_fields(text: str) -> bool:
    """Whether ``text`` formats with the English fields alone (written out here, not asked of
    the code under test)."""
    try:
        text.format(seconds=30)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        return False
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    return names <= {"seconds"} and all(
        spec == "" and conversion is None
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(st.sampled_from(PIECES), min_size=1, max_size=5).map("".join))
@example(text="{sec} s")
@example(text="{seconds} Sek. {")
@example(text="{seconds.real} s")
@example(text="{seconds} Sek.")
@example(text="Sek.")
def test_a_translation_is_spoken_exactly_when_it_keeps_its_fields(german, caplog, text):
    words = {"{seconds} s": text, "Paused": "Pausiert"}
    german(mo(HEADER.format(charset="UTF-8", plural="(n != 1)"), words))
    caplog.clear()
    assert i18n.use("de_DE") is None
    shown = minutes_text(30)  # formats the translation as the home screen does; never raises
    assert i18n._("Paused") == "Pausiert"  # the rest of the catalogue is spoken
    if keeps_fields(text):
        assert shown == text.format(seconds=30)
        assert not caplog.records
    else:
        assert shown == "30 s"
        (record,) = caplog.records
        assert record.getMessage() == (
            "the de catalogue's translation of '{seconds} s' does not keep its {fields}; those "
            "words stay English"
        )


def test_a_plural_translation_with_a_foreign_field_stays_english_in_both_forms(german):
    words = {("{count} step", "{count} steps"): ("{n} Schritt", "{count} Schritte")}
    german(mo(HEADER.format(charset="UTF-8", plural="(n != 1)"), words))
    i18n.use("de_DE")
    assert i18n.ngettext("{count} step", "{count} steps", 1).format(count=1) == "1 step"
    assert i18n.ngettext("{count} step", "{count} steps", 2).format(count=2) == "2 Schritte"
