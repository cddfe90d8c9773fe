"""Partner mode's words: left and right trade places in English and in German, nothing else."""

from __future__ import annotations

import pytest

from facepacer.engine.partner import for_partner, swap_side


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
