"""Colours and sizes of the screen.

Two palettes: ``calm`` (dark and warm, easy on eyes that just woke up, low glare in a mirror) and
``contrast`` (black, white and yellow, for low vision or a bright bathroom). Every size is derived
from the screen's height, so one layout serves a 480x320 panel and an 800x480 one alike: at 320
pixels high one unit is one pixel.

This module imports no pygame: colours are plain RGB tuples.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Dict, Tuple

from facepacer.limits import THEME_NAMES

log = logging.getLogger(__name__)

RGB = Tuple[int, int, int]


def mix(a: RGB, b: RGB, amount: float) -> RGB:
    """``a`` moved ``amount`` (0..1) of the way towards ``b``."""
    return tuple(round(x + (y - x) * amount) for x, y in zip(a, b))  # type: ignore[return-value]


@dataclass(frozen=True)
class Palette:
    name: str
    bg: RGB
    fg: RGB  # main text
    muted: RGB  # secondary text: hints, labels
    accent: RGB  # what to do now: "tap to start", the selection
    zone: RGB  # the highlighted zone of the face
    face: RGB  # the face's fill
    face_line: RGB  # its outline and features
    track: RGB  # the empty part of rings and bars
    ring: RGB  # time left in the step
    bar: RGB  # ritual progress, chart bars
    good: RGB  # a met goal
    warn_bg: RGB  # notice banner
    warn_fg: RGB
    dim: RGB  # the idle clock when the screen is dimmed
    cue: Dict[str, RGB] = field(default_factory=dict)  # flash colour of each cue


CALM = Palette(
    name="calm",
    bg=(18, 22, 27),
    fg=(236, 231, 222),
    muted=(150, 160, 170),
    accent=(240, 183, 128),
    zone=(240, 166, 112),
    face=(40, 47, 55),
    face_line=(170, 180, 188),
    track=(48, 56, 65),
    ring=(124, 200, 178),
    bar=(124, 200, 178),
    good=(124, 200, 178),
    warn_bg=(120, 44, 36),
    warn_fg=(255, 236, 228),
    dim=(88, 96, 104),
    cue={
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
    },
)

CONTRAST = Palette(
    name="contrast",
    bg=(0, 0, 0),
    fg=(255, 255, 255),
    muted=(215, 215, 215),
    accent=(255, 214, 0),
    zone=(255, 214, 0),
    face=(0, 0, 0),
    face_line=(255, 255, 255),
    track=(80, 80, 80),
    ring=(0, 230, 255),
    bar=(0, 230, 255),
    good=(0, 255, 120),
    warn_bg=(255, 214, 0),
    warn_fg=(0, 0, 0),
    dim=(150, 150, 150),
    cue={
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
    },
)

THEMES: Dict[str, Palette] = {"calm": CALM, "contrast": CONTRAST}
if tuple(THEMES) != THEME_NAMES:  # the config checks a theme's name against THEME_NAMES
    raise ImportError(
        f"themes {tuple(THEMES)} differ from facepacer.limits.THEME_NAMES {THEME_NAMES}"
    )


def palette(name: str) -> Tuple[Palette, Tuple[str, ...]]:
    """The palette called ``name``, and the problems found: an unknown name falls back to calm."""
    if name in THEMES:
        return THEMES[name], ()
    problem = f"unknown theme {name!r}: using 'calm' (choose one of {', '.join(THEMES)})"
    log.warning(problem)
    return CALM, (problem,)


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes for a screen of ``width`` x ``height``; ``unit`` is its shorter side / 320.

    The shorter side, so a portrait screen (320x480) gets the type of a 480x320 one, not type
    made for a screen half again as wide as it is.
    """

    width: int
    height: int
    unit: float
    border: int  # width of the cue flash frame around the screen's edge
    margin: int  # from the screen's edge to the content (the flash frame lives inside it)
    gap: int
    clock: int  # font sizes, in pixels
    huge: int
    title: int
    body: int
    small: int
    smallest: int  # text shrinks no further than this; below it, it is clipped (and reported)
    bar: int  # thickness of the progress bar
    ring: int  # thickness of the time ring

    @classmethod
    def for_size(cls, size: Tuple[int, int]) -> Metrics:
        width, height = int(size[0]), int(size[1])
        unit = max(min(width, height), 1) / 320.0

        def px(value: float) -> int:
            return max(1, round(value * unit))

        border = px(8)
        return cls(
            width=width,
            height=height,
            unit=unit,
            border=border,
            margin=border + px(6),
            gap=px(10),
            clock=px(110),
            huge=px(60),
            title=px(34),
            body=px(24),
            small=px(19),
            smallest=px(15),
            bar=px(12),
            ring=px(11),
        )
