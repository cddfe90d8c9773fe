"""``facepacer screenshot``: one screen as a PNG, drawn headless by the device's own view.

Either a sample of a screen (``--screen``), or the moment ``--at`` seconds into a ritual
(``--ritual``), computed by the engine on a virtual clock. The wall clock is fixed (``--wall``) so
the same command always makes the same picture.
"""

from __future__ import annotations

import argparse
import math
import os
from datetime import datetime
from pathlib import Path
from typing import Tuple

from facepacer import i18n
from facepacer.cli import say
from facepacer.config import window_size
from facepacer.errors import RitualError, RitualNotFound
from facepacer.ui.samples import SCREENS
from facepacer.ui.theme import THEMES

DEFAULT_WALL = "2026-05-04T07:30"


class PastTheEnd(ValueError):
    """``--at`` names a moment after the ritual has ended."""


def size_arg(text: str) -> Tuple[int, int]:
    """``480x320`` as (480, 320), by the window size rule (config.py)."""
    try:
        return window_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def wall_arg(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--wall must be a date and time like {DEFAULT_WALL}"
        ) from None


def language_arg(text: str) -> str:
    """A language the device speaks (``de``) or a locale of one (``de_AT``), for ``--language``."""
    try:
        return i18n.checked(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from None


def seconds_arg(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--at must be a number of seconds, not {text!r}"
        ) from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"--at must be a finite number of seconds, not {text}")
    if value < 0:
        raise argparse.ArgumentTypeError(f"--at must be 0 or more seconds, not {text}")
    return value


def png_arg(text: str) -> Path:
    """The output file; pygame picks the format by the name's ending, so it must be ``.png``."""
    path = Path(text)
    if path.suffix.lower() != ".png":
        raise argparse.ArgumentTypeError(
            f"--out must end in .png (the picture is a PNG), not {text!r}"
        )  # fmt: skip
    return path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "screenshot",
        help="draw one screen to a PNG file, headless",
        description=(
            "Draw one screen of the device into a PNG, with no window: a sample of a screen "
            "(--screen), or the screen at a moment of a ritual (--ritual with --at)."
        ),
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--screen", choices=SCREENS, help="a sample of this screen (default: home)")
    what.add_argument("--ritual", metavar="ID|PATH", help="a ritual's id, or a ritual file")
    parser.add_argument(
        "--at",
        type=seconds_arg,
        metavar="SECONDS",
        help="seconds into the ritual, pauses none (with --ritual; default 0)",
    )
    parser.add_argument(
        "--size",
        type=size_arg,
        default=(480, 320),
        metavar="WxH",
        help="screen size in pixels (default 480x320)",
    )
    parser.add_argument(
        "--out", type=png_arg, required=True, metavar="FILE.png", help="the PNG to write"
    )
    parser.add_argument("--theme", choices=tuple(THEMES), default="calm")
    parser.add_argument("--language", type=language_arg, default="en", metavar="CODE",
                        help="the screen's language, like de (default en)")  # fmt: skip
    parser.add_argument(
        "--partner",
        action="store_true",
        help="partner mode: left and right as seen by someone facing the user",
    )
    parser.add_argument(
        "--wall",
        type=wall_arg,
        default=wall_arg(DEFAULT_WALL),
        metavar="TIME",
        help=f"the wall clock shown (default {DEFAULT_WALL})",
    )
    parser.set_defaults(func=run, screenshot_parser=parser)


def run(args: argparse.Namespace) -> int:
    if args.at is not None and args.ritual is None:
        args.screenshot_parser.error("--at goes with --ritual: the moment of which ritual?")
    i18n.use(i18n.choose(args.language))
    try:
        snapshot = _snapshot(args)
    except PastTheEnd as exc:
        args.screenshot_parser.error(str(exc))
    except (RitualError, RitualNotFound, ValueError) as exc:
        say.error(str(exc), "screenshot")
        return 1
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from facepacer.ui.view import View

    surface = pygame.Surface(args.size)
    view = View(surface, args.theme)
    view.render(snapshot, args.wall)
    out = args.out
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(surface, str(out))
    except (OSError, pygame.error) as exc:
        say.error(f"cannot write {out}: {exc}", "screenshot")
        return 1
    for text in dict.fromkeys(view.clipped):
        say.warning(f"text clipped to fit: {text!r}", "screenshot")
    return 0


def _snapshot(args: argparse.Namespace):
    from facepacer.ui.samples import sample, sample_stats

    if args.ritual is None:
        return sample(args.screen or "home", partner=args.partner)
    from facepacer.engine.simulate import snapshot_at
    from facepacer.ritual import Library

    ritual = Library.load().resolve(args.ritual).in_language(i18n.current().code)
    if args.at is not None and args.at > ritual.total_seconds:
        raise PastTheEnd(
            f"--at {args.at:g} is past the end of {ritual.id}, which lasts "
            f"{ritual.total_seconds:g} s: give 0 to {ritual.total_seconds:g}"
        )
    return snapshot_at(
        ritual, args.at or 0.0, partner=args.partner, stats=sample_stats(args.wall.date())
    )
