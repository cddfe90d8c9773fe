"""Writes ``firmware/facepacer/locale/dates.json``: how each locale of the languages the device
speaks writes the time of day and names the weekdays, taken from Babel's CLDR data.

The device writes its clock and weekday from this table, so that it never loads Babel's whole
CLDR data for a locale (some 5 MB of memory) to write a time. Run it after adding a catalogue or
upgrading Babel: ``python docs/make_dates.py``. A test fails while the file differs from what
this writes with the Babel the table names.
"""

from __future__ import annotations

import json
import sys

from facepacer.i18n import DATES_FILE, dates_table


def written(table: dict) -> str:
    """The table as the file holds it: one line for each locale, so a change reads as a diff."""
    rows = [f"{json.dumps(name)}: {json.dumps(entry, ensure_ascii=False)}"
            for name, entry in table["locales"].items()]  # fmt: skip
    return (f'{{"babel": {json.dumps(table["babel"])}, "locales": {{\n'
            + ",\n".join(rows) + "\n}}\n")  # fmt: skip


def main() -> int:
    DATES_FILE.write_text(written(dates_table()), encoding="utf-8")
    print(f"wrote {DATES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
