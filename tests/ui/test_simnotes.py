"""The simulator's window explains itself: how to touch the pad until the first touch, that it is
asleep where the device would be dark, and that sound is off. The device's screens have none."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from facepacer.engine.snapshot import BLANK
from facepacer.ui.samples import WALL, sample
from facepacer.ui.simnotes import ASLEEP, KEYS, MUTED, SimNotes
from facepacer.ui.view import View

SIZES = [(480, 320), (800, 480), (320, 480)]


def view_of(size=(480, 320), **notes):
    view = View(pygame.Surface(size))
    view.sim = SimNotes(**notes)
    return view


def names(view, snapshot):
    return [r.name for r in view.regions(snapshot, WALL)]


@pytest.mark.parametrize("size", SIZES)
def test_home_in_the_simulator_says_how_to_touch_the_pad_in_full(size):
    view = view_of(size)
    view.render(sample("home"), WALL)
    assert "keys" in names(view, sample("home")) and view.clipped == []
    assert "Space" in KEYS and "Esc" in KEYS and "hold" in KEYS


def test_the_keys_note_is_on_home_only_and_gone_once_touched():
    view = view_of()
    assert "keys" not in names(view, sample("step"))
    view.sim.keys = False
    assert "keys" not in names(view, sample("home"))


def test_the_device_itself_shows_no_notes():
    view = View(pygame.Surface((480, 320)))
    assert not {"keys", "asleep", "muted"} & set(names(view, sample("home")))
    assert names(view, replace(sample("home"), power=BLANK)) == ["blank"]


@pytest.mark.parametrize("size", SIZES)
def test_a_sleeping_simulator_says_it_is_asleep_and_how_to_wake_it(size):
    view = view_of(size, keys=False)
    asleep = replace(sample("home"), power=BLANK)
    view.render(asleep, WALL)
    assert names(view, asleep) == ["asleep"] and view.clipped == []
    assert "asleep" in ASLEEP and "wake" in ASLEEP
    # The rest of the screen stays black, as the device's would.
    corner = view.surface.get_at((5, 5))
    assert tuple(corner)[:3] == (0, 0, 0)


@pytest.mark.parametrize("screen", ["home", "step", "paused", "picker"])
def test_mute_shows_that_sound_is_off_on_every_screen(screen):
    view = view_of(muted=True)
    view.render(sample(screen), WALL)
    assert "muted" in names(view, sample(screen)) and view.clipped == []
    assert "sound off" in MUTED


def test_the_loop_clears_the_keys_note_at_the_first_touch_and_follows_mute(tmp_path, monkeypatch):
    from facepacer.app.build import build
    from facepacer.cli import build_parser
    from facepacer.ui.input import InputEvent, InputKind

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app, _ = build(build_parser().parse_args(["sim", "--headless", "--virtual-clock"]))
    try:
        # Headless, the simulator has no notes: give the view and the loop the same ones.
        notes = app.wiring.view.sim = app.wiring.sim_notes = SimNotes()
        app._window_events = [InputEvent(InputKind.MUTE)]
        app.tick()
        assert notes.muted and app.wiring.buzzer.mute and notes.keys
        app._window_events = [InputEvent(InputKind.MUTE), InputEvent(InputKind.ELECTRODE, 0, True)]
        app.tick()
        assert not notes.muted and not notes.keys
    finally:
        app.close()
