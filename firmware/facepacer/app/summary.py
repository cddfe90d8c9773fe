"""The run's summary (``--json``): each session's steps and cues, in seconds since it started.

Each cue also says what the buzzer made of it (``hardware.buzzer.Sounding``): ``sounded``, when
its pattern really started (later than ``t`` when it waited behind another), or ``dropped``.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Optional, Tuple

from facepacer.engine.events import Cue, MoodGiven, Output, SessionEnded, SessionStarted, StepEnded
from facepacer.hardware.buzzer import Sounding


def _s(seconds: float) -> float:
    """Seconds for people and JSON: milliseconds are the precision that means anything here."""
    return round(seconds, 3) + 0.0  # + 0.0 turns -0.0 into 0.0


class Summary:
    """Collects the engine's outputs into the summary (ARCHITECTURE §6) of a run's first session."""

    def __init__(self) -> None:
        self.session_id: Optional[int] = None
        self.ritual: Optional[str] = None
        self.status: Optional[str] = None
        self.mood: Optional[int] = None
        self.active: Optional[float] = None  # seconds of the ritual, pauses left out
        self.paused: Optional[float] = None  # seconds it was paused
        self.outages: List[Dict[str, Any]] = []
        # Whether the session reached the log whole (None: the run had no log to report on),
        # and why not.
        self.logged: Optional[bool] = None
        self.log_problem: Optional[str] = None
        self.log: Optional[str] = None  # the session log written, None for a throwaway one
        self.lines: List[Dict[str, Any]] = []  # each spoken line and when it started
        self._t0: Optional[float] = None
        self._steps: List[Dict[str, Any]] = []
        self._cues: List[Dict[str, Any]] = []
        self._sessions = 0
        # By (cue, clock time issued): the listed cues the buzzer has not yet started or dropped,
        # and what it said of cues before they were listed (it decides within the same tick).
        self._unheard: Dict[Tuple[str, float], Dict[str, Any]] = {}
        self._early: Dict[Tuple[str, float], Sounding] = {}

    @property
    def ended(self) -> bool:
        return self.status is not None

    def add(self, outputs: Iterable[Output]) -> None:
        for item in outputs:
            if isinstance(item, SessionStarted):
                self._sessions += 1
                if self._sessions == 1:
                    self._t0, self.ritual = item.t, item.ritual_id
            elif self._sessions != 1:
                continue  # later sessions of the same run are logged, not summarised
            elif isinstance(item, Cue) and not self.ended:
                entry: Dict[str, Any] = {"t": _s(item.t - self._t0), "cue": item.cue,
                                         "step": item.step}  # fmt: skip
                self._cues.append(entry)
                self._unheard[(item.cue, item.t)] = entry
            elif isinstance(item, StepEnded):
                self._steps.append(
                    {
                        "index": item.index,
                        "zone": item.zone,
                        "started": _s(item.started - self._t0),
                        "ended": _s(item.ended - self._t0),
                        "active": _s(item.active),
                        "ended_by": item.ended_by,
                    }
                )
            elif isinstance(item, SessionEnded):
                self.status = item.status
                self.active, self.paused = item.active, max(0.0, item.elapsed - item.active)
                # The finish cue comes just before SessionEnded; keep it in the list.
            elif isinstance(item, MoodGiven) and self.mood is None:
                self.mood = item.mood
        early, self._early = self._early, {}  # the rest were of cues this summary leaves out
        for key, sounding in early.items():
            listed = self._unheard.pop(key, None)
            if listed is not None:
                self._mark(listed, sounding)

    def sounded(self, sounding: Sounding) -> None:
        """What the buzzer made of a cue: its pattern started, or the cue was dropped."""
        key = (sounding.cue, sounding.asked)
        entry = self._unheard.pop(key, None)
        if entry is None:
            self._early[key] = sounding
        else:
            self._mark(entry, sounding)

    def _mark(self, entry: Dict[str, Any], sounding: Sounding) -> None:
        if sounding.start is None:
            entry["dropped"] = True
        else:
            entry["sounded"] = _s(sounding.start - (self._t0 or 0.0))

    def outage(self, start: float, end: Optional[float], message: str) -> None:
        """A sensor outage during the session, in seconds since it started."""
        t0 = self._t0 or 0.0
        self.outages.append(
            {
                "start": _s(start - t0),
                "end": None if end is None else _s(end - t0),
                "message": message,
            }  # fmt: skip
        )

    def spoken(self, t: float, until: float, step: int, text: str, source: str) -> None:
        """A line the voice said from clock time ``t`` to ``until`` (during the first session)."""
        if self._sessions == 1 and not self.ended:
            t0 = self._t0 or 0.0
            self.lines.append({"t": _s(t - t0), "ends": _s(until - t0), "step": step,
                               "text": text, "source": source})  # fmt: skip

    def as_dict(self) -> Dict[str, Any]:
        data: Dict[str, Any] = {
            "session_id": self.session_id,
            "ritual": self.ritual,
            "status": self.status,
            "active": None if self.active is None else _s(self.active),
            "paused": None if self.paused is None else _s(self.paused),
            "steps": self._steps,
            "cues": self._cues,
            "log": self.log,
        }
        if self.mood is not None:
            data["mood"] = self.mood
        if self.outages:
            data["outages"] = self.outages
        if self.lines:
            data["spoken"] = self.lines
        if self.logged is not None:
            data["logged"] = self.logged
            if self.log_problem:
                data["log_problem"] = self.log_problem
        return data

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), separators=(", ", ": "))
