"""The engine's words as values: English on the terminal, the catalogue's language in the view."""

from __future__ import annotations

from facepacer import i18n
from facepacer.engine.message import N_, NOTHING, Nn_

GERMAN = i18n.load("de_DE")


def test_a_message_reads_in_english_with_its_values_filled_in():
    assert str(N_("Touch threshold {touch}, release threshold {release}", touch=12, release=6)) \
        == "Touch threshold 12, release threshold 6"  # fmt: skip


def test_a_message_is_said_in_the_catalogues_language():
    message = N_("Touch threshold {touch}, release threshold {release}", touch=12, release=6)
    assert message.said(GERMAN) == "Berührschwelle 12, Loslassschwelle 6"


def test_a_counted_phrase_takes_the_form_for_its_count():
    one = Nn_("Now tap the pad {left} more time", "Now tap the pad {left} more times", 1, left=1)
    three = Nn_("Now tap the pad {left} more time", "Now tap the pad {left} more times", 3, left=3)
    assert (str(one), str(three)) == ("Now tap the pad 1 more time", "Now tap the pad 3 more times")


def test_a_message_among_the_values_is_said_in_the_same_language():
    reason = N_("no readings from the touch sensor for {seconds} s; check its wire", seconds="5")
    failed = N_("Calibration failed: {problem}", problem=reason)
    assert failed.said(GERMAN).startswith("Kalibrierung fehlgeschlagen: ")
    assert "no readings" not in failed.said(GERMAN)
    assert str(failed) == (
        "Calibration failed: no readings from the touch sensor for 5 s; check its wire"
    )


def test_no_message_says_nothing_rather_than_the_catalogues_header():
    assert NOTHING.said(GERMAN) == "" and str(NOTHING) == ""
