"""Text fits the screen: every shipped ritual's titles and instructions at both sizes, and the
helpers that wrap, shrink and, as a last resort, clip."""

from __future__ import annotations

import pygame
import pytest

from facepacer.engine.simulate import snapshot_at
from facepacer.ritual import Library
from facepacer.ui.fonts import Fonts
from facepacer.ui.text import ELLIPSIS, fit_text, fits, wrap

from .helpers import SIZES, drawn

SHIPPED = list(Library.load(include_user=False))


def moments(ritual):
    """Early in each step, and in its last seconds when "next: ..." shows."""
    for start, step in zip(ritual.step_starts(), ritual.steps):
        yield start + 0.5
        yield start + step.seconds - 2.0


def test_rituals_are_shipped():
    assert len(SHIPPED) >= 3


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("partner", (False, True))
@pytest.mark.parametrize("ritual", SHIPPED, ids=lambda r: r.id)
def test_every_shipped_step_fits_the_screen(ritual, partner, size):
    clipped = set()
    for at in moments(ritual):
        snapshot = snapshot_at(ritual, at, partner=partner)
        view, _ = drawn(snapshot, size)
        clipped.update(view.clipped)
    assert clipped == set()


def test_the_paused_screen_fits_every_shipped_step():
    from dataclasses import replace

    for ritual in SHIPPED:
        for at in moments(ritual):
            snapshot = replace(snapshot_at(ritual, at), screen="paused", paused=True)
            view, _ = drawn(snapshot)
            assert view.clipped == [], ritual.id


@pytest.fixture(scope="module")
def fonts():
    return Fonts()


def test_wrapping_breaks_on_words_and_keeps_every_word(fonts):
    font = fonts.get(20)
    text = "Knuckles on the chin. Glide along the jaw up to the ear. Firm and slow."
    lines = wrap(font, text, 160)
    assert len(lines) > 1
    assert " ".join(lines) == text
    assert all(font.size(line)[0] <= 160 for line in lines)


def test_fits_says_no_when_the_lines_overflow_the_height(fonts):
    font = fonts.get(20)
    text = "one two three four five six seven eight nine ten"
    assert fits(font, text, 800, font.get_linesize())
    assert not fits(font, text, 100, font.get_linesize())
    assert fits(font, text, 100, 10 * font.get_linesize())
    assert not fits(font, text, 100, 10 * font.get_linesize(), max_lines=2)


def test_fits_says_no_for_a_word_wider_than_the_box(fonts):
    assert not fits(fonts.get(20), "Supercalifragilistic", 50, 500)


def test_long_text_shrinks_until_it_fits(fonts):
    text = "Two fingers beside the nose. Sweep up and out under the cheekbone to the temple."
    block = fit_text(fonts, text, 240, 100, 30, 12)
    assert block.fits and block.size < 30
    assert block.height <= 100
    assert fits(fonts.get(block.size), text, 240, 100)
    assert not fits(fonts.get(block.size + 1), text, 240, 100)


def test_text_that_cannot_fit_is_clipped_with_an_ellipsis_and_said_so(fonts):
    text = "word " * 200
    block = fit_text(fonts, text, 200, 60, 20, 14)
    assert not block.fits
    assert block.lines[-1].endswith(ELLIPSIS)
    assert block.height <= 60
    assert all(fonts.get(14).size(line)[0] <= 200 for line in block.lines)


def test_a_missing_font_file_falls_back_to_the_builtin_font_and_reports_it(tmp_path):
    fonts = Fonts(regular=tmp_path / "gone.ttf")
    assert any("gone.ttf" in p for p in fonts.problems)
    image = fonts.render("Hello", 24, (255, 255, 255))
    assert image.get_width() > 20


