"""The immutable picture of the device that the view draws. The view decides nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional, Tuple

from facepacer.engine.events import Status
from facepacer.engine.message import NOTHING, Message
from facepacer.enums import StrEnum
from facepacer.i18n import N_

# The menu entries that are the device's own words, not a ritual's title: the picker translates
# them where it draws them (ARCHITECTURE §12), and the engine compares them as they are here.
HISTORY_LABEL = N_("History")
CALIBRATE_LABEL = N_("Calibrate the pad")
BACK_LABEL = N_("Back")  # the picker's last entry: hold on it to go home without choosing
MENU_LABELS = (HISTORY_LABEL, CALIBRATE_LABEL, BACK_LABEL)


def picker_menu(titles: Tuple[str, ...]) -> Tuple[str, ...]:
    """The picker's entries: the rituals' titles, then the device's own entries, in this order.
    The device and the screenshots of the picker both take their entries from here."""
    return tuple(titles) + MENU_LABELS


class Screen(StrEnum):
    """The device's screens (ARCHITECTURE §4)."""

    HOME = "home"
    PICKER = "picker"
    STEP = "step"
    PAUSED = "paused"
    FINISH = "finish"
    MOOD = "mood"
    HISTORY = "history"
    REMINDER = "reminder"
    CALIBRATE = "calibrate"  # the pad's calibration, from the picker


HOME, PICKER, STEP, PAUSED, FINISH, MOOD, HISTORY, REMINDER, CALIBRATE = Screen  # in order above
SCREENS: Tuple[Screen, ...] = tuple(Screen)


class Power(StrEnum):
    """The display's power: awake, dimmed (2 min idle on a menu screen), blank (5 min)."""

    AWAKE = "awake"
    DIM = "dim"
    BLANK = "blank"


AWAKE, DIM, BLANK = Power  # in the order above


@dataclass(frozen=True)
class StepView:
    """A step as the user should read it (partner mode already applied to ``say`` and sides)."""

    index: int
    zone: str
    title: str
    say: str
    seconds: float
    strokes: Optional[int]
    side: str  # both | left | right | alternate, as in the file (swapped in partner mode)
    advance: str  # timer | touch
    image: Optional[str]


@dataclass(frozen=True)
class RitualEntry:
    id: str
    title: str
    steps: int
    seconds: float


@dataclass(frozen=True)
class DayStat:
    day: date
    minutes: float  # minutes of rituals on that day
    completed: int  # completed sessions on that day


@dataclass(frozen=True)
class Stats:
    """What the session log says, for the home, finish and history screens (from the store)."""

    week_days_done: int = 0  # days with a completed ritual this week (Monday to today)
    weekly_goal: int = 5
    current_streak: int = 0  # weeks in a row that met the goal (README: forgiving streaks)
    best_streak: int = 0
    days: Tuple[DayStat, ...] = ()  # the last 30 days, oldest first
    last_ritual_id: Optional[str] = None


@dataclass(frozen=True)
class Snapshot:
    screen: Screen
    now: float  # clock time the snapshot was taken
    power: Power = AWAKE
    # Menus
    rituals: Tuple[RitualEntry, ...] = ()
    highlighted: int = 0  # index into ``menu`` on the picker; the home ritual otherwise
    menu: Tuple[str, ...] = ()  # picker labels: ``picker_menu`` of the rituals' titles
    # The ritual in progress (step, paused, finish, mood)
    ritual_id: Optional[str] = None
    ritual_title: Optional[str] = None
    step: Optional[StepView] = None
    step_count: int = 0
    step_active: float = 0.0  # active seconds into the current step
    step_left: float = 0.0  # seconds left on the step's timer (0 when waiting)
    waiting: bool = False  # an ``advance: touch`` step whose time is up, waiting for a tap
    stroke: int = 0  # strokes cued so far in this step
    side_now: str = "both"  # left | right | both: the side to work on now
    paused: bool = False
    ritual_active: float = 0.0  # active seconds into the ritual
    ritual_total: float = 0.0  # planned seconds of the whole ritual
    # Seconds of the plan done: the planned start of this step plus the time into it (at most
    # its length). A skipped step counts as done, so the bar agrees with the step number.
    ritual_done: float = 0.0
    next_step: Optional[StepView] = None
    show_next: bool = False  # true in the last seconds of a step: the view shows "next: ..."
    # Cues, for the flash and the stroke pulse
    last_cue: Optional[str] = None
    last_cue_t: Optional[float] = None
    # Finish and mood
    status: Optional[Status] = None  # one of ENDINGS once the session ended
    elapsed: float = 0.0  # seconds from start to end, pauses included
    mood: Optional[int] = None  # selection on the mood screen (1-5), None on other screens
    mood_left: float = 0.0  # seconds before the mood check-in is skipped
    mood_saved: Optional[int] = None  # on home, just after a mood was saved: that mood
    mood_saved_left: float = 0.0  # ... and how much longer home says so
    # Calibration: what it asks or found, and what tap and hold do
    calibrate_text: Message = NOTHING  # said in the view's language
    calibrate_hint: Message = NOTHING
    # From the outside world
    stats: Stats = field(default_factory=Stats)
    notices: Tuple[str, ...] = ()  # sensor fault, log not writable, broken ritual file...
    partner: bool = False

    @property
    def progress(self) -> float:
        """Fraction of the ritual's plan done, 0..1."""
        if self.ritual_total <= 0:
            return 0.0
        return max(0.0, min(1.0, self.ritual_done / self.ritual_total))
