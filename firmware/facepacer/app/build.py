"""The composition root: the one place that picks real or mock parts and wires them together.

Real hardware: an MPR121 on the I2C bus, gpiozero's default pin factory for the IRQ line and the
buzzer. ``--sim``: the same MPR121 driver against an emulated chip, and gpiozero's MockFactory,
chosen explicitly here — never as a silent fallback when the real hardware is missing.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import warnings
from datetime import datetime, timedelta, timezone
from typing import List, Tuple

from facepacer.app.loop import App, Parts
from facepacer.app.script import load_script
from facepacer.app.sessionlog import SessionLog
from facepacer.config import Config, load_config
from facepacer.engine.clock import VirtualClock
from facepacer.engine.device import Device
from facepacer.errors import FacepacerError, StoreError
from facepacer.ritual import Library

VOICE_WAIT = 30.0  # seconds a ritual started at once may wait, before the loop, for its lines


class UsageError(FacepacerError, ValueError):
    """An option's value is wrong; the message quotes it."""


def parse_size(text: str) -> Tuple[int, int]:
    try:
        w, h = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size must look like 480x320, got {text!r}") from None
    if not (160 <= w <= 3840 and 120 <= h <= 2160):
        raise UsageError(f"--size {text} is out of range (160x120 to 3840x2160)")
    return w, h


def _settings(args: argparse.Namespace) -> Tuple[Config, List[str]]:
    config, warnings = load_config(args.config)
    changes = {}
    if args.partner:
        changes["partner"] = True
    if args.no_mood:
        changes["mood"] = False
    if args.theme:
        changes["theme"] = args.theme
    if args.size:
        changes["size"] = parse_size(args.size)
    if args.db:
        changes["db"] = args.db
    return dataclasses.replace(config, **changes), warnings


def build(args: argparse.Namespace) -> Tuple[App, List[str]]:
    """Everything ``facepacer run``/``sim`` needs, from its options. Raises on unusable input."""
    config, warnings = _settings(args)
    script = load_script(args.script, hold_after=config.sensor.hold_after) if args.script else []
    library = Library.load()
    warnings += list(library.warnings)
    rituals = list(library.rituals)
    chosen = library.resolve(args.ritual) if args.ritual else None
    if chosen is not None and all(r.id != chosen.id for r in rituals):
        rituals.insert(0, chosen)
    if not rituals:
        raise UsageError("no ritual could be loaded; see the warnings above")

    virtual = bool(args.virtual_clock)
    if virtual:
        clock = VirtualClock()
        origin = datetime.now(timezone.utc)

        def wall_at(t: float) -> datetime:
            return origin + timedelta(seconds=t)
    else:
        from facepacer.clock import MonotonicClock

        clock = MonotonicClock()

        def wall_at(t: float) -> datetime:
            # Read the wall clock now, and step back by monotonic time: a wall clock that jumped
            # (NTP sync) since the event does not distort how long ago the event was.
            return datetime.now(timezone.utc) - timedelta(seconds=clock.now() - t)

    from facepacer.hardware.buzzer import night_at

    store, store_notice = _open_store(config)
    # Said on the terminal too: a headless run has no screen to show it on.
    warnings += [n for n in (store_notice, store.notice if store else None) if n]
    log = SessionLog(store, wall_at) if store is not None else None
    device = Device(rituals, clock.now(), partner=config.partner, mood=config.mood)
    hardware = _hardware(config, sim=args.sim, clock=clock)
    warnings += hardware.problems

    speaker = None
    fullscreen = args.fullscreen if args.fullscreen is not None else not (args.sim or args.headless)
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if args.headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ["SDL_AUDIODRIVER"] = "dummy"
    from facepacer.ui.view import View
    from facepacer.ui.window import Window

    # The window's wait wakes as soon as the sensor's IRQ line fires.
    window = Window(config.size, fullscreen=fullscreen, headless=args.headless,
                    wake_event=hardware.pad.irq_event)  # fmt: skip
    view = View(window.surface, theme=config.theme, guide=config.guide)
    if not args.headless and window.driver in ("offscreen", "dummy"):
        warnings.append(
            f"no display found (SDL fell back to its {window.driver} driver): the device runs "
            "but nothing shows; start it from the desktop or the Pi's console, or set DISPLAY"
        )
    if args.sim and not args.headless:
        from facepacer.ui.sound import Speaker

        speaker = Speaker()
        if getattr(speaker, "reason", None):
            warnings.append(speaker.reason)

    voice, voice_warnings = _voice(config, rituals, chosen, clock)
    warnings += voice_warnings
    notices = tuple(_short_warning(w) for w in library.warnings)
    if store_notice:
        notices += (store_notice,)
    parts = Parts(
        clock=clock,
        device=device,
        pad=hardware.pad,
        buzzer=hardware.buzzer,
        touch=hardware.chip,
        window=window,
        view=view,
        speaker=speaker,
        voice=voice,
        log=log,
        stats=(lambda today: store.stats(today, config.weekly_goal)) if store else None,
        night=lambda wall: night_at(config.buzzer, wall.time()),
        wall=lambda t: wall_at(t).astimezone(),
        today=(lambda: wall_at(clock.now()).astimezone().date()),
        virtual=virtual,
        script=script,
        exit_after_session=args.headless,
        extra_notices=notices,
        closers=((voice.close,) if voice else ())
        + (hardware.close, window.close)
        + ((store.close,) if store else ()),
    )
    app = App(parts)
    if chosen is not None:
        app.start(chosen)
    return app, warnings


def _hardware(config: Config, *, sim: bool, clock):
    from facepacer.hardware import parts

    if sim:
        return parts.build_sim(config, clock=clock.now)
    from gpiozero.exc import PinFactoryFallback

    with warnings.catch_warnings():
        # gpiozero warns of each pin library it tries in turn; the problems say what matters.
        warnings.simplefilter("ignore", PinFactoryFallback)
        hardware = parts.build_real(config, clock=clock.now)
    if any("pin factory" in problem for problem in hardware.problems):
        hardware.problems.append(
            "no GPIO pin library here: on a Raspberry Pi install one (sudo apt install "
            "python3-lgpio, or pip install 'facepacer[pi]'); on another computer, "
            "`facepacer sim` runs the device with mock hardware"
        )
    return hardware


def _voice(config: Config, rituals: list, chosen, clock):
    """The voice (None when off), preparing every ritual's lines, the one to start first."""
    from facepacer.speech.voice import build_voice

    first = [chosen] if chosen is not None else []
    voice, problems = build_voice(config.voice, first + rituals, clock=clock.now,
                                  partner=config.partner)  # fmt: skip
    if voice is not None and chosen is not None and not voice.wait(chosen, VOICE_WAIT):
        problems.append(f"voice: the lines of {chosen.id!r} took over {VOICE_WAIT:g} s to "
                        "prepare; the steps before they are ready are silent")  # fmt: skip
    return voice, problems


def _short_warning(warning: str) -> str:
    return warning.splitlines()[0]


def _open_store(config: Config):
    from facepacer.store import Store

    try:
        store = Store(config.db)
    except StoreError as exc:
        return None, f"Sessions are not being saved: {exc}"
    return store, None
