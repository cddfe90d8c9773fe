"""The display and what the keyboard and mouse say: the simulator's window, the Pi's screen.

Keys (ARCHITECTURE §6): Space is the pad (electrode 0; pressing and holding work, key repeat is
ignored), 1-9 are electrodes 1-9, F asks for fullscreen, M mutes, Esc or closing the window quits.
A mouse press inside ``pad_rect`` (the whole window by default; a finger on a touchscreen arrives
as the same mouse press) is electrode 0 too.

Waiting for input costs almost nothing. ``pygame.event.wait(timeout)`` was measured here, with
``time.process_time`` over 3 s idle at a 480x320 window: SDL polls inside it every millisecond,
3.1 % of a core under both the dummy and the X11 driver, more than a naive 60 fps loop costs under
the dummy driver. So :meth:`Window.events` sleeps on a ``threading.Event`` instead, and looks at
SDL's queue every ``poll`` seconds (measured: 0.9 % of a core at 1/60 s under X11, 0.3 % at
1/20 s). Other threads wake the wait at once by setting that event: :meth:`Window.post` hands
in an input event, and a touch sensor's IRQ can share the event (``wake_event``), so a touch
reaches the loop with no polling at all. Headless, SDL's dummy driver has no input of its own, so
nothing is polled unless asked for.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from typing import Deque, List, Optional, Sequence, Set, Tuple

import pygame

from facepacer.engine.snapshot import AWAKE, Power
from facepacer.ui.backlight import Backlight
from facepacer.ui.input import InputEvent, InputKind

# The kinds of input by their short names.
ELECTRODE, QUIT, MUTE, FULLSCREEN = (
    InputKind.ELECTRODE, InputKind.QUIT, InputKind.MUTE, InputKind.FULLSCREEN
)  # fmt: skip
PAD = 0
WINDOW_POLL = 1 / 60  # a key press reaches the screen within one frame


_DIGITS = {getattr(pygame, f"K_{n}"): n for n in range(1, 10)}
_DIGITS.update({getattr(pygame, f"K_KP{n}"): n for n in range(1, 10)})


class Window:
    """The display surface and its input.

    ``headless`` draws into SDL's dummy display (set before pygame starts its display);
    ``fullscreen`` fills the screen and hides the cursor, as on the device. ``poll`` is how often
    SDL's own queue is read while waiting: by default once a frame in a window, never headless.
    ``wake_event``, when given, is the event the wait sleeps on: whoever sets it (a sensor's IRQ
    handler) wakes :meth:`events` at once. ``backlight`` is the panel's backlight that
    :meth:`set_power` dims and switches off; by default the device's own when full screen (a
    laptop's backlight is left alone in a window).
    """

    def __init__(
        self,
        size: Tuple[int, int] = (480, 320),
        *,
        fullscreen: bool = False,
        headless: bool = False,
        title: str = "facepacer",
        pad_rect: Optional[pygame.Rect] = None,
        poll: Optional[float] = None,
        wake_event: Optional[threading.Event] = None,
        backlight: Optional[Backlight] = None,
    ):
        if headless:
            os.environ["SDL_VIDEODRIVER"] = "dummy"
            if pygame.display.get_init() and pygame.display.get_driver() != "dummy":
                pygame.display.quit()
        pygame.display.init()
        pygame.display.set_caption(title)
        self.size = (int(size[0]), int(size[1]))
        self.headless = headless
        self.fullscreen = False
        self.pad_rect = pad_rect
        self.poll = (0.0 if headless else WINDOW_POLL) if poll is None else poll
        self._posted: Deque[InputEvent] = deque()
        self.wake_event = wake_event if wake_event is not None else threading.Event()
        self._held: Set[str] = set()  # what holds the pad down: "space", "mouse"
        self._keys_down: Set[int] = set()
        if backlight is None and fullscreen and not headless:
            backlight = Backlight()
        self.backlight = backlight
        self._open(fullscreen)
        # Motion is never input here; blocking it keeps the queue short while the mouse moves.
        pygame.event.set_blocked([pygame.MOUSEMOTION, pygame.FINGERMOTION])

    # -- the display ---------------------------------------------------------------------------

    def _open(self, fullscreen: bool) -> None:
        if fullscreen and not self.headless:
            # (0, 0): the display's own size; the view lays itself out for whatever it gets.
            self.surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            pygame.mouse.set_visible(False)
        else:
            self.surface = pygame.display.set_mode(self.size)
            pygame.mouse.set_visible(True)
        self.fullscreen = fullscreen

    @property
    def driver(self) -> str:
        """SDL's video driver: ``x11``, ``wayland``, ``kmsdrm``... or ``offscreen``/``dummy``
        when nothing is shown."""
        return pygame.display.get_driver()

    def toggle_fullscreen(self) -> pygame.Surface:
        """Switch between window and full screen; the new surface is for ``View.set_surface``."""
        self._open(not self.fullscreen)
        return self.surface

    def flip(self, rects: Sequence[pygame.Rect]) -> None:
        """Put the changed rectangles on screen; nothing to do when nothing changed."""
        if rects:
            pygame.display.update(list(rects))

    def set_power(self, power: Power) -> None:
        """Follow the snapshot's power state (awake, dim, blank) with the panel's backlight.

        Cheap when unchanged, so the loop may call it on every frame.
        """
        if self.backlight is not None:
            self.backlight.apply(power)

    def close(self) -> None:
        """Close the display, leaving the backlight on for whatever shows next."""
        self.set_power(AWAKE)
        pygame.display.quit()

    # -- input ---------------------------------------------------------------------------------

    def post(self, event: InputEvent) -> None:
        """Hand an input event in from any thread; a waiting :meth:`events` returns at once."""
        self._posted.append(event)
        self.wake_event.set()

    def events(self, timeout: Optional[float] = 0.0) -> List[InputEvent]:
        """Input since the last call, waiting up to ``timeout`` seconds (None: until some comes).

        Returns as soon as there is input, with it; with ``[]`` when the time ran out or when
        ``wake_event`` was set (something else, the sensor, has news for the loop).
        """
        deadline = None if timeout is None else time.monotonic() + max(0.0, timeout)
        while True:
            out = self._collect()
            if out:
                return out
            if self.wake_event.is_set():
                # Cleared by the one who waits, after waking: a set between a check and the wait
                # is never lost.
                self.wake_event.clear()
                return self._collect()
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return []
            if self.poll > 0:
                left = self.poll if left is None else min(left, self.poll)
            self.wake_event.wait(left)

    def _collect(self) -> List[InputEvent]:
        out: List[InputEvent] = []
        while self._posted:
            out.append(self._posted.popleft())
        for event in pygame.event.get():
            out += self._translate(event)
        return out

    def _translate(self, event) -> List[InputEvent]:
        kind = event.type
        if kind == pygame.QUIT:
            return [InputEvent(QUIT)]
        if kind == pygame.KEYDOWN:
            if event.key in self._keys_down:
                return []  # key repeat: a held key is one press
            self._keys_down.add(event.key)
            return self._key(event.key, True)
        if kind == pygame.KEYUP:
            if event.key not in self._keys_down:
                return []
            self._keys_down.discard(event.key)
            return self._key(event.key, False)
        if kind == pygame.MOUSEBUTTONDOWN and event.button == 1:
            area = self.pad_rect or self.surface.get_rect()
            if area.collidepoint(event.pos):
                return self._pad("mouse", True)
            return []
        if kind == pygame.MOUSEBUTTONUP and event.button == 1:
            return self._pad("mouse", False)
        if kind == pygame.WINDOWFOCUSLOST:
            # A key released while another window has the focus never arrives: let go of all.
            self._keys_down.clear()
            return self._pad("space", False) + self._pad("mouse", False)
        if kind in (pygame.WINDOWEXPOSED, pygame.VIDEOEXPOSE):
            pygame.display.flip()  # the picture is intact in the surface: show it again
        return []

    def _key(self, key: int, pressed: bool) -> List[InputEvent]:
        if key == pygame.K_SPACE:
            return self._pad("space", pressed)
        if key in _DIGITS:
            return [InputEvent(ELECTRODE, _DIGITS[key], pressed)]
        if not pressed:
            return []
        if key == pygame.K_ESCAPE:
            return [InputEvent(QUIT)]
        if key == pygame.K_m:
            return [InputEvent(MUTE)]
        if key == pygame.K_f:
            return [InputEvent(FULLSCREEN)]  # the loop calls toggle_fullscreen and tells the view
        return []

    def _pad(self, source: str, pressed: bool) -> List[InputEvent]:
        """Electrode 0 from the keyboard and the mouse at once: one touch until both let go."""
        before = bool(self._held)
        if pressed:
            self._held.add(source)
        else:
            self._held.discard(source)
        after = bool(self._held)
        if before == after:
            return []
        return [InputEvent(ELECTRODE, PAD, after)]
