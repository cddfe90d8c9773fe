"""Device settings: defaults here, overridden by ``config.yaml`` in the config directory.

Every field has a working default, so the device runs with no config file at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple


@dataclass(frozen=True)
class SensorConfig:
    bus: int = 1  # /dev/i2c-1
    address: int = 0x5A
    irq_pin: Optional[int] = 4  # BCM; None polls only
    poll_interval: float = 0.02  # seconds between reads when the IRQ line is not used
    pad: int = 0  # the electrode that taps and holds
    roles: Dict[int, str] = field(default_factory=dict)  # electrode -> back | pause | next
    # Touch and release thresholds (counts of filtered-vs-baseline difference). Higher touch
    # values need a firmer touch: raise them for a wet or oily pad, lower them behind acrylic.
    touch_threshold: int = 12
    release_threshold: int = 6
    tap_max: float = 0.6  # seconds: a shorter press is a tap
    hold_after: float = 1.0  # seconds pressed before a hold fires


@dataclass(frozen=True)
class BuzzerConfig:
    pin: int = 18  # BCM, hardware PWM capable
    active: bool = False  # True for an active buzzer (fixed pitch): patterns become on/off rhythms
    volume: float = 1.0  # 0..1, duty cycle scale for a passive piezo
    mute: bool = False
    night_start: Optional[str] = "22:00"  # HH:MM; quieter and no stroke ticks between these times
    night_end: Optional[str] = "07:00"
    night_volume: float = 0.3


@dataclass(frozen=True)
class Config:
    sensor: SensorConfig = field(default_factory=SensorConfig)
    buzzer: BuzzerConfig = field(default_factory=BuzzerConfig)
    partner: bool = False  # swap left and right for someone giving the massage face to face
    mood: bool = True  # ask for a mood check-in after a ritual
    weekly_goal: int = 5  # days in 7
    theme: str = "calm"  # calm | contrast
    size: Tuple[int, int] = (480, 320)
    db: Optional[str] = None  # session log path; default in the data directory
