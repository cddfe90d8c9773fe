"""The engine: a pure state machine that paces a ritual and runs the device's screens.

It imports no pygame, gpiozero, smbus2 or ``time``: the loop passes the time in, gestures come
from the pad, and what comes out (cues, session events, a snapshot) is plain data.
"""

from facepacer.engine.device import Device
from facepacer.engine.run import RitualRun

__all__ = ["Device", "RitualRun"]
