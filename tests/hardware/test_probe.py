"""``facepacer probe``: what it prints, what it sounds, and how it fails, on a fake clock."""

from __future__ import annotations

import io

import pytest
from gpiozero.pins.mock import MockFactory, MockPWMPin

from facepacer.cli import build_parser, main
from facepacer.config import Config
from facepacer.engine.cues import STYLES
from facepacer.engine.events import CUES
from facepacer.hardware.emulated import EmulatedBus, EmulatedMPR121


class FakeTime:
    """A clock that only moves when the probe sleeps; ``during`` runs actions at given times."""

    def __init__(self, start: float = 1000.0):
        self.start = self.now = start
        self.actions = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        while self.actions and self.actions[0][0] <= self.now - self.start:
            self.actions.pop(0)[1]()


def probe(argv, *, bus=None, pins=None, time=None):
    from facepacer.cli.probe import probe as run_probe

    args = build_parser().parse_args(["probe", *argv])
    out, err = io.StringIO(), io.StringIO()
    time = time or FakeTime()
    status = run_probe(
        args, Config(), out=out, err=err, clock=time.clock, sleep=time.sleep, bus=bus,
        pin_factory=pins,
    )  # fmt: skip
    return status, out.getvalue(), err.getvalue()


def test_sim_once_scans_identifies_and_prints_one_table():
    status, out, err = probe(["--sim", "--once"])
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[:6] == [
        "I2C bus 1 (emulated): looking for an MPR121 at 0x5a-0x5d",
        "  0x5a  answers, CONFIG2 (0x5D) = 0x24",
        "  0x5b  -",
        "  0x5c  -",
        "  0x5d  -",
        "MPR121 at 0x5a on I2C bus 1: reset, identified, 12 electrodes running "
        "(touch 12, release 6)",
    ]
    assert lines[6] == "charge auto-configured: electrode 0: 47 uA for 1 us"
    assert lines[7] == "electrode  role   touched  filtered  baseline  delta"
    # A 20 pF pad behind 2 mm of acrylic, charged to read about 720: a finger takes 56 counts.
    assert lines[8].split() == ["0", "pad", "TOUCH", "672", "728", "56"]
    assert len(lines) == 8 + 12
    assert all(line.split()[1] == "-" for line in lines[9:])


def test_sim_at_another_address_finds_it_there():
    status, out, _ = probe(["--sim", "--once", "--address", "0x5c"])
    assert status == 0
    assert "  0x5c  answers, CONFIG2 (0x5D) = 0x24" in out
    assert "MPR121 at 0x5c on I2C bus 1" in out


def test_live_sim_sounds_every_cue_in_turn_naming_each():
    pins = MockFactory(pin_class=MockPWMPin)
    time = FakeTime()
    heard = set()
    pin = pins.pin(18)
    original = time.sleep

    def listening_sleep(seconds):
        if pin.frequency is not None and pin.state:
            heard.add(round(pin.frequency))
        original(seconds)

    time.sleep = listening_sleep
    status, out, _ = probe(["--sim", "--seconds", "12"], pins=pins, time=time)
    assert status == 0
    named = [line.split()[1] for line in out.splitlines() if line.startswith("cue ")]
    assert named == list(CUES)
    assert "cue zone       1047 Hz 120 ms, rest 60 ms, 1047 Hz 120 ms" in out
    assert heard == {round(n.freq) for s in STYLES.values() for n in s.notes if n.freq}
    assert pin.frequency is None  # silent once it is done


def test_live_sim_shows_the_simulated_taps_as_they_happen():
    status, out, _ = probe(["--sim", "--seconds", "3", "--no-sound"])
    assert status == 0
    stamps = [line for line in out.splitlines() if line.startswith("t=")]
    assert stamps == ["t=0.0 s", "t=0.5 s", "t=2.0 s", "t=2.5 s"]
    assert "cue " not in out


