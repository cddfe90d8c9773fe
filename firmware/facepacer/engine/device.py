"""The device's screens as one state machine: home, picker, ritual, finish, mood, history, and
the daily reminder.

One pad drives everything (ARCHITECTURE §4): a tap starts, advances or confirms; a hold pauses,
opens the picker or chooses. The device owns screen sleep too, since it is a matter of idle time.
Like ``RitualRun`` it reads no clock: every call takes ``now`` or a gesture's own time.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Dict, List, Optional, Sequence, Tuple

from facepacer.engine.calibration import CalibrationFlow
from facepacer.engine.events import (
    BACK,
    HOLD,
    NEXT,
    PAUSE,
    PRESS,
    TAP,
    Cue,
    CueKind,
    Gesture,
    MoodGiven,
    Output,
    ReminderEnded,
    ReminderOutcome,
    ReminderShown,
    Status,
)
from facepacer.engine.message import NOTHING
from facepacer.engine.partner import ENGLISH, SideWords
from facepacer.engine.run import SHOW_NEXT, RitualRun, step_view_text
from facepacer.engine.snapshot import (
    AWAKE,
    BACK_LABEL,
    BLANK,
    CALIBRATE_LABEL,
    DIM,
    Power,
    RitualEntry,
    Screen,
    Snapshot,
    Stats,
    StepView,
    picker_menu,
)
from facepacer.ritual.model import Advance, Ritual

FINISH_SECONDS = 6.0  # the finish screen shows this long before the mood check-in
MOOD_SECONDS = 20.0  # the mood check-in is skipped after this long without input
MOOD_DEFAULT = 3
MOOD_SAVED_SECONDS = 3.0  # home says the mood was saved this long after the hold that saved it
DIM_AFTER = 120.0  # idle seconds on a menu screen before the display dims
BLANK_AFTER = 300.0  # ... and blanks
MENU_IDLE = 60.0  # the picker and the history go back home after this long without a touch
REMINDER_SECONDS = 600.0  # the reminder lets go after ten minutes without a tap
MENU_SCREENS = (
    Screen.HOME,
    Screen.PICKER,
    Screen.HISTORY,
)  # where a reminder may appear; they dim and blank
RITUAL_SCREENS = (Screen.STEP, Screen.PAUSED, Screen.FINISH, Screen.MOOD)  # they show ``run``

Answer = Tuple[List[Output], Optional[str]]  # what a request issued, and why it was refused


class Device:
    """Every screen of the device as one state machine (ARCHITECTURE §4), and the ritual in
    progress (a ``RitualRun``) inside it.

    It owns the screen shown and since when, the highlighted menu entry, the mood being chosen,
    the last input (for idle timeouts and screen sleep) and the count of sessions ended. It is
    given, and only reads, the rituals to offer, the stats from the log and the notices to show
    (``stats`` and ``notices`` are set by the loop between calls).

    Driven by the loop with the time passed in: ``gesture(g)`` for each gesture, ``advance(now)``
    for whatever is due, ``start(ritual, now)`` to skip home, ``alert(cue, now)`` for a cue from
    outside the schedule, ``quit(now)`` on the way out. Each returns the outputs in the order
    they happened; ``deadline(now)`` says when to call again, ``snapshot(now)`` what to draw.
    """

    def __init__(
        self,
        rituals: Sequence[Ritual],
        now: float = 0.0,
        *,
        partner: bool = False,
        side_words: Optional[SideWords] = None,
        mood: bool = True,
        stats: Optional[Stats] = None,
    ):
        if not rituals:
            raise ValueError("the device needs at least one ritual to offer")
        self.rituals = tuple(rituals)
        self.partner = partner
        self.side_words = side_words or SideWords(ENGLISH)  # what partner mode swaps
        self.ask_mood = mood
        self.stats = stats or Stats()
        self.notices: Tuple[str, ...] = ()
        self.screen = Screen.HOME
        self.screen_since = now
        self.last_input = now
        self.highlighted = self._home_index()
        self.run: Optional[RitualRun] = None
        self.mood: int = MOOD_DEFAULT
        self.mood_saved: Optional[Tuple[int, float]] = None  # the mood last saved, and when
        self.sessions_ended = 0
        self._swallow = False  # the press that woke the screen does nothing else
        self._alert: Optional[Cue] = None
        self.pad_electrodes: Tuple[int, ...] = (0,)  # the pad first, then the role electrodes
        self.calibrating: Optional[CalibrationFlow] = None

    # -- inputs ----------------------------------------------------------------------------

    def start(self, ritual: Ritual, now: float) -> List[Output]:
        """Start ``ritual`` at ``now`` (one tap on home, or ``--ritual``)."""
        self.run = RitualRun(ritual, now)
        self._go(Screen.STEP, now)
        return self.run.advance(now)

    def advance(self, now: float) -> List[Output]:
        """Everything due up to ``now``: the ritual's schedule and the screens' timeouts."""
        out: List[Output] = []
        if self.screen in (Screen.STEP, Screen.PAUSED):
            out += self._from_run(self._run().advance(now), now)
        if self.screen == Screen.FINISH and now >= self.screen_since + FINISH_SECONDS:
            self._after_finish(now)
        if self.screen == Screen.MOOD and now >= self._mood_deadline():
            self._go(Screen.HOME, now)  # skipped: no mood recorded
        if self.screen == Screen.REMINDER and now >= self.screen_since + REMINDER_SECONDS:
            let_go = self.screen_since + REMINDER_SECONDS
            self._go(Screen.HOME, let_go)
            out.append(ReminderEnded(ReminderOutcome.EXPIRED, let_go))
        if self.screen == Screen.CALIBRATE:
            self._calibration().expire(now)  # the sensor gone: readings no longer move it on
        if self._menu_idle() and now >= self._idle_from() + MENU_IDLE:
            self.highlighted = self._home_index()
            self._go(Screen.HOME, self._idle_from() + MENU_IDLE)
        return out

    def gesture(self, g: Gesture) -> List[Output]:
        out = self.advance(g.t)
        if g.kind == PRESS:
            self._swallow = self.power(g.t) != AWAKE
            self.last_input = g.t
            if self.run and not self.run.ended:
                out += self._from_run(self.run.gesture(g), g.t)
            return out
        self.last_input = g.t
        if self._swallow:
            self._swallow = False
            return out
        handler = {
            Screen.HOME: self._on_home,
            Screen.PICKER: self._on_picker,
            Screen.STEP: self._on_ritual,
            Screen.PAUSED: self._on_ritual,
            Screen.FINISH: self._on_finish,
            Screen.MOOD: self._on_mood,
            Screen.HISTORY: self._on_history,
            Screen.REMINDER: self._on_reminder,
            Screen.CALIBRATE: self._on_calibrate,
        }[self.screen]
        return out + handler(g)

    def quit(self, now: float) -> List[Output]:
        """The program is closing; a session in progress ends as ``quit``."""
        out = self.advance(now)
        if self.run and not self.run.ended:
            out += self._from_run(self.run.quit(now), now)
        if self.screen == Screen.REMINDER:
            self._go(Screen.HOME, now)
            out.append(ReminderEnded(ReminderOutcome.EXPIRED, now))
        return out

    # -- requests from outside (the MQTT link); each says why when it cannot be done now ----

    def request_start(self, now: float, ritual_id: Optional[str] = None) -> Answer:
        """Start ``ritual_id``, or the ritual home offers, as a tap on home would. Refused while
        a ritual is under way, or for a ritual not offered here; nothing changes then."""
        out = self.advance(now)
        if self.screen in (Screen.STEP, Screen.PAUSED):
            return out, f"a ritual is under way ({self._run().ritual.id}); stop it first"
        if ritual_id is None:  # the ritual home offers
            index = self.highlighted if self.screen in (Screen.HOME, Screen.REMINDER) else None
            index = self._home_index() if index is None else index
        else:
            index = self._find(ritual_id)
        if index is None:
            known = ", ".join(r.id for r in self.rituals)
            return out, f"unknown ritual {ritual_id!r}; the rituals here: {known}"
        self.highlighted = index
        ended = (
            [ReminderEnded(ReminderOutcome.TAKEN, now)] if self.screen == Screen.REMINDER else []
        )
        self.last_input = now
        return out + self.start(self.rituals[index], now) + ended, None

    def request_pause(self, now: float) -> Answer:
        """Pause the ritual under way, as a hold would."""
        return self._toggle_pause(now, pause=True)

    def request_resume(self, now: float) -> Answer:
        """Resume the paused ritual, as a hold would."""
        return self._toggle_pause(now, pause=False)

    def request_stop(self, now: float) -> Answer:
        """End the ritual under way as abandoned."""
        out = self.advance(now)
        if self.screen not in (Screen.STEP, Screen.PAUSED):
            return out, "no ritual is under way to stop"
        return out + self._from_run(self._run().stop(now), now), None

    def _toggle_pause(self, now: float, *, pause: bool) -> Answer:
        out = self.advance(now)
        if self.screen not in (Screen.STEP, Screen.PAUSED):
            return out, f"no ritual is under way to {'pause' if pause else 'resume'}"
        run = self._run()
        if pause == run.paused:
            return out, "the ritual is already paused" if run.paused else "it is not paused"
        self.last_input = now
        return out + self._from_run(run.gesture(Gesture(PAUSE, now)), now), None

    def _find(self, ritual_id: str) -> Optional[int]:
        for i, ritual in enumerate(self.rituals):
            if ritual.id == ritual_id:
                return i
        return None

    def remind(self, now: float) -> List[Output]:
        """The daily reminder is due. On a menu screen (home, picker, history; awake or asleep)
        the screen wakes with a prompt naming the home ritual and the ``reminder`` cue sounds.
        During a ritual, or on its finish and mood screens, nothing happens: the user is there.
        A tap then starts the ritual; any other gesture, or ten minutes, lets the prompt go."""
        out = self.advance(now)
        if self.screen not in MENU_SCREENS:
            return out
        self.highlighted = self._home_index()
        self._swallow = False
        self._go(Screen.REMINDER, now)
        self._alert = Cue(CueKind.REMINDER, now, None, now)
        return out + [self._alert, ReminderShown(self.rituals[self.highlighted].id, now)]

    # -- screens ---------------------------------------------------------------------------

    def _on_home(self, g: Gesture) -> List[Output]:
        if g.kind in (TAP, NEXT):
            return self.start(self.rituals[self.highlighted], g.t)
        if g.kind == HOLD:
            self.highlighted = self._home_index()
            self._go(Screen.PICKER, g.t)
        return []

    def _on_picker(self, g: Gesture) -> List[Output]:
        menu = self.menu
        if g.kind in (TAP, NEXT):
            self.highlighted = (self.highlighted + 1) % len(menu)
        elif g.kind == BACK:
            self.highlighted = self._home_index()
            self._go(Screen.HOME, g.t)
        elif g.kind == HOLD:
            if self.highlighted < len(self.rituals):
                return self.start(self.rituals[self.highlighted], g.t)
            if menu[self.highlighted] == CALIBRATE_LABEL:
                self.calibrating = CalibrationFlow(self.pad_electrodes, g.t)
                self._go(Screen.CALIBRATE, g.t)
                return []
            if menu[self.highlighted] == BACK_LABEL:
                self.highlighted = self._home_index()
                self._go(Screen.HOME, g.t)
                return []
            self._go(Screen.HISTORY, g.t)
        return []

    def _on_ritual(self, g: Gesture) -> List[Output]:
        return self._from_run(self._run().gesture(g), g.t)

    def _on_finish(self, g: Gesture) -> List[Output]:
        if g.kind in (TAP, HOLD, NEXT, BACK):
            self._after_finish(g.t)
        return []

    def _on_mood(self, g: Gesture) -> List[Output]:
        if g.kind in (TAP, NEXT):
            self.mood = self.mood % 5 + 1
        elif g.kind == HOLD:
            self._go(Screen.HOME, g.t)
            self.mood_saved = (self.mood, g.t)
            return [MoodGiven(self.mood, g.t)]
        elif g.kind == BACK:
            self._go(Screen.HOME, g.t)
        return []

    def _on_reminder(self, g: Gesture) -> List[Output]:
        if g.kind in (TAP, NEXT):
            # Started first, so the log can tie the reminder to the session it led to.
            return self.start(self.rituals[self.highlighted], g.t) + [
                ReminderEnded(ReminderOutcome.TAKEN, g.t)
            ]
        self._go(Screen.HOME, g.t)
        return [ReminderEnded(ReminderOutcome.DISMISSED, g.t)]

    def _on_history(self, g: Gesture) -> List[Output]:
        if g.kind in (TAP, HOLD, BACK, NEXT, PAUSE):
            self.highlighted = self._home_index()
            self._go(Screen.HOME, g.t)
        return []

    def _on_calibrate(self, g: Gesture) -> List[Output]:
        out = self._calibration().answer(g.kind, g.t) if g.kind in (TAP, HOLD, BACK) else []
        if out is None or out:
            self.calibrating = None
            self.highlighted = self._home_index()
            self._go(Screen.HOME, g.t)
        return out or []

    @property
    def wants_readings(self) -> bool:
        """Whether the loop should feed the pad's readings in (``feed_readings``)."""
        return self.screen == Screen.CALIBRATE and self._calibration().wants_readings

    def feed_readings(self, now: float, filtered: Dict[int, int]) -> None:
        """Electrode -> filtered data, for the calibration screen."""
        if self.wants_readings:
            self._calibration().feed(now, filtered)

    def _menu_idle(self) -> bool:
        """On a menu screen that goes home by itself when left alone."""
        if self.screen == Screen.CALIBRATE:
            return not self._calibration().wants_readings
        return self.screen in (Screen.PICKER, Screen.HISTORY)

    def _run(self) -> RitualRun:
        """The ritual the step, paused, finish and mood screens show: always there on them."""
        if self.run is None:
            raise RuntimeError(f"the {self.screen} screen shows a ritual, and none was started")
        return self.run

    def _calibration(self) -> CalibrationFlow:
        """The calibration the calibrate screen shows: always there on it."""
        if self.calibrating is None:
            raise RuntimeError(f"the {self.screen} screen calibrates, and no calibration began")
        return self.calibrating

    def _from_run(self, out: List[Output], now: float) -> List[Output]:
        """Follow the run's state onto the screens."""
        run = self._run()
        if run.ended_at is not None and self.screen in (Screen.STEP, Screen.PAUSED):
            self.sessions_ended += 1
            self._go(Screen.FINISH, run.ended_at)
            self.highlighted = self._index_of(run.ritual.id)
            if now >= self.screen_since + FINISH_SECONDS:
                self._after_finish(now)
        elif not run.ended:
            self.screen = Screen.PAUSED if run.paused else Screen.STEP
        return out

    def _after_finish(self, t: float) -> None:
        completed = self.run is not None and self.run.status == Status.COMPLETED
        if self.ask_mood and completed:
            self.mood = MOOD_DEFAULT
            self._go(Screen.MOOD, t)
        else:
            self._go(Screen.HOME, t)

    def _go(self, screen: Screen, t: float) -> None:
        self.screen = screen
        self.screen_since = t

    def _idle_from(self) -> float:
        return max(self.last_input, self.screen_since)

    def _mood_deadline(self) -> float:
        return max(self.screen_since, self.last_input) + MOOD_SECONDS

    def _home_index(self) -> int:
        return self._index_of(self.stats.last_ritual_id)

    def _index_of(self, ritual_id: Optional[str]) -> int:
        for i, ritual in enumerate(self.rituals):
            if ritual.id == ritual_id:
                return i
        return 0

    def alert(self, cue: CueKind, now: float) -> List[Output]:
        """A cue from outside the ritual's schedule (``error``: the sensor was lost), issued
        like the others: it sounds, flashes and goes into the summary."""
        step = self.run.index if self.run is not None and not self.run.ended else None
        self._alert = Cue(cue, t=now, step=step, due=now)
        return [self._alert]

    def _latest_cue(self) -> Optional[Cue]:
        shown = self.run.last_cue if self.run is not None else None
        if self._alert is not None and (shown is None or _due(self._alert) >= _due(shown)):
            return self._alert
        return shown

    # -- what the loop and the view ask ----------------------------------------------------

    @property
    def menu(self) -> Tuple[str, ...]:
        return picker_menu(tuple(r.title for r in self.rituals))

    def power(self, now: float) -> Power:
        """Screen sleep: only the menu screens dim and blank; a ritual or a reminder keeps the
        screen awake."""
        if self.screen not in MENU_SCREENS:
            return AWAKE
        idle = now - self._idle_from()
        if idle >= BLANK_AFTER:
            return BLANK
        return DIM if idle >= DIM_AFTER else AWAKE

    def deadline(self, now: float) -> Optional[float]:
        """The next clock time at which the device changes by itself, or None."""
        if self.screen in (Screen.STEP, Screen.PAUSED):
            return self._run().deadline()
        if self.screen == Screen.FINISH:
            return self.screen_since + FINISH_SECONDS
        if self.screen == Screen.MOOD:
            return self._mood_deadline()
        if self.screen == Screen.REMINDER:
            return self.screen_since + REMINDER_SECONDS
        idle_from = self._idle_from()
        if self._menu_idle():
            return idle_from + MENU_IDLE
        if self.screen == Screen.CALIBRATE:
            # Measuring: readings move it on, or their absence.
            return self._calibration().deadline()
        for after in (DIM_AFTER, BLANK_AFTER):
            if now < idle_from + after:
                return idle_from + after
        return None

    def snapshot(self, now: float) -> Snapshot:
        calibrate_text, calibrate_hint = (
            self._calibration().text(now) if self.screen == Screen.CALIBRATE else (NOTHING, NOTHING)
        )
        mood_saved, mood_saved_left = None, 0.0
        if self.mood_saved is not None and self.screen == Screen.HOME:
            mood, saved_at = self.mood_saved
            if saved_at <= now < saved_at + MOOD_SAVED_SECONDS:
                mood_saved, mood_saved_left = mood, saved_at + MOOD_SAVED_SECONDS - now
        flash = self._latest_cue()
        common = Snapshot(
            screen=self.screen,
            now=now,
            power=self.power(now),
            rituals=tuple(
                RitualEntry(r.id, r.title, len(r.steps), r.total_seconds) for r in self.rituals
            ),
            highlighted=self.highlighted,
            menu=self.menu,
            stats=self.stats,
            notices=self.notices,
            partner=self.partner,
            calibrate_text=calibrate_text,
            calibrate_hint=calibrate_hint,
            mood_saved=mood_saved,
            mood_saved_left=mood_saved_left,
            # When it was due, not when issued: a screenshot taken later shows no stale flash.
            last_cue=None if flash is None else flash.cue,
            last_cue_t=None if flash is None else flash.due,
        )
        if self.run is None or self.screen not in RITUAL_SCREENS:
            return common
        return self._ritual_snapshot(common, self.run, now)

    def _ritual_snapshot(self, common: Snapshot, run: RitualRun, now: float) -> Snapshot:
        """``common`` with the ritual's part filled in: the step, the progress, the ending."""
        active = run.step_active(now)
        step = run.step
        left = max(0.0, step.seconds - active)
        nxt = run.index + 1
        return replace(
            common,
            ritual_id=run.ritual.id,
            ritual_title=run.ritual.title,
            step=self._step_view(run.index),
            step_count=len(run.ritual.steps),
            step_active=active,
            step_left=left,
            waiting=run.waiting(now),
            stroke=run.strokes_done,
            side_now=run.side_now(now, self.partner),
            paused=run.paused,
            ritual_active=run.ritual_active(now),
            ritual_total=run.ritual.total_seconds,
            ritual_done=run.ritual.step_starts()[run.index] + min(active, step.seconds),
            next_step=self._step_view(nxt) if nxt < len(run.ritual.steps) else None,
            show_next=(
                nxt < len(run.ritual.steps) and step.advance == Advance.TIMER and left <= SHOW_NEXT
            ),
            status=run.status,
            elapsed=(now if run.ended_at is None else run.ended_at) - run.t0,
            mood=self.mood if self.screen == Screen.MOOD else None,
            mood_left=max(0.0, self._mood_deadline() - now) if self.screen == Screen.MOOD else 0.0,
        )

    def _step_view(self, index: int) -> StepView:
        step = self._run().ritual.steps[index]
        title, say, side = step_view_text(step, self.side_words if self.partner else None)
        return StepView(
            index, step.zone, title, say, step.seconds, step.strokes, side, step.advance,
            step.image,
        )  # fmt: skip


def _due(cue: Cue) -> float:
    """When ``cue`` was scheduled for: its own time when it was not scheduled."""
    return cue.t if cue.due is None else cue.due
