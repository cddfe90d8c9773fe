"""The clock and the weekday are written from a table of Babel's CLDR data
(``locale/dates.json``, made by ``docs/make_dates.py``), as Babel writes them, without loading
Babel's whole data for a locale."""

from __future__ import annotations

import datetime as dt
import gettext
import importlib.util
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import babel
import pytest
from babel.dates import format_date, format_time

from facepacer import i18n

ROOT = Path(__file__).resolve().parents[1]
TABLE = json.loads(i18n.DATES_FILE.read_text(encoding="utf-8"))
SAME_BABEL = TABLE["babel"] == babel.__version__
WORDS = gettext.NullTranslations()  # a language's words play no part in its clock
NARROW = "\u202f"  # CLDR's narrow no-break space before AM and PM


@pytest.fixture
def fresh_table(monkeypatch):
    monkeypatch.setattr(i18n, "_DATES_READ", {})


@pytest.mark.parametrize(
    "locale, hour, minute, written",
    [
        ("en_GB", 21, 5, "21:05"),
        ("en_GB", 0, 30, "00:30"),
        ("en_US", 21, 5, f"9:05{NARROW}PM"),
        ("en_US", 0, 30, f"12:30{NARROW}AM"),
        ("en_US", 12, 0, f"12:00{NARROW}PM"),
        ("de_DE", 7, 9, "07:09"),
        ("en_FI", 21, 5, "21.05"),
    ],
)
def test_the_clock_is_written_the_locales_way(fresh_table, locale, hour, minute, written):
    when = dt.datetime(2026, 12, 4, hour, minute)
    assert i18n.Language("en", locale, WORDS).clock(when) == written


def test_the_weekday_is_named_in_the_locales_language(fresh_table):
    friday = dt.date(2026, 12, 4)
    assert i18n.Language("de", "de_DE", WORDS).weekday(friday) == "Freitag"
    assert i18n.Language("en", "en_GB", WORDS).weekday(friday) == "Friday"


@pytest.mark.skipif(not SAME_BABEL, reason=f"the table was made with Babel {TABLE['babel']}")
@pytest.mark.parametrize("locale", sorted(TABLE["locales"]))
def test_the_table_writes_every_hour_and_day_as_babel_does(locale):
    dates = TABLE["locales"][locale]
    for hour in range(24):
        for minute in (0, 7, 59):
            when = dt.datetime(2026, 12, 4, hour, minute)
            assert i18n.clock_in(dates, when) == format_time(when, "short", locale=locale)
    for day in range(7):
        date = dt.date(2026, 11, 30) + dt.timedelta(days=day)  # a Monday, then the week
        assert dates["days"][day] == format_date(date, "EEEE", locale=locale)


@pytest.mark.skipif(not SAME_BABEL, reason=f"the table was made with Babel {TABLE['babel']}")
def test_the_table_is_what_make_dates_writes():
    spec = importlib.util.spec_from_file_location("make_dates", ROOT / "docs" / "make_dates.py")
    assert spec is not None and spec.loader is not None
    make_dates = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_dates)
    assert i18n.DATES_FILE.read_text(encoding="utf-8") == make_dates.written(i18n.dates_table()), (
        "run python docs/make_dates.py"
    )


def test_a_pattern_with_a_field_the_table_does_not_write_is_left_to_babel():
    assert i18n.clock_in({"time": "HH:mm:ss", "am": "", "pm": ""}, dt.datetime(2026, 1, 1)) is None


def test_a_table_that_cannot_be_read_leaves_the_clock_to_babel(fresh_table, tmp_path,
                                                               monkeypatch, caplog):  # fmt: skip
    broken = tmp_path / "dates.json"
    broken.write_text("{not json")
    monkeypatch.setattr(i18n, "DATES_FILE", broken)
    language = i18n.Language("en", "en_US", gettext.NullTranslations())
    with caplog.at_level(logging.WARNING):
        written = [language.clock(dt.datetime(2026, 12, 4, 21, 5)) for _ in range(3)]
    assert written == [format_time(dt.datetime(2026, 12, 4, 21, 5), "short", locale="en_US")] * 3
    assert caplog.text.count("the dates table cannot be read") == 1


def test_writing_the_clock_leaves_babels_dates_unloaded():
    code = (
        "import sys, datetime as dt\n"
        "from facepacer import i18n\n"
        "language = i18n.load('en_GB')\n"
        "when = dt.datetime(2026, 12, 4, 21, 5)\n"
        "print(language.clock(when), language.weekday(when), 'babel.dates' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=60, check=True)  # fmt: skip
    assert done.stdout.split() == ["21:05", "Friday", "False"]
