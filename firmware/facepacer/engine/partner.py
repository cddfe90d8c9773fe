"""Partner mode: someone facing the user gives the massage, so left and right trade places.

The user's left cheek is on the partner's right, so instructions and the diagram are mirrored.
The words that trade places are data: each catalogue lists its language's words for left and
right, which the composition root reads (``i18n.side_words``) and hands in as ``SideWords``, so
a new language needs its catalogue, not an edit here, and the engine reads no file.
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, Tuple

ENGLISH = (("left", "right"),)  # the rituals' own language: the words of a device told no others
_SIDES = {"left": "right", "right": "left"}  # a step's side, as the ritual file writes it


def swap_side(side: str) -> str:
    return _SIDES.get(side, side)


class SideWords:
    """Swaps whole words for left and right, from pairs such as ("linke", "rechte"), keeping
    a word's capitals; a word that only contains one (``Rightly``, ``linkshändig``) stays."""

    def __init__(self, pairs: Iterable[Tuple[str, str]]):
        self.other: Dict[str, str] = {}
        for left, right in pairs:
            self.other[left.lower()], self.other[right.lower()] = right.lower(), left.lower()
        # The longest first, so that "linken" is not read as "linke" and a stray "n".
        words = sorted(self.other, key=len, reverse=True)
        self.pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b",
                                  re.IGNORECASE) if words else None  # fmt: skip

    def swap(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(self._swapped, text)

    def _swapped(self, match: re.Match) -> str:
        word = match.group(0)
        other = self.other[word.lower()]
        if word.isupper():
            return other.upper()
        if word[0].isupper():
            return other.capitalize()
        return other
