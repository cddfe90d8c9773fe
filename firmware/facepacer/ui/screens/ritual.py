"""The screens of a ritual in progress: the step, and paused.

The step screen: the face with the zone and side lit, inside a ring for the step's time left, as
large as the words beside it allow; under it the count-down with its unit ("13 s", or "tap" when
the step waits for one) and the side to work on as a tag of its own; the step's title and
instruction beside it (below it on a portrait screen), "next: ..." after them; the ritual's
progress along the bottom. Each is its own region (:class:`StepLayout`), so the ring's ticks
redraw the dial alone and the seconds their own line.
"""

from __future__ import annotations

from typing import List, NamedTuple, Optional, Tuple

import pygame

from facepacer.engine.events import CueKind
from facepacer.engine.partner import swap_side
from facepacer.engine.snapshot import Screen, Snapshot, StepView
from facepacer.i18n import N_, _, pgettext
from facepacer.ui import widgets
from facepacer.ui.face import square_in
from facepacer.ui.frame import (
    SLACK,
    Ctx,
    Region,
    done_index,
    done_wake,
    earliest,
    left_index,
    left_wake,
)
from facepacer.ui.guide import stroke_guide
from facepacer.ui.picture import picture_or_face
from facepacer.ui.screens.common import clock_text, hint, hint_height, split_bottom
from facepacer.ui.theme import mix

# The ring moves at most once a second, with the count-down's number, so the dial (face and
# ring) redraws once a second; a step longer than 72 s moves it in 5-degree steps.
RING_STEPS = 72
RING_MIN_STEP = 1.0  # seconds
BAR_STEPS = 120  # the ritual's bar in 120 steps: a 2-minute ritual's bar moves once a second
PULSE_SECONDS = 0.4  # a stroke's pulse around the ring, drawn in PULSE_PHASES frames
PULSE_PHASES = 4
PULSE_CUES = ("stroke",)
# The dial's share of a landscape screen's width (of a portrait one's height), largest first: the
# first that leaves the step's words room at a size read at arm's length is used; the last holds
# the longest words the format allows.
DIAL_SHARES = (0.46, 0.42, 0.39)
PORTRAIT_SHARES = (0.5, 0.46, 0.42, 0.36)
SIDE_WORDS = {"left": N_("left side"), "right": N_("right side")}


def pulse_phase(s: Snapshot) -> Optional[int]:
    """Which frame of the stroke pulse shows now, or None when no pulse is running."""
    if s.last_cue not in PULSE_CUES or s.last_cue_t is None:
        return None
    since = s.now - s.last_cue_t
    if not 0 <= since < PULSE_SECONDS:
        return None
    return min(PULSE_PHASES - 1, int(since / (PULSE_SECONDS / PULSE_PHASES)))


def pulse_wake(s: Snapshot) -> Optional[float]:
    phase = pulse_phase(s)
    if phase is None or s.last_cue_t is None:  # the cue's time is set whenever a pulse runs
        return None
    return s.last_cue_t + (phase + 1) * PULSE_SECONDS / PULSE_PHASES + SLACK


def _running(s: Snapshot) -> bool:
    """Whether the step's clock is moving (not paused, not waiting for a tap)."""
    return s.screen == Screen.STEP and not s.paused and not s.waiting


class StepLayout(NamedTuple):
    """Where each part of the step screen goes; ``face`` is the diagram's own square.

    Landscape: the dial (face in its ring) on the left with the count-down and the side under it,
    the words on the right. Portrait: the dial on top, then the count-down and side, the words.
    """

    dial: pygame.Rect  # the face diagram inside the time ring, and the stroke pulse around it
    face: pygame.Rect  # the face diagram itself: drawn into, and clipped round, inside the ring
    countdown: pygame.Rect  # the count-down, "13 s" (not ``count``: a tuple has that method)
    side: pygame.Rect  # "left side" / "right side", beside the count-down
    words: pygame.Rect  # the step's title and instruction
    next: pygame.Rect  # "next: ...", "last step"
    progress: pygame.Rect  # the step number and the ritual's bar


