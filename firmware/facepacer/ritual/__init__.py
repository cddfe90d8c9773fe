"""Rituals: the format-1 files (ARCHITECTURE §3), read strictly, and the library of those on hand.

``load_ritual(path)`` gives a frozen ``Ritual`` or raises ``RitualError`` listing every problem as
``FILE:LINE:COL: message``; ``Library.load()`` gathers the shipped and the user's rituals,
skipping broken files with a warning. ``Ritual.in_language(code)`` gives the same ritual in the
words of one of its translations.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from facepacer.errors import RitualError, RitualNotFound
from facepacer.ritual.model import (
    ADVANCES,
    FORMAT,
    SIDES,
    ZONES,
    Ritual,
    RitualText,
    Step,
    StepText,
)

if TYPE_CHECKING:
    from facepacer.ritual.library import SHIPPED_ORDER, Library, user_rituals_dir
    from facepacer.ritual.loader import load_ritual, load_ritual_text

# The reader and the library load PyYAML: they are imported when first asked for, so that the
# engine, which needs only the model, imports no YAML (ARCHITECTURE §1).
_LAZY = {
    "SHIPPED_ORDER": "library",
    "Library": "library",
    "user_rituals_dir": "library",
    "load_ritual": "loader",
    "load_ritual_text": "loader",
}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f"facepacer.ritual.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ADVANCES",
    "FORMAT",
    "SHIPPED_ORDER",
    "SIDES",
    "ZONES",
    "Library",
    "Ritual",
    "RitualError",
    "RitualNotFound",
    "RitualText",
    "Step",
    "StepText",
    "load_ritual",
    "load_ritual_text",
    "user_rituals_dir",
]
