"""Each screen lays itself out as regions from a snapshot (see ``facepacer.ui.frame``)."""

from __future__ import annotations

from typing import Callable, Dict, List

from facepacer.engine.snapshot import Snapshot
from facepacer.ui.frame import Ctx, Region
from facepacer.ui.screens.after import finish, mood
from facepacer.ui.screens.calibrate import calibrate
from facepacer.ui.screens.history import history
from facepacer.ui.screens.menus import blank, home, idle, picker
from facepacer.ui.screens.ritual import paused, step

LAYOUTS: Dict[str, Callable[[Snapshot, Ctx], List[Region]]] = {
    "home": home,
    "picker": picker,
    "step": step,
    "paused": paused,
    "finish": finish,
    "mood": mood,
    "history": history,
    "calibrate": calibrate,
}

__all__ = ["LAYOUTS", "blank", "idle"]
