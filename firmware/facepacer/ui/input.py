"""What the window hands the loop: the input it read, as values the loop can type against.

Kept apart from ``window.py``, which imports pygame when loaded, so the loop and its tests can
name the kinds of input without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from facepacer.enums import StrEnum


class InputKind(StrEnum):
    ELECTRODE = "electrode"  # a key or click touching an electrode of the emulated chip
    QUIT = "quit"
    MUTE = "mute"
    FULLSCREEN = "fullscreen"


@dataclass(frozen=True)
class InputEvent:
    kind: InputKind
    electrode: Optional[int] = None
    pressed: Optional[bool] = None  # for electrode: True on touch, False on release
