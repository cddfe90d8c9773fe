"""The composition root: the one place that picks real or mock parts and wires them together.

Real hardware: an MPR121 on the I2C bus, gpiozero's default pin factory for the IRQ line and the
buzzer. ``--sim``: the same MPR121 driver against an emulated chip, and gpiozero's MockFactory,
chosen explicitly here — never as a silent fallback when the real hardware is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import threading
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Callable, List, Optional, Tuple

from facepacer import i18n
from facepacer.app.loop import App, Wiring
from facepacer.app.reminder import daily_reminder
from facepacer.app.script import load_script
from facepacer.app.sessionlog import SessionLog
from facepacer.clock import Clock, MonotonicClock, VirtualClock
from facepacer.config import Config, load_config, window_size
from facepacer.configedit import threshold_saver
from facepacer.engine.device import Device
from facepacer.engine.partner import SideWords
from facepacer.errors import DisplayError, FacepacerError, StoreError
from facepacer.hardware.buzzer import night_at
from facepacer.ritual import Library, Ritual
from facepacer.ui.drivers import no_display_warning

if TYPE_CHECKING:  # both load pygame: imported where a screen is made
    from facepacer.ui.simnotes import SimNotes
    from facepacer.ui.view import View
    from facepacer.ui.window import Window

SIM_KEYS = (
    "facepacer sim: in the window, Space or a click is the pad: tap to start or go on, hold 1 s "
    "for more (the picker; in a ritual, pause). 1-9 touch electrodes 1-9, F full screen, "
    "M mute, Esc quit."
)
VOICE_WAIT = 30.0  # seconds a ritual started at once may wait, before the loop, for its lines


class UsageError(FacepacerError, ValueError):
    """An option's value is wrong; the message quotes it."""


def parse_size(text: str) -> Tuple[int, int]:
    try:
        return window_size(text)
    except ValueError as exc:
        raise UsageError(f"--size: {exc}") from None


def _settings(args: argparse.Namespace) -> Tuple[Config, List[str]]:
    config, problems = load_config(args.config)
    if args.partner:
        config = dataclasses.replace(config, partner=True)
    if args.no_mood:
        config = dataclasses.replace(config, mood=False)
    if args.theme:
        config = dataclasses.replace(config, theme=args.theme)
    if args.size:
        config = dataclasses.replace(config, size=parse_size(args.size))
    if args.db:
        config = dataclasses.replace(config, db=args.db)
    if getattr(args, "language", None):
        config = dataclasses.replace(config, language=args.language)
    return config, problems


def build(args: argparse.Namespace) -> Tuple[App, List[str]]:
    """Everything ``facepacer run``/``sim`` needs, from its options, and the problems to say on
    the terminal. Raises on unusable input. The steps run in this order: settings, rituals,
    clock, log, engine, hardware, screen, sound, voice."""
    config, problems = _settings(args)
    config_problems = list(problems)  # shown on the screen too: a device may have no terminal
    problems += _language(config)
    script = load_script(args.script, hold_after=config.sensor.hold_after) if args.script else []
    library = Library.load()
    problems += list(library.warnings)
    rituals, chosen = _rituals(library, args.ritual, i18n.current().code)
    clock, wall_at = _clock(virtual=bool(args.virtual_clock), start=_wall_start(args))
    store, store_notice = _open_store(config, throwaway=bool(args.virtual_clock) and not args.db)
    # Said on the terminal too: a headless run has no screen to show it on.
    problems += [n for n in (store_notice, store.notice if store else None) if n]
    device, partner = _device(config, rituals, clock)
    hardware = _hardware(config, sim=args.sim, clock=clock)
    problems += hardware.problems
    try:
        window, view, sim_notes = _screen(args, config, hardware.pad.irq_event, problems)
    except DisplayError:
        _close_all(hardware, store)
        raise
    speaker = _speaker(args, hardware.buzzer, problems)
    voice = _voice(config, rituals, chosen, clock, partner, problems)
    notices = tuple(_short_warning(w) for w in config_problems + list(library.warnings))
    notices += (store_notice,) if store_notice else ()
    link = _mqtt(config, rituals, store, clock, wall_at, hardware, problems)
    wiring = Wiring(
        clock=clock,
        device=device,
        pad=hardware.pad,
        buzzer=hardware.buzzer,
        touch=hardware.chip,
        window=window,
        view=view,
        sim_notes=sim_notes,
        speaker=speaker,
        voice=voice,
        log=SessionLog(store, _not_after_now(wall_at), problem=store_notice),
        stats=(lambda today: store.stats(today, config.weekly_goal)) if store else None,
        night=lambda wall: night_at(config.buzzer, wall.time()),
        wall=lambda t: wall_at(t).astimezone(),
        today=(lambda: wall_at(clock.now()).astimezone().date()),
        stepped=clock if isinstance(clock, VirtualClock) else None,
        script=script,
        exit_after_session=args.headless,
        extra_notices=notices,
        reminder=daily_reminder(config.reminder),
        link=link,
        thresholds=threshold_saver(args.config),
        # The link first, so it says offline before the rest closes.
        closers=tuple(p.close for p in (link, voice, hardware, window, store) if p is not None),
    )
    app = App(wiring)
    _summarise(app.summary, store, hardware.buzzer)
    if chosen is not None:
        app.start(chosen)
    return app, problems


