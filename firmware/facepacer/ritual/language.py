"""Language codes as ritual files write them and as the device asks for them.

A ritual file names languages as ``xx`` or ``xx_YY`` (``xx-YY`` is read as the same code); the
device asks with whatever its setting or the environment holds, such as ``de``, ``de-AT`` or
``de_DE.UTF-8``. Both are brought to one spelling here, so that a translation is found by the
same rule everywhere. Pure string work: whether Babel knows a code is the loader's check.
"""

from __future__ import annotations

import re
from typing import Optional

DEFAULT = "en"  # the language of a ritual file that does not say
CODE = re.compile(r"([a-z]{2})(?:[_-]([A-Z]{2}))?")
EXAMPLE = "'de' or 'de_AT'"


def written(text: str) -> Optional[str]:
    """A code as a ritual file may write it (``de``, ``de_AT``, ``de-AT``) in its one spelling
    (``de_AT``), or None when it is not written that way."""
    match = CODE.fullmatch(text)
    if match is None:
        return None
    language, territory = match.groups()
    return f"{language}_{territory}" if territory else language


def requested(text: str) -> str:
    """A language as the device or a person asks for it, in the spelling of ``written``:
    ``de-at``, ``de_AT.UTF-8`` and ``de_AT@euro`` all give ``de_AT``. Never fails; what is
    no language code at all (``C``, ``POSIX``, blank) gives text that matches no translation."""
    code = text.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    head, *rest = code.split("_")
    # A script between language and territory (sr_Latn_RS) is passed over: files name none.
    territory = next((part for part in rest if len(part) == 2 and part.isalpha()), None)
    return f"{head.lower()}_{territory.upper()}" if territory else head.lower()


def base(code: str) -> str:
    """The language of a code without its territory: ``de`` for ``de_AT``."""
    return code.split("_", 1)[0]
