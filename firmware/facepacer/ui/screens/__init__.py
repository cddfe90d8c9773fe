"""Each screen lays itself out as regions from a snapshot (see ``facepacer.ui.frame``)."""

from __future__ import annotations

from typing import Callable, Dict, List

from facepacer.engine.snapshot import Screen, Snapshot
from facepacer.ui.frame import Ctx, Region
from facepacer.ui.screens.after import finish, mood
from facepacer.ui.screens.calibrate import calibrate
from facepacer.ui.screens.history import history
from facepacer.ui.screens.menus import blank, home, idle, picker
from facepacer.ui.screens.reminder import reminder
from facepacer.ui.screens.ritual import paused, step

# A screen's layout: the regions it draws a snapshot in.
Layout = Callable[[Snapshot, Ctx], List[Region]]

LAYOUTS: Dict[Screen, Layout] = {
    Screen.HOME: home,
    Screen.PICKER: picker,
    Screen.STEP: step,
    Screen.PAUSED: paused,
    Screen.FINISH: finish,
    Screen.MOOD: mood,
    Screen.HISTORY: history,
    Screen.REMINDER: reminder,
    Screen.CALIBRATE: calibrate,
}

__all__ = ["LAYOUTS", "Layout", "blank", "idle"]
