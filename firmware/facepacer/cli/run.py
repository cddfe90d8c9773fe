"""``facepacer run`` and ``facepacer sim``: the device itself, on real or mock hardware."""

from __future__ import annotations

import argparse
import signal

from facepacer.cli import say
from facepacer.cli.screenshot import language_arg
from facepacer.clock import ClockStalled
from facepacer.errors import DisplayError, RitualError, RitualNotFound, ScriptError
from facepacer.ui.theme import THEMES

COMMON_HELP = """\
keys in the window: Space = the pad (tap, or hold 1 s to pause), 1-9 = other electrodes,
F = fullscreen, M = mute, Esc = quit. A script file has one event a line: "3.0 tap",
"5.0 hold 1.5", "7.0 press", "7.4 release", "60 quit", each optionally ending "pad N"."""


def register(subparsers) -> None:
    run = subparsers.add_parser(
        "run",
        help="run the device (fullscreen on a Pi)",
        description="Run the device: on a Raspberry Pi with the sensor and buzzer, full\n"
        "screen; with --sim on mock hardware; with --headless without a window.",
        epilog=COMMON_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _options(run)
    run.set_defaults(func=_run, sim=False)
    sim = subparsers.add_parser(
        "sim",
        help="the device in a window, with mock hardware",
        description="The device in a window on any computer: the keyboard is the touch pad\n"
        "and the speaker is the buzzer. Same as `facepacer run --sim`.",
        epilog=COMMON_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _options(sim, sim_command=True)
    sim.set_defaults(func=_run, sim=True)


def _options(parser: argparse.ArgumentParser, sim_command: bool = False) -> None:
    if not sim_command:
        parser.add_argument(
            "--sim", action="store_true", help="mock hardware: emulated sensor, recorded buzzer"
        )
    parser.add_argument("--headless", action="store_true", help="no window (SDL dummy drivers)")
    parser.add_argument(
        "--virtual-clock",
        action="store_true",
        help="time jumps to the next event (needs --headless): a 2-minute ritual in under 1 s",
    )
    parser.add_argument("--ritual", metavar="ID|PATH", help="skip home and start this ritual")
    needs = "" if sim_command else " (needs --sim)"
    parser.add_argument("--script", metavar="FILE", help=f"scripted pad events{needs}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="session log (default: the data directory; a --virtual-clock run keeps none "
        "unless given one)",
    )
    parser.add_argument("--json", action="store_true", help="print the run's summary as JSON")
    parser.add_argument("--config", metavar="PATH", help="settings file (default: config dir)")
    parser.add_argument("--size", metavar="WxH", help="window size, e.g. 480x320 or 800x480")
    parser.add_argument("--fullscreen", action="store_true", default=None, help="fill the screen")
    parser.add_argument("--partner", action="store_true", default=None,
                        help="swap left and right, for a partner facing you")  # fmt: skip
    parser.add_argument("--no-mood", action="store_true", help="skip the mood check-in")
    parser.add_argument("--theme", choices=tuple(THEMES), help="colour theme")
    parser.add_argument("--language", type=language_arg, metavar="CODE",
                        help="the screens' language, like de (default: config, else the "
                        "environment's locale, else en)")  # fmt: skip
    parser.add_argument("--wall", type=_wall, metavar="TIME",
                        help="with --virtual-clock: the local date and time the run starts at, "
                        "like 2026-05-04T21:29 (default: now)")  # fmt: skip


def _run(args: argparse.Namespace) -> int:
    from facepacer.app.build import UsageError, build

    if args.virtual_clock and not args.headless:
        return _usage(args, "--virtual-clock needs --headless: a window cannot show jumping time")
    if getattr(args, "wall", None) is not None and not args.virtual_clock:
        return _usage(args, "--wall needs --virtual-clock: the real clock cannot be set")
    if args.script and not args.sim:
        return _usage(args, "--script needs --sim: scripted touches go through the emulated sensor")
    try:
        app, warnings = build(args)
    except (ScriptError, UsageError) as exc:
        say.error(str(exc), args.command)
        return 2
    except (RitualError, RitualNotFound) as exc:
        say.error(str(exc), args.command)
        return 1
    except DisplayError as exc:
        say.error(str(exc), args.command)
        return 1
    for warning in warnings:
        say.warning(warning, args.command)

    stopped_by = []

    def stop(signum, frame) -> None:
        """SIGTERM (systemd stopping the service) or Ctrl-C: the loop ends after the iteration
        in progress, logging the session as quit. Asked twice, it stops at once."""
        stopped_by.append(signum)
        if app.quitting:
            raise KeyboardInterrupt
        app.request_quit()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        summary = app.run()
    except ClockStalled as exc:  # a bug in a part, stopped rather than spun: one line, no trace
        say.error(str(exc), args.command)
        return 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        app.close()
    log = app.wiring.log
    if log is not None and log.store is not None and log.problem:
        # Said once, at the end: a headless run has no screen to show the notice on.
        say.warning(f"the session log did not save this run whole: {log.problem}", args.command)
    if args.json:
        print(summary.to_json())
    # Ctrl-C says 130 to the shell, as interrupted commands do; systemd's stop is a clean end.
    return 130 if signal.SIGINT in stopped_by else 0


def _wall(text: str):
    from facepacer.cli.screenshot import wall_arg

    return wall_arg(text)


def _usage(args: argparse.Namespace, message: str) -> int:
    say.error(message, args.command)
    return 2
