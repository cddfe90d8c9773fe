"""The screens of a ritual in progress: the step, and paused.

The step screen: the face with the zone and side on the left, inside a ring for the step's time
left, the seconds under it; the step's title and instruction on the right, "next: ..." or "tap
when ready" below them; the ritual's progress along the bottom. Each is its own region, so the
ring's ticks redraw the dial alone and the seconds their own line.
"""

from __future__ import annotations

from typing import List, Optional

import pygame

from facepacer.engine.partner import swap_side
from facepacer.engine.snapshot import Screen, Snapshot
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
    if phase is None:
        return None
    return s.last_cue_t + (phase + 1) * PULSE_SECONDS / PULSE_PHASES + SLACK


def _running(s: Snapshot) -> bool:
    """Whether the step's clock is moving (not paused, not waiting for a tap)."""
    return s.screen == Screen.STEP and not s.paused and not s.waiting


def step(s: Snapshot, ctx: Ctx) -> List[Region]:
    m, p = ctx.metrics, ctx.palette
    st = s.step
    if st is None:
        return paused(s, ctx)
    main, bottom = split_bottom(ctx.area, max(m.bar, ctx.line_height(m.small)))
    main = pygame.Rect(main.left, main.top, main.width, main.height - m.gap)
    secs_size = round(m.huge * 0.8)
    secs_h = ctx.line_height(secs_size, bold=True)
    side = min(main.height - secs_h, round(main.width * 0.38))
    left_top = main.top + (main.height - side - secs_h) // 2
    dial_rect = pygame.Rect(main.left, left_top, side, side)
    secs_rect = pygame.Rect(main.left, dial_rect.bottom, side, secs_h)
    right = pygame.Rect(dial_rect.right + m.gap * 3 // 2, main.top, 0, main.height)
    right.width = main.right - right.left
    next_h = max(ctx.line_height(m.body), 2 * ctx.line_height(m.small))  # a long title: 2 lines
    words_rect = pygame.Rect(right.left, right.top, right.width, right.height - next_h - m.gap)
    next_rect = pygame.Rect(right.left, right.bottom - next_h, right.width, next_h)

    running = _running(s)
    quantum = max(RING_MIN_STEP, st.seconds / RING_STEPS)
    ring_index = 0 if s.waiting else left_index(s.step_left, quantum)
    fraction = ring_index * quantum / st.seconds if st.seconds > 0 else 0.0
    phase = pulse_phase(s)
    own_side = swap_side(s.side_now) if s.partner else s.side_now
    guide = stroke_guide(s, ctx, dial_rect)
    dial_key = (ring_index, phase, st.zone, own_side, s.partner, guide.key, st.image)
    dial_wake = earliest(left_wake(s.now, s.step_left, quantum) if running else None,
                         pulse_wake(s), guide.wake)  # fmt: skip

    def draw_dial(surface, r):
        square = square_in(r)
        halo = max(4, m.ring * 3 // 2)
        radius = square.width // 2 - halo
        inner = radius - m.ring
        face_rect = pygame.Rect(0, 0, 2 * inner, 2 * inner)
        face_rect.center = square.center
        notice = picture_or_face(surface, face_rect, ctx, st, own_side, s.partner)
        if notice:
            ctx.notices.append(notice)
        guide.draw(surface, face_rect, p)
        # Round the picture off: everything outside the ring's inside is background.
        pygame.draw.circle(surface, p.bg, square.center, square.width, square.width - inner)
        widgets.ring(surface, square.center, radius, m.ring, fraction, p.ring, p.track)
        if phase is not None:
            # A bright ring leaving the dial and fading: seen from the corner of the eye.
            grow = halo * (phase + 1) // PULSE_PHASES
            color = mix(p.cue.get("stroke", p.fg), p.bg, phase / PULSE_PHASES)
            pygame.draw.circle(surface, color, square.center, radius + grow, max(2, halo // 3))

    seconds_shown = None if s.waiting else left_index(s.step_left, 1.0)
    side_word = {"left": "left side", "right": "right side"}.get(s.side_now, "")

    def draw_secs(surface, r):
        if seconds_shown is None:
            ctx.text(surface, "tap", r, secs_size, p.accent, bold=True, max_lines=1,
                     align="center", valign="middle")  # fmt: skip
            return
        number = str(seconds_shown) if seconds_shown < 60 else clock_text(seconds_shown)
        if not side_word:
            ctx.text(surface, number, r, secs_size, p.fg, bold=True, max_lines=1,
                     align="center", valign="middle")  # fmt: skip
            return
        half = r.width * 2 // 5
        ctx.text(surface, number, pygame.Rect(r.left, r.top, half, r.height), secs_size, p.fg,
                 bold=True, max_lines=1, align="center", valign="middle")  # fmt: skip
        word = pygame.Rect(r.left + half + m.gap // 2, r.top, r.width - half - m.gap // 2, r.height)
        ctx.text(surface, side_word, word, m.body, p.zone, bold=True, max_lines=1,
                 valign="middle")  # fmt: skip

    secs_wake = left_wake(s.now, s.step_left, 1.0) if running else None

    def draw_words(surface, r):
        title_h = 2 * ctx.line_height(m.title, bold=True)
        drawn = ctx.text(surface, st.title, pygame.Rect(r.left, r.top, r.width, title_h),
                         m.title, p.fg, smallest=m.small, bold=True, max_lines=3)  # fmt: skip
        below = pygame.Rect(r.left, drawn.bottom + m.gap // 2, r.width, 0)
        below.height = r.bottom - below.top
        ctx.text(surface, st.say, below, m.body, p.fg)

    if s.waiting:
        next_text = "tap when ready"
    elif s.show_next and s.next_step is not None:
        next_text = f"next: {s.next_step.title}"
    elif s.show_next:
        next_text = "last step"
    else:
        next_text = ""

    def draw_next(surface, r):
        ctx.text(surface, next_text, r, m.body, p.accent, smallest=m.smallest, max_lines=2,
                 bold=s.waiting, valign="middle")  # fmt: skip

    return [
        Region("dial", dial_rect, dial_key, draw_dial, dial_wake),
        Region("seconds", secs_rect, (seconds_shown, side_word), draw_secs, secs_wake),
        Region("words", words_rect, (st.title, st.say), draw_words),
        Region("next", next_rect, next_text, draw_next),
        progress(s, ctx, bottom),
    ]


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
        where = f"{s.step.title} \u00b7 step {s.step.index + 1} of {s.step_count}"

    def draw(surface, r):
        big_h = ctx.line_height(m.huge, bold=True)
        top = r.top + (r.height - big_h - 2 * ctx.line_height(m.body)) // 2
        big = pygame.Rect(r.left, top, r.width, big_h)
        ctx.text(surface, "Paused", big, m.huge, p.accent, bold=True, max_lines=1, align="center")
        under = pygame.Rect(r.left, big.bottom, r.width, r.bottom - big.bottom)
        drawn = ctx.text(surface, s.ritual_title or "", under, m.body, p.fg, max_lines=1,
                         align="center")  # fmt: skip
        under.top = drawn.bottom
        under.height = r.bottom - under.top
        ctx.text(surface, where, under, m.small, p.muted, max_lines=2, align="center")

    return [
        Region("paused", body, (s.ritual_title, where), draw),
        progress(s, ctx, bottom),
        hint(ctx, foot, "tap: resume \u00b7 hold: end"),
    ]
