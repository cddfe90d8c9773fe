"""Words the engine hands out untranslated (ARCHITECTURE §12): an English message, marked for the
catalogue where it is written, with the values that fill its placeholders.

The view says it in the language in use and the terminal in English, so the engine needs no
language of its own. ``N_`` and ``Nn_`` mark a message as ``pybabel extract`` looks for them
(``babel.cfg`` names ``Nn_``'s two forms) and build it, translating nothing.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from typing import Any, Protocol, Tuple


class Words(Protocol):
    """A language's catalogue, as ``i18n.current()`` or gettext's own classes are."""

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, count: int) -> str: ...


@dataclass(frozen=True)
class Message:
    text: str  # the English source, which is the catalogue's key
    values: Tuple[Tuple[str, Any], ...] = ()  # placeholder -> value, a value may be a Message
    plural: str = ""  # a counted phrase's other form, chosen by ``count``
    count: int = 0

    def said(self, words: Words) -> str:
        """The message in the language of ``words``, with a message among its values too."""
        if not self.text:
            return ""  # gettext would give the catalogue's header for ""
        if self.plural:
            text = words.ngettext(self.text, self.plural, self.count)
        else:
            text = words.gettext(self.text)
        filled = {k: v.said(words) if isinstance(v, Message) else v for k, v in self.values}
        return text.format(**filled)

    def __str__(self) -> str:
        """In English: for the terminal and the journal, which stay English."""
        return self.said(gettext.NullTranslations())


NOTHING = Message("")


def N_(text: str, **values: Any) -> Message:
    """``text`` marked for the catalogue, with its placeholders' values."""
    return Message(text, tuple(values.items()))


def Nn_(singular: str, plural: str, count: int, **values: Any) -> Message:
    """A counted phrase marked for the catalogue: the form for ``count`` is chosen when said."""
    return Message(singular, tuple(values.items()), plural, count)
