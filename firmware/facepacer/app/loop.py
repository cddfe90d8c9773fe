"""The device's loop: input → engine → buzzer, screen and log, then sleep until something is due.

One iteration reads the clock once and does everything that is due at that time. The loop never
spins: it sleeps until the earliest of the engine's next deadline, the pad's next read, the
buzzer's next note, the next scripted event and the next moment the picture changes by itself.
On the virtual clock that sleep is a jump, so a two-minute ritual runs in a fraction of a second.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable, List, Optional

from facepacer.app.script import ScriptEvent
from facepacer.app.sessionlog import SessionLog
from facepacer.app.summary import Summary
from facepacer.engine import snapshot as S
from facepacer.engine.device import Device
from facepacer.engine.events import Cue, SessionEnded


@dataclass
class Parts:
    """What the composition root picked: real or mock, with or without a window."""

    clock: object  # now(); advance_to(t) for a virtual clock
    device: Device
    pad: object  # poll(now) -> gestures; next_deadline(); status; faults
    buzzer: object  # play(cue, now); update(now); next_deadline()
    touch: Optional[object] = None  # set_touched(electrode, pressed): the emulated chip
    window: Optional[object] = None  # events(timeout) -> input events; surface; flip(rects)
    view: Optional[object] = None  # render(snapshot, wall) -> rects; needs_redraw_at(snapshot)
    speaker: Optional[object] = None  # play(cue); mute
    voice: Optional[object] = None  # handle(outputs, now) -> spoken lines; mute; set_night
    log: Optional[SessionLog] = None
    stats: Optional[Callable[[date], S.Stats]] = None
    wall: Optional[Callable[[float], datetime]] = None  # clock time -> local datetime
    night: Optional[Callable[[datetime], bool]] = None  # is it night (quiet buzzer) at this time
    today: Callable[[], date] = date.today
    virtual: bool = False
    script: List[ScriptEvent] = field(default_factory=list)
    exit_after_session: bool = False  # headless runs end once the session is over and home again
    extra_notices: tuple = ()
    closers: tuple = ()  # called in order by App.close()


class App:
    def __init__(self, parts: Parts):
        self.p = parts
        self.summary = Summary()
        self.quitting = False
        self.frames = 0
        self._script = list(parts.script)
        self._day: Optional[date] = None
        self._night_checked = float("-inf")
        self._outages_seen = 0
        self._sensor_ok = True
        self._snapshot: Optional[S.Snapshot] = None
        self._picture_deadlines: tuple = ()
        self._stats_check_at = float("-inf")
        self._window_events: list = []  # input that arrived while the loop slept

    def start(self, ritual) -> None:
        """Start ``ritual`` now, skipping home (``--ritual``)."""
        now = self.p.clock.now()
        self._emit(self.p.device.start(ritual, now), now)

    def request_quit(self) -> None:
        """End the loop after the iteration in progress, the session in progress as ``quit``.
        Safe to call from a signal handler: it only sets a flag and wakes the loop's sleep, so
        nothing the engine has already emitted is lost on its way to the buzzer, log and summary."""
        self.quitting = True
        for wake in (getattr(self.p.window, "wake_event", None), self.p.pad.irq_event):
            if wake is not None:
                wake.set()

    def close(self) -> None:
        """Release the hardware, the window and the log, even after an error."""
        for close in self.p.closers:
            # One part failing to close must not keep the others open.
            with contextlib.suppress(Exception):
                close()

    # -- one iteration ---------------------------------------------------------------------

    def tick(self) -> None:
        p = self.p
        now = p.clock.now()
        changed = self._refresh_stats(now)
        self._check_night(now)
        while self._script and self._script[0].t <= now:
            self._apply_script(self._script.pop(0))
        if p.window is not None:
            events, self._window_events = self._window_events + p.window.events(0), []
            for event in events:
                changed = True
                self._apply_window(event)
        outputs = []
        for gesture in p.pad.poll(now):
            outputs += p.device.gesture(gesture)
            changed = True
        outputs += p.device.advance(now)
        if self.quitting:
            outputs += p.device.quit(now)
        self._emit(outputs, now)
        p.buzzer.update(now)
        self._note_outages()
        changed = self._alert_on_fault(now) or changed
        notices = self._notices()
        if notices != p.device.notices:
            p.device.notices, changed = notices, True
        if p.view is not None and (changed or outputs or self._picture_due(now)):
            self._draw(now)

    def _picture_due(self, now: float) -> bool:
        """Whether the picture may have changed by itself since it was drawn: the view's own
        next change (a second of the count-down, the clock), or a deadline of the device's
        (screen sleep, the end of the finish screen) has come. Otherwise a tick that only read
        the sensor or moved the buzzer along draws nothing, and costs next to nothing."""
        if self._snapshot is None:
            return True
        return any(t is not None and now >= t for t in self._picture_deadlines)

    def _draw(self, now: float) -> None:
        p = self.p
        snapshot = self._snapshot = p.device.snapshot(now)
        p.window.set_power(snapshot.power)
        rects = p.view.render(snapshot, p.wall(now))
        if rects:
            p.window.flip(rects)
            self.frames += 1
        self._picture_deadlines = (p.view.needs_redraw_at(snapshot), p.device.deadline(now))

    def _emit(self, outputs, now: float) -> None:
        p = self.p
        spoken = p.voice.handle(outputs, now) if p.voice is not None else []
        for line in spoken:
            p.buzzer.duck(line.t, line.until)  # before the cues: the ticks under it are quieter
        for item in outputs:
            if isinstance(item, Cue):
                p.buzzer.play(item.cue, now)
                if p.speaker is not None:
                    p.speaker.play(item.cue)
        if any(isinstance(item, SessionEnded) for item in outputs):
            self._note_outages(ongoing=True)  # while the session is still open in the log
        self.summary.add(outputs)
        for line in spoken:
            self.summary.spoken(line.t, line.until, line.step, line.text, line.source)
        if p.log is not None:
            if p.log.add(outputs):
                self._day = None  # a session ended: the stats change
            if self.summary.session_id is None:
                self.summary.session_id = p.log.first_session_id

    def _apply_script(self, event: ScriptEvent) -> None:
        if event.action == "quit":
            self.quitting = True
        elif self.p.touch is None:
            return
        elif event.action == "unplug":
            self.p.touch.unplug()
        elif event.action == "replug":
            self.p.touch.replug()
        else:
            self.p.touch.set_touched(event.electrode, event.action == "press")

    def _apply_window(self, event) -> None:
        if event.kind == "quit":
            self.quitting = True
        elif event.kind == "electrode" and self.p.touch is not None:
            self.p.touch.set_touched(event.electrode, event.pressed)
        elif event.kind == "mute":
            self.p.buzzer.mute = not self.p.buzzer.mute
            if self.p.speaker is not None:
                self.p.speaker.mute = self.p.buzzer.mute
            if self.p.voice is not None:
                self.p.voice.mute = self.p.buzzer.mute
        elif event.kind == "fullscreen" and self.p.view is not None:
            self.p.view.set_surface(self.p.window.toggle_fullscreen())

    def _refresh_stats(self, now: float) -> bool:
        """Stats change when a session ends or the date does: look at the date once a minute
        and read the log only then. True when the stats were read again."""
        if self.p.stats is None or (now < self._stats_check_at and self._day is not None):
            return False
        self._stats_check_at = now + 60.0
        today = self.p.today()
        if today == self._day:
            return False
        self._day = today
        self.p.device.stats = self.p.stats(today)
        return True

    def _alert_on_fault(self, now: float) -> bool:
        """Eyes-free: an ``error`` cue when the sensor is lost; the banner says what and where.
        True when it was issued."""
        ok = self.p.pad.status.ok
        lost = self._sensor_ok and not ok
        self._sensor_ok = ok
        if lost:
            self._emit(self.p.device.alert("error", now), now)
        return lost

    def _check_night(self, now: float) -> None:
        """Night mode follows the wall clock; a check every half minute is plenty."""
        if self.p.night is not None and self.p.wall is not None and now >= self._night_checked + 30:
            self._night_checked = now
            night = self.p.night(self.p.wall(now))
            self.p.buzzer.set_night(night)
            if self.p.voice is not None:
                self.p.voice.set_night(night)

    def _note_outages(self, ongoing: bool = False) -> None:
        """Log the sensor outages that ended; with ``ongoing``, the one still going too (its
        end unknown), as the session it belongs to is ending."""
        faults = getattr(self.p.pad, "faults", ())
        for start, end, message in faults[self._outages_seen :]:
            if end is None and not ongoing:
                break  # still going: logged when it ends
            self.summary.outage(start, end, message)
            if self.p.log is not None:
                self.p.log.outage(start, end, message)
            self._outages_seen += 1

    def _notices(self) -> tuple:
        notices = list(self.p.extra_notices)
        status = self.p.pad.status
        if not status.ok and status.message:
            notices.insert(0, status.message)
        if self.p.log is not None and self.p.log.notice:
            notices.append(self.p.log.notice)
        return tuple(notices)

    # -- the loop --------------------------------------------------------------------------

    def finished(self) -> bool:
        if self.quitting:
            return True
        if self._script or not self.p.exit_after_session:
            return False
        device = self.p.device
        if device.sessions_ended > 0 and device.screen == S.HOME:
            return True
        # On a virtual clock only the script touches the pad: with the script used up and a
        # screen that has gone to sleep for good, nothing can happen any more.
        return self.p.virtual and device.deadline(self.p.clock.now()) is None

    def next_wake(self, now: float) -> Optional[float]:
        p = self.p
        candidates = [
            p.device.deadline(now),
            p.pad.next_deadline(),
            p.buzzer.next_deadline(),
            self._script[0].t if self._script else None,
        ]
        if p.view is not None:
            candidates.append(self._picture_deadlines[0] if self._picture_deadlines else None)
        due = [t for t in candidates if t is not None]
        return min(due) if due else None

    def run(self) -> Summary:
        p = self.p
        try:
            while True:
                self.tick()
                if self.finished():
                    break
                now = p.clock.now()
                wake = self.next_wake(now)
                if p.virtual:
                    if wake is None:
                        break  # nothing will ever happen again on a virtual clock
                    p.clock.advance_to(wake)
                else:
                    self._sleep(now, wake)
        except KeyboardInterrupt:
            self.quitting = True
        if self.quitting:
            self._close_session()
        return self.summary

    def _close_session(self) -> None:
        now = self.p.clock.now()
        self._emit(self.p.device.quit(now), now)
        self._note_outages()

    def _sleep(self, now: float, wake: Optional[float]) -> None:
        timeout = None if wake is None else max(0.0, wake - now)
        if self.p.window is not None:
            # The window waits for input or the timeout; input is handled at the next tick.
            self._window_events += self.p.window.events(timeout)
        else:
            # Wakes early when the sensor's IRQ line fires (set from gpiozero's thread).
            irq = self.p.pad.irq_event
            irq.wait(timeout)
            irq.clear()
