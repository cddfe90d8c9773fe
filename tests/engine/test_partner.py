"""Partner mode's words: left and right trade places in every language a catalogue names
them in (English and German here), nothing else; the words are the catalogues', not the code's."""

from __future__ import annotations

import logging

import pytest

from facepacer import i18n
from facepacer.engine.partner import SideWords, swap_side
from tests.hostile.test_catalogues import HEADER, mo


def for_partner(text: str) -> str:
    """``text`` as partner mode shows it, with the words the device reads from the catalogues."""
    return SideWords(i18n.side_words()).swap(text)


@pytest.mark.parametrize(
    "text,swapped",
    [
        ("Sweep the left cheek, then the right.", "Sweep the right cheek, then the left."),
        ("Left first. RIGHT after.", "Right first. LEFT after."),
        ("Die linke Wange, dann die rechte.", "Die rechte Wange, dann die linke."),
        ("Mit der rechten Hand links beginnen.", "Mit der linken Hand rechts beginnen."),
        (
            "Linkes Auge, rechter Mundwinkel, linkem Ohr",
            "Rechtes Auge, linker Mundwinkel, rechtem Ohr",
        ),
        ("Rechts. LINKS.", "Links. RECHTS."),
    ],
)
def test_the_side_words_swap_keeping_capitals_and_endings(text, swapped):
    assert for_partner(text) == swapped
    assert for_partner(swapped) == text


@pytest.mark.parametrize(
    "text",
    [
        "Rightly so, leftover oil.",
        "linkshändig, richtig, Rechtschreibung, Gerechte",
        "bright cleft",
    ],
)
def test_words_that_only_contain_a_side_word_stay(text):
    assert for_partner(text) == text


def test_the_step_sides_swap_and_both_stays():
    assert [swap_side(s) for s in ("left", "right", "both", "alternate")] == [
        "right", "left", "both", "alternate",
    ]  # fmt: skip


def test_the_english_and_german_side_words_are_the_catalogues():
    assert {
        ("left", "right"), ("linke", "rechte"), ("linkem", "rechtem"), ("linken", "rechten"),
        ("linker", "rechter"), ("linkes", "rechtes"), ("links", "rechts"),
    } <= set(i18n.side_words())  # fmt: skip


def test_any_pairs_swap_so_a_new_language_needs_no_code():
    sides = SideWords([("gauche", "droite")])
    assert sides.swap("Joue gauche, puis À DROITE.") == "Joue droite, puis À GAUCHE."
    assert sides.swap("Gaucher, adroite.") == "Gaucher, adroite."


def test_no_pairs_leave_the_text_alone():
    assert SideWords([]).swap("left") == "left"


@pytest.fixture
def french(tmp_path, monkeypatch):
    """A French catalogue holding ``sides`` as its side words, where the device looks."""
    folder = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")

    def put(content: bytes) -> None:
        (folder / "facepacer.mo").write_bytes(content)

    return put


def catalogue_of(sides: str) -> bytes:
    key = "partner mode: the words for left and right\x04left:right"
    return mo(HEADER.format(charset="UTF-8", plural="(n > 1)"), words={key: sides})


def test_a_catalogue_added_beside_the_others_brings_its_side_words(french):
    french(catalogue_of("gauche:droite"))
    assert i18n.side_words() == (("gauche", "droite"), ("left", "right"))


def test_a_pair_not_written_left_colon_right_is_passed_over_with_a_warning(french, caplog):
    french(catalogue_of("gauche:droite gauche a:b:c"))
    with caplog.at_level(logging.WARNING):
        assert i18n.side_words() == (("gauche", "droite"), ("left", "right"))
    assert "the fr catalogue's side words hold 'gauche', not left:right" in caplog.text
    assert "'a:b:c'" in caplog.text


def test_a_catalogue_that_cannot_be_read_keeps_the_others_side_words(french, caplog):
    french(b"not a catalogue")
    with caplog.at_level(logging.WARNING):
        assert i18n.side_words() == (("left", "right"),)
    assert "the fr catalogue cannot be read (not a compiled catalogue" in caplog.text


def test_partner_mode_reads_the_catalogues_where_the_device_finds_them(french):
    french(catalogue_of("gauche:droite"))
    assert for_partner("La joue gauche, the left cheek") == "La joue droite, the right cheek"
