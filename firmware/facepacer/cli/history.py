"""``facepacer history``: the session log as a table, JSON or CSV, and deleting it all.

It only reads (apart from ``--delete-all``) and can run while the device is in a ritual: the log is
in WAL mode, so neither waits for the other. It never moves a damaged log aside (the device does
that at start-up) and never creates a log that does not exist yet.
"""

from __future__ import annotations

import argparse
import csv
import operator
import os
import re
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Dict, List, TextIO

from facepacer import paths
from facepacer.cli import say
from facepacer.config import load_config
from facepacer.errors import FacepacerError, StoreError
from facepacer.ritual.checks import printable
from facepacer.store import FIELDS, Store
from facepacer.store.explain import store_error
from facepacer.store.streaks import Streaks, check_goal, streaks

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DEFAULT_LIMIT = 20
MAX_LIMIT = 2**62
REMINDER_DAYS = 30
# The log is the source of truth for what the device publishes (README: "Home Assistant over MQTT").
LINKED_DELETE = (
    "Home Assistant is told by the device: within seconds if it is running, else when it next "
    "connects to the MQTT broker.\n"
)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "history",
        help="show the session log: sessions, this week and streaks",
        description=(
            "Shows the logged sessions, this week's days and the streak of weeks that met the "
            "weekly goal. The log stays on this device; --delete-all empties it."
        ),
    )
    parser.add_argument("--db", metavar="PATH", help="session log (default: the data directory)")
    parser.add_argument("--config", metavar="PATH", help="settings file (default: config dir)")
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="every session as a JSON list")
    form.add_argument("--csv", action="store_true", help="every session as CSV, with a header")
    form.add_argument(
        "--delete-all", action="store_true", help="delete every session (asks to confirm)"
    )
    parser.add_argument("--yes", action="store_true", help="with --delete-all: do not ask")
    parser.add_argument(
        "--goal",
        type=_goal,
        metavar="N",
        help="days a week that keep the streak, 1-7 (default: weekly_goal in the config, 5)",
    )
    parser.add_argument(
        "--limit",
        type=_limit,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"sessions in the table, the latest (default {DEFAULT_LIMIT}; 0 for all)",
    )
    parser.set_defaults(func=run, history_parser=parser)


