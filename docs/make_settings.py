"""Writes the settings template (deploy/config.yaml) and README's two blocks of defaults from the
settings' fields in facepacer's config, through ``facepacer.settings_written``.

Run it after adding a setting or changing a default, a limit or a help line:
``python docs/make_settings.py``. Tests fail while either file differs from what this writes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from facepacer.settings_written import README_BLOCKS, readme_block, template

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "config.yaml"
README = ROOT / "README.md"


def block_span(text: str, section: str) -> tuple[int, int]:
    """Where the first ```yaml block after ``<!-- section: NAME -->`` holds its lines."""
    start = text.index(f"<!-- section: {section} -->")
    match = re.compile(r"^```yaml\n(.*?)^```", re.M | re.S).search(text, start)
    if match is None:
        raise ValueError(f"README has no yaml block in section {section!r}")
    return match.start(1), match.end(1)


def with_blocks(text: str) -> str:
    """README's text with each block of defaults rendered anew."""
    for section in README_BLOCKS:
        start, end = block_span(text, section)
        text = text[:start] + readme_block(section) + text[end:]
    return text


def main() -> int:
    TEMPLATE.write_text(template(), encoding="utf-8")
    README.write_text(with_blocks(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {TEMPLATE} and the settings blocks of {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
