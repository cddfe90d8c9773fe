"""The reminder's sound through the built device: silent in the night hours, which include their
first minute (README: a reminder at exactly 22:00 is silent), audible a minute before."""

from __future__ import annotations

import pytest

from facepacer.app.build import build
from facepacer.cli import build_parser
from facepacer.hardware import parts
from facepacer.hardware.buzzer import RecordingBuzzer


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    # The device's own buzzer records what it plays and what it leaves out.
    monkeypatch.setattr(parts, "CueBuzzer", lambda config, **_: RecordingBuzzer(config))
    return tmp_path


def buzzer_after_a_reminder(home, at: str, wall: str):
    """The device's buzzer after a two-minute run that starts at ``wall`` with a reminder at
    ``at``."""
    (home / "c.yaml").write_text(f'reminder: "{at}"\n')
    (home / "script.txt").write_text("120 quit\n")
    argv = ["run", "--sim", "--headless", "--virtual-clock", "--config", str(home / "c.yaml"),
            "--script", str(home / "script.txt"), "--db", str(home / "log.db"),
            "--wall", wall]  # fmt: skip
    app, warnings = build(build_parser().parse_args(argv))
    try:
        app.run()
    finally:
        app.close()
    assert warnings == []
    return app.wiring.buzzer


@pytest.mark.parametrize(
    "at, start, sounded",
    [("21:59", "21:58", True), ("22:00", "21:59", False), ("06:59", "06:58", False)],
)
def test_the_reminder_sounds_only_outside_the_night_hours(home, at, start, sounded):
    # The run starts a minute before the reminder, which shows 60 s in.
    buzzer = buzzer_after_a_reminder(home, at, f"2026-05-04T{start}")
    left_out = [cue for _, cue in buzzer.dropped]
    assert ("reminder" not in left_out) is sounded
    heard = [t for t, f, _ in buzzer.tones if f is not None and 59.0 <= t < 65.0]
    assert bool(heard) is sounded


def test_a_reminder_at_the_first_second_of_the_night_is_silent_between_two_looks_at_the_clock(
    home,
):
    # Started at 21:59:10, the device looks at the hour at 21:59:10, 21:59:40 and 22:00:10: the
    # reminder at 22:00:00 comes between two looks, and must ask the hour itself.
    buzzer = buzzer_after_a_reminder(home, "22:00", "2026-05-04T21:59:10")
    assert "reminder" in [cue for _, cue in buzzer.dropped]
    assert [t for t, f, _ in buzzer.tones if f is not None and 49.0 <= t < 56.0] == []
