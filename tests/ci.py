"""Whether the tests run in CI: there nothing may be skipped for luck or for the machine."""

from __future__ import annotations

import os
from typing import Mapping, Optional


def in_ci(environ: Optional[Mapping[str, str]] = None) -> bool:
    """True when ``CI`` is set to anything but empty, 0, false or no (CI services set it)."""
    value = (os.environ if environ is None else environ).get("CI", "")
    return value.strip().lower() not in ("", "0", "false", "no")
