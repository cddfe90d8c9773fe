"""Is the process that wrote a running session still alive?

A session row says 'running' from its start to its end. If the device loses power or the process is
killed, nothing writes the end, so a reader must decide from the row alone. The row keeps the
writer's pid, the kernel's boot id and the process start time; the writer is alive when the system
has not rebooted since and the same process (same pid, same start time) still runs. The start time
catches a pid reused by an unrelated process after the writer died.

Where /proc is missing (not Linux), only the pid is checked.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Optional, Tuple

PROC = Path("/proc")


@functools.lru_cache(maxsize=1)
def boot_id() -> Optional[str]:
    """The kernel's random id of this boot, or None where the system has none."""
    try:
        return (PROC / "sys/kernel/random/boot_id").read_text().strip() or None
    except OSError:
        return None


def _stat(pid: int) -> Optional[Tuple[str, int]]:
    """(state letter, start time in clock ticks since boot) of a process, None if it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except (OSError, ValueError):
        return None
    # The command name (field 2) is in parentheses and may itself hold spaces or parentheses: the
    # fields after the last ')' start at field 3 (state); the start time is field 22.
    fields = text[text.rfind(")") + 2 :].split()
    try:
        return fields[0], int(fields[19])
    except (IndexError, ValueError):
        return None


def process_start(pid: int) -> Optional[int]:
    """The start time of a live process, to store beside its pid; None if unknown."""
    stat = _stat(pid)
    return stat[1] if stat else None


def writer_alive(pid: Optional[int], boot: Optional[str], start: Optional[int]) -> bool:
    """True when the process recorded as (pid, boot, start) is still running on this boot."""
    if pid is None or pid <= 0:
        return False
    now_boot = boot_id()
    if boot and now_boot and boot != now_boot:
        return False
    if PROC.joinpath("self").exists():
        stat = _stat(pid)
        if stat is None:
            return False
        state, started = stat
        # Z: a zombie, dead but not yet reaped by its parent; X: dead.
        if state in ("Z", "X"):
            return False
        return start is None or started == start
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by another user
    return True
