"""Keyboard and mouse become input events: posted to SDL's queue as a person's keys would be."""

from __future__ import annotations

import threading

import pygame
import pytest

from facepacer.ui.window import (
    ELECTRODE,
    FULLSCREEN,
    MUTE,
    QUIT,
    WINDOW_POLL,
    InputEvent,
    Window,
)


@pytest.fixture
def window():
    w = Window((480, 320), headless=True)
    pygame.event.clear()
    yield w
    w.close()


def key(kind, code):
    pygame.event.post(pygame.event.Event(kind, key=code, mod=0, unicode="", scancode=0))


def click(kind, pos, button=1):
    pygame.event.post(pygame.event.Event(kind, pos=pos, button=button))


def test_space_presses_and_releases_the_pad(window):
    key(pygame.KEYDOWN, pygame.K_SPACE)
    assert window.events(0) == [InputEvent(ELECTRODE, 0, True)]
    key(pygame.KEYUP, pygame.K_SPACE)
    assert window.events(0) == [InputEvent(ELECTRODE, 0, False)]


def test_a_held_key_repeating_is_still_one_press(window):
    for _ in range(3):
        key(pygame.KEYDOWN, pygame.K_SPACE)
    key(pygame.KEYUP, pygame.K_SPACE)
    assert window.events(0) == [InputEvent(ELECTRODE, 0, True), InputEvent(ELECTRODE, 0, False)]


def test_digit_keys_touch_the_other_electrodes(window):
    key(pygame.KEYDOWN, pygame.K_3)
    key(pygame.KEYUP, pygame.K_3)
    key(pygame.KEYDOWN, pygame.K_KP9)
    assert window.events(0) == [
        InputEvent(ELECTRODE, 3, True), InputEvent(ELECTRODE, 3, False),
        InputEvent(ELECTRODE, 9, True),
    ]  # fmt: skip


def test_m_mutes_f_asks_for_fullscreen_and_escape_quits(window):
    for code in (pygame.K_m, pygame.K_f, pygame.K_ESCAPE):
        key(pygame.KEYDOWN, code)
        key(pygame.KEYUP, code)
    assert window.events(0) == [InputEvent(MUTE), InputEvent(FULLSCREEN), InputEvent(QUIT)]


def test_closing_the_window_quits(window):
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert window.events(0) == [InputEvent(QUIT)]


def test_other_keys_are_ignored(window):
    key(pygame.KEYDOWN, pygame.K_q)
    key(pygame.KEYUP, pygame.K_q)
    assert window.events(0) == []


def test_a_click_on_the_pad_area_is_a_touch(window):
    click(pygame.MOUSEBUTTONDOWN, (100, 100))
    click(pygame.MOUSEBUTTONUP, (100, 100))
    assert window.events(0) == [InputEvent(ELECTRODE, 0, True), InputEvent(ELECTRODE, 0, False)]


def test_a_click_outside_a_set_pad_area_or_with_another_button_is_not():
    window = Window((480, 320), headless=True, pad_rect=pygame.Rect(380, 220, 100, 100))
    pygame.event.clear()
    click(pygame.MOUSEBUTTONDOWN, (10, 10))
    click(pygame.MOUSEBUTTONUP, (10, 10))
    click(pygame.MOUSEBUTTONDOWN, (400, 300), button=3)
    assert window.events(0) == []
    click(pygame.MOUSEBUTTONDOWN, (400, 300))
    assert window.events(0) == [InputEvent(ELECTRODE, 0, True)]


def test_space_and_mouse_together_are_one_touch_until_both_let_go(window):
    key(pygame.KEYDOWN, pygame.K_SPACE)
    click(pygame.MOUSEBUTTONDOWN, (50, 50))
    key(pygame.KEYUP, pygame.K_SPACE)
    assert window.events(0) == [InputEvent(ELECTRODE, 0, True)]
    click(pygame.MOUSEBUTTONUP, (50, 50))
    assert window.events(0) == [InputEvent(ELECTRODE, 0, False)]


def test_losing_the_focus_lets_go_of_the_pad(window):
    key(pygame.KEYDOWN, pygame.K_SPACE)
    pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSLOST))
    assert window.events(0) == [InputEvent(ELECTRODE, 0, True), InputEvent(ELECTRODE, 0, False)]
    key(pygame.KEYUP, pygame.K_SPACE)
    assert window.events(0) == []


def test_nothing_to_read_returns_an_empty_list_at_once(window):
    assert window.events(0) == []


def test_an_event_posted_from_another_thread_ends_the_wait(window):
    posted = InputEvent(ELECTRODE, 0, True)
    thread = threading.Thread(target=window.post, args=(posted,))
    thread.start()
    assert window.events(None) == [posted]
    thread.join()


def test_a_shared_wake_event_set_elsewhere_ends_the_wait():
    irq = threading.Event()
    window = Window((480, 320), headless=True, wake_event=irq)
    thread = threading.Thread(target=irq.set)
    thread.start()
    assert window.events(None) == []
    assert not irq.is_set()
    thread.join()


def test_headless_polls_nothing_and_a_window_polls_once_a_frame():
    assert Window((480, 320), headless=True).poll == 0
    assert Window((480, 320)).poll == WINDOW_POLL <= 1 / 60
    assert Window((480, 320), headless=True, poll=0.05).poll == 0.05


def test_the_surface_has_the_asked_size_and_flip_takes_rects(window):
    assert window.surface.get_size() == (480, 320)
    window.surface.fill((10, 20, 30))
    window.flip([pygame.Rect(0, 0, 10, 10)])
    window.flip([])
    assert window.surface.get_at((5, 5))[:3] == (10, 20, 30)


def test_toggling_fullscreen_gives_a_surface_to_draw_on(window):
    surface = window.toggle_fullscreen()
    assert surface is window.surface and surface.get_size()[0] > 0
