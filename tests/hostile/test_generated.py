"""Generated hostile input: YAML escapes, script lines, config values and bytes flipped in a real
log. Each must end in a located message or a working device, never an exception of another
kind. Derandomised and bounded, so the suite is the same on every run and stays quick."""

from __future__ import annotations

import io
import os
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facepacer.app.script import MAX_SECONDS, parse_script
from facepacer.cli import build_parser
from facepacer.cli.history import history
from facepacer.config import I2C_PINS, WINDOW_HEIGHTS, WINDOW_WIDTHS, load_config
from facepacer.errors import RitualError, ScriptError, StoreError
from facepacer.ritual import load_ritual_text
from facepacer.ritual.checks import unsafe
from facepacer.store import Store

from ..store.helpers import T0, session

BOUNDED = settings(
    derandomize=True,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)

# -- YAML scalars with escapes ---------------------------------------------------------------

ESCAPES = st.one_of(
    st.sampled_from(
        [
            "\\0",
            "\\a",
            "\\b",
            "\\t",
            "\\n",
            "\\e",
            "\\N",
            "\\_",
            "\\L",
            "\\P",
            "\\\\",
            '\\"',
            "\\/",
            "\\ ",
        ]
    ),  # fmt: skip
    st.integers(0, 0xFF).map(lambda n: f"\\x{n:02x}"),
    st.integers(0, 0xFFFF).map(lambda n: f"\\u{n:04x}"),
    st.integers(0, 0xFFFFFFFF).map(lambda n: f"\\U{n:08x}"),
    st.sampled_from(["\\ud800", "\\udfff", "\\ud83d\\ude00", "\\u202e", "\\u2066", "\\x1b[2J"]),
)
PLAIN = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters='"\\\n\r'),
                max_size=8)  # fmt: skip
QUOTED = st.lists(st.one_of(ESCAPES, PLAIN), max_size=6).map(
    lambda parts: '"' + "".join(parts) + '"'
)

RITUAL = """\
format: 1
id: generated
title: {title}
summary: {summary}
steps:
  - {{zone: cheeks, title: {step}, say: Sweep up., seconds: 3}}
"""


@BOUNDED
@given(title=QUOTED, summary=QUOTED, step=QUOTED)
def test_any_escape_in_ritual_text_is_a_located_problem_or_shown_safely(title, summary, step):
    text = RITUAL.format(title=title, summary=summary, step=step)
    try:
        ritual = load_ritual_text(text, "g.yaml")
    except RitualError as exc:
        assert exc.problems and all(p.startswith("g.yaml:") for p in exc.problems)
        "\n".join(exc.problems).encode("utf-8")  # printable on any UTF-8 terminal
        return
    for shown in (ritual.title, ritual.summary, ritual.steps[0].title):
        # Line breaks and tabs are the two control characters text may hold (a long 'say').
        assert not any(unsafe(ch) and ch not in "\n\t" for ch in shown), shown
        shown.encode("utf-8")


# -- script lines ----------------------------------------------------------------------------

NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10, 10**20).map(str),
    st.sampled_from(["1e10", "1e17", "9e99999", "-0", "0x10", "²", "١", "nan", "inf", "1_000"]),
)
WORDS = st.one_of(
    st.sampled_from(["tap", "hold", "press", "release", "quit", "unplug", "replug", "pad", "TAP"]),
    NUMBERS,
    st.text(max_size=6),
)
LINES = st.lists(st.lists(WORDS, max_size=5).map(" ".join), max_size=12).map("\n".join)


@BOUNDED
@given(text=LINES)
def test_any_script_parses_or_says_each_bad_line(text):
    try:
        events = parse_script(text, "s.txt")
    except ScriptError as exc:
        lines = str(exc).splitlines()
        assert lines and all(line.startswith("s.txt:") for line in lines)
        return
    assert all(0 <= event.t <= 2 * MAX_SECONDS and 0 <= event.electrode < 12 for event in events)


# -- config values ---------------------------------------------------------------------------

