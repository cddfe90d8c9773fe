"""``facepacer probe --calibrate``: measuring, proposing, and writing config.yaml by its lines."""

from __future__ import annotations

import os

import pytest

from facepacer.config import load_config
from facepacer.configedit import ConfigEditError, set_settings
from facepacer.engine.calibration import Calibration, Phase
from facepacer.hardware.electrodes import Electrode, acrylic, behind

from .test_probe import FakeTime, probe

COMMENTED = """\
# facepacer settings for the bathroom mirror
partner: false   # I massage myself

sensor:
  # the pad is behind 3 mm of acrylic
  address: 0x5A
  touch_threshold: 12   # default, too low?
  roles:
    3: back
  hold_after: 1.0

buzzer:
  volume: 0.5  # quiet mornings
"""


def feed(calibration, start, seconds, value, every=0.02, pad_value=None):
    t = start
    while t < start + seconds - 1e-9:
        values = {e: value for e in calibration.electrodes}
        if pad_value is not None:
            values[calibration.pad] = pad_value(t)
        calibration.feed(t, values)
        t += every
    return t


def test_the_proposal_sits_halfway_between_the_noise_and_the_weakest_tap():
    calibration = Calibration([0, 3], settle=0.0)
    t = 0.0
    for i in range(160):  # 3.2 s untouched, jittering by 2 around 700
        calibration.feed(t, {0: 700 + (i % 5) - 2, 3: 700})
        t += 0.02
    assert calibration.phase is Phase.TAPS and calibration.noise == {0: 2, 3: 0}
    for depth in (40, 30, 50):  # three taps of different strength
        t = feed(calibration, t, 0.2, 700, pad_value=lambda _, depth=depth: 700 - depth)
        t = feed(calibration, t, 0.3, 700)
    assert calibration.phase is Phase.DONE and calibration.taps == [40, 30, 50]
    proposal = calibration.proposal()
    assert (proposal.touch, proposal.release, proposal.noise, proposal.weakest) == (16, 9, 2, 30)


def test_taps_too_weak_to_tell_from_the_noise_fail_with_the_reason():
    calibration = Calibration([0], taps_wanted=1, settle=0.0)
    t = feed(calibration, 0.0, 3.1, 700)
    feed(calibration, t, 0.2, 700, pad_value=lambda _: 695)
    feed(calibration, t + 0.2, 0.2, 700)
    assert calibration.phase is Phase.FAILED
    assert str(calibration.problem) == (
        "the weakest tap moved electrode 0 by 5 counts and the noise is 0: too close to tell "
        "apart; use a thinner overlay or a larger pad"
    )
    with pytest.raises(ValueError, match="no proposal while the calibration is failed"):
        calibration.proposal()


def test_no_taps_in_time_fail_naming_the_electrode():
    calibration = Calibration([2], tap_seconds=5.0, settle=0.0)
    feed(calibration, 0.0, 9.0, 700)
    assert calibration.phase is Phase.FAILED
    assert "0 of 3 taps on electrode 2 in 5 s" in str(calibration.problem)


# -- writing config.yaml ------------------------------------------------------------------------


def test_writing_keeps_every_comment_and_setting_and_adds_what_is_missing(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(COMMENTED)
    os.chmod(path, 0o640)
    set_settings(path, "sensor", {"touch_threshold": 30, "release_threshold": 16})
    assert path.read_text() == COMMENTED.replace(
        "  touch_threshold: 12   # default, too low?\n",
        "  touch_threshold: 30   # default, too low?\n",
    ).replace("  hold_after: 1.0\n", "  hold_after: 1.0\n  release_threshold: 16\n")
    config, warnings = load_config(path)
    assert warnings == []
    assert (config.sensor.touch_threshold, config.sensor.release_threshold) == (30, 16)
    assert config.sensor.roles == {3: "back"} and config.buzzer.volume == 0.5
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]  # no temp file left


def test_a_missing_file_or_section_is_created(tmp_path):
    path = tmp_path / "new" / "config.yaml"
    set_settings(path, "sensor", {"touch_threshold": 20, "release_threshold": 10})
    assert path.read_text() == "sensor:\n  touch_threshold: 20\n  release_threshold: 10\n"
    other = tmp_path / "other.yaml"
    other.write_text("partner: true\n")
    set_settings(other, "sensor", {"touch_threshold": 20})
    assert other.read_text() == "partner: true\n\nsensor:\n  touch_threshold: 20\n"


