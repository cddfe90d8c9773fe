"""Representative snapshots of every screen, for ``facepacer screenshot --screen`` and the tests.

The menus (home and the picker) are the engine's own: a ``Device`` offering the shipped rituals
is asked for its snapshot, so their pictures show the entries the device shows. The other screens
are built by hand from it, so a picture of "the step screen" stays the same picture while the
engine evolves; ``--ritual ID --at SECONDS`` is the way to see the engine's own. The words are the
shipped rituals' in the language in use, the rest is fixed. Imports no pygame.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Optional, Tuple

from facepacer.engine.events import Status
from facepacer.engine.snapshot import (
    BLANK,
    DIM,
    DayStat,
    Message,
    RitualEntry,
    Screen,
    Snapshot,
    Stats,
    StepView,
    picker_menu,
)
from facepacer.i18n import current

WALL = datetime(2026, 5, 4, 7, 30)  # the wall clock of every sample: a Monday morning
NOW = 1000.0

SCREENS: Tuple[str, ...] = (
    "home", "picker", "step", "paused", "finish", "mood", "history", "fault", "idle", "blank",
    "reminder",
    "calibrate",
)  # fmt: skip

RITUALS = (
    RitualEntry("symmetry-sculpt", "Symmetry Sculpt", 7, 128.0),
    RitualEntry("lymphatic-drain", "Lymphatic Drain", 7, 300.0),
    RitualEntry("quick-calm", "Quick Calm", 5, 60.0),
)

CHEEKS = StepView(
    index=1, zone="cheeks", title="Lift the cheeks",
    say="Two fingers beside the nose. Sweep up and out under the cheekbone to the temple.",
    seconds=20.0, strokes=6, side="alternate", advance="timer", image=None,
)  # fmt: skip
MOUTH = StepView(
    index=2, zone="mouth", title="Smooth the smile lines",
    say="Fingertips at the corners of the mouth. Glide up beside the nose, then out.",
    seconds=16.0, strokes=4, side="both", advance="timer", image=None,
)  # fmt: skip


def sample_stats(today: Optional[date] = None) -> Stats:
    """Thirty days with a plausible rhythm: most mornings, a few gaps, one long evening."""
    today = WALL.date() if today is None else today
    pattern = (2.1, 2.2, 0, 2.1, 5.0, 2.2, 0, 2.1, 0, 0, 2.2, 2.1, 7.3, 0, 2.1, 2.2, 2.1, 0,
               2.2, 5.1, 0, 2.1, 2.2, 2.1, 0, 2.2, 2.1, 0, 2.2, 2.1)  # fmt: skip
    days = tuple(
        DayStat(today - timedelta(days=29 - i), minutes, 1 if minutes else 0)
        for i, minutes in enumerate(pattern)
    )
    return Stats(week_days_done=5, weekly_goal=5, current_streak=3, best_streak=6, days=days,
                 last_ritual_id="symmetry-sculpt")  # fmt: skip


@functools.lru_cache(maxsize=4)
def _words(language: str) -> Tuple[Tuple, StepView, StepView]:
    """The shipped rituals in ``language`` (in the library's order) and the two steps' words, from
    the shipped files, so a sample shows what the device would; the entries and words above when
    the files cannot be read (the rituals are then ``RitualEntry``s)."""
    from facepacer.errors import FacepacerError
    from facepacer.ritual import Library

    try:
        shipped = tuple(r.in_language(language) for r in Library.load(include_user=False))
    except (FacepacerError, OSError):
        shipped = ()
    sculpt = next((r for r in shipped if r.id == "symmetry-sculpt"), None)
    if sculpt is None:
        return RITUALS, CHEEKS, MOUTH
    cheeks, mouth = sculpt.steps[CHEEKS.index], sculpt.steps[MOUTH.index]
    return (shipped, replace(CHEEKS, title=cheeks.title, say=cheeks.say),
            replace(MOUTH, title=mouth.title, say=mouth.say))  # fmt: skip


def _menus(rituals: Tuple, picker: bool, partner: bool) -> Snapshot:
    """What the device shows on home, or on the picker with its second entry chosen: the
    ``Device``'s own snapshot of the shipped rituals, a hold on home and a tap on the picker."""
    if not rituals or isinstance(rituals[0], RitualEntry):  # the files could not be read
        return Snapshot(
            screen=Screen.PICKER if picker else Screen.HOME, now=NOW, rituals=rituals,
            highlighted=1 if picker else 0, menu=picker_menu(tuple(r.title for r in rituals)),
            stats=sample_stats(), partner=partner,
        )  # fmt: skip
    from facepacer.engine.device import Device
    from facepacer.engine.events import HOLD, TAP, Gesture

    device = Device(rituals, NOW - 10.0, partner=partner, stats=sample_stats())
    if picker:
        device.gesture(Gesture(HOLD, NOW - 2.0))
        device.gesture(Gesture(TAP, NOW - 1.0))
    return device.snapshot(NOW)


def sample(screen: str, *, partner: bool = False) -> Snapshot:
    """The sample snapshot for ``screen`` (one of ``SCREENS``), in the language in use."""
    rituals, cheeks, mouth = _words(current().code)
    base = _menus(rituals, False, partner)
    ritual = replace(
        base, ritual_id="symmetry-sculpt", ritual_title=rituals[0].title, step=cheeks,
        step_count=7, ritual_total=128.0,
    )  # fmt: skip
    # Mid-step on the cheeks: 7.4 s in, the third stroke just cued, working on the left side.
    stepping = replace(
        ritual, screen=Screen.STEP, step_active=7.4, step_left=12.6, stroke=3,
        side_now="right" if partner else "left", ritual_active=27.4, ritual_done=27.4,
        next_step=mouth,
        last_cue="stroke", last_cue_t=NOW - 0.07,
    )  # fmt: skip
    if screen == "home":
        return base
    if screen == "picker":
        return _menus(rituals, True, partner)
    if screen == "step":
        return stepping
    if screen == "paused":
        return replace(stepping, screen=Screen.PAUSED, paused=True, last_cue=None, last_cue_t=None)
    if screen == "finish":
        return replace(ritual, screen=Screen.FINISH, status=Status.COMPLETED, elapsed=134.0,
                       ritual_active=128.0, ritual_done=128.0, step=None)  # fmt: skip
    if screen == "mood":
        return replace(ritual, screen=Screen.MOOD, status=Status.COMPLETED, mood=4, mood_left=14.2,
                       step=None)  # fmt: skip
    if screen == "history":
        return replace(base, screen=Screen.HISTORY)
    if screen == "fault":
        return replace(stepping, notices=("Touch sensor not answering on I2C bus 1 at 0x5A: "
                                          "check its wires; retrying",))  # fmt: skip
    if screen == "idle":
        return replace(base, power=DIM)
    if screen == "blank":
        return replace(base, power=BLANK)
    if screen == "reminder":
        return replace(base, screen=Screen.REMINDER, last_cue="reminder", last_cue_t=NOW - 0.1)
    if screen == "calibrate":
        return replace(base, screen=Screen.CALIBRATE, calibrate_text=Message(
                           "Now tap the pad {left} more time", (("left", 2),),
                           "Now tap the pad {left} more times", 2),
                       calibrate_hint=Message("tap as you would in a ritual"))  # fmt: skip
    raise ValueError(f"no sample screen {screen!r}: choose one of {', '.join(SCREENS)}")
