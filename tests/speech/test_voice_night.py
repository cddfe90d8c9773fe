"""The voice and the buzzer through the built device: the loop, not the test, tells them the hour
(night hours) and that the ritual paused.

README: between ``night_start`` and ``night_end`` (22:00-07:00 by default) the voice uses
``night_volume``; the night includes its first minute and not the minute it ends on.
"""

from __future__ import annotations

import pytest

from .test_voice import SHORT, run_app, write


@pytest.mark.parametrize(
    "wall, volume",
    [("21:58", 0.45), ("22:00", 0.1), ("03:00", 0.1), ("06:59", 0.1), ("07:00", 0.45)],
)
def test_the_voice_speaks_at_night_volume_only_in_the_night_hours(home, wall, volume):
    config = home / "config" / "facepacer" / "config.yaml"
    config.write_text("guide: false\nvoice: {speak: title, volume: 0.9, night_volume: 0.2}\n")
    app, summary, _ = run_app(
        home, write(home, "short.yaml", SHORT), "--wall", f"2026-05-04T{wall}", quit_at=0.5
    )
    assert [line["step"] for line in summary["spoken"]] == [0]
    # README: the voice peaks at half of full scale, so 0.9 and 0.2 of it are 0.45 and 0.1
    assert app.wiring.voice._channel.get_volume() == pytest.approx(volume, abs=0.01)


TICKS = """\
format: 1
id: ticks
title: Ticks
steps:
  - {zone: cheeks, title: One, say: Sweep up., seconds: 3, strokes: 3}
"""


@pytest.mark.parametrize("wall, night", [("21:59", False), ("22:00", True), ("07:00", False)])
def test_a_ritual_started_at_once_at_night_is_quiet_from_its_first_cue(
    home, monkeypatch, wall, night
):
    from facepacer.hardware import parts
    from facepacer.hardware.buzzer import RecordingBuzzer

    # The device's own buzzer records what it plays, from the first cue on.
    monkeypatch.setattr(parts, "CueBuzzer", lambda config, **_: RecordingBuzzer(config))
    (home / "config" / "facepacer" / "config.yaml").write_text("guide: false\n")
    app, summary, _ = run_app(
        home, write(home, "ticks.yaml", TICKS), "--wall", f"2026-05-04T{wall}",
        quit_at=2.5,
    )  # fmt: skip
    tones = app.wiring.buzzer.tones
    first_second = {v for t, f, v in tones if f is not None and t < 1.0}
    assert first_second == ({0.3} if night else {1.0})  # README: night_volume 0.3, volume 1.0
    strokes = [c["t"] for c in summary["cues"] if c["cue"] == "stroke"]
    dropped = [t for t, cue in app.wiring.buzzer.dropped if cue == "stroke"]
    assert (dropped == strokes) is night  # README: no stroke ticks in the night hours


LONG = """\
format: 1
id: long
title: Long
steps:
  - {zone: cheeks, title: One, say: Sweep up and out to the temple and back again., seconds: 20}
  - {zone: jawline, title: Two, say: Along the jaw., seconds: 20}
"""


def stops_of_the_voice(home, script: str):
    """Run the long ritual with spoken steps and ``script``; (summary, the clock's times at
    which the voice was stopped during the run)."""
    (home / "config" / "facepacer" / "config.yaml").write_text(
        "guide: false\nvoice:\n  speak: both\n"
    )
    (home / "script.txt").write_text(script)
    from facepacer.app.build import build
    from facepacer.cli import build_parser

    argv = ["run", "--sim", "--headless", "--virtual-clock", "--ritual",
            write(home, "long.yaml", LONG), "--script", str(home / "script.txt")]  # fmt: skip
    app, _ = build(build_parser().parse_args(argv))
    voice, stopped = app.wiring.voice, []
    stop = voice.stop
    voice.stop = lambda: (stopped.append(app.wiring.clock.now()), stop())
    try:
        summary = app.run().as_dict()
        during_the_run = list(stopped)  # before closing the device stops it anyway
    finally:
        app.close()
    return summary, during_the_run


def test_a_pause_stops_the_voice_at_once(home):
    summary, stopped = stops_of_the_voice(home, "0.5 hold 1.2\n8 quit\n")
    pause = [c["t"] for c in summary["cues"] if c["cue"] == "pause"]
    assert pause == [1.503]  # the hold fires 1.0 s after the press, seen after the debounce
    assert summary["spoken"][0]["ends"] > 1.503  # the line was still being said
    assert stopped[0] == pytest.approx(1.503)


def test_quitting_while_a_line_is_said_stops_the_voice_with_the_session(home):
    """A quit ends the session with no finish cue: the session's end alone stops the voice."""
    summary, during_the_run = stops_of_the_voice(home, "1 quit\n")
    assert summary["status"] == "quit"
    assert [c["cue"] for c in summary["cues"] if c["cue"] == "finish"] == []
    assert summary["spoken"][0]["ends"] > 1.0  # the line was still being said
    assert during_the_run == [1.0]


NIGHTFALL = """\
format: 1
id: nightfall
title: Nightfall
steps:
  - {zone: cheeks, title: One, say: Sweep up., seconds: 60, strokes: 60}
"""


def test_a_ritual_running_into_the_night_leaves_its_ticks_out_within_half_a_minute(home):
    """README: no stroke ticks from night_start (22:00) on; the hour is looked at as the ritual
    runs, not only as it starts."""
    (home / "config" / "facepacer" / "config.yaml").write_text("guide: false\n")
    _, summary, _ = run_app(
        home, write(home, "nightfall.yaml", NIGHTFALL), "--wall", "2026-05-04T21:59:50",
        quit_at=61,
    )  # fmt: skip
    ticks = [c for c in summary["cues"] if c["cue"] == "stroke"]
    assert len(ticks) == 60
    by_day = [c for c in ticks if 0 < c["t"] < 10]  # 21:59:51-59 (the first is under the zone)
    at_night = [c for c in ticks if c["t"] >= 40]  # from 22:00:30 on
    assert by_day and all("sounded" in c for c in by_day)
    assert at_night and all(c.get("dropped") for c in at_night)
