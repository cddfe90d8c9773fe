"""The typeface: shipped DejaVu Sans, loaded once per size, with rendered words cached.

A missing or unreadable font file must not stop the device: pygame's built-in font stands in, and
the problem is logged and kept in ``Fonts.problems`` for the screen to show.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pygame

from facepacer.paths import asset_path

log = logging.getLogger(__name__)

REGULAR = "fonts/DejaVuSans.ttf"
BOLD = "fonts/DejaVuSans-Bold.ttf"

# What pygame cannot take: NUL ends its C string ("A null character was found in the text") and a
# lone surrogate cannot be encoded as UTF-8 (UnicodeEncodeError). Each is drawn as U+FFFD.
_UNDRAWABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"

# Rendered text surfaces kept for reuse: the same digits and labels come back every second, and
# rendering anti-aliased text is the costliest thing the view does on a Pi Zero. Counted in bytes,
# not surfaces: a count let a day of rituals keep 256 of them, big digits and titles, some 12 MB.
# A screen draws a few hundred KB of text; this keeps that several times over.
RENDER_BUDGET = 2 * 1024 * 1024
# Text layouts (``ui.text``), by the bytes of their words: a ritual's worth is a few KB.
LAYOUT_BUDGET = 256 * 1024
# Font faces kept open: the sizes the screens draw. A face costs some 100-400 KB once used;
# sizes only tried while fitting a text are not kept (``trial``).
KEPT_FACES = 12


class ByteCache:
    """Least recently used values, bounded by the bytes each is said to take."""

    def __init__(self, budget: int):
        self.budget = budget
        self.used = 0
        self._items: OrderedDict = OrderedDict()

    def get(self, key):
        item = self._items.get(key)
        if item is None:
            return None
        self._items.move_to_end(key)
        return item[0]

    def put(self, key, value, size: int) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.used -= old[1]
        self._items[key] = (value, size)
        self.used += size
        while self.used > self.budget and len(self._items) > 1:
            _, (_, dropped) = self._items.popitem(last=False)
            self.used -= dropped

    def __len__(self) -> int:
        return len(self._items)


class Fonts:
    """Fonts by pixel size and weight; ``regular`` and ``bold`` are paths, None for the shipped."""

    def __init__(self, regular: Optional[Path] = None, bold: Optional[Path] = None):
        if not pygame.font.get_init():
            pygame.font.init()
        self.problems: List[str] = []
        self._paths: Dict[bool, Optional[Path]] = {
            False: self._check(regular if regular is not None else asset_path(REGULAR)),
            True: self._check(bold if bold is not None else asset_path(BOLD)),
        }
        self._fonts: OrderedDict = OrderedDict()  # (size, bold) -> Font, the faces drawn with
        self._trial: Dict[Tuple[int, bool], pygame.font.Font] = {}  # the last size only tried
        self._rendered = ByteCache(RENDER_BUDGET)
        self.fit_cache = ByteCache(LAYOUT_BUDGET)  # text layouts by box, kept by ui.text

    def _check(self, path: Path) -> Optional[Path]:
        try:
            # A file that is not a font can still open; it fails on first use, so use it here.
            pygame.font.Font(str(path), 12).render("Ag", True, (255, 255, 255))
        except (OSError, RuntimeError, TypeError, pygame.error) as exc:
            # TypeError: pygame 2.1 (Pi OS Bookworm) says "not a file object" of a broken font.
            self._report(f"font {path} unusable ({exc}): using pygame's built-in font")
            return None
        return path

    def _report(self, problem: str) -> None:
        log.warning(problem)
        self.problems.append(problem)

    def get(self, size: int, bold: bool = False) -> pygame.font.Font:
        """The font of ``size`` pixels (its em height), loaded on first use."""
        size = max(1, int(size))
        key = (size, bold)
        font = self._fonts.get(key)
        if font is None:
            font = self._trial.pop(key, None) or self._open(size, bold)
            self._fonts[key] = font
            if len(self._fonts) > KEPT_FACES:
                self._fonts.popitem(last=False)
        else:
            self._fonts.move_to_end(key)
        return font

    def trial(self, size: int, bold: bool = False) -> pygame.font.Font:
        """The font of ``size`` for measuring only: kept until the next size is tried, unless
        ``get`` asks for it (it is drawn with) in the meantime."""
        size = max(1, int(size))
        key = (size, bold)
        font = self._fonts.get(key) or self._trial.get(key)
        if font is None:
            font = self._open(size, bold)
            self._trial = {key: font}
        return font

    def _open(self, size: int, bold: bool) -> pygame.font.Font:
        path = self._paths[bold]
        return self._fallback(size, bold) if path is None else self._load(path, size, bold)

    def _load(self, path: Path, size: int, bold: bool) -> pygame.font.Font:
        try:
            return pygame.font.Font(str(path), size)
        except (OSError, RuntimeError, pygame.error) as exc:
            self._report(f"font {path} failed at size {size} ({exc}): using pygame's built-in font")
            self._paths[bold] = None
            return self._fallback(size, bold)

    @staticmethod
    def _fallback(size: int, bold: bool) -> pygame.font.Font:
        # pygame's built-in font is smaller for the same nominal size; scale it to match roughly.
        font = pygame.font.Font(None, round(size * 1.35))
        font.set_bold(bold)
        return font

    def render(self, text: str, size: int, color, bold: bool = False) -> pygame.Surface:
        """``text`` on one line, anti-aliased, on a transparent background.

        Total: any string gives a surface. Text that draws nothing (zero-width characters alone,
        which pygame refuses with "Text has zero width") gives an empty one of the line's height.
        """
        key = (text, size, bold, tuple(color))
        surface = self._rendered.get(key)
        if surface is not None:
            return surface
        font = self.get(size, bold)
        try:
            surface = font.render(drawable(text), True, color)
        except (pygame.error, ValueError) as exc:
            # Zero width, or a line wider than SDL's largest surface: nothing a screen can show.
            log.debug("nothing drawn for %r at %s px: %s", text[:40], size, exc)
            surface = pygame.Surface((0, font.get_height()), pygame.SRCALPHA)
        self._rendered.put(key, surface, surface.get_pitch() * surface.get_height())
        return surface


def drawable(text: str) -> str:
    """``text`` with what pygame cannot take (see ``_UNDRAWABLE``) replaced by U+FFFD; measure
    and wrap this, so the measured text is the drawn text."""
    return _UNDRAWABLE.sub(REPLACEMENT, text) if _UNDRAWABLE.search(text) else text
