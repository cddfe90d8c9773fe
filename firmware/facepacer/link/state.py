"""What the device is doing, as the MQTT link tells it: a small dict, cheap to make every tick."""

from __future__ import annotations

from typing import Any, Dict, Tuple

from facepacer.engine.device import Device
from facepacer.engine.snapshot import AWAKE, Screen
from facepacer.enums import StrEnum


class LinkState(StrEnum):
    """What the device is doing, in the words published on the state topic (and offered to
    Home Assistant as the sensor's options)."""

    IDLE = "idle"
    RITUAL = "ritual"
    PAUSED = "paused"
    FINISHED = "finished"
    ASLEEP = "asleep"
    FAULT = "fault"


STATES: Tuple[LinkState, ...] = tuple(LinkState)
KEYS = ("state", "ritual", "ritual_title", "steps", "step", "step_title", "zone")


def device_state(device: Device, now: float, *, sensor_ok: bool) -> Dict[str, Any]:
    """``state`` (one of STATES); the ritual (id, title, steps) and the step under way (its
    number from 1, title, zone), None outside a ritual."""
    screen = device.screen
    run = device.run if screen in (Screen.STEP, Screen.PAUSED, Screen.FINISH, Screen.MOOD) else None
    if not sensor_ok:
        state = LinkState.FAULT
    elif screen == Screen.STEP:
        state = LinkState.RITUAL
    elif screen == Screen.PAUSED:
        state = LinkState.PAUSED
    elif screen in (Screen.FINISH, Screen.MOOD):
        state = LinkState.FINISHED
    elif device.power(now) != AWAKE:
        state = LinkState.ASLEEP
    else:
        state = LinkState.IDLE
    info: Dict[str, Any] = dict.fromkeys(KEYS)
    info["state"] = state
    if run is not None:
        ritual = run.ritual
        info.update(ritual=ritual.id, ritual_title=ritual.title, steps=len(ritual.steps))
        if screen in (Screen.STEP, Screen.PAUSED):
            current = run.ritual.steps[run.index]
            info.update(step=run.index + 1, step_title=current.title, zone=current.zone)
    return info
