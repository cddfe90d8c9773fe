"""The language's edges: a catalogue that breaks while German is spoken, a language folder with
no compiled catalogue, a region written as digits, a quote in a clock pattern, and the context
that tells partner mode's side words from the same words elsewhere."""

from __future__ import annotations

import datetime as dt

from facepacer import i18n


def test_a_catalogue_that_cannot_be_read_leaves_german_for_english(tmp_path, monkeypatch):
    assert i18n.use("de_DE") is None
    assert i18n._("Paused") != "Paused"
    (tmp_path / "de" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "de" / "LC_MESSAGES" / "facepacer.mo").write_bytes(b"")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    assert i18n.use("de_DE").endswith("speaking English")
    assert (i18n.current().code, i18n.current().locale) == ("en", "en_GB")
    assert i18n._("Paused") == "Paused"


def test_a_language_folder_without_a_compiled_catalogue_is_no_language(tmp_path, monkeypatch):
    (tmp_path / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "fr" / "LC_MESSAGES" / "facepacer.po").write_text("")
    (tmp_path / "de" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "de" / "LC_MESSAGES" / "facepacer.mo").write_bytes(b"")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    assert i18n.available() == ("de", "en")


def test_a_region_written_as_digits_is_a_locale():
    assert i18n.parse("es_419") == ("es", "419")
    assert i18n.parse("de-419.UTF-8") == ("de", "419")
    assert i18n.parse("de_4192") is None


def test_two_quotes_in_a_clock_pattern_write_one():
    dates = {"time": "HH''mm 'h'", "am": "AM", "pm": "PM"}
    assert i18n.clock_in(dates, dt.datetime(2026, 12, 4, 21, 5)) == "21'05 h"


def test_the_side_words_are_read_in_their_context():
    german = i18n.load("de_DE")
    pairs = german.pgettext("partner mode: the words for left and right", "left:right").split()
    assert pairs[0] == "links:rechts"
    assert ("links", "rechts") in i18n.side_words()


def test_a_locale_missing_from_the_dates_table_names_the_whole_weekday(monkeypatch):
    monkeypatch.setattr(i18n, "_DATES_READ", {"table": {}})
    language = i18n.Language("en", "en_GB", i18n._gettext.NullTranslations())
    assert language.weekday(dt.date(2026, 12, 1)) == "Tuesday"


def test_side_words_not_written_left_colon_right_are_passed_over(monkeypatch):
    class Words(i18n._gettext.NullTranslations):
        def pgettext(self, context, message):
            return "links:rechts linke: :rechte a:b:c gauche"

    monkeypatch.setattr(i18n, "available", lambda: ("en", "xx"))
    monkeypatch.setattr(i18n, "load", lambda code: i18n.Language("xx", "xx", Words()))
    assert i18n.side_words() == (("left", "right"), ("links", "rechts"))