def test_a_section_on_one_line_is_left_alone_with_a_message_naming_the_line(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("# mine\nsensor: {touch_threshold: 12}\n")
    with pytest.raises(ConfigEditError) as caught:
        set_settings(path, "sensor", {"touch_threshold": 20})
    assert str(caught.value).startswith(f"{path}:2:9: 'sensor' is a flow mapping")
    assert path.read_text() == "# mine\nsensor: {touch_threshold: 12}\n"


def test_a_value_that_would_not_read_back_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("sensor:\n  release_threshold: 40\n")
    with pytest.raises(ConfigEditError, match="touch_threshold would not read back"):
        set_settings(path, "sensor", {"touch_threshold": 20})  # below release: refused on load
    assert path.read_text() == "sensor:\n  release_threshold: 40\n"


# -- the command --------------------------------------------------------------------------------


def test_the_sim_calibration_runs_start_to_end_and_writes_a_commented_config(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(COMMENTED)
    status, out, err = probe(["--sim", "--calibrate", "--yes", "--config", str(path)])
    assert status == 0 and err == ""
    assert "Do not touch the pad: measuring the noise, 3 s" in out
    assert "  tap 3: 58 counts" in out
    assert "Proposed: touch_threshold 30, release_threshold 15 (now 12 and 6)" in out
    text = path.read_text()
    assert "  touch_threshold: 30   # default, too low?\n" in text
    assert "  release_threshold: 15\n" in text
    assert "# the pad is behind 3 mm of acrylic" in text and "volume: 0.5  # quiet mornings" in text


def test_without_yes_the_answer_decides(tmp_path):
    import io

    from facepacer.cli import build_parser
    from facepacer.cli.probe import probe as run_probe
    from facepacer.config import Config

    path = tmp_path / "config.yaml"
    path.write_text(COMMENTED)
    for answer, written in (("n", False), ("", False), ("y", True)):
        args = build_parser().parse_args(["probe", "--sim", "--calibrate", "--config", str(path)])
        out, err, time = io.StringIO(), io.StringIO(), FakeTime()
        asked = []
        status = run_probe(
            args, Config(), out=out, err=err, clock=time.clock, sleep=time.sleep,
            ask=lambda question, asked=asked, answer=answer: asked.append(question) or answer,
        )  # fmt: skip
        assert status == 0
        assert asked == [f"Write them into {path}? [y/N] "]
        assert ("touch_threshold: 30" in path.read_text()) is written


def test_with_no_tap_coming_the_calibration_fails_and_writes_nothing(tmp_path):
    from facepacer.hardware.emulated import EmulatedBus, EmulatedMPR121

    time = FakeTime()
    electrodes = [behind(acrylic(3.0), 40.0)] + [Electrode()] * 11
    chip = EmulatedMPR121(electrodes=electrodes, clock=time.clock)
    path = tmp_path / "config.yaml"
    status, out, err = probe(
        ["--calibrate", "--yes", "--config", str(path)], bus=EmulatedBus(chip, number=1), time=time
    )
    assert status == 1  # only --sim has a finger of its own: here the taps never come
    assert not path.exists()
    assert "calibration failed: 0 of 3 taps on electrode 0 in 20 s" in err
    assert "Now tap the pad 3 more times" in out


def test_the_thresholds_written_are_also_set_in_the_chip_at_once(tmp_path):
    from facepacer.hardware.emulated import EmulatedBus, EmulatedMPR121

    time = FakeTime()
    electrodes = [behind(acrylic(3.0), 40.0)] + [Electrode()] * 11
    chip = EmulatedMPR121(electrodes=electrodes, clock=time.clock)
    for k in range(3):  # a finger on the pad for 0.3 s in each of three seconds after the quiet
        time.actions += [(6.0 + k, lambda: chip.set_touched(0, True)),
                         (6.3 + k, lambda: chip.set_touched(0, False))]  # fmt: skip
    path = tmp_path / "config.yaml"
    status, out, err = probe(
        ["--calibrate", "--yes", "--config", str(path)], bus=EmulatedBus(chip, number=1), time=time
    )
    assert status == 0 and err == ""
    config, _ = load_config(path)
    touch, release = config.sensor.touch_threshold, config.sensor.release_threshold
    assert f"Proposed: touch_threshold {touch}, release_threshold {release} (now 12 and 6)" in out
    assert list(chip.registers(0x41, 4)) == [touch, release, touch, release]


def test_each_phase_is_asked_for_once_and_a_capital_y_writes(tmp_path):
    import io

    from facepacer.cli import build_parser
    from facepacer.cli.probe import probe as run_probe
    from facepacer.config import Config

    path = tmp_path / "config.yaml"
    args = build_parser().parse_args(["probe", "--sim", "--calibrate", "--config", str(path)])
    out, err, time = io.StringIO(), io.StringIO(), FakeTime()
    status = run_probe(args, Config(), out=out, err=err, clock=time.clock, sleep=time.sleep,
                       ask=lambda question: "Y\n")  # fmt: skip
    assert status == 0
    assert out.getvalue().count("Do not touch the pad") == 1
    assert out.getvalue().count("Now tap the pad 3 more times") == 1
    assert "touch_threshold: 30" in path.read_text()


def test_the_probe_measures_the_noise_of_every_electrode_with_a_role(tmp_path):
    import io

    from facepacer.cli import build_parser
    from facepacer.cli.probe import probe as run_probe
    from facepacer.config import Config, SensorConfig

    path = tmp_path / "config.yaml"
    args = build_parser().parse_args(["probe", "--sim", "--calibrate", "--config", str(path)])
    out, err, time = io.StringIO(), io.StringIO(), FakeTime()
    config = Config(sensor=SensorConfig(roles={5: "next", 3: "back"}))
    status = run_probe(args, config, out=out, err=err, clock=time.clock, sleep=time.sleep,
                       ask=lambda question: "n")  # fmt: skip
    assert status == 0
    electrodes = [line.split(":")[0] for line in out.getvalue().splitlines()
                  if line.startswith("  electrode ")]  # fmt: skip
    assert electrodes == ["  electrode 0 (pad)", "  electrode 3 (role)", "  electrode 5 (role)"]
