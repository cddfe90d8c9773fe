"""The settings written out for people: the template installed on the Pi and README's blocks of
defaults, rendered from the settings' own fields (``settings_table``), so that neither can say a
default, a range or a choice the loader does not have.

``python docs/make_settings.py`` writes both; tests fail when a committed copy differs.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import time as TimeOfDay
from typing import Any, List, Sequence, Tuple

from facepacer.config import Config
from facepacer.settings_table import Setting, limits_said, record, section_class

COLUMN = 24  # where a setting's help starts, counted from the start of the setting's name

TEMPLATE_HEAD = (
    "# facepacer settings. Every line is optional: a setting left commented out keeps the default",
    "# shown here. Check the file with `facepacer config validate` and see what is in effect, and",
    "# where each value came from, with `facepacer config show`. A bad value is reported with its",
    "# line and keeps its default: a typo never stops the device.",
)
# The sections of README's two blocks: the sensor and the buzzer are under Hardware, the rest
# (after the settings outside any section) under "Try it".
README_BLOCKS = {"sim": ("voice", "reminder", "mqtt"), "hardware": ("sensor", "buzzer")}


@dataclass(frozen=True)
class Row:
    indent: int  # 0 for a setting of its own or a section, 1 for a setting in a section
    key: str
    value: str  # as config.yaml writes it; empty after a section's name
    help: Tuple[str, ...]
    example: bool = False  # a value it may take, not its default (it has none to write)


def written(value: Any, meta: Setting) -> str:
    """A value as config.yaml writes it: ``true``, ``null``, ``"22:00"``, ``480x320``, ``{}``."""
    if meta.written is not None:
        return meta.written(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, TimeOfDay):
        return f'"{value:%H:%M}"'  # quoted: YAML 1.1 reads 22:00 unquoted as 1320
    if isinstance(value, tuple):
        return "x".join(str(v) for v in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in sorted(value.items())) + "}"
    return str(value)


def helped(meta: Setting) -> Tuple[str, ...]:
    """The help's lines, its ``{limits}`` filled in from the rule."""
    if not meta.help:
        return meta.more
    return (meta.help.replace("{limits}", limits_said(meta.rule)), *meta.more)


def setting_row(indent: int, name: str, default: Any, meta: Setting) -> Row:
    """A setting with its default; one with no default to write (null is refused) with its
    example, marked so that it is written commented out."""
    if default is None and not meta.null:
        if meta.example is None:
            raise ValueError(f"{name!r} has no default to write and no example")
        return Row(indent, name, meta.example, helped(meta), example=True)
    return Row(indent, name, written(default, meta), helped(meta))


def section_rows(name: str) -> List[Row]:
    """A section's name and its settings; a folded one (off until written) its name alone."""
    item = next(item for item in fields(Config) if item.name == name)
    meta, cls = record(item), section_class(Config, item)
    rows = [Row(0, name, "", helped(meta))]
    if meta.folded or cls is None:
        return rows
    base = cls()
    return rows + [setting_row(1, sub.name, getattr(base, sub.name), record(sub)) for sub in
                   fields(cls)]  # fmt: skip


def own_rows() -> List[Row]:
    """The settings outside any section, in the order Config declares them."""
    base = Config()
    return [
        setting_row(0, item.name, getattr(base, item.name), record(item))
        for item in fields(Config)
        if section_class(Config, item) is None
    ]


def lines(rows: Sequence[Row], commented: bool) -> List[str]:
    """Rows as YAML lines, each help at ``COLUMN``; all commented out for the template, only the
    examples for README."""
    out = []
    for row in rows:
        lead = "# " if commented or row.example else ""
        head = f"{lead}{'  ' * row.indent}{row.key}:" + (f" {row.value}" if row.value else "")
        column = max(COLUMN + (2 if commented else 0), len(head) + 2)
        if not row.help:
            out.append(head)
            continue
        out.append(f"{head:<{column}}# {row.help[0]}")
        out += [f"{'#' if commented else '':<{column}}# {more}" for more in row.help[1:]]
    return out


def template() -> str:
    """The settings file the installer writes on the Pi: every setting commented out."""
    groups = [own_rows()] + [section_rows(f.name) for f in fields(Config)
                             if section_class(Config, f) is not None]  # fmt: skip
    parts = ["\n".join(TEMPLATE_HEAD)] + ["\n".join(lines(rows, True)) for rows in groups]
    return "\n\n".join(parts) + "\n"


def readme_block(name: str) -> str:
    """README's block of defaults ``name`` (sim or hardware), as YAML to be loaded."""
    rows = own_rows() if name == "sim" else []
    for section in README_BLOCKS[name]:
        rows += section_rows(section)
    return "\n".join(lines(rows, False)) + "\n"