def _goal(text: str) -> int:
    try:
        return check_goal(int(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"the goal must be a number of days from 1 to 7, got {text!r}"
        ) from None


def _limit(text: str) -> int:
    if not re.fullmatch(r"[0-9]+", text):
        raise argparse.ArgumentTypeError(f"the limit must be a whole number >= 0, got {text!r}")
    # Any limit beyond the log's length shows it all; SQLite takes at most a 64-bit number.
    return min(int(text[:20]), MAX_LIMIT)


def run(args: argparse.Namespace) -> int:
    return history(args, date.today(), sys.stdin, sys.stdout, sys.stderr)


def history(args: argparse.Namespace, today: date, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    """The command, with today's date and the streams given (tests pass their own)."""
    if args.yes and not args.delete_all:
        args.history_parser.error("--yes goes with --delete-all")
    config, warnings = load_config(args.config)
    for warning in warnings:
        say.warning(warning, "history", err=err)
    if args.db:
        path = Path(args.db).expanduser()
    else:
        path = Path(config.db) if config.db else paths.default_db()
    goal = args.goal if args.goal is not None else config.weekly_goal
    try:
        if args.delete_all:
            code = delete_all(path, args.yes, stdin, out, err)
            if code == 0 and config.mqtt is not None:
                out.write(LINKED_DELETE)
            return code
        if not exists(path):
            return show_empty(path, args, out)
        with Store(path, recover=False, read_only=True) as store:
            if store.version == 0:
                return show_empty(path, args, out)
            skipped = store.unreadable()
            if skipped:
                say.warning(unreadable_warning(skipped, path), "history", err=err)
            if args.json:
                out.write(store.sessions_json() + "\n")
            elif args.csv:
                write_csv(store.sessions(), out)
            else:
                write_table(
                    in_own_words(store.sessions(args.limit or None, titles=True)),
                    store.count() - len(skipped),
                    streaks(store.done_days(), today, goal),
                    goal,
                    path,
                    out,
                )
                out.write(reminder_line(store, today))
    except StoreError as exc:
        say.error(str(exc), "history", err=err)
        return 1
    return 0


def in_own_words(rows: List[Dict]) -> List[Dict]:
    """Rows whose ritual is in the library, titled as its file titles it (the log kept the
    title of the moment's language before it kept the file's own); other rows as logged."""
    from facepacer.ritual import Library

    try:
        titles = {ritual.id: ritual.file_title for ritual in Library.load()}
    except (OSError, FacepacerError):
        return rows  # the library is for titles only: the history shows what was logged
    return [{**row, "title": titles.get(row["ritual"], row["title"])} for row in rows]


def exists(path: Path) -> bool:
    """Whether there is a log at ``path``; a StoreError when the system cannot even look."""
    try:
        os.stat(path)  # not Path.exists, which calls a link that loops "nothing there"
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        raise store_error(exc, path, "read") from exc
    return True


def unreadable_warning(ids: List[int], path: Path) -> str:
    listed = ", ".join(str(n) for n in ids[:10]) + (", ..." if len(ids) > 10 else "")
    noun = "session" if len(ids) == 1 else "sessions"
    return (
        f"{len(ids)} {noun} in {path} (ids {listed}) have a start time that cannot be read and "
        "are left out; the log was edited or damaged. The device goes on logging beside them."
    )


def show_empty(path: Path, args: argparse.Namespace, out: TextIO) -> int:
    if args.json:
        out.write("[]\n")
    elif args.csv:
        write_csv([], out)
    else:
        out.write(f"No sessions logged yet: start a ritual and it shows here. (Log: {path})\n")
    return 0


def write_csv(rows: List[Dict], out: TextIO) -> None:
    """The ARCHITECTURE §7 fields, a header line first; an empty cell for a missing value."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    # The csv module writes None as an empty cell.
    writer.writerows(map(operator.itemgetter(*FIELDS), rows))


def local_time(text: str) -> str:
    """A stored UTC time as the device's local time, e.g. ``Mon 2026-05-04 07:35``; a time
    that Python cannot read (written by hand into the log) is shown as it is."""
    try:
        return datetime.fromisoformat(text).astimezone().strftime("%a %Y-%m-%d %H:%M")
    except (TypeError, ValueError, OverflowError):
        return printable(text)


def write_table(
    rows: List[Dict], total: int, week: Streaks, goal: int, path: Path, out: TextIO
) -> None:
    """The readable history: sessions (oldest first, the latest last), this week, streaks."""
    if not rows:
        out.write(f"No sessions logged yet: start a ritual and it shows here. (Log: {path})\n")
    else:
        header = ("Date", "Ritual", "Status", "Steps", "Min", "Mood")
        lines = [
            (
                local_time(row["started_at"]),
                printable(row["title"] or row["ritual"]),
                printable(row["status"]),
                printable(f"{row['steps_done']}/{row['steps_total']}"),
                _minutes(row["seconds"]),
                printable(f"{row['mood']}/5") if row["mood"] else "-",
            )
            for row in rows
        ]
        widths = [max(len(line[n]) for line in [header, *lines]) for n in range(len(header))]
        right = {3, 4, 5}  # numbers line up on the right
        for line in [header, *lines]:
            cells = [
                cell.rjust(widths[n]) if n in right else cell.ljust(widths[n])
                for n, cell in enumerate(line)
            ]
            out.write("  ".join(cells).rstrip() + "\n")
        if total > len(rows):
            out.write(
                f"({total} sessions in all; the latest {len(rows)} shown, --limit 0 for all)\n"
            )
    out.write("\n" + week_line(week, goal) + "\n" + streak_line(week, goal) + "\n")


def _minutes(seconds: object) -> str:
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        return "-"
    return f"{seconds / 60:.1f}"


def week_line(week: Streaks, goal: int) -> str:
    """``This week: Mon x  Tue -  Wed x  Thu .  ...  2 of 5 days`` (x done, - missed, . to come)."""
    marks = []
    for n, (name, done) in enumerate(zip(WEEKDAYS, week.this_week)):
        mark = "x" if done else ("-" if n < week.weekday else ".")
        marks.append(f"{name} {mark}")
    return (
        f"This week: {'  '.join(marks)}   {week.days_done} of {_days(goal)}"
        "   (x done, - none, . to come)"
    )


def streak_line(week: Streaks, goal: int) -> str:
    """The current and best streak, and what this week still needs."""
    if week.best == 0:
        streak = "Streak: none yet"
    else:
        streak = f"Streak: {_weeks(week.current)} (best {_weeks(week.best)})"
    if week.days_needed == 0:
        return f"{streak}. This week has its {_days(goal)}."
    if week.still_possible:
        more = f"{week.days_needed} more day{'s' if week.days_needed > 1 else ''} by Sunday"
        aim = "keep it going" if week.current else "start one"
        return f"{streak}. This week: {more} {aim}."
    return f"{streak}. This week can no longer reach {_days(goal)}; a new week starts on Monday."


def reminder_line(store: Store, today: date) -> str:
    """How often the daily reminder led to a ritual in the last 30 days; empty if none showed."""
    since = datetime.combine(today - timedelta(days=REMINDER_DAYS - 1), datetime.min.time())
    shown, taken = store.reminder_counts(since)
    if shown == 0:
        return ""
    times = "reminder" if shown == 1 else "reminders"
    return (
        f"Reminders: {shown} {times} in the last {REMINDER_DAYS} days, {taken} led to a ritual.\n"
    )


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _weeks(n: int) -> str:
    return f"{n} week" if n == 1 else f"{n} weeks"


def delete_all(path: Path, yes: bool, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    """Empty the log after a typed ``yes`` (or ``--yes``); never asks where no one can answer."""
    if not exists(path):
        out.write(f"No session log at {path}: nothing to delete.\n")
        return 0
    with Store(path, recover=False) as store:
        count = store.count()
        if count == 0:
            out.write(f"The session log {path} is already empty.\n")
            return 0
        if not yes:
            if not stdin.isatty():
                say.error(
                    f"not deleting the {count} sessions in {path} without a confirmation; "
                    "run in a terminal to be asked, or add --yes.", "history", err=err
                )  # fmt: skip
                return 1
            out.write(
                f"Delete all {count} sessions in {path}? This cannot be undone. "
                "Type yes to confirm: "
            )
            out.flush()
            answer = stdin.readline()
            if answer.strip().lower() != "yes":
                out.write("Nothing deleted.\n")
                return 1
        deleted = store.delete_all()
    out.write(f"Deleted {deleted} session{'s' if deleted != 1 else ''} from {path}.\n")
    return 0
