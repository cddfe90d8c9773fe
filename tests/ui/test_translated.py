"""Every screen in every language a catalogue holds: drawn at each size with nothing clipped, and
no word left in English.

A translation is the hard case for the layout (German's words are long) and the test that
nothing escapes the catalogue: every piece of text the view hands to the font is recorded, and
none may hold a word that is English only, that is, a word of the English messages or of the
shipped rituals' English text that appears in none of their translation. The one exception is a
notice's diagnostic, which stays English by design (README: "Languages").
"""

from __future__ import annotations

import re
from typing import List, Set

import pytest
from babel.messages.pofile import read_po

from facepacer import i18n
from facepacer.engine.simulate import snapshot_at
from facepacer.ritual import Library
from facepacer.ui.fonts import Fonts
from facepacer.ui.samples import SCREENS, WALL, sample
from tests.languages import TRANSLATED, po

from .helpers import SIZES, drawn

SHIPPED = list(Library.load(include_user=False))
WORD = re.compile(r"[^\W\d_]+")
PLACEHOLDER = re.compile(r"\{\w*\}")


def words(text: str) -> Set[str]:
    return {w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", text))}


def _texts(ritual) -> List[str]:
    return [ritual.title, ritual.summary, *(t for s in ritual.steps for t in (s.title, s.say))]


def _english_only(code: str) -> Set[str]:
    english: Set[str] = set()
    translated: Set[str] = set()
    with open(po(code), "rb") as handle:
        for message in read_po(handle):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in ids:
                english |= words(text)
            for text in strings:
                translated |= words(text)
    for ritual in SHIPPED:
        for text in _texts(ritual):
            english |= words(text)
        for text in _texts(ritual.in_language(code)):
            translated |= words(text)
    return english - translated


ENGLISH_ONLY = {code: _english_only(code) for code in TRANSLATED}


@pytest.fixture
def recorded(monkeypatch) -> List[str]:
    """Every text the view draws from here on, as handed to the font."""
    texts: List[str] = []
    render = Fonts.render

    def recording(self, text, *args, **kwargs):
        texts.append(text)
        return render(self, text, *args, **kwargs)

    monkeypatch.setattr(Fonts, "render", recording)
    return texts


def english_in(texts: List[str], code: str, allowed: Set[str] = frozenset()) -> List[str]:
    return [t for t in texts if (words(t) & ENGLISH_ONLY[code]) - allowed]


def speak(code: str) -> None:
    i18n.use(i18n.choose(code, {}))


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_english_only_words_are_a_real_list(code):
    assert {"tap", "hold", "paused", "side", "cheeks", "week"} <= ENGLISH_ONLY[code]


def test_the_words_german_shares_with_english_are_not_english_only():
    assert not {"s", "okay"} & ENGLISH_ONLY["de"]


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize("size", [*SIZES, (320, 480)])
@pytest.mark.parametrize("screen", [s for s in SCREENS if s != "blank"])
def test_every_screen_fits_and_leaves_no_english(screen, size, code, recorded):
    english = drawn(sample(screen), size)[0]
    in_english = list(recorded)
    recorded.clear()
    speak(code)
    snapshot = sample(screen)
    view, _ = drawn(snapshot, size)
    assert view.clipped == []
    allowed = set().union(*(words(n) for n in snapshot.notices))  # a diagnostic stays English
    assert english_in(recorded, code, allowed) == []
    assert set(recorded) != set(in_english), "nothing on this screen changed language"
    assert english.clipped == []


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("ritual", SHIPPED, ids=lambda r: r.id)
def test_every_shipped_ritual_fits_and_leaves_no_english(ritual, size, code, recorded):
    speak(code)
    translated = ritual.in_language(code)
    assert translated.language == code
    clipped = set()
    for start, step in zip(translated.step_starts(), translated.steps):
        for at in (start + 0.5, start + step.seconds - 2.0):
            view, _ = drawn(snapshot_at(translated, at), size)
            clipped.update(view.clipped)
    assert clipped == set()
    assert english_in(recorded, code) == []


def test_the_idle_screen_gives_the_german_weekday(recorded):
    i18n.use("de_DE")
    drawn(sample("idle"))
    assert "Montag" in recorded and "07:30" in recorded  # WALL is a Monday morning
    assert WALL.weekday() == 0


@pytest.mark.parametrize("code", TRANSLATED)
def test_a_step_waiting_for_a_tap_leaves_no_english(code, recorded):
    from dataclasses import replace

    speak(code)
    drawn(replace(sample("step"), waiting=True, show_next=True))
    assert english_in(recorded, code) == []


def test_a_step_waiting_for_a_tap_says_so_in_german(recorded):
    from dataclasses import replace

    i18n.use("de_DE")
    drawn(replace(sample("step"), waiting=True, show_next=True))
    assert "Tippen" in recorded
    assert any(text.startswith("Wenn du so weit bist") for text in recorded)


def notes_drawn(size) -> List[List[str]]:
    """The simulator's notes over home, awake and asleep; what each drawing clipped."""
    from dataclasses import replace

    import pygame

    from facepacer.engine.snapshot import BLANK
    from facepacer.ui.simnotes import SimNotes
    from facepacer.ui.view import View

    clipped = []
    for snapshot, notes in (
        (sample("home"), SimNotes(keys=True, muted=True)),
        (replace(sample("home"), power=BLANK), SimNotes()),
    ):
        view = View(pygame.Surface(size))
        view.sim = notes
        view.render(snapshot, WALL)
        clipped.append(view.clipped)
    return clipped


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize("size", [*SIZES, (320, 480)])
def test_the_simulators_notes_fit_and_leave_no_english(size, code, recorded):
    speak(code)
    assert notes_drawn(size) == [[], []]
    assert english_in(recorded, code) == []


def test_the_simulators_notes_speak_german(recorded):
    i18n.use("de_DE")
    notes_drawn((480, 320))
    assert any(text.startswith("Leertaste/Klick = Sensorfeld") for text in recorded)
    assert any(text.startswith("Ton aus") for text in recorded)
    assert any(text.startswith("Schläft") for text in recorded)