def test_a_corrupt_font_file_falls_back_too(tmp_path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font at all")
    fonts = Fonts(bold=broken)
    assert any("broken.ttf" in p for p in fonts.problems)
    assert isinstance(fonts.get(20, bold=True), pygame.font.Font)


def test_the_view_shows_its_font_problem_in_the_banner(tmp_path):
    from facepacer.ui.samples import WALL, sample
    from facepacer.ui.view import View

    view = View(pygame.Surface((480, 320)), fonts=Fonts(regular=tmp_path / "gone.ttf"))
    view.render(sample("home"), WALL)
    assert view.regions(sample("home"), WALL)[0].name == "banner"


@pytest.mark.parametrize("size", SIZES)
def test_the_longest_title_and_instruction_the_format_allows_still_fit(size):
    from dataclasses import replace

    from facepacer.ui.samples import sample

    title = "Gently sweep the forehead to the temples"
    say = (
        "With the flat of three fingers, start at the middle of the forehead and sweep slowly "
        "outward to each temple, keeping light pressure; breathe out as you go, then rest a "
        "moment there."
    )
    assert len(title) == 40 and len(say) <= 200
    step = sample("step")
    snapshot = replace(
        step, step=replace(step.step, title=title, say=say), show_next=True,
        next_step=replace(step.step, title="Smooth the forehead from brow to hairline"[:40]),
    )  # fmt: skip
    view, _ = drawn(snapshot, size)
    assert view.clipped == []


def test_a_compound_breaks_after_its_hyphen_only_when_it_must(fonts):
    font = fonts.get(30, True)
    whole = font.size("Die Symmetrie-Modellage")[0]
    assert wrap(font, "Die Symmetrie-Modellage", whole) == ["Die Symmetrie-Modellage"]
    narrow = font.size("Die Symmetrie-")[0]
    assert wrap(font, "Die Symmetrie-Modellage", narrow) == ["Die Symmetrie-", "Modellage"]
    first = font.size("Symmetrie-")[0]
    assert wrap(font, "Symmetrie-Modellage", first) == ["Symmetrie-", "Modellage"]
    assert wrap(font, "Die Symmetrie-Modellage", first) == ["Die", "Symmetrie-", "Modellage"]


def test_a_path_too_long_for_its_line_breaks_after_a_slash(fonts):
    font = fonts.get(30, True)
    path = "/home/pi/.config/facepacer/rituals/hostile.yaml:"
    head = font.size("skipped /home/pi/.config/")[0]
    assert wrap(font, f"skipped {path} 1 problem", head) == [
        "skipped /home/pi/.config/", "facepacer/rituals/", "hostile.yaml: 1 problem",
    ]  # fmt: skip
    assert wrap(font, f"skipped {path}", font.size(f"skipped {path}")[0]) == [f"skipped {path}"]
    assert wrap(font, "left/right", font.size("left/")[0]) == ["left/", "right"]
    assert wrap(font, "/home", 5) == ["/home"]  # nothing before the slash to end a line with


def test_a_word_without_a_hyphen_is_never_broken(fonts):
    font = fonts.get(30, True)
    assert wrap(font, "Supercalifragilistic up", 40) == ["Supercalifragilistic", "up"]
    assert wrap(font, "-minus and trailing-", 40) == ["-minus", "and", "trailing-"]


def test_a_long_german_title_fits_a_portrait_screen_by_its_hyphen(fonts):
    block = fit_text(fonts, "Symmetrie-Modellage", 272, 220, 60, 24, bold=True, max_lines=2)
    assert block.fits and block.lines == ("Symmetrie-", "Modellage")


def test_every_character_validate_calls_visible_draws_in_the_shipped_font(fonts):
    from facepacer.ritual.checks import visible

    font = fonts.get(20)
    blank = [
        f"U+{code:04X}"
        for code in range(0x10000)  # the Basic Multilingual Plane: what the shipped font covers
        if not 0xD800 <= code <= 0xDFFF and visible(chr(code)) and font.size(chr(code))[0] == 0
    ]
    assert blank == []