def count_size(ctx: Ctx) -> int:
    """The count-down's font size: large enough to read at arm's length."""
    return round(ctx.metrics.huge * 0.75)


def dial_geometry(dial: pygame.Rect, ctx: Ctx) -> Tuple[pygame.Rect, int, int]:
    """Inside the dial's square: (the face's square, the ring's outer radius, the halo's width)."""
    m = ctx.metrics
    square = square_in(dial)
    halo = max(4, m.ring * 3 // 2)
    radius = square.width // 2 - halo
    inner = radius - m.ring
    face = pygame.Rect(0, 0, 2 * inner, 2 * inner)
    face.center = square.center
    return face, radius, halo


def step_layout(ctx: Ctx, *, sided: bool = True, words: Tuple[str, str] = ("", "")) -> StepLayout:
    """The regions of the step screen for this screen's size and orientation.

    The dial takes the largest share of the screen (``DIAL_SHARES``) that leaves the step's
    ``words`` (title, instruction) room to stay at a size read at arm's length; the smallest
    share holds the longest words the ritual format allows. ``sided``: the step names a side,
    shown beside the count-down; else the count-down is alone.
    """
    m = ctx.metrics
    main, bottom = split_bottom(ctx.area, max(m.bar, ctx.line_height(m.small)))
    main = pygame.Rect(main.left, main.top, main.width, main.height - m.gap)
    portrait = main.height > main.width
    split = _portrait if portrait else _landscape
    for share in PORTRAIT_SHARES if portrait else DIAL_SHARES:
        layout = split(ctx, main, share, sided)._replace(progress=bottom)
        if _words_fit(ctx, layout.words, words):
            break
    return layout


def _words_fit(ctx: Ctx, rect: pygame.Rect, words: Tuple[str, str]) -> bool:
    """Whether the title and the instruction fit ``rect`` with the instruction still large."""
    m = ctx.metrics
    title, say = words
    title_rect = pygame.Rect(rect.left, rect.top, rect.width, 2 * ctx.line_height(m.title, True))
    block = ctx.fit(title, title_rect, m.title, m.small, bold=True, max_lines=3)
    below = rect.height - block.height - m.gap // 2
    return below > 0 and ctx.fit(say, pygame.Rect(0, 0, rect.width, below), m.body, m.small).fits


def _heights(ctx: Ctx) -> Tuple[int, int]:
    """The count-down's line, and the "next" line (two small lines, for a long title)."""
    m = ctx.metrics
    count_h = ctx.line_height(count_size(ctx), bold=True)
    return count_h, max(ctx.line_height(m.body), 2 * ctx.line_height(m.small))


def _landscape(ctx: Ctx, main: pygame.Rect, share: float, sided: bool) -> StepLayout:
    """Wider than tall: the dial with the count-down under it on the left, the words right."""
    m = ctx.metrics
    count_h, next_h = _heights(ctx)
    column = round(main.width * share)
    side = min(main.height - count_h, column)
    top = main.top + (main.height - side - count_h) // 2
    dial = pygame.Rect(main.left + (column - side) // 2, top, side, side)
    row = pygame.Rect(main.left, dial.bottom, column, count_h)
    count, side_rect = _count_row(ctx, row, sided)
    right = pygame.Rect(row.right + m.gap * 3 // 2, main.top, 0, main.height)
    right.width = main.right - right.left
    words = pygame.Rect(right.left, right.top, right.width, right.height - next_h - m.gap)
    next_rect = pygame.Rect(right.left, right.bottom - next_h, right.width, next_h)
    face, _, _ = dial_geometry(dial, ctx)
    return StepLayout(dial, face, count, side_rect, words, next_rect, pygame.Rect(0, 0, 0, 0))


def _portrait(ctx: Ctx, main: pygame.Rect, share: float, sided: bool) -> StepLayout:
    """Taller than wide: the dial across the top, the count-down under it, then the words."""
    m = ctx.metrics
    count_h, next_h = _heights(ctx)
    side = min(main.width, round(main.height * share))
    dial = pygame.Rect(0, main.top, side, side)
    dial.centerx = main.centerx
    row = pygame.Rect(0, dial.bottom, min(main.width, max(side, _count_row_width(ctx))), count_h)
    row.centerx = main.centerx
    count, side_rect = _count_row(ctx, row, sided)
    next_rect = pygame.Rect(main.left, main.bottom - next_h, main.width, next_h)
    words = pygame.Rect(main.left, count.bottom + m.gap // 2, main.width, 0)
    words.height = next_rect.top - m.gap // 2 - words.top
    face, _, _ = dial_geometry(dial, ctx)
    return StepLayout(dial, face, count, side_rect, words, next_rect, pygame.Rect(0, 0, 0, 0))


def _count_width(ctx: Ctx) -> int:
    return ctx.fonts.get(count_size(ctx), True).size("00")[0] + _unit_width(ctx)


def _unit_width(ctx: Ctx) -> int:
    return ctx.fonts.get(ctx.metrics.body, True).size(f" {seconds_unit()}")[0]


def seconds_unit() -> str:
    """The unit beside the count-down's figures."""
    return pgettext("unit beside the count-down", "s")


def _tag_size(ctx: Ctx, word: str) -> Tuple[int, int]:
    """The side tag's outline around ``word``: its ends are half circles, so the word is given
    half the tag's height of room at either end, where the outline curves away."""
    m = ctx.metrics
    height = ctx.line_height(m.small, True) + m.gap // 2
    return ctx.fonts.get(m.small, True).size(word)[0] + height, height


def _count_row_width(ctx: Ctx) -> int:
    """The narrowest row that holds the count-down and the wider side tag."""
    widest = max(_tag_size(ctx, word)[0] for word in SIDE_WORDS.values())
    return _count_width(ctx) + ctx.metrics.gap + widest


def _count_row(ctx: Ctx, row: pygame.Rect, sided: bool) -> Tuple[pygame.Rect, pygame.Rect]:
    """The row under the dial: the count-down, and the side to its right when there is one."""
    m = ctx.metrics
    if not sided:
        return row, pygame.Rect(row.right, row.top, 0, row.height)
    count_w = min(_count_width(ctx), row.width // 2)
    count = pygame.Rect(row.left, row.top, count_w, row.height)
    side = pygame.Rect(count.right + m.gap, row.top, row.right - count.right - m.gap, row.height)
    return count, side


def step(s: Snapshot, ctx: Ctx) -> List[Region]:
    st = s.step
    if st is None:
        return paused(s, ctx)
    side_word = _(SIDE_WORDS[s.side_now]) if s.side_now in SIDE_WORDS else ""
    layout = step_layout(ctx, sided=bool(side_word), words=(st.title, st.say))
    return [
        dial_region(s, st, ctx, layout),
        count_region(s, ctx, layout.countdown),
        side_region(ctx, layout.side, side_word),
        words_region(st, ctx, layout.words),
        next_region(s, ctx, layout.next),
        progress(s, ctx, layout.progress),
    ]


def dial_region(s: Snapshot, st: StepView, ctx: Ctx, layout: StepLayout) -> Region:
    """The face with the zone and side lit, inside the ring of the step's time left."""
    m, p = ctx.metrics, ctx.palette
    quantum = max(RING_MIN_STEP, st.seconds / RING_STEPS)
    ring_index = 0 if s.waiting else left_index(s.step_left, quantum)
    fraction = ring_index * quantum / st.seconds if st.seconds > 0 else 0.0
    phase = pulse_phase(s)
    own_side = swap_side(s.side_now) if s.partner else s.side_now
    face = layout.face
    guide = stroke_guide(s, ctx, face)
    key = (ring_index, phase, st.zone, own_side, s.partner, guide.key, st.image)
    wake = earliest(left_wake(s.now, s.step_left, quantum) if _running(s) else None,
                    pulse_wake(s), guide.wake)  # fmt: skip

    def draw(surface: pygame.Surface, r: pygame.Rect) -> None:
        _, radius, halo = dial_geometry(r, ctx)
        notice = picture_or_face(surface, face, ctx, st, own_side, s.partner)
        if notice:
            ctx.notices.append(notice)
        guide.draw(surface, face, p)
        # Round the picture off: everything outside the ring's inside is background.
        square = square_in(r)
        inner = face.width // 2
        pygame.draw.circle(surface, p.bg, square.center, square.width, square.width - inner)
        widgets.ring(surface, square.center, radius, m.ring, fraction, p.ring, p.track)
        if phase is not None:
            # A bright ring leaving the dial and fading: seen from the corner of the eye.
            grow = halo * (phase + 1) // PULSE_PHASES
            color = mix(p.cue_colour(CueKind.STROKE), p.bg, phase / PULSE_PHASES)
            pygame.draw.circle(surface, color, square.center, radius + grow, max(2, halo // 3))

    return Region("dial", layout.dial, key, draw, wake)


def count_text(s: Snapshot) -> Tuple[str, str]:
    """The count-down and its unit, ``("13", "s")`` or ``("1:15", "")``; ``tap`` while waiting."""
    if s.waiting:
        return pgettext("the count-down of a step waiting for a tap", "tap"), ""
    left = left_index(s.step_left, 1.0)
    return (str(left), seconds_unit()) if left < 60 else (clock_text(left), "")


def count_region(s: Snapshot, ctx: Ctx, rect: pygame.Rect) -> Region:
    """The step's time left in large figures with a smaller unit beside them, so "13" reads as
    seconds; the one place a waiting step says tap."""
    m = ctx.metrics
    number, unit = count_text(s)
    color = ctx.palette.accent if s.waiting else ctx.palette.fg
    wake = left_wake(s.now, s.step_left, 1.0) if _running(s) else None

    def draw(surface: pygame.Surface, r: pygame.Rect) -> None:
        small = ctx.fonts.get(m.body, True)
        unit_w = small.size(f" {unit}")[0] if unit else 0
        size = count_size(ctx)
        while size > m.body and ctx.fonts.get(size, True).size(number)[0] + unit_w > r.width:
            size -= 1
        big = ctx.fonts.get(size, True)
        if big.size(number)[0] + unit_w > r.width:
            ctx.clipped.append(number + unit)
        left = r.centerx - (big.size(number)[0] + unit_w) // 2
        top = r.centery - big.get_height() // 2
        drawn = surface.blit(ctx.fonts.render(number, size, color, True), (left, top))
        if unit:
            baseline = top + big.get_ascent()
            surface.blit(ctx.fonts.render(f" {unit}", m.body, color, True),
                         (drawn.right, baseline - small.get_ascent()))  # fmt: skip

    return Region("seconds", rect, (number, unit), draw, wake)


def side_region(ctx: Ctx, rect: pygame.Rect, word: str) -> Region:
    """The side to work on, in a tag of the zone's colour: a fact of its own, not a unit."""
    m, p = ctx.metrics, ctx.palette

    def draw(surface: pygame.Surface, r: pygame.Rect) -> None:
        if not word:
            return
        width, height = _tag_size(ctx, word)
        tag = pygame.Rect(r.left, 0, min(r.width, width), height)
        tag.centery = r.centery
        pygame.draw.rect(surface, p.zone, tag, max(2, m.ring // 4), border_radius=tag.height // 2)
        ctx.text(surface, word, tag, m.small, p.zone, bold=True, max_lines=1,
                 align="center", valign="middle")  # fmt: skip

    return Region("side", rect, ("side", word), draw)


def words_region(st: StepView, ctx: Ctx, rect: pygame.Rect) -> Region:
    """The step's title, large, and its instruction under it."""
    m, p = ctx.metrics, ctx.palette

    def draw(surface: pygame.Surface, r: pygame.Rect) -> None:
        # The title large; smaller only when the instruction would not fit under it (long
        # German words, a notice over the screen), as the instruction is what guides the hands.
        for size in (m.title, m.body):
            head = pygame.Rect(r.left, r.top, r.width, 2 * ctx.line_height(size, bold=True))
            title = ctx.fit(st.title, head, size, m.small, bold=True, max_lines=3)
            top = r.top + title.height + m.gap // 2
            if ctx.fit(st.say, pygame.Rect(r.left, top, r.width, r.bottom - top), m.body).fits:
                break
        drawn = ctx.text(surface, st.title, head, size, p.fg, smallest=m.small, bold=True,
                         max_lines=3)  # fmt: skip
        below = pygame.Rect(r.left, drawn.bottom + m.gap // 2, r.width, 0)
        below.height = r.bottom - below.top
        ctx.text(surface, st.say, below, m.body, p.fg)

    return Region("words", rect, (st.title, st.say), draw)


def next_text(s: Snapshot) -> str:
    """What comes after this step; a waiting step adds that a tap goes on (the count says tap)."""
    if s.show_next and s.next_step is not None:
        coming = _("next: {title}").format(title=s.next_step.title)
    elif s.show_next:
        coming = _("last step")
    else:
        coming = ""
    if s.waiting:
        return f"{_('when ready')} \u00b7 {coming}" if coming else _("when ready")
    return coming


def next_region(s: Snapshot, ctx: Ctx, rect: pygame.Rect) -> Region:
    m, p = ctx.metrics, ctx.palette
    text = next_text(s)

    def draw(surface: pygame.Surface, r: pygame.Rect) -> None:
        ctx.text(surface, text, r, m.body, p.accent, smallest=m.smallest, max_lines=2,
                 bold=s.waiting, valign="middle")  # fmt: skip

    return Region("next", rect, text, draw)


def progress(s: Snapshot, ctx: Ctx, rect: pygame.Rect) -> Region:
    """Step number and the ritual's bar, along the bottom."""
    m, p = ctx.metrics, ctx.palette
    quantum = s.ritual_total / BAR_STEPS if s.ritual_total > 0 else 0.0
    index = min(BAR_STEPS, done_index(s.ritual_done, quantum))
    number = s.step.index + 1 if s.step else 0
    label = f"{number}/{s.step_count}"
    moving = s.screen == Screen.STEP and not s.paused and not s.waiting
    wake = done_wake(s.now, s.ritual_done, quantum, s.ritual_total) if moving else None

    def draw(surface, r):
        label_w = ctx.fonts.get(m.small).size("00/00")[0]
        ctx.text(surface, label, pygame.Rect(r.left, r.top, label_w, r.height), m.small, p.muted,
                 max_lines=1, valign="middle")  # fmt: skip
        track = pygame.Rect(r.left + label_w + m.gap, 0, r.width - label_w - m.gap, m.bar)
        track.centery = r.centery
        widgets.bar(surface, track, index / BAR_STEPS, p.bar, p.track)

    return Region("progress", rect, (index, label), draw, wake)


def paused(s: Snapshot, ctx: Ctx) -> List[Region]:
    m, p = ctx.metrics, ctx.palette
    body, foot = split_bottom(ctx.area, hint_height(ctx))
    body, bottom = split_bottom(body, max(m.bar, ctx.line_height(m.small)) + m.gap)
    bottom = pygame.Rect(bottom.left, bottom.top + m.gap, bottom.width, bottom.height - m.gap)
    where = ""
    if s.step is not None:
        where = _("{title} \u00b7 step {number} of {count}").format(
            title=s.step.title, number=s.step.index + 1, count=s.step_count
        )

    def draw(surface, r):
        big_h = ctx.line_height(m.huge, bold=True)
        top = r.top + (r.height - big_h - 2 * ctx.line_height(m.body)) // 2
        big = pygame.Rect(r.left, top, r.width, big_h)
        ctx.text(
            surface, _("Paused"), big, m.huge, p.accent, bold=True, max_lines=1, align="center"
        )
        under = pygame.Rect(r.left, big.bottom, r.width, r.bottom - big.bottom)
        drawn = ctx.text(surface, s.ritual_title or "", under, m.body, p.fg, max_lines=1,
                         align="center")  # fmt: skip
        under.top = drawn.bottom
        under.height = r.bottom - under.top
        ctx.text(surface, where, under, m.small, p.muted, max_lines=2, align="center")

    return [
        Region("paused", body, (s.ritual_title, where), draw),
        progress(s, ctx, bottom),
        hint(ctx, foot, _("tap: resume \u00b7 hold: end")),
    ]