def test_a_sensor_unplugged_while_probing_is_reported_and_picked_up_again():
    chip = EmulatedMPR121()
    time = FakeTime()
    time.actions = [(1.0, chip.unplug), (2.0, chip.replug)]
    status, out, _ = probe(["--seconds", "3", "--no-sound"], bus=EmulatedBus(chip, number=1),
                           time=time)  # fmt: skip
    assert status == 0
    assert (
        "sensor: no MPR121 at 0x5a on I2C bus 1: [Errno 121] Remote I/O error; check wiring "
        "SDA GPIO2 / SCL GPIO3 and `i2cdetect -y 1`"
    ) in out
    assert out.count("electrode  role") == 2  # before the unplug and after the replug


def test_a_wrong_chip_is_reported_with_what_it_read_and_exit_1():
    bus = EmulatedBus(EmulatedMPR121(0x5A, wrong_chip=True), EmulatedMPR121(0x5B), number=1)
    status, out, err = probe(["--once"], bus=bus)
    assert status == 1
    assert "  0x5a  answers, CONFIG2 (0x5D) = 0x00" in out
    assert "  0x5b  answers, CONFIG2 (0x5D) = 0x24" in out
    assert err.startswith(
        "facepacer probe: error: a chip answers at 0x5a on I2C bus 1 but it is not"
    )
    assert "reads 0x00 after a soft reset, expected 0x24" in err


def test_nothing_at_the_address_points_at_what_does_answer():
    bus = EmulatedBus(EmulatedMPR121(0x5B), number=1)
    status, _, err = probe(["--once"], bus=bus)
    assert status == 1
    assert err == (
        "facepacer probe: error: no MPR121 at 0x5a on I2C bus 1: [Errno 121] Remote I/O error; "
        "check wiring SDA GPIO2 / SCL GPIO3 and `i2cdetect -y 1`; something answers at 0x5b: try "
        "--address\n"
    )


def test_nothing_at_all_on_the_bus_is_exit_1_without_a_traceback():
    status, out, err = probe(["--once"], bus=EmulatedBus(number=1))
    assert status == 1
    assert out.count(" -\n") == 4
    assert err.startswith("facepacer probe: error: no MPR121 at 0x5a on I2C bus 1:")
    assert "Traceback" not in err


def test_no_i2c_bus_says_how_to_enable_it(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert main(["probe", "--bus", "250", "--once"]) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        "facepacer probe: error: I2C bus 250 is not available (/dev/i2c-250 missing): enable "
        "I2C with `sudo raspi-config nonint do_i2c 0` and reboot\n"
    )


def test_the_command_line_runs_the_sim_probe(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert main(["probe", "--sim", "--once"]) == 0
    assert "0  pad    TOUCH" in capsys.readouterr().out


def test_thresholds_and_roles_come_from_the_config_file(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    settings = tmp_path / "settings.yaml"
    settings.write_text("sensor:\n  touch_threshold: 30\n  release_threshold: 15\n"
                        "  roles: {3: back}\n")  # fmt: skip
    assert main(["probe", "--sim", "--once", "--config", str(settings)]) == 0
    out = capsys.readouterr().out
    assert "(touch 30, release 15)" in out
    assert "        3  back " in out


@pytest.mark.parametrize("address", ["0x29", "fish"])
def test_an_address_an_mpr121_cannot_have_is_a_usage_error(address, capsys):
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(["probe", "--address", address])
    assert caught.value.code == 2
    assert address in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--bus", "-1"], "--bus must be an I2C bus number (N in /dev/i2c-N), 0 or more, not -1"),
        (
            ["--bus", "one"],
            "--bus must be an I2C bus number (N in /dev/i2c-N), 0 or more, not 'one'",
        ),
        (["--seconds", "nan"], "--seconds must be a number of seconds above 0, not nan"),
        (["--seconds", "-1"], "--seconds must be a number of seconds above 0, not -1"),
        (["--seconds", "0"], "--seconds must be a number of seconds above 0, not 0"),
        (["--seconds", "soon"], "--seconds must be a number of seconds above 0, not 'soon'"),
    ],
)
def test_a_bus_or_a_length_that_cannot_be_meant_is_a_usage_error(argv, message, capsys):
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(["probe", *argv])
    assert caught.value.code == 2
    assert message in capsys.readouterr().err


def test_a_length_given_in_seconds_is_read_as_a_number():
    args = build_parser().parse_args(["probe", "--seconds", "2.5", "--bus", "0"])
    assert (args.seconds, args.bus) == (2.5, 0)
