"""Run the engine alone on a virtual clock: the picture of a ritual at any moment, for screenshots
and documentation, with no hardware and no window."""

from __future__ import annotations

from typing import Optional

from facepacer.engine.device import Device
from facepacer.engine.snapshot import Snapshot, Stats
from facepacer.ritual.model import Ritual


def snapshot_at(
    ritual: Ritual, seconds: float, *, partner: bool = False, stats: Optional[Stats] = None
) -> Snapshot:
    """The snapshot ``seconds`` after ``ritual`` starts, with no input (touch steps wait)."""
    if seconds < 0:
        raise ValueError(f"--at must be 0 or more seconds, not {seconds}")
    device = Device([ritual], 0.0, partner=partner, stats=stats)
    device.start(ritual, 0.0)
    device.advance(seconds)
    return device.snapshot(seconds)
