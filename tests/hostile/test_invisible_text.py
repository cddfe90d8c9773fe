"""Text that draws nothing: a title or ``say:`` of zero-width or other invisible characters is a
FILE:LINE:COL problem in validate, in the original and in a translation; and the renderer draws
any string at all, at every size the screens use, without raising."""

from __future__ import annotations

import sqlite3

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facepacer.errors import RitualError
from facepacer.ritual import load_ritual_text
from facepacer.store import Store
from facepacer.ui.fonts import Fonts
from facepacer.ui.text import draw_block, fit_text
from facepacer.ui.theme import Metrics

from ..store.helpers import T0, session
from .test_yaml_text import user_ritual

RITUAL = """\
format: 1
id: hostile-glow
title: {title}
steps:
  - {{zone: cheeks, title: {step}, say: {say}, seconds: 3}}
"""

# Each of these draws nothing: written as YAML escapes so the file itself is plain ASCII.
INVISIBLE = [
    r'"\u200b"',  # zero-width space
    r'"\u200d\u200c"',  # zero-width joiner and non-joiner
    r'"\u2060"',  # word joiner
    r'"\ufe0f\ufe0e"',  # variation selectors
    r'"\u200e"',  # left-to-right mark (a bidi mark, refused as such)
    r'"\u0301\u0308"',  # combining marks with nothing to sit on
    r'"\u00ad"',  # soft hyphen
    r'"\u3164"',  # Hangul filler, a "letter" that is blank
    r'"\u2800"',  # blank braille cell
    r'"\u00a0\u2003\u3000\u200a"',  # no-break, em, ideographic and hair spaces
    r'"\ufeff"',  # byte order mark as text
    r'"\U000e0041"',  # a tag character
    r'"\ue000"',  # private use: nothing in the shipped font
    r'"\ufffc"',  # the object replacement character: zero pixels wide
]


def problems_of(text: str):
    with pytest.raises(RitualError) as raised:
        load_ritual_text(text, "r.yaml")
    return raised.value.problems


@pytest.mark.parametrize("text", INVISIBLE)
def test_a_title_that_draws_nothing_is_a_problem_at_its_place(text):
    found = problems_of(RITUAL.format(title=text, step="One", say="First."))
    assert len(found) == 1
    assert found[0].startswith("r.yaml:3:8: 'title' ")
    assert any(why in found[0] for why in ("visible character", "direction control", "blank"))


@pytest.mark.parametrize("text", INVISIBLE)
def test_a_step_that_says_or_shows_nothing_is_a_problem_naming_its_key(text):
    found = problems_of(RITUAL.format(title="Glow", step=text, say=text))
    assert [p.split(" step 1 ")[0] for p in found] == [
        "r.yaml:5:27: 'title' in",
        f"r.yaml:5:{34 + len(text)}: 'say' in",
    ]


@pytest.mark.parametrize("text", ['"a\\u200b"', '"\\u200b."', '"e\\u0301"', '"\\u3164\\u3131"',
                                  '"\\U0001F600"', '"\\u2800\\u2801"', "'1'", "'-'"])  # fmt: skip
def test_one_visible_character_among_invisible_ones_is_enough(text):
    load_ritual_text(RITUAL.format(title=text, step=text, say=text), "r.yaml")


def test_the_problem_names_the_characters_it_found():
    found = problems_of(RITUAL.format(title=r'"\u200b\u2060\u200b"', step="One", say="First."))
    assert "\\u200b, \\u2060" in found[0] and "write words that show" in found[0]


def test_a_translated_title_that_draws_nothing_is_a_problem_at_its_place():
    text = RITUAL.format(title="Glow", step="One", say="First.") + (
        'translations:\n  de:\n    title: "\\u200b"\n'
        '    steps:\n      - {title: Eins, say: "\\u2060"}\n'
    )
    found = problems_of(text)
    assert len(found) == 2
    assert found[0].startswith("r.yaml:8:12: 'title' ") and "visible character" in found[0]
    assert found[1].startswith("r.yaml:10:28: 'say' ") and "visible character" in found[1]


def test_validate_and_the_device_report_the_invisible_title_once(home, facepacer, headless):
    path = user_ritual(home, r'"\u200b\u200d"')
    checked = facepacer("rituals", "validate", str(path))
    assert checked.code == 1 and f"{path}:3:8: 'title' has no visible character" in checked.out
    ran = headless()
    assert ran.code == 0 and ran.summary["status"] == "completed"
    assert ran.err.count(f"{path}:3:8:") == 1


