"""The languages the tests run over: every one the repository holds a catalogue for, besides the
English of the source. A new language is a catalogue, the shipped rituals' translations and its
golden images; the tests that hold each language to the screens, the rituals and the catalogue
pick it up from here.

The list is read from the ``.po`` files, the translators' side; ``i18n.available`` reads the
compiled ``.mo`` the device ships, and ``tests/test_catalogue.py`` holds the two together.
"""

from __future__ import annotations

from pathlib import Path
from typing import Tuple

from facepacer import i18n


def po(code: str) -> Path:
    """Where a language's catalogue is written."""
    return i18n.LOCALE_DIR / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


TRANSLATED: Tuple[str, ...] = tuple(
    sorted(path.parents[1].name for path in i18n.LOCALE_DIR.glob(f"*/LC_MESSAGES/{i18n.DOMAIN}.po"))
)
EVERY: Tuple[str, ...] = (i18n.SOURCE, *TRANSLATED)
