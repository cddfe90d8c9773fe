"""One record per cue: complete for every cue today, and a cue added without every part of its
record (or without a colour in each theme) is caught by name before anything runs."""

from __future__ import annotations

from dataclasses import replace

import pytest

from facepacer.engine import run
from facepacer.engine.cues import (
    STYLES,
    ColourRole,
    CueStyle,
    FlashShape,
    Note,
    check,
    cue_style,
    problems,
)
from facepacer.engine.events import CueKind
from facepacer.enums import StrEnum
from facepacer.ui.theme import CALM, CONTRAST, colour_problems

from .helpers import step

# A cue set with one cue more than the device has, as a new cue would arrive: its kind first.
Kinds = StrEnum("Kinds", {**{k.name: k.value for k in CueKind}, "CHIME": "chime"})
Roles = StrEnum("Roles", {**{r.name: r.value for r in ColourRole}, "GLOW": "glow"})
CHIME = CueStyle(
    notes=(Note(1400.0, 0.05), Note(None, 0.05), Note(1400.0, 0.05)),
    shape=FlashShape.CORNERS,
    colour=Roles.GLOW,
    flash_rank=1,
    order=None,
    quiet_at_night=True,
    drop_when_busy=False,
)


def with_chime(style):
    return {**STYLES, Kinds.CHIME: style}


def glowing(palette):
    return replace(palette, flash={**palette.flash, Roles.GLOW: (255, 255, 0)})


def test_every_cue_has_a_complete_record_and_every_theme_a_colour_for_it():
    assert problems(CueKind, STYLES) == []
    assert colour_problems([CALM, CONTRAST], ColourRole, STYLES) == []


def test_a_cue_without_a_record_fails_the_check_by_name():
    assert problems(Kinds, STYLES) == ["cue 'chime' has no record in STYLES (engine/cues.py)"]
    with pytest.raises(ImportError, match="cue 'chime' has no record"):
        check(Kinds, STYLES)


def test_a_record_without_a_shape_or_a_colour_role_names_the_part():
    style = replace(CHIME, shape=None, colour=None)
    assert problems(Kinds, with_chime(style)) == [
        "cue 'chime' has no shape",
        "cue 'chime' has no colour",
    ]


@pytest.mark.parametrize("part", ["notes", "flash_rank", "quiet_at_night", "drop_when_busy"])
def test_a_record_with_a_part_left_as_none_fails_the_check(part):
    found = problems(Kinds, with_chime(replace(CHIME, **{part: None})))
    assert f"cue 'chime' has no {part}" in found


def test_an_empty_or_silent_pattern_fails_the_check():
    empty = problems(Kinds, with_chime(replace(CHIME, notes=())))
    silent = problems(Kinds, with_chime(replace(CHIME, notes=(Note(None, 0.1),))))
    assert empty == silent == ["cue 'chime' has no sounding note in its buzzer pattern"]


def test_a_note_of_no_length_fails_the_check():
    found = problems(Kinds, with_chime(replace(CHIME, notes=(Note(880.0, 0.0),))))
    assert found == ["cue 'chime' has a note of 0.0 s: a note lasts more than 0 s"]


def test_a_record_of_a_cue_that_does_not_exist_fails_the_check():
    assert problems(CueKind, with_chime(CHIME)) == [
        "STYLES has a record of 'chime', which is no cue"
    ]


def test_a_new_colour_role_fails_until_each_theme_gives_it_a_colour():
    styles = with_chime(CHIME)
    assert problems(Kinds, styles) == []
    assert colour_problems([CALM, CONTRAST], Roles, styles) == [
        "theme 'calm' has no colour for role 'glow' (the flash of chime)",
        "theme 'contrast' has no colour for role 'glow' (the flash of chime)",
    ]
    assert colour_problems([glowing(CALM), CONTRAST], Roles, styles) == [
        "theme 'contrast' has no colour for role 'glow' (the flash of chime)",
    ]
    assert colour_problems([glowing(CALM), glowing(CONTRAST)], Roles, styles) == []


def test_a_theme_that_leaves_out_a_role_names_the_cues_that_flash_in_it():
    flash = {role: rgb for role, rgb in CALM.flash.items() if role != ColourRole.GO}
    assert colour_problems([replace(CALM, flash=flash)], ColourRole, STYLES) == [
        "theme 'calm' has no colour for role 'go' (the flash of start, resume)"
    ]


CALM_FLASH = {
    "start": (124, 200, 178),
    "zone": (240, 166, 112),
    "stroke": (236, 231, 222),
    "side": (150, 190, 250),
    "countdown": (240, 210, 120),
    "pause": (150, 160, 170),
    "resume": (124, 200, 178),
    "finish": (190, 230, 150),
    "error": (240, 90, 80),
    "reminder": (196, 170, 240),
}
CONTRAST_FLASH = {
    "start": (0, 255, 120),
    "zone": (255, 214, 0),
    "stroke": (255, 255, 255),
    "side": (0, 230, 255),
    "countdown": (255, 214, 0),
    "pause": (215, 215, 215),
    "resume": (0, 255, 120),
    "finish": (0, 255, 120),
    "error": (255, 60, 60),
    "reminder": (220, 150, 255),
}


@pytest.mark.parametrize("palette, colours", [(CALM, CALM_FLASH), (CONTRAST, CONTRAST_FLASH)])
def test_each_cue_flashes_in_its_colour_of_each_theme(palette, colours):
    assert {cue: palette.cue_colour(cue) for cue in CueKind} == colours


def test_only_strokes_and_the_reminder_are_quiet_at_night_and_only_strokes_give_way():
    assert [c for c in CueKind if STYLES[c].quiet_at_night] == ["stroke", "reminder"]
    assert [c for c in CueKind if STYLES[c].drop_when_busy] == ["stroke"]


def test_an_unknown_cue_name_is_a_value_error_listing_the_cues():
    with pytest.raises(ValueError, match="no cue 'beep'; cues: start, zone, stroke"):
        cue_style("beep")


def test_a_scheduled_cue_whose_record_has_no_order_is_named(monkeypatch):
    monkeypatch.setattr(
        run, "STYLES", {**STYLES, CueKind.ZONE: replace(STYLES["zone"], order=None)}
    )
    with pytest.raises(ValueError, match="cue 'zone' is scheduled in a step but its record has no"):
        run.step_events(step(10), first=True)