def _summarise(summary, store, buzzer) -> None:
    """The summary names the log written, and the buzzer tells it when each cue really sounded."""
    summary.log = str(store.path) if store is not None and store.path else None
    buzzer.listen(summary.sounded)


def _language(config: Config) -> List[str]:
    """Choose the language of the screens for the whole process (ARCHITECTURE §12)."""
    problem = i18n.use(i18n.choose(config.language))
    return [problem] if problem else []


def _rituals(
    library: Library, wanted: Optional[str], language: str
) -> Tuple[List[Ritual], Optional[Ritual]]:
    """The rituals to offer, and the one ``--ritual`` asked for (offered first when it is a file
    outside the library), each in ``language`` where its file has a translation."""
    library = library.in_language(language)
    rituals = list(library.rituals)
    # A file given by its path is read as it is written: it takes the language here too.
    chosen = library.resolve(wanted).in_language(language) if wanted else None
    if chosen is not None and all(r.id != chosen.id for r in rituals):
        rituals.insert(0, chosen)
    if not rituals:
        raise UsageError("no ritual could be loaded; see the warnings above")
    return rituals, chosen


def _clock(
    *, virtual: bool, start: Optional[datetime] = None
) -> Tuple[Clock, Callable[[float], datetime]]:
    """The clock the loop reads, and the wall time (UTC) of a reading of it. A virtual clock
    starts at the wall time ``start`` (default: now)."""
    if virtual:
        clock: Clock = VirtualClock()
        origin = start if start is not None else datetime.now(timezone.utc)

        def wall_at(t: float) -> datetime:
            return origin + timedelta(seconds=t)
    else:
        clock = MonotonicClock()

        def wall_at(t: float) -> datetime:
            # Read the wall clock now, and step back by monotonic time: a wall clock that jumped
            # (NTP sync) since the event does not distort how long ago the event was.
            return datetime.now(timezone.utc) - timedelta(seconds=clock.now() - t)

    return clock, wall_at


def _screen(
    args: argparse.Namespace, config: Config, wake_event: threading.Event, problems: List[str]
) -> Tuple[Window, View, Optional[SimNotes]]:
    """The window (full screen on the device, a window in the simulator, none when headless),
    the view that draws into it, and the simulator's notes on it (None on the device)."""
    fullscreen = args.fullscreen if args.fullscreen is not None else not (args.sim or args.headless)
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if args.headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ["SDL_AUDIODRIVER"] = "dummy"
    from facepacer.ui.view import View
    from facepacer.ui.window import Window

    # The window's wait wakes as soon as the sensor's IRQ line fires.
    try:
        window = Window(config.size, fullscreen=fullscreen, headless=args.headless,
                        wake_event=wake_event,
                        backlight=_backlight(config, fullscreen and not args.headless))  # fmt: skip
    except Exception as exc:  # pygame.error: SDL could not open the display
        raise display_error(exc) from exc
    if window.backlight is not None and window.backlight.reason:
        problems.append(window.backlight.reason)
    view = View(window.surface, theme=config.theme, guide=config.guide)
    if not args.headless and window.driver in ("offscreen", "dummy"):
        problems.append(no_display_warning(window.driver, os.environ))
    return window, view, _sim_notes(args, view)


def _sim_notes(args: argparse.Namespace, view: View) -> Optional[SimNotes]:
    """The simulator's window says how its keys stand for the pad, and so does the terminal.
    The notes, which the view draws and the loop changes; None on the device."""
    if not args.sim or args.headless:
        return None
    from facepacer.ui.simnotes import SimNotes

    view.sim = notes = SimNotes()
    if not args.json:
        print(SIM_KEYS, flush=True)
    return notes


def _speaker(args: argparse.Namespace, buzzer, problems: List[str]):
    """The simulator plays the cues through the computer's speaker; the device has its buzzer.
    The buzzer's rules decide every cue's sound (which, when, how loud) and the speaker plays
    what they decide, so the two never disagree."""
    if not args.sim or args.headless:
        return None
    from facepacer.ui.sound import Speaker

    speaker = Speaker()
    buzzer.listen(speaker.sounded)
    if speaker.reason:
        problems.append(speaker.reason)
    return speaker


def _backlight(config: Config, wanted: bool):
    """The panel's backlight, full screen on the device; None leaves the window without one."""
    if not wanted:
        return None
    from facepacer.ui.backlight import panel_backlight

    return panel_backlight(config.backlight)


