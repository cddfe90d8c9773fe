"""The device's loop: input → engine → buzzer, screen and log, then sleep until something is due.

One iteration reads the clock once and does everything that is due at that time. The loop never
spins: it sleeps until the earliest of the engine's next deadline, the pad's next read, the
buzzer's next note, the next scripted event and the next moment the picture changes by itself.
On the virtual clock that sleep is a jump, so a two-minute ritual runs in a fraction of a second.
A wake that does not move the virtual clock on is allowed a few times in a row (a part asking to
be polled again at once); one that keeps not moving it is a part whose deadline stays met, and
the run stops with ``ClockStalled`` naming it rather than spin.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import List, Optional

from facepacer.app.script import TAP_LENGTH, ScriptEvent
from facepacer.app.summary import Summary
from facepacer.app.wiring import Wiring
from facepacer.clock import ClockStalled
from facepacer.engine.calibration import SAMPLE_EVERY, ThresholdsChosen
from facepacer.engine.events import Cue, CueKind, Output, SessionEnded
from facepacer.engine.snapshot import Screen, Snapshot
from facepacer.errors import StoreError
from facepacer.link.state import device_state
from facepacer.ritual.checks import printable

WINDOW = -1  # the "line" of a release put off by the window (see App._touch_from_window)
# Iterations in a row a virtual clock may stay put. A part that asks to be polled again now (an
# IRQ edge not yet read) needs one or two; a hundred is a deadline that never moves on.
STALL_LIMIT = 100


class App:
    """The running device: it owns the loop, the run's summary and what the loop remembers
    between iterations (the last snapshot drawn, outages logged, the day of the stats).

    It holds the parts in ``wiring`` and does not make them: ``app.build`` does. Drive it with
    ``run()``, which ticks until the run is over and returns the summary; or, in tests, call
    ``tick()`` and ``next_wake(now)`` yourself. ``request_quit()`` ends it from a signal handler;
    ``close()`` releases the parts.
    """

    def __init__(self, wiring: Wiring):
        self.wiring = wiring
        self.summary = Summary()
        self.quitting = False
        self.frames = 0
        self._script = list(wiring.script)
        self._day: Optional[date] = None
        self._night_checked = float("-inf")
        self._outages_seen = 0
        self._sensor_ok = True
        self._snapshot: Optional[Snapshot] = None
        self._picture_deadlines: tuple = ()
        self._stats_check_at = float("-inf")
        self._window_events: list = []  # input that arrived while the loop slept
        self._pressed_at: dict = {}  # electrode -> when the window last pressed it
        self._link_seen: tuple = ()  # what the MQTT link last heard about the log
        self._next_reading = float("-inf")  # the calibration screen's next reading
        self._stalls = 0  # iterations in a row the virtual clock did not move

    def start(self, ritual) -> None:
        """Start ``ritual`` now, skipping home (``--ritual``); before any tick, so the hour is
        asked first: at night its first cues and line are quiet too."""
        now = self.wiring.clock.now()
        self._check_night(now)
        self._emit(self.wiring.device.start(ritual, now), now)

    def request_quit(self) -> None:
        """End the loop after the iteration in progress, the session in progress as ``quit``.
        Safe to call from a signal handler: it only sets a flag and wakes the loop's sleep, so
        nothing the engine has already emitted is lost on its way to the buzzer, log and summary."""
        self.quitting = True
        for wake in (getattr(self.wiring.window, "wake_event", None), self.wiring.pad.irq_event):
            if wake is not None:
                wake.set()

    def close(self) -> None:
        """Release the hardware, the window and the log, even after an error."""
        for close in self.wiring.closers:
            # One part failing to close must not keep the others open.
            with contextlib.suppress(Exception):
                close()

    # -- one iteration ---------------------------------------------------------------------

    def tick(self) -> None:
        wiring = self.wiring
        now = wiring.clock.now()
        changed = self._refresh_stats(now)
        self._check_night(now)
        changed = self._check_reminder(now) or changed
        while self._script and self._script[0].t <= now:
            self._apply_script(self._script.pop(0))
        if wiring.window is not None:
            events, self._window_events = self._window_events + wiring.window.events(0), []
            for event in events:
                changed = True
                self._apply_window(event)
        outputs = []
        self._sync_touch(now)
        for gesture in wiring.pad.poll(now):
            outputs += wiring.device.gesture(gesture)
            changed = True
        changed = self._feed_calibration(now) or changed
        outputs += wiring.device.advance(now)
        if self.quitting:
            outputs += wiring.device.quit(now)
        self._emit(outputs, now)
        wiring.buzzer.update(now)
        self._note_outages()
        changed = self._alert_on_fault(now) or changed
        changed = self._link(now) or changed
        notices = self._notices()
        if notices != wiring.device.notices:
            wiring.device.notices, changed = notices, True
        if wiring.view is not None and (changed or outputs or self._picture_due(now)):
            self._draw(now)

    def _feed_calibration(self, now: float) -> bool:
        """While the calibration screen measures, read the pad every ``SAMPLE_EVERY``."""
        if not getattr(self.wiring.device, "wants_readings", False) or now < self._next_reading:
            return False
        self._next_reading = now + SAMPLE_EVERY
        filtered = self.wiring.pad.filtered()
        if filtered is not None:
            self.wiring.device.feed_readings(now, filtered)
        return True

    def _start_sensor(self) -> None:
        """Read the pad once before anything else: the sensor starts (and takes its baseline)
        before a finger can reach it, as on the device, where it starts at boot."""
        now = self.wiring.clock.now()
        self._sync_touch(now)
        outputs = []
        for gesture in self.wiring.pad.poll(now):
            outputs += self.wiring.device.gesture(gesture)
        self._emit(outputs, now)

    def _sync_touch(self, now: float) -> None:
        """Let the emulated chip measure up to ``now``, so its IRQ line shows what it found."""
        sync = getattr(self.wiring.touch, "sync", None)
        if sync is not None:
            sync(now)

    def _picture_due(self, now: float) -> bool:
        """Whether the picture may have changed by itself since it was drawn: the view's own
        next change (a second of the count-down, the clock), or a deadline of the device's
        (screen sleep, the end of the finish screen) has come. Otherwise a tick that only read
        the sensor or moved the buzzer along draws nothing, and costs next to nothing."""
        if self._snapshot is None:
            return True
        return any(t is not None and now >= t for t in self._picture_deadlines)

    def _draw(self, now: float) -> None:
        wiring = self.wiring
        snapshot = self._snapshot = wiring.device.snapshot(now)
        wiring.window.set_power(snapshot.power)
        rects = wiring.view.render(snapshot, wiring.wall(now))
        if rects:
            wiring.window.flip(rects)
            self.frames += 1
        self._picture_deadlines = (
            wiring.view.needs_redraw_at(snapshot),
            wiring.device.deadline(now),
        )

    def _emit(self, outputs: List[Output], now: float) -> None:
        wiring = self.wiring
        spoken = wiring.voice.handle(outputs, now) if wiring.voice is not None else []
        for line in spoken:
            # Before the cues: the ticks under the line play quieter.
            wiring.buzzer.duck(line.t, line.until)
        for item in outputs:
            if isinstance(item, Cue):
                wiring.buzzer.play(item.cue, now)
                if wiring.speaker is not None:
                    wiring.speaker.play(item.cue)
            elif isinstance(item, ThresholdsChosen):
                self._save_thresholds(item)
        if any(isinstance(item, SessionEnded) for item in outputs):
            self._note_outages(ongoing=True)  # while the session is still open in the log
        self.summary.add(outputs)
        for line in spoken:
            self.summary.spoken(line.t, line.until, line.step, line.text, line.source)
        if wiring.log is not None:
            if wiring.log.add(outputs):
                self._day = None  # a session ended: the stats change
            if self.summary.session_id is None:
                self.summary.session_id = wiring.log.first_session_id

    def _save_thresholds(self, chosen: ThresholdsChosen) -> None:
        """Use the calibration's thresholds at once and keep them in the settings file."""
        wiring = self.wiring
        wiring.pad.set_thresholds(chosen.touch, chosen.release)
        problem = wiring.thresholds(chosen.touch, chosen.release) if wiring.thresholds else None
        if problem:
            wiring.extra_notices = (*wiring.extra_notices, problem)

    def _apply_script(self, event: ScriptEvent) -> None:
        if event.action == "quit":
            self.quitting = True
        elif self.wiring.touch is None:
            return
        elif event.action == "unplug":
            self.wiring.touch.unplug()
        elif event.action == "replug":
            self.wiring.touch.replug()
        else:
            self.wiring.touch.set_touched(event.electrode, event.action == "press")

    def _apply_window(self, event) -> None:
        if event.kind == "quit":
            self.quitting = True
        elif event.kind == "electrode" and self.wiring.touch is not None:
            self._touch_from_window(event.electrode, event.pressed)
            self._sim_notes(keys=False)
        elif event.kind == "mute":
            self.wiring.buzzer.mute = not self.wiring.buzzer.mute
            if self.wiring.speaker is not None:
                self.wiring.speaker.mute = self.wiring.buzzer.mute
            self._sim_notes(muted=self.wiring.buzzer.mute)
            if self.wiring.voice is not None:
                self.wiring.voice.mute = self.wiring.buzzer.mute
        elif event.kind == "fullscreen" and self.wiring.view is not None:
            self.wiring.view.set_surface(self.wiring.window.toggle_fullscreen())

    def _touch_from_window(self, electrode: int, pressed: bool) -> None:
        """A key or click on the window touches the emulated chip. The pad sees a touch only
        once it has lasted a moment (and reads the chip between window polls), so a release
        that comes sooner is put off until the press has lasted as long as a scripted tap:
        every press that reaches the window is a tap, however short."""
        now = self.wiring.clock.now()
        pending = [e for e in self._script if e.line == WINDOW and e.electrode == electrode]
        if pressed:
            for event in pending:  # pressed again before the put-off release: still held
                self._script.remove(event)
            if not pending:
                self._pressed_at[electrode] = now
                self.wiring.touch.set_touched(electrode, True)
            return
        release_at = self._pressed_at.get(electrode, now) + TAP_LENGTH
        if release_at <= now:
            self.wiring.touch.set_touched(electrode, False)
        else:
            later = (n for n, event in enumerate(self._script) if event.t > release_at)
            at = next(later, len(self._script))
            self._script.insert(at, ScriptEvent(release_at, "release", electrode, WINDOW))

    def _sim_notes(self, **changes) -> None:
        """The simulator's window notes: the pad's keys go after the first touch; sound off."""
        notes = getattr(self.wiring.view, "sim", None)
        if notes is not None:
            for name, value in changes.items():
                setattr(notes, name, value)

    def _refresh_stats(self, now: float) -> bool:
        """Stats change when a session ends or the date does: look at the date once a minute
        and read the log only then. True when the stats were read again."""
        if self.wiring.stats is None or (now < self._stats_check_at and self._day is not None):
            return False
        self._stats_check_at = now + 60.0
        today = self.wiring.today()
        if today == self._day:
            return False
        try:
            stats = self.wiring.stats(today)
        except StoreError as exc:
            # The log could not be read just now (locked by another program, damaged since the
            # start): the screens keep the figures they had; the next check tries again.
            if self.wiring.log is not None:
                self.wiring.log.notice = f"Session log not read: {exc}"
            self._day = None
            return False
        self._day = today
        self.wiring.device.stats = stats
        return True

    def _alert_on_fault(self, now: float) -> bool:
        """Eyes-free: an ``error`` cue when the sensor is lost; the banner says what and where.
        True when it was issued."""
        ok = self.wiring.pad.status.ok
        lost = self._sensor_ok and not ok
        self._sensor_ok = ok
        if lost:
            self._emit(self.wiring.device.alert(CueKind.ERROR, now), now)
        return lost

    def _check_night(self, now: float) -> None:
        """Night mode follows the wall clock; a check every half minute is plenty."""
        if (
            self.wiring.night is not None
            and self.wiring.wall is not None
            and now >= self._night_checked + 30
        ):
            self._night_checked = now
            night = self.wiring.night(self.wiring.wall(now))
            self.wiring.buzzer.set_night(night)
            if self.wiring.voice is not None:
                self.wiring.voice.set_night(night)

    def _check_reminder(self, now: float) -> bool:
        """The daily reminder, when due and today has no completed ritual yet. True if shown."""
        p = self.wiring
        if p.reminder is None or p.wall is None:
            return False
        wall = p.wall(now)
        if not p.reminder.due(wall):
            return False
        days = p.device.stats.days
        if days and days[-1].day == wall.date() and days[-1].completed > 0:
            return False  # today's ritual is done: nothing to remind of
        self._night_checked = float("-inf")  # a reminder at night_start is in the night: ask now
        self._check_night(now)
        outputs = p.device.remind(now)
        self._emit(outputs, now)
        return bool(outputs)

    def _link(self, now: float) -> bool:
        """Carry out the commands that came over MQTT, and tell the link what the device is
        doing. Nothing here waits on the network. True when a command changed something."""
        link, device = self.wiring.link, self.wiring.device
        if link is None:
            return False
        commands = link.commands()
        for command in commands:
            outputs, refused = device.command(command.name, now, command.ritual)
            link.answered(command, refused)
            self._emit(outputs, now)
        # The log changed when a session ended, the stats were read again or a mood was given.
        seen = (id(device.stats), device.sessions_ended, device.screen == Screen.MOOD)
        link.observe(
            device_state(device, now, sensor_ok=self.wiring.pad.status.ok), seen != self._link_seen
        )
        self._link_seen = seen
        return bool(commands)

    def _reminder_wake(self, now: float) -> Optional[float]:
        """The clock time of the next reminder. A real clock looks again each minute, since the
        wall clock may jump (network time on a Pi with no clock chip)."""
        p = self.wiring
        if p.reminder is None or p.wall is None:
            return None
        wall = p.wall(now)
        at = p.reminder.next_at(wall)
        if at is None:
            return None
        t = now + (at - wall).total_seconds()
        return t if p.virtual else min(t, now + 60.0)

    def _note_outages(self, ongoing: bool = False) -> None:
        """Log the sensor outages that ended; with ``ongoing``, the one still going too (its
        end unknown), as the session it belongs to is ending."""
        faults = getattr(self.wiring.pad, "faults", ())
        for start, end, message in faults[self._outages_seen :]:
            if end is None and not ongoing:
                break  # still going: logged when it ends
            self.summary.outage(start, end, message)
            if self.wiring.log is not None:
                self.wiring.log.outage(start, end, message)
            self._outages_seen += 1

    def _notices(self) -> tuple:
        notices = list(self.wiring.extra_notices)
        status = self.wiring.pad.status
        if not status.ok and status.message:
            notices.insert(0, status.message)
        if self.wiring.log is not None and self.wiring.log.notice:
            notices.append(self.wiring.log.notice)
        # A path in a notice may hold bytes that are not text, which no font can draw.
        return tuple(printable(notice) for notice in notices)

    # -- the loop --------------------------------------------------------------------------

    def finished(self) -> bool:
        if self.quitting:
            return True
        if self._script or not self.wiring.exit_after_session:
            return False
        device = self.wiring.device
        if device.sessions_ended > 0:
            # Its session is over and its script used up: nothing is left that could answer
            # the finish screen or the mood check-in, on a real clock as on a virtual one.
            return True
        # On a virtual clock only the script touches the pad: with the script used up and a
        # screen that has gone to sleep for good, nothing can happen any more.
        return self.wiring.virtual and device.deadline(self.wiring.clock.now()) is None

    def next_wake(self, now: float) -> Optional[float]:
        due = [t for t in self._wakes(now).values() if t is not None]
        return min(due) if due else None

    def _wakes(self, now: float) -> dict:
        """Each part's next deadline by name (None: nothing due)."""
        wiring = self.wiring
        wakes = {
            "the engine": wiring.device.deadline(now),
            "the pad": wiring.pad.next_deadline(),
            "the buzzer": wiring.buzzer.next_deadline(),
            "the script": self._script[0].t if self._script else None,
            "the reminder": self._reminder_wake(now),
            "the touch sensor": getattr(wiring.touch, "next_change", lambda: None)(),
            "the calibration": (
                self._next_reading if getattr(wiring.device, "wants_readings", False) else None
            ),
        }
        if wiring.view is not None:
            wakes["the screen"] = self._picture_deadlines[0] if self._picture_deadlines else None
        return wakes

    def run(self) -> Summary:
        wiring = self.wiring
        self._start_sensor()
        try:
            while True:
                self.tick()
                if self.finished():
                    break
                now = wiring.clock.now()
                wake = self.next_wake(now)
                if wiring.virtual:
                    if wake is None:
                        break  # nothing will ever happen again on a virtual clock
                    self._jump(now, wake)
                else:
                    self._sleep(now, wake)
        except KeyboardInterrupt:
            self.quitting = True
        if self.quitting:
            self._close_session()
        if wiring.log is not None:
            problem = wiring.log.problem
            self.summary.logged, self.summary.log_problem = problem is None, problem
        return self.summary

    def _jump(self, now: float, wake: float) -> None:
        """Move the virtual clock to ``wake``, counting the iterations it stays put."""
        if wake > now:
            self._stalls = 0
            self.wiring.clock.advance_to(wake)
            return
        self._stalls += 1
        if self._stalls >= STALL_LIMIT:
            stuck = [name for name, t in self._wakes(now).items() if t is not None and t <= now]
            raise ClockStalled(
                f"the virtual clock stopped at {now!r} s: {', '.join(stuck) or 'a part'} asked "
                f"to wake at {wake!r} s, no later than now, {self._stalls} times in a row; a "
                "deadline that is met must move on (a bug: please report it with the script)"
            )

    def _close_session(self) -> None:
        now = self.wiring.clock.now()
        self._emit(self.wiring.device.quit(now), now)
        self._note_outages()

    def _sleep(self, now: float, wake: Optional[float]) -> None:
        timeout = None if wake is None else max(0.0, wake - now)
        if self.wiring.window is not None:
            # The window waits for input or the timeout; input is handled at the next tick.
            self._window_events += self.wiring.window.events(timeout)
        else:
            # Wakes early when the sensor's IRQ line fires (set from gpiozero's thread).
            irq = self.wiring.pad.irq_event
            irq.wait(timeout)
            irq.clear()
