"""The record each setting carries: how it is checked, what it is for, how it is written.

A setting is declared once, as a field of a settings dataclass in ``config.py`` whose metadata is
one ``Setting``: the field gives its name, type and default, the record its check (a reader's
name and its limits or choices) and its help. The loader's checks, ``config show``, the settings
template on the Pi and README's blocks of defaults are all read from these fields, so a setting
added, renamed or given another default or limit changes in one place. Imports nothing of the
package.
"""

from __future__ import annotations

from dataclasses import MISSING, Field, dataclass, field, fields, is_dataclass
from typing import Any, Callable, Dict, Iterator, Optional, Tuple, get_args, get_type_hints


@dataclass(frozen=True)
class Setting:
    # One line of help, in the template and README's blocks; ``{limits}`` in it stands for the
    # rule's range (80-450) or choices (off, title or both), so those are written only in ``rule``.
    help: str = ""
    # The reader that checks a written value and its arguments: ("integer", 80, 450) is
    # ``Checker.integer(node, name, where, 80, 450)``. Empty: its section's own code reads it
    # (a value checked against another, such as the roles against the pad).
    rule: Tuple[Any, ...] = ()
    more: Tuple[str, ...] = ()  # further lines of help, after the first
    null: bool = False  # null may be written and means None (no IRQ wire, no quiet hours...)
    said: Optional[str] = None  # the default as a warning says it, when not by its value
    unset: Optional[str] = None  # what no value means, said when a value for it is refused
    written: Optional[Callable[[Any], str]] = None  # its value as config.yaml writes it
    example: Optional[str] = None  # for a setting without a default to write: a value it takes
    folded: bool = False  # a section that is off until written: the template names it only


def setting(default: Any = MISSING, *, factory: Any = MISSING, **record: Any) -> Any:
    """A dataclass field with its default (or ``factory``) and its ``Setting`` record."""
    meta = {"setting": Setting(**record)}
    if factory is not MISSING:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


def record(item: Field) -> Setting:
    """The ``Setting`` of a dataclass field; an empty one for a field declared without it."""
    return item.metadata.get("setting", Setting())


def section_class(cls: type, item: Field) -> Optional[type]:
    """The dataclass a field of ``cls`` holds (itself, or inside Optional), if it is a section."""
    hint = get_type_hints(cls)[item.name]
    kinds = (hint, *get_args(hint))
    return next((kind for kind in kinds if isinstance(kind, type) and is_dataclass(kind)), None)


def walk(cls: type) -> Iterator[Tuple[str, Field, Optional[type]]]:
    """``(dotted name, field, section class or None)`` for every field of ``cls`` and of its
    sections, in the order they are declared: a section comes before its own fields."""
    for item in fields(cls):
        inner = section_class(cls, item)
        yield item.name, item, inner
        if inner is not None:
            yield from ((f"{item.name}.{sub.name}", sub, None) for sub in fields(inner))


def records(cls: type) -> Dict[str, Setting]:
    """Dotted name -> ``Setting``, for every field of ``cls`` and its sections."""
    return {name: record(item) for name, item, _ in walk(cls)}


def limits_said(rule: Tuple[Any, ...]) -> str:
    """A rule's range or choices, as help says them: ``80-450``, ``calm or contrast``."""
    if not rule:
        return ""
    read, *args = rule
    if read in ("integer", "number"):
        unit = args[2] if len(args) > 2 else ""
        return f"{args[0]:g}-{args[1]:g}{unit}"
    if read == "choice":
        choices = list(args[0])
        return ", ".join(choices[:-1]) + f" or {choices[-1]}" if len(choices) > 1 else choices[0]
    return ""