SCALARS = st.one_of(
    st.integers(-5, 5000).map(str),
    st.sampled_from(
        [
            "null",
            "true",
            "~",
            "0x5A",
            "1e3",
            ".inf",
            "'²'",
            "[1, 2]",
            "{a: 1}",
            '"\\U00110000"',
            '"\\ud800"',
            "480x320",
            "99999x1",
            "22:00",
            "25:61",
        ]
    ),  # fmt: skip
    QUOTED,
)
SETTINGS = st.sampled_from([
    ("", "partner"), ("", "mood"), ("", "weekly_goal"), ("", "theme"), ("", "size"), ("", "db"),
    ("sensor", "bus"), ("sensor", "address"), ("sensor", "irq_pin"), ("sensor", "pad"),
    ("sensor", "touch_threshold"), ("sensor", "release_threshold"), ("sensor", "tap_max"),
    ("sensor", "hold_after"), ("sensor", "poll_interval"), ("sensor", "roles"),
    ("buzzer", "pin"), ("buzzer", "volume"), ("buzzer", "night_start"), ("buzzer", "active"),
])  # fmt: skip


def config_text(chosen) -> str:
    top, sections = [], {"sensor": [], "buzzer": []}
    for (section, name), value in chosen:
        (sections[section] if section else top).append(f"{name}: {value}")
    text = "".join(line + "\n" for line in top)
    for section, lines in sections.items():
        if lines:
            text += f"{section}:\n" + "".join(f"  {line}\n" for line in lines)
    return text


@BOUNDED
@given(chosen=st.dictionaries(SETTINGS, SCALARS, max_size=8).map(lambda d: sorted(d.items())))
def test_any_config_value_loads_to_settings_the_device_can_use(chosen):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.yaml"
        path.write_text(config_text(chosen), encoding="utf-8")
        config, warnings = load_config(path)
    assert all(w.startswith(f"{path}:") for w in warnings)
    sensor, buzzer = config.sensor, config.buzzer
    assert sensor.irq_pin not in I2C_PINS and buzzer.pin not in I2C_PINS
    assert sensor.irq_pin is None or sensor.irq_pin != buzzer.pin
    assert WINDOW_WIDTHS[0] <= config.size[0] <= WINDOW_WIDTHS[1]
    assert WINDOW_HEIGHTS[0] <= config.size[1] <= WINDOW_HEIGHTS[1]
    assert all(0 <= electrode < 12 and electrode != sensor.pad for electrode in sensor.roles)
    assert sensor.release_threshold < sensor.touch_threshold


# -- bytes flipped in a real log -------------------------------------------------------------


def _template() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sessions.db"
        with Store(path) as store:
            for _ in range(6):
                session(store, T0, mood=3)
        return path.read_bytes()


TEMPLATE = _template()


def _history(path: Path) -> int:
    args = build_parser().parse_args(["history", "--db", str(path)])
    return history(args, date(2026, 5, 6), io.StringIO(), io.StringIO(), io.StringIO())


@settings(BOUNDED, max_examples=60)
@given(flips=st.lists(st.tuples(st.integers(0, len(TEMPLATE) - 1), st.integers(0, 255)),
                      min_size=1, max_size=6))  # fmt: skip
def test_bytes_flipped_in_a_log_never_stop_the_device_or_history(flips):
    damaged = bytearray(TEMPLATE)
    for offset, value in flips:
        damaged[offset] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sessions.db"
        path.write_bytes(bytes(damaged))
        assert _history(path) in (0, 1)
        try:
            store = Store(path)
        except StoreError:
            names = os.listdir(folder)
            assert "sessions.db" in names  # refused: left where it was
            return
        with store:
            try:
                store.stats(date(2026, 5, 6))
                store.sessions(titles=True)
                session(store, T0)
            except StoreError:
                pass  # damage found past the open: said, and the ritual goes on
        names = os.listdir(folder)
        assert "sessions.db" in names
        kept = [
            name
            for name in names
            if name.startswith("sessions.db.corrupt-") and not name.endswith(("-wal", "-shm"))
        ]
        for name in kept:
            assert Path(folder, name).read_bytes()[:16] == b"SQLite format 3\x00"
        assert _history(path) in (0, 1)
