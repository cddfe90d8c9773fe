"""Press and release edges of one electrode turned into gestures (ARCHITECTURE §4); pure, no I/O.

Timing contract, all times on the caller's clock:
- a press that lasts ``min_press`` is real: a ``press`` gesture fires at press + ``min_press``
  (activity: wakes the screen); a shorter one is a glitch and gives nothing at all;
- released before ``tap_max``: a tap, at the release time exactly;
- still pressed at ``hold_after``: a hold, at press + ``hold_after`` exactly, whenever the caller
  gets round to polling; the release that follows gives nothing;
- released from ``tap_max`` up to ``hold_after``: nothing (an undecided press).
Boundaries compare with a 1 ns tolerance, so a press of exactly 0.6 s (as floats make it) is not
a tap, and a hold fires at exactly 1.0 s.
"""

from __future__ import annotations

from typing import List, Optional

from facepacer.engine.events import HOLD, PRESS, TAP, Gesture, GestureKind

EPSILON = 1e-9


class GestureDetector:
    """Gestures of one electrode. ``tap_kind`` and ``hold_kind`` name what a tap and a hold
    mean: ``tap``/``hold`` on the pad, a role such as ``back`` (and no hold) elsewhere."""

    def __init__(
        self,
        *,
        tap_max: float = 0.6,
        hold_after: float = 1.0,
        min_press: float = 0.02,
        electrode: int = 0,
        tap_kind: GestureKind = TAP,
        hold_kind: Optional[GestureKind] = HOLD,
    ):
        if not 0 <= min_press < tap_max <= hold_after:
            raise ValueError(
                f"gesture timings must satisfy 0 <= min_press < tap_max <= hold_after, got "
                f"min_press={min_press}, tap_max={tap_max}, hold_after={hold_after}"
            )
        self.tap_max = tap_max
        self.hold_after = hold_after
        self.min_press = min_press
        self.electrode = electrode
        self.tap_kind = tap_kind
        self.hold_kind = hold_kind
        self._pressed_at: Optional[float] = None
        self._confirmed = False
        self._held = False

    @property
    def pressed(self) -> bool:
        return self._pressed_at is not None

    def edge(self, pressed: bool, t: float) -> List[Gesture]:
        """The electrode was pressed (or released) at ``t``. Repeating the current state is a
        no-op."""
        pressed_at = self._pressed_at
        if pressed == (pressed_at is not None):
            return []
        if pressed_at is None:  # a press
            self._pressed_at, self._confirmed, self._held = t, False, False
            return []
        out = self.poll(t)  # the press confirmation and the hold, if due before the release
        length = t - pressed_at
        self._pressed_at = None
        if self._held or not self._confirmed:
            return out  # after a hold, or a glitch shorter than min_press
        if length < self.tap_max - EPSILON:
            out.append(self._gesture(self.tap_kind, t))
        return out

    def poll(self, t: float) -> List[Gesture]:
        """Gestures due by ``t`` while the electrode stays pressed (the confirmed press, the
        hold)."""
        out: List[Gesture] = []
        if self._pressed_at is None:
            return out
        if not self._confirmed and t >= self._pressed_at + self.min_press - EPSILON:
            self._confirmed = True
            out.append(self._gesture(PRESS, self._pressed_at + self.min_press))
        if (
            self.hold_kind is not None
            and not self._held
            and t >= self._pressed_at + self.hold_after - EPSILON
        ):
            self._held = True
            out.append(self._gesture(self.hold_kind, self._pressed_at + self.hold_after))
        return out

    def next_deadline(self) -> Optional[float]:
        """When ``poll`` next has something to fire, or None."""
        if self._pressed_at is None:
            return None
        if not self._confirmed:
            return self._pressed_at + self.min_press
        if self.hold_kind is not None and not self._held:
            return self._pressed_at + self.hold_after
        return None

    def cancel(self) -> None:
        """Forget a press without firing anything (the sensor failed mid-press)."""
        self._pressed_at = None
        self._confirmed = self._held = False

    def _gesture(self, kind: GestureKind, t: float) -> Gesture:
        return Gesture(kind, t, self.electrode)
