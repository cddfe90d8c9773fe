"""String enums: named states and kinds that are, in every way that shows, their plain strings.

A member equals and hashes as its value, so code and tests comparing with ``"tap"`` keep working
and dicts keyed by either find both; it prints, formats, quotes (``repr``, as messages quote a
value) and is written to JSON, CSV and SQLite as its value, so the session log, the ``--json``
summary, scripts and every message carry exactly the words they always did. What it adds: a
misspelt member (``Screen.HOEM``) fails where it is used, instead of comparing unequal for ever.
(``enum.StrEnum`` is the same idea from Python 3.11 on, but the device supports 3.9.)
"""

from __future__ import annotations

from enum import Enum


class StrEnum(str, Enum):
    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    def __repr__(self) -> str:
        return repr(str(self.value))
