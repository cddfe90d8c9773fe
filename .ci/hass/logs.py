"""Home Assistant's log read as entries (a header line and its traceback), and which of its
warnings and errors are about the device: those naming it, its entities or its topics, and
those of the loggers that only the device's MQTT entities reach here (the MQTT integration,
the platforms of its entities, templates)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, List, NamedTuple

HEADER = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ (?P<level>[A-Z]+) \((?P<thread>[^)]*)\) "
    r"\[(?P<logger>[^\]]+)\] "
)
LOUD = ("WARNING", "ERROR", "CRITICAL")
DEVICE_LOGGERS = (
    "homeassistant.components.mqtt",
    "homeassistant.components.sensor",
    "homeassistant.components.binary_sensor",
    "homeassistant.components.button",
    "homeassistant.components.select",
    "homeassistant.components.event",
    "homeassistant.helpers.template",
    "homeassistant.helpers.entity",
)


class Entry(NamedTuple):
    file: str
    line: int
    level: str
    logger: str
    text: str  # the header line and what follows it, up to the next header

    def first_line(self) -> str:
        return self.text.splitlines()[0]


def entries(path: Path) -> List[Entry]:
    found: List[Entry] = []
    if not path.exists():
        return found
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, line in enumerate(lines, 1):
        header = HEADER.match(line)
        if header:
            found.append(Entry(path.name, number, header["level"], header["logger"], line))
        elif found:
            last = found[-1]
            found[-1] = last._replace(text=last.text + "\n" + line)
    return found


def about_device(found: Iterable[Entry], words: Iterable[str]) -> List[Entry]:
    """The WARNING and ERROR entries about the device (``words``: its names and topics)."""
    words = [w.lower() for w in words]
    out = []
    for entry in found:
        if entry.level not in LOUD:
            continue
        text = entry.text.lower()
        if entry.logger.startswith(DEVICE_LOGGERS) or any(w in text for w in words):
            out.append(entry)
    return out
