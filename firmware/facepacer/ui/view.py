"""The view: draws the engine's snapshot, and only what changed since the last picture.

``render(snapshot, wall)`` lays the screen out as regions (see ``facepacer.ui.frame``), redraws
those whose key changed and returns their rectangles for ``Window.flip``; an unchanged picture
returns ``[]`` and costs a layout and a few comparisons. ``needs_redraw_at(snapshot)`` is the clock
time at which the picture will next change by itself (the next second of the count-down, the
ring's next step, the end of a flash, the next minute of the clock), so the loop can sleep until
then or until input.

Over every screen: a banner for notices (a sensor fault, a broken file, the view's own problems)
and, in the border strip round the edge, a flash for each cue, shaped and coloured by cue.
The view decides nothing: every value it shows comes from the snapshot and the wall clock.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Dict, Hashable, List, Optional, Tuple

import pygame

from facepacer.engine.snapshot import BLANK, DIM, Screen, Snapshot
from facepacer.i18n import _
from facepacer.ui import simnotes, widgets
from facepacer.ui.face import FaceArt
from facepacer.ui.fonts import Fonts
from facepacer.ui.frame import SLACK, Ctx, Region, earliest
from facepacer.ui.screens import LAYOUTS, Layout, blank, idle
from facepacer.ui.shapes import load_shapes
from facepacer.ui.theme import Metrics, palette

log = logging.getLogger(__name__)

FLASH_SECONDS = 0.3  # how long a cue's flash stays on screen


def flash_key(s: Snapshot) -> Optional[Hashable]:
    """What the cue flash shows now: None when no cue is recent enough."""
    if s.last_cue is None or s.last_cue_t is None:
        return None
    if not 0 <= s.now - s.last_cue_t < FLASH_SECONDS:
        return None
    return (s.last_cue, s.last_cue_t, s.side_now if s.last_cue == "side" else None)


class View:
    """Draws snapshots onto ``surface`` with the ``theme`` palette ("calm" or "contrast")."""

    def __init__(
        self,
        surface: pygame.Surface,
        theme: str = "calm",
        *,
        fonts: Optional[Fonts] = None,
        shapes: Optional[Path] = None,
        guide: bool = True,
    ):
        self.guide = guide
        self.palette, theme_problems = palette(theme)
        self.fonts = fonts or Fonts()
        face_shapes = load_shapes(shapes)
        self.face = FaceArt(face_shapes)
        self._problems: List[str] = [*theme_problems, *self.fonts.problems, *face_shapes.problems]
        self.clipped: List[str] = []  # texts clipped since the last full redraw
        self.sim: Optional[simnotes.SimNotes] = None  # the simulator's own notes, in its window
        self.set_surface(surface)

    # -- what the loop calls -----------------------------------------------------------------

    def set_surface(self, surface: pygame.Surface) -> None:
        """Draw onto a new surface (after a fullscreen toggle): sizes follow, all is redrawn."""
        self.surface = surface
        self.metrics = Metrics.for_size(surface.get_size())
        self.invalidate()

    def invalidate(self) -> None:
        """Forget what is on screen, so the next render draws everything."""
        self._signature: Optional[tuple] = None
        self._keys: Dict[str, Hashable] = {}
        self._flash: Optional[Hashable] = None
        self._last: Optional[Tuple[Snapshot, Optional[float]]] = None
        self._anchor: Optional[Tuple[float, datetime]] = None

    @property
    def problems(self) -> Tuple[str, ...]:
        """What is wrong with the view's own resources (font, face shapes, theme), for notices."""
        return tuple(dict.fromkeys(self._problems))

    def render(self, snapshot: Snapshot, wall: datetime) -> List[pygame.Rect]:
        """Draw what changed since the last render; return the rectangles to put on screen."""
        self._anchor = (snapshot.now, wall)
        regions, signature, flash_now, ctx = self._layout(snapshot, wall)
        surface = self.surface
        background = (0, 0, 0) if snapshot.power == BLANK else self.palette.bg
        dirty: List[pygame.Rect] = []
        if signature != self._signature:
            surface.set_clip(None)
            surface.fill(background)
            self.clipped = []
            self._keys = {}
            self._flash = None
            self._signature = signature
            dirty.append(surface.get_rect())
        for region in regions:
            if region.name in self._keys and self._keys[region.name] == region.key:
                continue
            self._draw(region, background)
            self._keys[region.name] = region.key
            if not dirty or dirty[0] != surface.get_rect():
                dirty.append(region.rect)
        if flash_now != self._flash and snapshot.power != BLANK:
            strips = widgets.frame_rects(surface.get_size(), self.metrics.border)
            for strip in strips:
                surface.fill(background, strip)
            if flash_now is not None and snapshot.last_cue is not None:  # no flash without a cue
                widgets.flash(surface, surface.get_size(), self.metrics.border,
                              snapshot.last_cue, self.palette, snapshot.side_now)  # fmt: skip
            self._flash = flash_now
            if not dirty or dirty[0] != surface.get_rect():
                dirty.extend(strips)
        self.clipped.extend(ctx.clipped)
        for notice in ctx.notices:
            self._problem(notice)
        self._last = (snapshot, self._wake(regions, snapshot))
        return dirty

    def needs_redraw_at(self, snapshot: Snapshot) -> Optional[float]:
        """The clock time at which the picture of ``snapshot`` changes on its own, or None."""
        if self._last is not None and (self._last[0] is snapshot or self._last[0] == snapshot):
            return self._last[1]
        wall = self._wall_at(snapshot.now)
        regions, _, _, _ = self._layout(snapshot, wall)
        return self._wake(regions, snapshot)

    def regions(self, snapshot: Snapshot, wall: datetime) -> List[Region]:
        """The regions ``snapshot`` is drawn in: where each part of the screen is (for tests)."""
        return self._layout(snapshot, wall)[0]

    # -- inside ------------------------------------------------------------------------------

    def _problem(self, problem: str) -> None:
        if problem not in self._problems:
            log.warning(problem)
            self._problems.append(problem)

    def _wall_at(self, now: float) -> datetime:
        if self._anchor is None:
            return datetime.now()
        then, wall = self._anchor
        return wall + timedelta(seconds=now - then)

    def _wake(self, regions: List[Region], s: Snapshot) -> Optional[float]:
        if s.power == BLANK:
            return None
        flash_end = None
        if flash_key(s) is not None and s.last_cue_t is not None:  # no flash without its time
            flash_end = s.last_cue_t + FLASH_SECONDS + SLACK
        return earliest(flash_end, *(r.wake for r in regions))

    def _draw(self, region: Region, background) -> None:
        surface = self.surface
        surface.set_clip(region.rect)
        surface.fill(background, region.rect)
        region.draw(surface, region.rect)
        surface.set_clip(None)

    def _layout(self, s: Snapshot, wall: datetime):
        m = self.metrics
        screen = surface_rect = self.surface.get_rect()
        area = surface_rect.inflate(-2 * m.margin, -2 * m.margin)
        ctx = Ctx(self.palette, m, self.fonts, self.face, wall, area, self.guide)
        if s.power == BLANK:
            ctx.area = screen
            asleep = blank(s, ctx) if self.sim is None else list(simnotes.asleep(ctx))
            return asleep, ("blank", screen.size), None, ctx
        if s.step is not None and not self.face.shapes.polygons(s.step.zone):
            self._problem(f"no shape for zone {s.step.zone!r} in the face diagram")
        regions: List[Region] = []
        notices = tuple(dict.fromkeys((*s.notices, *self.problems)))
        if notices:
            banner = self._banner(ctx, notices)
            regions.append(banner)
            area = pygame.Rect(area.left, banner.rect.bottom + m.gap // 2, area.width, 0)
            area.height = surface_rect.bottom - m.margin - area.top
            ctx.area = area
        layout: Layout
        if s.power == DIM:
            name, layout = "idle", idle
        elif s.screen in LAYOUTS:
            name, layout = s.screen, LAYOUTS[s.screen]
        else:
            log.warning("unknown screen %r: showing home", s.screen)
            name, layout = Screen.HOME, LAYOUTS[Screen.HOME]
        if self.sim is not None:
            regions += simnotes.around(self.sim, s, ctx, name)
        regions += layout(s, ctx)
        signature = (name, screen.size, tuple((r.name, tuple(r.rect)) for r in regions))
        return regions, signature, flash_key(s), ctx

    def _banner(self, ctx: Ctx, notices: Tuple[str, ...]) -> Region:
        m, p = ctx.metrics, ctx.palette
        lines = 3 if ctx.area.height > ctx.area.width else 2  # a portrait screen is narrow
        height = lines * ctx.line_height(m.small) + m.gap // 2
        rect = pygame.Rect(ctx.area.left, ctx.area.top, ctx.area.width, height)
        text = notices[0]
        if len(notices) > 1:
            text = _("{notice} (+{more} more)").format(notice=text, more=len(notices) - 1)

        def draw(surface, r):
            pygame.draw.rect(surface, p.warn_bg, r, border_radius=m.gap // 2)
            inner = r.inflate(-m.gap, -m.gap // 4)
            ctx.text(surface, text, inner, m.small, p.warn_fg, bold=True, max_lines=lines,
                     valign="middle")  # fmt: skip

        return Region("banner", rect, text, draw)