def _hardware(config: Config, *, sim: bool, clock):
    from facepacer.hardware import parts

    if sim:
        return parts.build_sim(config, clock=clock.now)
    from facepacer.hardware.pins import default_factory, fallbacks_unprinted

    # gpiozero's choice, with the reason each library before it failed kept for the message.
    choice = default_factory()
    with fallbacks_unprinted():
        hardware = parts.build_real(config, pin_factory=choice.factory, clock=clock.now)
    problem = choice.problem()
    if problem:
        hardware.problems.append(problem)
    _check_sensor(hardware, clock)
    return hardware


def _check_sensor(hardware, clock) -> None:
    """Try the sensor once now, so a missing one is said on the terminal at start, not only in
    the summary; the pad keeps trying to reconnect while the device runs."""
    hardware.pad.poll(clock.now())
    status = hardware.pad.status
    if not status.ok:
        hardware.problems.append(
            f"no touch sensor: {status.message}; the device runs and keeps trying "
            "(`facepacer probe` checks the wiring)"
        )


def _close_all(hardware, store) -> None:
    hardware.close()
    if store is not None:
        store.close()


def display_error(exc: Exception) -> DisplayError:
    """The error for a display SDL could not open, naming the likely cause."""
    from facepacer.ui.drivers import display_failure, loaded_sdl_libraries, sdl_video_drivers

    try:
        drivers = sdl_video_drivers(loaded_sdl_libraries())
    except OSError:
        drivers = []
    return DisplayError(display_failure(exc, os.environ, drivers))


def _mqtt(config: Config, rituals, store, clock, wall_at, hardware, warnings: List[str]):
    """The MQTT link when the settings have an ``mqtt:`` section, started; None otherwise."""
    if config.mqtt is None:
        return None
    from facepacer.link.mqtt import open_link

    link, problems = open_link(
        config, rituals=rituals, db_path=store.path if store else None,
        today=lambda: wall_at(clock.now()).astimezone().date(), wake=hardware.pad.irq_event,
        wait=5.0 if isinstance(clock, VirtualClock) else 0.0,
    )  # fmt: skip
    warnings += problems
    return link


def _wall_start(args: argparse.Namespace) -> Optional[datetime]:
    """The wall time a virtual-clock run starts at: ``--wall`` (a naive time is local), or None
    for now."""
    wall = getattr(args, "wall", None)
    return wall.astimezone(timezone.utc) if wall is not None else None


def _device(config: Config, rituals: List[Ritual],
            clock: Clock) -> Tuple[Device, Optional[SideWords]]:  # fmt: skip
    """The device, and in partner mode the words it swaps: every catalogue's for left and right,
    read here so that the engine reads no file."""
    partner = SideWords(i18n.side_words()) if config.partner else None
    device = Device(rituals, clock.now(), partner=config.partner, side_words=partner,
                    mood=config.mood)  # fmt: skip
    device.pad_electrodes = (config.sensor.pad, *sorted(config.sensor.roles))
    return device, partner


def _voice(config: Config, rituals: List[Ritual], chosen: Optional[Ritual], clock: Clock,
           partner: Optional[SideWords], problems: List[str]):  # fmt: skip
    """The voice (None when off), preparing every ritual's lines, the one to start first."""
    from facepacer.speech.voice import build_voice

    first = [chosen] if chosen is not None else []
    voice, voice_problems = build_voice(config.voice, first + rituals, clock=clock.now,
                                        partner=partner)  # fmt: skip
    problems += voice_problems
    if voice is not None and chosen is not None and not voice.wait(chosen, VOICE_WAIT):
        problems.append(f"voice: the lines of {chosen.id!r} took over {VOICE_WAIT:g} s to "
                        "prepare; the steps before they are ready are silent")  # fmt: skip
    return voice


def _short_warning(warning: str) -> str:
    return warning.splitlines()[0]


def _not_after_now(wall_at):
    """The log's wall clock: a virtual run's times run ahead of the real clock, and a session
    must never be logged as ending in the future."""

    def logged_at(t: float) -> datetime:
        return min(wall_at(t), datetime.now(timezone.utc))

    return logged_at


def _open_store(config: Config, *, throwaway: bool = False):
    """The session log; ``throwaway``: one in memory, for a virtual-clock run without ``--db``,
    whose made-up times must not land in the user's history and streak."""
    from facepacer.store import Store

    if throwaway:
        return Store(memory=True), None
    try:
        store = Store(config.db)
    except StoreError as exc:
        return None, f"Sessions are not being saved: {exc}"
    with contextlib.suppress(StoreError):
        # Sessions left running by a process that died are rewritten as interrupted, as the
        # schema says; a log that cannot be written says so at the first session instead.
        store.mark_interrupted()
    return store, None
