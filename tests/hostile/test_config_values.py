"""Config values that used to crash the device, and the one window-size rule."""

from __future__ import annotations

import pytest

from facepacer.cli import main
from facepacer.config import Config, load_config

I2C = "GPIO2 and GPIO3 carry the I2C bus to the sensor"


def config_file(tmp_path, text: str):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("key", ["²", "٣", "１", "3 ", "0x3", "+3", "03" * 300])
def test_a_role_key_that_is_not_plain_digits_is_warned_about_and_ignored(tmp_path, key):
    path = config_file(tmp_path, f"sensor:\n  roles: {{'{key}': back}}\n")
    config, warnings = load_config(path)
    assert config.sensor.roles == {}
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}:2:")
    assert "is not a number from 0 to 11; this role is ignored" in warnings[0]


def test_a_role_with_a_plain_electrode_number_is_kept(tmp_path):
    config, warnings = load_config(config_file(tmp_path, "sensor:\n  roles: {'03': next}\n"))
    assert (config.sensor.roles, warnings) == ({3: "next"}, [])


@pytest.mark.parametrize(
    "text, line, fragment, irq, buzzer",
    [
        ("sensor:\n  irq_pin: 18\n", 2, "'irq_pin' 18 in sensor is also the buzzer's", None, 18),
        ("sensor:\n  irq_pin: 2\n", 2, f"'irq_pin' 2 in sensor: {I2C}", 4, 18),
        ("sensor:\n  irq_pin: 3\n", 2, f"'irq_pin' 3 in sensor: {I2C}", 4, 18),
        ("buzzer:\n  pin: 3\n", 2, f"'pin' 3 in buzzer: {I2C}", 4, 18),
        ("buzzer:\n  pin: 4\n", 2, "'pin' 4 in buzzer is also the sensor's IRQ pin", None, 4),
        ("sensor:\n  irq_pin: 7\nbuzzer:\n  pin: 7\n", 2, "also the buzzer's pin", None, 7),
    ],
)
def test_pins_that_clash_are_a_warning_at_their_line(tmp_path, text, line, fragment, irq, buzzer):
    path = config_file(tmp_path, text)
    config, warnings = load_config(path)
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{path}:{line}:") and fragment in warnings[0]
    assert (config.sensor.irq_pin, config.buzzer.pin) == (irq, buzzer)


def test_pins_that_do_not_clash_are_kept(tmp_path):
    config, warnings = load_config(config_file(tmp_path, "sensor:\n  irq_pin: 17\n"))
    assert (config.sensor.irq_pin, config.buzzer.pin, warnings) == (17, 18, [])
    assert Config().sensor.irq_pin == 4


@pytest.mark.parametrize("text", ["sensor:\n  irq_pin: 18\n", "sensor:\n  irq_pin: 2\n",
                                  "sensor:\n  roles: {²: back}\n"])  # fmt: skip
def test_the_device_and_probe_run_on_with_a_clashing_pin(home, headless, facepacer, text):
    config = home / "config" / "facepacer" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(text, encoding="utf-8")
    outcome = headless()
    assert outcome.code == 0 and f"{config}:2:" in outcome.err
    assert facepacer("probe", "--sim", "--once").code == 0


RULE = "width 160 to 4096 and height 120 to 4096 pixels"


@pytest.mark.parametrize("size", ["100x100", "5000x480", "480x100"])
def test_one_window_size_rule_for_config_size_option_and_screenshot(
    home, tmp_path, facepacer, capsys, size
):
    path = config_file(tmp_path, f"size: {size}\n")
    _config, warnings = load_config(path)
    assert RULE in warnings[0] and f"the window size {size} is out of range" in warnings[0]
    ran = facepacer("run", "--sim", "--headless", "--size", size)
    assert ran.code == 2 and f"--size: the window size {size} is out of range" in ran.err
    assert RULE in ran.err
    with pytest.raises(SystemExit) as exited:
        main(["screenshot", "--screen", "home", "--size", size, "--out", str(tmp_path / "x.png")])
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert f"--size: the window size {size} is out of range" in err and RULE in err


def test_the_rule_takes_the_sizes_it_names(tmp_path):
    for size in ("160x120", "4096x4096", "320x480"):
        config, warnings = load_config(config_file(tmp_path, f"size: {size}\n"))
        assert warnings == [] and "x".join(map(str, config.size)) == size
