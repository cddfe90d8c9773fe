"""The settings in effect, each with where it came from: the default, or the file and line.

For ``facepacer config show``. The config loader keeps no positions of its own, so the file is
read again here into located nodes; a setting written in the file but refused (its warning names
a line inside that setting) is shown as the default it fell back to.
"""

from __future__ import annotations

import os
import re
from dataclasses import fields, is_dataclass
from datetime import time as TimeOfDay
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

from facepacer.config import Config
from facepacer.paths import default_db
from facepacer.ritual.yamlread import Node, read_file
from facepacer.settings_table import records, section_class

_WARNING_LINE = re.compile(r":(\d+):\d+: ")
_RECORDS = records(Config)  # dotted name -> its Setting


def sections() -> Tuple[str, ...]:
    """The settings that are a mapping of their own (sensor, voice, mqtt...): the fields of
    ``Config`` whose type is a dataclass, or None or one (as mqtt is). Read from the dataclass, so
    a section added to ``Config`` is shown with its source without being listed here too."""
    return tuple(item.name for item in fields(Config) if section_class(Config, item) is not None)


def flattened(config: Config) -> List[Tuple[str, Any]]:
    """``(dotted name, value)`` of every setting, in the order the dataclasses declare them."""
    rows: List[Tuple[str, Any]] = []
    for item in fields(config):
        value = getattr(config, item.name)
        if is_dataclass(value):
            rows += [(f"{item.name}.{sub.name}", getattr(value, sub.name)) for sub in fields(value)]
        else:
            rows.append((item.name, value))
    return rows


def _spans(mapping: Node, prefix: str, end: int) -> Dict[str, Tuple[int, int]]:
    """Each key of ``mapping`` -> (its line, the last line before the next key)."""
    keys = sorted(mapping.value.items(), key=lambda item: item[1][0].line)
    spans, nested = {}, sections() if not prefix else ()
    for index, (text, (key, value)) in enumerate(keys):
        last = keys[index + 1][1][0].line - 1 if index + 1 < len(keys) else end
        spans[prefix + text] = (key.line, last)
        if text in nested and value.kind == "mapping":
            spans.update(_spans(value, f"{text}.", last))
        elif not prefix and text == "reminder" and value.kind == "scalar":
            spans["reminder.time"] = (key.line, last)  # reminder: "21:30" is the time alone
    return spans


def written(path: Union[str, os.PathLike]) -> Dict[str, Tuple[int, int]]:
    """Dotted setting name -> the lines it spans in the file; empty for a missing or bad file."""
    root, _ = read_file(path)
    if root is None or root.kind != "mapping":
        return {}
    return _spans(root, "", 10**9)


def sources(config: Config, path: Path, warnings: List[str]) -> Dict[str, str]:
    """Dotted setting name -> ``default`` or ``FILE:LINE``, for every setting in ``config``."""
    spans = written(path) if path.is_file() else {}
    warned = [int(m.group(1)) for m in map(_WARNING_LINE.search, warnings) if m]
    defaults = dict(flattened(Config()))
    out = {}
    for name, value in flattened(config):
        span = spans.get(name)
        if span is None:
            out[name] = "default"
        elif value == defaults.get(name) and any(span[0] <= line <= span[1] for line in warned):
            out[name] = f"default ({path}:{span[0]} was refused: see the warning)"
        else:
            out[name] = f"{path}:{span[0]}"
    return out


def spelled(name: str, value: Any, *, env: Optional[Dict[str, str]] = None) -> str:
    """A setting's value as it would be written in config.yaml."""
    if name == "db" and value is None:
        return f"null (the data directory: {default_db(env)})"
    if value is None:
        return "null"
    if name == "mqtt.password":
        return "(set, not shown)"
    meta = _RECORDS.get(name)
    if meta is not None and meta.written is not None:
        return meta.written(value)  # 0x5A, [mon, tue]: as the setting itself writes it
    if isinstance(value, TimeOfDay):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "x".join(str(v) for v in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
