"""A small valid ritual, and helpers that edit it and collect the problems found."""

from __future__ import annotations

from typing import List, Union

import pytest

from facepacer.errors import RitualError
from facepacer.ritual import load_ritual_text

# Lines: 1 format, 2 id, 3 title, 4 summary, 5 steps, 6-11 step 1, 12-16 step 2.
VALID = """\
format: 1
id: test-ritual
title: Test Ritual
summary: A short ritual for the tests.
steps:
  - zone: jawline
    title: Jaw
    say: Glide from the chin to the ear.
    seconds: 20
    strokes: 6
    side: alternate
  - zone: cheeks
    title: Cheeks
    say: Sweep up and out.
    seconds: 10
    advance: touch
"""


def edited(old: str, new: str, text: str = VALID) -> str:
    """``text`` with ``old`` (which must occur once) replaced by ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def problems(text: Union[str, bytes], source: str = "r.yaml") -> List[str]:
    """The problems the loader reports for ``text``, which must be rejected."""
    with pytest.raises(RitualError) as caught:
        load_ritual_text(text, source)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


def only_problem(text: Union[str, bytes]) -> str:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]
