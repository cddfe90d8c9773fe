"""pygame imported without setuptools' ``pkg_resources``.

When setuptools is installed, pygame's ``pkgdata`` module imports ``pkg_resources`` only to
find pygame's own default font, which the device never draws with. That import costs about
10 MB of resident memory and 0.1 s of every start (``bench/bench_memory.py``,
``bench/bench_start.py``); without it ``pkgdata`` finds its files beside itself, as it does in
any install without setuptools. gpiozero 1.6 (Debian 12's) imports ``pkg_resources`` for itself,
so it is kept out only while pygame is first imported, never for the rest of the process.

pygame also greets on standard output when imported, unless ``PYGAME_HIDE_SUPPORT_PROMPT`` is
set; the device's standard output carries its JSON (``run --json``), so it is set here, where
pygame is imported first.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from types import ModuleType
from typing import Optional, Sequence

SKIPPED = "pkg_resources"


class _Refuse(importlib.abc.MetaPathFinder):
    """Makes an import of ``pkg_resources`` fail as if setuptools were not installed."""

    def find_spec(
        self,
        fullname: str,
        path: Optional[Sequence[str]],
        target: Optional[ModuleType] = None,
    ) -> Optional[importlib.machinery.ModuleSpec]:
        if fullname == SKIPPED:
            raise ModuleNotFoundError(f"{SKIPPED} is not imported with pygame", name=fullname)
        return None


def import_pygame() -> ModuleType:
    """pygame, imported the first time with ``pkg_resources`` out of reach."""
    loaded = sys.modules.get("pygame")
    if loaded is not None:
        return loaded
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    refuse = _Refuse()
    sys.meta_path.insert(0, refuse)
    try:
        import pygame
    finally:
        sys.meta_path.remove(refuse)
    return pygame
