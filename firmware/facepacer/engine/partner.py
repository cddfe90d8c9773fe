"""Partner mode: someone facing the user gives the massage, so left and right trade places.

The user's left cheek is on the partner's right, so instructions and the diagram are mirrored.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\b(left|right)\b", re.IGNORECASE)
_SWAP = {"left": "right", "right": "left"}


def swap_side(side: str) -> str:
    return _SWAP.get(side, side)


def for_partner(text: str) -> str:
    """``text`` with the words left and right swapped, keeping their capitals."""

    def swap(match: re.Match) -> str:
        word = match.group(0)
        other = _SWAP[word.lower()]
        if word.isupper():
            return other.upper()
        if word[0].isupper():
            return other.capitalize()
        return other

    return _WORD.sub(swap, text)
