"""The link's commands carried out on the device: the one place their words meet the engine.

The engine knows no command words (ARCHITECTURE §1: it imports nothing from ``link``); it offers
a request for each thing that may be asked of it from outside, and this maps the link's
``CommandName`` onto them.
"""

from __future__ import annotations

from typing import Callable, Dict

from facepacer.app.wiring import LinkCommand
from facepacer.engine.device import Answer, Device
from facepacer.link.commands import CommandName


def carry_out(device: Device, command: LinkCommand, now: float) -> Answer:
    """What ``command`` issued on ``device`` at ``now``, and why it was refused, if it was."""
    if command.name == CommandName.START:
        return device.request_start(now, command.ritual)
    requests: Dict[CommandName, Callable[[float], Answer]] = {
        CommandName.PAUSE: device.request_pause,
        CommandName.RESUME: device.request_resume,
        CommandName.STOP: device.request_stop,
    }
    return requests[command.name](now)
