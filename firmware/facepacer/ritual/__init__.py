"""Rituals: the format-1 files (ARCHITECTURE §3), read strictly, and the library of those on hand.

``load_ritual(path)`` gives a frozen ``Ritual`` or raises ``RitualError`` listing every problem as
``FILE:LINE:COL: message``; ``Library.load()`` gathers the shipped and the user's rituals,
skipping broken files with a warning. ``Ritual.in_language(code)`` gives the same ritual in the
words of one of its translations.
"""

from facepacer.errors import RitualError, RitualNotFound
from facepacer.ritual.library import SHIPPED_ORDER, Library, user_rituals_dir
from facepacer.ritual.loader import load_ritual, load_ritual_text
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
