"""The physics behind the emulated MPR121: what a pad, an overlay and a finger add up to.

Each electrode is a capacitance to ground: the pad itself, a finger coupled to it through the
overlay (a parallel-plate capacitor in series with the body), and a film of water a wet finger
leaves behind until it dries. The chip charges that capacitance with a constant current for a set
time and reads the voltage reached with its 10-bit ADC, so a reading is

    ADC = 1024 * I * T / (C * VDD)

(NXP AN3889, capacitance sensing). A larger capacitance reads lower: a finger pulls the reading
down by ``reading * dC / (C + dC)``. With the power-on charge (16 uA for 0.5 us) a 40 pF copper
pad reads about 62 counts and a finger through 3 mm of acrylic moves it by under 2; charged so
that it reads about 720 (what auto-configuration aims at), the same finger moves it by about 20.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Optional

EPSILON_0 = 8.854e-12  # F/m
FINGER_AREA = 1.5e-4  # m^2: a fingertip pressed flat on the pad, about 12 x 12 mm
BODY_PF = 100.0  # the body's capacitance to ground, in series with the finger's coupling
SKIN_MM = 0.1  # a bare pad still has dry skin and lacquer between copper and finger
PIN_PF = 0.1  # an electrode pin with nothing on it (an open wire)
VDD = 3.3


@dataclass(frozen=True)
class Overlay:
    """What lies between the pad and the finger."""

    name: str
    thickness_mm: float = 0.0
    permittivity: float = 1.0

    def describe(self) -> str:
        if self.thickness_mm == 0:
            return self.name
        return f"{self.name} {self.thickness_mm:g} mm"


def acrylic(mm: float) -> Overlay:
    return Overlay("acrylic", mm, 2.7)


def glass(mm: float) -> Overlay:
    return Overlay("glass", mm, 6.0)


@dataclass(frozen=True)
class Electrode:
    """One electrode's world: ``pad_pf`` of copper and wire, behind ``overlay``; ``noise`` is
    the peak of the reading's jitter in counts after the chip's filters; ``wet_pf`` is the water
    a finger leaves on release and ``dries_after`` how long it stays; ``shorted`` ties the
    electrode to ground, ``open`` cuts its wire."""

    pad_pf: float = 20.0
    overlay: Overlay = acrylic(2.0)
    noise: int = 1
    wet_pf: float = 0.0
    dries_after: float = 0.0
    shorted: bool = False
    open: bool = False

    def finger_pf(self) -> float:
        """The capacitance a finger adds through the overlay (series with the body)."""
        skin = SKIN_MM * 1e-3 / 3.0  # dry skin: about 0.1 mm at a permittivity of 3
        gap = skin + self.overlay.thickness_mm * 1e-3 / self.overlay.permittivity
        coupling = EPSILON_0 * FINGER_AREA / gap * 1e12
        return coupling * BODY_PF / (coupling + BODY_PF)

    def capacitance(self, finger_pf: float) -> float:
        """pF to ground with ``finger_pf`` of finger (and water) on it; inf when shorted."""
        if self.shorted:
            return math.inf
        if self.open:
            return PIN_PF
        return self.pad_pf + finger_pf


def reading(*, current_ua: int, time_us: float, capacitance_pf: float, vdd: float = VDD) -> float:
    """The ADC reading, before clamping to 10 bits, for a charge of ``current_ua`` for
    ``time_us`` into ``capacitance_pf``."""
    if current_ua <= 0 or time_us <= 0 or math.isinf(capacitance_pf):
        return 0.0
    return 1024.0 * current_ua * time_us / (capacitance_pf * vdd)


# -- scenarios ------------------------------------------------------------------------------------


def behind(overlay: Overlay, pad_pf: float = 40.0) -> Electrode:
    """A copper pad of ``pad_pf`` behind ``overlay`` (``behind(acrylic(3))``)."""
    return Electrode(pad_pf=pad_pf, overlay=overlay)


def wet_finger(electrode: Electrode, *, dries_after: float = 20.0) -> Electrode:
    """A wet or oily finger: it leaves a film that adds about half its own capacitance after it
    lifts, until the film dries ``dries_after`` seconds later."""
    return replace(electrode, wet_pf=0.5 * electrode.finger_pf(), dries_after=dries_after)


def unplugged(electrode: Optional[Electrode] = None) -> Electrode:
    """The pad's wire came off: only the pin is left."""
    return replace(electrode or Electrode(), open=True)


def shorted(electrode: Optional[Electrode] = None) -> Electrode:
    """The pad touches ground (a screw, the frame): no charge builds up."""
    return replace(electrode or Electrode(), shorted=True)