# The sizes the screens draw at, on the shipped screen and on a large one: each named size, and
# the smallest text shrinks to.
SIZES = sorted(
    {
        getattr(Metrics.for_size(screen), name)
        for screen in ((480, 320), (800, 480), (320, 240))
        for name in ("clock", "huge", "title", "body", "small", "smallest")
    }
)

ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60)


@pytest.fixture(scope="module")
def fonts():
    return Fonts()


@pytest.mark.parametrize("size", SIZES)
@settings(max_examples=60, deadline=None)
@given(text=ANY_TEXT)
def test_any_string_renders_at_every_size(fonts, size, text):
    surface = fonts.render(text, size, (255, 255, 255), bold=size % 2 == 0)
    assert surface.get_height() > 0


@pytest.mark.parametrize("size", SIZES)
@settings(max_examples=30, deadline=None)
@given(text=ANY_TEXT)
def test_any_string_fits_and_draws_in_a_box(fonts, size, text):
    box = pygame.Rect(0, 0, 200, 120)
    block = fit_text(fonts, text, box.width, box.height, size, 8)
    draw_block(pygame.Surface((480, 320)), fonts, block, box, (255, 255, 255), align="center")


@pytest.mark.parametrize(
    "text", ["\u200b", "\u200d\u2060", "\ufe0f", "\u00ad", "\x00", "a\x00b", "\ud800", "x\udcff"]
)
def test_text_pygame_refuses_renders_as_a_surface_of_the_line_height(fonts, text):
    surface = fonts.render(text, 20, (255, 255, 255))
    assert surface.get_height() == fonts.get(20).get_height()


def test_a_nul_or_a_lone_surrogate_is_drawn_as_the_replacement_mark(fonts):
    mark = fonts.render("\ufffd", 20, (255, 255, 255)).get_width()
    assert fonts.render("\x00", 20, (255, 255, 255)).get_width() == mark
    assert fonts.render("\udcff", 20, (255, 255, 255)).get_width() == mark


def test_invisible_titles_in_the_log_list_in_the_terminal(tmp_path, facepacer):
    path = tmp_path / "sessions.db"
    with Store(path) as store:
        for _ in range(2):
            session(store, T0)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE sessions SET ritual_title = ? WHERE id = 1", ("\u200b\u2060",))
    conn.execute("UPDATE sessions SET ritual_title = CAST(X'EDA080' AS TEXT) WHERE id = 2")
    conn.commit()
    conn.close()
    outcome = facepacer("history", "--db", str(path))
    assert outcome.code == 0 and outcome.out.count("completed") == 2


# Text that never went through validate (a ritual built in code, a title from an older log or
# over MQTT) still reaches the screens: every screen that shows it draws it without raising.
HOSTILE = ["\u200b", "\u200d\u2060\ufe0f", "\x00", "\ud800", "\u00ad\u00ad", "a\x00\udcff"]


@pytest.mark.parametrize("text", HOSTILE)
def test_every_screen_draws_a_ritual_whose_words_draw_nothing(text):
    from dataclasses import replace

    from facepacer.engine.device import Device
    from facepacer.engine.simulate import snapshot_at
    from facepacer.ritual.model import Ritual

    from ..engine.helpers import hold, step
    from ..ui.helpers import SIZES, drawn

    ritual = Ritual("odd", text, (step(10, title=text, say=text), step(10, title=text)), text)
    device = Device([ritual], 0.0)
    hold(device, 0.0)  # the picker, with the title in its list
    shots = [device.snapshot(2.0), snapshot_at(ritual, 1.0), snapshot_at(ritual, 8.5)]
    shots.append(replace(shots[1], screen="paused", paused=True))
    for size in SIZES:
        for snapshot in shots:
            drawn(snapshot, size)


@settings(max_examples=300, deadline=None)
@given(title=st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=12))
def test_a_title_validate_accepts_always_draws_something(fonts, title):
    import json

    try:
        ritual = load_ritual_text(RITUAL.format(title=json.dumps(title), step="One", say="Go."),
                                  "r.yaml")  # fmt: skip
    except RitualError:
        return
    assert fonts.render(ritual.title, 20, (255, 255, 255)).get_width() > 0
