"""Partner mode: someone facing the user gives the massage, so left and right trade places.

The user's left cheek is on the partner's right, so instructions and the diagram are mirrored.
"""

from __future__ import annotations

import re

# The side words of every language a ritual may be written in here: English, and German with
# its adjective endings (linke Wange, rechten Seite, linker Hand...).
_WORD = re.compile(r"\b(left|right|links|rechts|(?:link|recht)(?:e|en|em|er|es))\b", re.IGNORECASE)
_SWAP = {"left": "right", "right": "left", "links": "rechts", "rechts": "links"}
_STEMS = {"link": "recht", "recht": "link"}


def swap_side(side: str) -> str:
    return _SWAP.get(side, side)


def for_partner(text: str) -> str:
    """``text`` with the words for left and right swapped (English and German), keeping their
    capitals and a German adjective's ending."""

    def swap(match: re.Match) -> str:
        word = match.group(0)
        lower = word.lower()
        if lower in _SWAP:
            other = _SWAP[lower]
        else:  # a German adjective: swap the stem, keep the ending
            stem = "link" if lower.startswith("link") else "recht"
            other = _STEMS[stem] + lower[len(stem) :]
        if word.isupper():
            return other.upper()
        if word[0].isupper():
            return other.capitalize()
        return other

    return _WORD.sub(swap, text)
