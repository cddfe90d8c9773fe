"""The calibration screen of the built device (app/build.py) saves what it measured into the
settings file the device was started with, touch and release each in its own key."""

from __future__ import annotations

import pytest

from facepacer.app.build import build
from facepacer.cli import build_parser
from facepacer.config import load_config
from facepacer.engine.device import CALIBRATE_LABEL


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


def built(home, script: str):
    (home / "script.txt").write_text(script)
    argv = ["run", "--sim", "--headless", "--virtual-clock", "--config", str(home / "c.yaml"),
            "--script", str(home / "script.txt"), "--db", str(home / "log.db")]  # fmt: skip
    app, warnings = build(build_parser().parse_args(argv))
    assert warnings == []
    return app


def calibrate_script(home) -> str:
    """Hold for the picker, tap down to *Calibrate the pad*, open it, three taps, then the hold
    or tap ``ANSWER`` on the proposal."""
    app = built(home, "1 quit\n")
    taps = app.wiring.device.menu.index(CALIBRATE_LABEL)
    app.close()
    lines = ["1 hold 1.5"] + [f"{3 + k} tap" for k in range(taps)]
    t = 3 + taps
    lines += [f"{t} hold 1.2", f"{t + 6} tap", f"{t + 7} tap", f"{t + 8} tap",
              f"{t + 10} ANSWER", f"{t + 14} quit"]  # fmt: skip
    return "\n".join(lines) + "\n"


def calibrate(home, *, answer: str) -> None:
    """Run the built device through a calibration that ends with ``answer`` on its proposal."""
    app = built(home, calibrate_script(home).replace("ANSWER", answer))
    try:
        app.run()
    finally:
        app.close()


def test_a_hold_on_the_proposal_writes_both_thresholds_into_the_settings_file(home):
    (home / "c.yaml").write_text("# my mirror\nsensor:\n  pad: 0\ntheme: calm\n")
    calibrate(home, answer="hold 1.5")
    config, problems = load_config(home / "c.yaml")
    assert problems == []
    assert (config.sensor.touch_threshold, config.sensor.release_threshold) == (30, 15)
    text = (home / "c.yaml").read_text()
    assert text.startswith("# my mirror\nsensor:\n") and "theme: calm" in text


def test_a_tap_on_the_proposal_leaves_the_settings_file_as_it_was(home):
    (home / "c.yaml").write_text("sensor:\n  pad: 0\n")
    calibrate(home, answer="tap")
    assert (home / "c.yaml").read_text() == "sensor:\n  pad: 0\n"
