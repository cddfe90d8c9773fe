"""Colours and sizes of the screen.

Two palettes: ``calm`` (dark and warm, easy on eyes that just woke up, low glare in a mirror) and
``contrast`` (black, white and yellow, for low vision or a bright bathroom). Every size is derived
from the screen's height, so one layout serves a 480x320 panel and an 800x480 one alike: at 320
pixels high one unit is one pixel.

Each palette gives every colour role of the cues' flashes (``engine.cues.ColourRole``) its RGB,
checked at import. This module imports no pygame: colours are plain RGB tuples.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Dict, Iterable, List, Mapping, Tuple

from facepacer.engine.cues import STYLES, ColourRole, CueStyle, Kind, cue_style
from facepacer.limits import THEME_NAMES

log = logging.getLogger(__name__)

RGB = Tuple[int, int, int]


def mix(a: RGB, b: RGB, amount: float) -> RGB:
    """``a`` moved ``amount`` (0..1) of the way towards ``b``."""
    (r1, g1, b1), (r2, g2, b2) = a, b
    return (round(r1 + (r2 - r1) * amount), round(g1 + (g2 - g1) * amount),
            round(b1 + (b2 - b1) * amount))  # fmt: skip


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
    flash: Mapping[ColourRole, RGB]  # the cue flash's colour of each role

    def cue_colour(self, cue: str) -> RGB:
        """The flash colour of ``cue``, through its record's colour role."""
        return self.flash[cue_style(cue).colour]


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
    flash={
        ColourRole.GO: (124, 200, 178),
        ColourRole.STEP: (240, 166, 112),
        ColourRole.TICK: (236, 231, 222),
        ColourRole.SIDE: (150, 190, 250),
        ColourRole.SOON: (240, 210, 120),
        ColourRole.HALT: (150, 160, 170),
        ColourRole.DONE: (190, 230, 150),
        ColourRole.FAULT: (240, 90, 80),
        ColourRole.NUDGE: (196, 170, 240),
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
    flash={
        ColourRole.GO: (0, 255, 120),
        ColourRole.STEP: (255, 214, 0),
        ColourRole.TICK: (255, 255, 255),
        ColourRole.SIDE: (0, 230, 255),
        ColourRole.SOON: (255, 214, 0),
        ColourRole.HALT: (215, 215, 215),
        ColourRole.DONE: (0, 255, 120),
        ColourRole.FAULT: (255, 60, 60),
        ColourRole.NUDGE: (220, 150, 255),
    },
)

THEMES: Dict[str, Palette] = {"calm": CALM, "contrast": CONTRAST}
if tuple(THEMES) != THEME_NAMES:  # the config checks a theme's name against THEME_NAMES
    raise ImportError(
        f"themes {tuple(THEMES)} differ from facepacer.limits.THEME_NAMES {THEME_NAMES}"
    )


def colour_problems(
    palettes: Iterable[Palette], roles: Iterable[str], styles: Mapping[Kind, CueStyle]
) -> List[str]:
    """Each colour role (of ``roles``, or named by a record of ``styles``) that a palette gives no
    colour, with the cues that would flash in it."""
    wanted = dict.fromkeys([*roles, *(style.colour for style in styles.values())])
    found = []
    for palette in palettes:
        for role in wanted:
            if role not in palette.flash:
                cues = ", ".join(name for name, style in styles.items() if style.colour == role)
                found.append(
                    f"theme {palette.name!r} has no colour for role {role!r}"
                    f" (the flash of {cues or 'no cue yet'})"
                )
    return found


_MISSING = colour_problems(THEMES.values(), ColourRole, STYLES)
if _MISSING:
    raise ImportError("cue colours incomplete:\n  " + "\n  ".join(_MISSING))


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
