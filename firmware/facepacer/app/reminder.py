"""When the daily reminder is due, read from the wall clock (the engine never reads a clock).

The reminder comes once on each chosen weekday, at its time or within the ten minutes after it:
a device switched on at 23:00, or a wall clock that jumps past 21:30 when network time arrives,
does not remind late. Whether the prompt may show (no ritual under way) is the engine's call
(``Device.remind``); whether it is needed (no ritual completed today) is the loop's.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Optional

from facepacer.config import ReminderConfig
from facepacer.engine.device import REMINDER_SECONDS


class DailyReminder:
    def __init__(self, config: ReminderConfig):
        if config.time is None:
            raise ValueError("a daily reminder needs a time HH:MM")
        self.at = config.time  # read from HH:MM by the config
        self.days = frozenset(config.days)
        self.handled: Optional[date] = None  # the last day whose reminder came (or was missed)

    def moment(self, day: date, wall: datetime) -> Optional[datetime]:
        """The reminder's time on ``day`` in ``wall``'s time zone, or None on a day without."""
        if day.weekday() not in self.days:
            return None
        return datetime.combine(day, self.at, tzinfo=wall.tzinfo)

    def due(self, wall: datetime) -> bool:
        """True once on a reminder day, when ``wall`` (local, aware) is at or just past its time.

        Yesterday's reminder is looked at too: the ten minutes after 23:58 run to 00:08, so a
        device switched on at 00:02 still reminds. A reminder whose ten minutes are over is
        handled (missed) without showing.
        """
        late = timedelta(seconds=REMINDER_SECONDS)
        for day in (wall.date() - timedelta(days=1), wall.date()):
            at = self.moment(day, wall)
            if at is None or self.handled == day or wall < at:
                continue
            if wall < at + late:
                self.handled = day
                return True
            if day == wall.date():
                self.handled = day  # too late today: not again, not later
        return False

    def next_at(self, wall: datetime) -> Optional[datetime]:
        """The next reminder time still to come after ``wall``, within a week; None without days."""
        for ahead in range(8):
            day = wall.date() + timedelta(days=ahead)
            at = self.moment(day, wall)
            if at is not None and self.handled != day and at >= wall:
                return at
        return None


def daily_reminder(config: ReminderConfig) -> Optional[DailyReminder]:
    """The reminder the settings ask for, or None when they set no time."""
    return DailyReminder(config) if config.time is not None else None
