"""The device's language: which one is chosen, how dates and the clock are written in it, and what
happens when its catalogue is missing or broken, or a setting names a language it does not speak."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from facepacer import i18n
from facepacer.config import load_config
from tests.languages import EVERY

SPOKEN = ", ".join(sorted(EVERY))  # "de, en" while German is the one catalogue
EXAMPLES = " or ".join(sorted(EVERY))
EVENING = dt.datetime(2026, 12, 1, 21, 30)  # a Tuesday


@pytest.mark.parametrize(
    "setting,environ,locale",
    [
        (None, {}, "en_GB"),
        (None, {"LANG": "C.UTF-8"}, "en_GB"),
        (None, {"LANG": "POSIX"}, "en_GB"),
        (None, {"LANG": "de_DE.UTF-8"}, "de_DE"),
        (None, {"LANG": "de_AT.UTF-8"}, "de_AT"),
        (None, {"LANG": "de_CH.UTF-8@euro"}, "de_CH"),
        (None, {"LANG": "en_US.UTF-8"}, "en_US"),
        (None, {"LANG": "eo.UTF-8"}, "en_GB"),  # no Esperanto: English, quietly
        (None, {"LANG": "en_GB.UTF-8", "LC_MESSAGES": "de_DE.UTF-8"}, "de_DE"),
        (None, {"LANG": "de_DE.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en_US"),
        (None, {"LANGUAGE": "de:en", "LANG": "en_GB.UTF-8"}, "de_DE"),
        (None, {"LC_ALL": "C", "LANG": "de_DE.UTF-8"}, "en_GB"),  # C: the program's own words
        ("de", {"LANG": "en_US.UTF-8"}, "de_DE"),
        ("de_AT", {}, "de_AT"),
        ("de-at", {}, "de_AT"),
        ("en", {"LANG": "de_DE.UTF-8"}, "en_GB"),
        ("en_US", {}, "en_US"),
        ("de_XX", {}, "de_DE"),  # a territory CLDR does not know: the language's own
    ],
)
def test_config_wins_then_the_environment_then_english(setting, environ, locale):
    assert i18n.choose(setting, environ) == locale


def test_a_setting_for_a_language_without_a_catalogue_speaks_english():
    # Config and --language say so at their place (tested below); here it only falls back.
    assert i18n.choose("eo", {"LANG": "de_DE.UTF-8"}) == "en_GB"


@pytest.mark.parametrize(
    "locale,clock,weekday",
    [
        ("en_GB", "21:30", "Tuesday"),
        ("en_US", "9:30\u202fPM", "Tuesday"),
        ("de_DE", "21:30", "Dienstag"),
        ("de_AT", "21:30", "Dienstag"),
    ],
)
def test_the_clock_and_the_weekday_follow_the_locale(locale, clock, weekday):
    i18n.use(locale)
    language = i18n.current()
    assert (language.clock(EVENING), language.weekday(EVENING)) == (clock, weekday)


def test_german_words_come_from_the_shipped_catalogue():
    assert i18n.use("de_DE") is None
    assert i18n.current().code == "de"
    assert i18n._("Paused") == "Pausiert"
    assert i18n.ngettext("{count} step", "{count} steps", 1) == "{count} Schritt"
    assert i18n.ngettext("{count} step", "{count} steps", 7) == "{count} Schritte"
    assert i18n.pgettext("unit beside the count-down", "s") == "s"
    assert i18n._("a sentence nobody marked") == "a sentence nobody marked"
    i18n.use("en_GB")
    assert i18n._("Paused") == "Paused"


@pytest.mark.parametrize(
    "content,reason",
    [
        (None, "No such file or directory"),
        (b"", "not a compiled catalogue; run pybabel compile"),
        (b"\xde\x12\x04\x95" + b"\x00" * 3, "not a compiled catalogue; run pybabel compile"),
        (b"\x00" * 64, "not a compiled catalogue; run pybabel compile"),
    ],
    ids=("missing", "empty", "cut short", "zeros"),
)
def test_a_missing_or_broken_catalogue_leaves_the_device_in_english(
    tmp_path, monkeypatch, content, reason
):
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    if content is not None:
        (folder / "facepacer.mo").write_bytes(content)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    warning = i18n.use("de_DE")
    assert warning == f"{folder / 'facepacer.mo'}: cannot read the catalogue ({reason}); " \
                      "speaking English"  # fmt: skip
    assert i18n.current().code == "en"
    assert i18n._("Paused") == "Paused"


def test_the_languages_are_english_and_each_compiled_catalogue():
    assert i18n.available() == tuple(sorted(EVERY))


@pytest.mark.parametrize(
    "written,warning",
    [
        ("eo", f"'language' is 'eo'; the device speaks {SPOKEN}; using the default language of "
               "the environment"),
        ("deutsch", f"'language' is 'deutsch'; it must be a language code such as {EXAMPLES}, or "
                    "a locale such as de_AT; using the default language of the environment"),
        ("42", f"'language' is '42'; it must be a language code such as {EXAMPLES}, or a locale "
               "such as de_AT; using the default language of the environment"),
        ('""', "'language' is blank; it must be text of 1 to 40 characters; using the default "
               "language of the environment"),
    ],
)  # fmt: skip
def test_a_bad_language_setting_is_warned_about_at_its_place(tmp_path, written, warning):
    path = tmp_path / "config.yaml"
    path.write_text(f"theme: calm\nlanguage: {written}\n")
    config, problems = load_config(path)
    assert config.language is None
    assert problems == [f"{path}:2:11: {warning}"]


@pytest.mark.parametrize("written", ("de", "de_AT", "en", "en_US"))
def test_a_good_language_setting_is_kept_as_written(tmp_path, written):
    path = tmp_path / "config.yaml"
    path.write_text(f"language: {written}\n")
    assert load_config(path) == (load_config(path)[0], [])
    assert load_config(path)[0].language == written


def test_an_unknown_language_on_the_command_line_is_a_usage_error():
    result = subprocess.run(
        [sys.executable, "-m", "facepacer", "screenshot", "--language", "eo", "--out", "x.png"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"facepacer screenshot: error: argument --language: 'eo': the device speaks {SPOKEN}"
    )


def test_a_device_started_in_german_offers_every_ritual_in_german(tmp_path, monkeypatch):
    from facepacer.app.build import build
    from facepacer.cli import build_parser

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("LANG", "de_AT.UTF-8")  # no setting: the locale decides
    args = build_parser().parse_args(["run", "--sim", "--headless", "--virtual-clock"])
    app, warnings = build(args)
    try:
        assert warnings == []
        assert (i18n.current().code, i18n.current().locale) == ("de", "de_AT")
        device = app.wiring.device
        assert {r.language for r in device.rituals} == {"de"}
        assert "Symmetrie-Modellage" in device.menu and "Verlauf" not in device.menu
        # Translated where they are drawn, not in the menu itself:
        assert device.menu[-3:] == ("History", "Calibrate the pad", "Back")
    finally:
        app.close()
