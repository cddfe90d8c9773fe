"""What the device is doing, as the MQTT link tells it: a small dict, cheap to make every tick."""

from __future__ import annotations

from typing import Any, Dict

from facepacer.engine.device import Device
from facepacer.engine.snapshot import AWAKE, Screen

STATES = ("idle", "ritual", "paused", "finished", "asleep", "fault")
KEYS = ("state", "ritual", "ritual_title", "steps", "step", "step_title", "zone")


def device_state(device: Device, now: float, *, sensor_ok: bool) -> Dict[str, Any]:
    """``state`` (one of STATES); the ritual (id, title, steps) and the step under way (its
    number from 1, title, zone), None outside a ritual."""
    screen = device.screen
    run = device.run if screen in (Screen.STEP, Screen.PAUSED, Screen.FINISH, Screen.MOOD) else None
    if not sensor_ok:
        state = "fault"
    elif screen == Screen.STEP:
        state = "ritual"
    elif screen == Screen.PAUSED:
        state = "paused"
    elif screen in (Screen.FINISH, Screen.MOOD):
        state = "finished"
    elif device.power(now) != AWAKE:
        state = "asleep"
    else:
        state = "idle"
    info: Dict[str, Any] = dict.fromkeys(KEYS)
    info["state"] = state
    if run is not None:
        ritual = run.ritual
        info.update(ritual=ritual.id, ritual_title=ritual.title, steps=len(ritual.steps))
        if screen in (Screen.STEP, Screen.PAUSED):
            current = run.ritual.steps[run.index]
            info.update(step=run.index + 1, step_title=current.title, zone=current.zone)
    return info
