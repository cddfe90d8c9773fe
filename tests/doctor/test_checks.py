"""Each doctor check, passing and failing: the failures are faked by building the tree they see."""

from __future__ import annotations

import io
import json
import os
import types
from dataclasses import replace
from pathlib import Path

from gpiozero.pins.mock import MockFactory, MockPin, MockPWMPin

from facepacer.cli.doctor import report
from facepacer.config import BuzzerConfig, Config, SensorConfig
from facepacer.doctor import FAIL, OK, WARN, Context, Identity, Result, devices, run_checks, system
from facepacer.doctor.video import Started
from facepacer.hardware.emulated import EmulatedMPR121
from facepacer.hardware.pins import PinChoice

PI = Identity("pi", 4242, (4242,))
PLENTY = types.SimpleNamespace(f_bavail=1_000_000, f_frsize=4096)


def put(root: Path, path: str, text: str = "", mode: int = 0o644) -> Path:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    target.chmod(mode)
    return target


def context(tmp_path, **changes) -> Context:
    base = Context(Config(), root=tmp_path, who=PI, env={"HOME": "/home/pi"},
                   statvfs=lambda path: PLENTY,
                   start_video=lambda env: Started(True, "kmsdrm 480x320"))  # fmt: skip
    return replace(base, **changes)


def in_group_of(path: Path) -> Identity:
    return Identity("pi", 4242, (path.stat().st_gid,))


# -- i2c -------------------------------------------------------------------------------------------


def test_i2c_that_is_off_says_how_to_enable_it(tmp_path):
    result = system.i2c(context(tmp_path))
    assert result.status == FAIL and "/dev/i2c-1 is missing" in result.detail
    assert "raspi-config nonint do_i2c 0" in result.fix


def test_i2c_on_another_bus_names_the_buses_there(tmp_path):
    put(tmp_path, "/dev/i2c-20")
    result = system.i2c(context(tmp_path))
    assert result.status == FAIL and "i2c-20" in result.detail and "sensor: bus:" in result.fix


def test_an_i2c_device_the_user_may_not_open_says_which_group(tmp_path):
    put(tmp_path, "/dev/i2c-1", mode=0o600)
    result = system.i2c(context(tmp_path))
    assert result.status == FAIL and "usermod -aG i2c pi" in result.fix


def test_an_i2c_device_open_to_the_users_group_is_ok(tmp_path):
    device = put(tmp_path, "/dev/i2c-1", mode=0o660)
    assert system.i2c(context(tmp_path, who=in_group_of(device))).status == OK


# -- sensor ----------------------------------------------------------------------------------------


def test_an_mpr121_at_the_configured_address_is_ok(tmp_path):
    result = devices.sensor(context(tmp_path, bus=EmulatedMPR121(0x5A)))
    assert result == Result("sensor", OK, "an MPR121 after reset at 0x5A on I2C bus 1")


def test_a_sensor_at_another_address_is_named_with_the_setting_to_change(tmp_path):
    result = devices.sensor(context(tmp_path, bus=EmulatedMPR121(0x5B)))
    assert result.status == FAIL
    assert "nothing answers at 0x5A" in result.detail and "also answering: 0x5B" in result.detail
    assert "address: 0x5B" in result.fix


def test_an_unplugged_sensor_points_at_the_wiring(tmp_path):
    chip = EmulatedMPR121(0x5A)
    chip.unplug()
    result = devices.sensor(context(tmp_path, bus=chip))
    assert result.status == FAIL and "SDA to GPIO2 (pin 3)" in result.fix


def test_another_chip_at_the_address_is_a_warning(tmp_path):
    result = devices.sensor(context(tmp_path, bus=EmulatedMPR121(0x5A, wrong_chip=True)))
    assert result.status == WARN and "not an MPR121's" in result.detail


def test_a_bus_that_cannot_be_opened_fails_the_sensor_check(tmp_path):
    config = Config(sensor=SensorConfig(bus=63))
    result = devices.sensor(context(tmp_path, config=config))
    assert result.status == FAIL and "/dev/i2c-63 missing" in result.detail


# -- pins and irq ----------------------------------------------------------------------------------


def choice(pin_class=MockPWMPin) -> PinChoice:
    return PinChoice(MockFactory(pin_class=pin_class))


def test_a_pin_library_with_pwm_on_the_buzzer_pin_is_ok(tmp_path):
    result = devices.pins(context(tmp_path, pins=lambda: choice()))
    assert result == Result("pins", OK, "MockFactory: PWM tones on GPIO18")


def test_a_buzzer_pin_without_pwm_fails_for_a_passive_piezo(tmp_path):
    result = devices.pins(context(tmp_path, pins=lambda: choice(MockPin)))
    assert result.status == FAIL and "cannot make a tone (PWM) on GPIO18" in result.detail


def test_an_active_buzzer_needs_no_pwm(tmp_path):
    config = Config(buzzer=BuzzerConfig(active=True))
    result = devices.pins(context(tmp_path, config=config, pins=lambda: choice(MockPin)))
    assert result.status == OK and "on/off output" in result.detail


def test_no_pin_library_fails_with_the_reason_gpiozero_gave(tmp_path):
    reason = "Falling back from lgpio: [Errno 13] Permission denied: '.lgd-nfy0'"
    missing = PinChoice(None, [reason])
    assert devices.pins(context(tmp_path, pins=lambda: missing)).fix.count(reason) == 1
    assert devices.irq(context(tmp_path, pins=lambda: missing)).status == FAIL


def test_an_idle_irq_line_reads_high(tmp_path):
    result = devices.irq(context(tmp_path, pins=lambda: choice()))
    assert result == Result("irq", OK, "GPIO4 reads high (idle), pulled up")


def test_an_irq_line_held_low_is_a_warning(tmp_path):
    pins = choice()
    pin = pins.factory.pin(4)
    pin.function, pin.pull = "input", "up"
    pin.drive_low()
    result = devices.irq(context(tmp_path, pins=lambda: pins))
    assert result.status == WARN and "reads low" in result.detail


def test_no_irq_wire_is_fine(tmp_path):
    config = Config(sensor=SensorConfig(irq_pin=None))
    result = devices.irq(context(tmp_path, config=config, pins=lambda: PinChoice(None)))
    assert result.status == OK and "every 20 ms" in result.detail


# -- sdl, display, backlight -----------------------------------------------------------------------


def sdl_library(tmp_path, *drivers: str):
    library = tmp_path / "libSDL2-2.0.so.0"
    library.write_bytes(b"\x7fELF" + b"".join(b"\x00" + d.encode() + b"\x00" for d in drivers))
    return lambda: [library]


def test_an_sdl_with_kmsdrm_is_ok(tmp_path):
    found = sdl_library(tmp_path, "x11", "KMSDRM", "offscreen")
    result = system.sdl(context(tmp_path, sdl_libraries=found))
    assert result.status == OK and "x11, kmsdrm, offscreen" in result.detail


def test_an_sdl_without_kmsdrm_fails_on_the_console(tmp_path):
    found = sdl_library(tmp_path, "x11", "wayland", "offscreen")
    result = system.sdl(context(tmp_path, sdl_libraries=found))
    assert result.status == FAIL and "python3-pygame" in result.fix


def test_an_sdl_without_kmsdrm_is_only_a_warning_on_a_desktop(tmp_path):
    found = sdl_library(tmp_path, "x11", "wayland")
    env = {"WAYLAND_DISPLAY": "wayland-0"}
    assert system.sdl(context(tmp_path, sdl_libraries=found, env=env)).status == WARN


def test_a_pygame_that_cannot_be_imported_fails(tmp_path):
    def broken():
        raise ImportError("No module named 'pygame'")

    assert system.sdl(context(tmp_path, sdl_libraries=broken)).status == FAIL


def test_a_connected_display_is_ok(tmp_path):
    put(tmp_path, "/sys/class/drm/card1-HDMI-A-1/status", "connected\n")
    put(tmp_path, "/sys/class/drm/card1-HDMI-A-2/status", "disconnected\n")
    assert system.display(context(tmp_path)).detail == "connected: card1-HDMI-A-1"


def test_no_display_connected_fails(tmp_path):
    put(tmp_path, "/sys/class/drm/card1-HDMI-A-1/status", "disconnected\n")
    result = system.display(context(tmp_path))
    assert result.status == FAIL and "card1-HDMI-A-1 disconnected" in result.detail


def test_no_kms_driver_fails_naming_the_overlay(tmp_path):
    result = system.display(context(tmp_path))
    assert result.status == FAIL and "vc4-kms-v3d" in result.fix and "fbtft" in result.fix


def test_no_backlight_is_a_warning(tmp_path):
    assert system.backlight(context(tmp_path)).status == WARN


def test_a_backlight_the_user_may_not_write_fails(tmp_path):
    put(tmp_path, "/sys/class/backlight/10-0045/brightness", "255", mode=0o644)
    result = system.backlight(context(tmp_path))
    assert result.status == FAIL and "udev rule" in result.fix


def test_a_backlight_writable_by_the_users_group_is_ok(tmp_path):
    level = put(tmp_path, "/sys/class/backlight/10-0045/brightness", "255", mode=0o664)
    assert system.backlight(context(tmp_path, who=in_group_of(level))).status == OK


# -- groups, data, clock, service ------------------------------------------------------------------

GROUP_FILE = "pi:x:4242:\ngpio:x:997:pi\ni2c:x:998:\nvideo:x:44:pi\ninput:x:105:pi\n"


def test_missing_groups_fail_with_the_usermod_line(tmp_path):
    put(tmp_path, "/etc/group", GROUP_FILE + "render:x:106:\naudio:x:29:pi\n")
    result = system.groups(context(tmp_path))
    assert result.status == FAIL and "not in i2c, render" in result.detail
    assert "usermod -aG i2c,render pi" in result.fix


def test_groups_absent_from_the_system_are_only_noted(tmp_path):
    put(tmp_path, "/etc/group", "pi:x:4242:\ni2c:x:998:pi\n")
    result = system.groups(context(tmp_path, who=Identity("pi", 4242, (4242, 998))))
    assert result.status == OK and "no gpio, video, render, input, audio group" in result.detail


def test_groups_added_since_logging_in_are_a_warning(tmp_path):
    put(tmp_path, "/etc/group", "pi:x:4242:\ni2c:x:998:pi\n")
    result = system.groups(context(tmp_path))  # the session has only the group pi
    assert result.status == WARN and "log out and in" in result.fix


def test_a_data_folder_the_user_may_not_write_fails(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    config = Config(db=str(folder / "facepacer" / "sessions.db"))
    result = system.data(context(tmp_path, config=config))
    assert result.status == FAIL and str(folder) in result.detail


def test_a_nearly_full_card_fails(tmp_path):
    full = types.SimpleNamespace(f_bavail=1000, f_frsize=4096)
    config = Config(db=str(tmp_path / "sessions.db"))
    result = system.data(context(tmp_path, config=config, who=Identity("root", 0, (0,)),
                                 statvfs=lambda path: full))  # fmt: skip
    assert result.status == FAIL and "free some space" in result.fix


def test_a_writable_data_folder_is_ok(tmp_path):
    config = Config(db=str(tmp_path / "sessions.db"))
    result = system.data(context(tmp_path, config=config, who=Identity("root", 0, (0,))))
    assert result.status == OK and "3,906 MB free" in result.detail


def test_an_unsynchronised_clock_is_a_warning(tmp_path):
    assert system.clock(context(tmp_path)).status == WARN
    put(tmp_path, "/run/systemd/timesync/synchronized")
    assert system.clock(context(tmp_path)).status == OK


def test_no_service_is_a_warning_naming_the_installer(tmp_path):
    result = system.service(context(tmp_path))
    assert result.status == WARN and "install-pi.sh" in result.fix


def test_an_installed_service_that_is_not_enabled_fails(tmp_path):
    put(tmp_path, "/etc/systemd/system/facepacer.service")
    result = system.service(context(tmp_path))
    assert result.status == FAIL and "systemctl enable" in result.fix


def test_an_enabled_service_that_is_not_running_is_a_warning_then_ok_when_running(tmp_path):
    unit = put(tmp_path, "/etc/systemd/system/facepacer.service")
    wants = tmp_path / "etc/systemd/system/multi-user.target.wants"
    wants.mkdir()
    (wants / "facepacer.service").symlink_to(unit)
    assert system.service(context(tmp_path)).status == WARN
    invocation = tmp_path / "run/systemd/units/invocation:facepacer.service"
    invocation.parent.mkdir(parents=True)
    invocation.symlink_to("0123456789abcdef")
    assert system.service(context(tmp_path)).status == OK


def test_a_desktop_autostart_entry_counts_as_starting_by_itself(tmp_path):
    put(tmp_path, "/home/pi/.config/autostart/facepacer.desktop")
    assert system.service(context(tmp_path)).status == OK


# -- all together ----------------------------------------------------------------------------------


def test_a_check_that_breaks_is_reported_and_the_others_still_run(tmp_path):
    results = run_checks(context(tmp_path, pins=lambda: choice(), bus=EmulatedMPR121(0x5A),
                                 sdl_libraries=lambda: [tmp_path / "missing.so"]))  # fmt: skip
    by_name = {r.check: r for r in results}
    assert len(results) == 11 and by_name["sensor"].status == OK
    assert by_name["sdl"].status == FAIL and "the check itself failed" in by_name["sdl"].detail


def test_the_report_exits_zero_with_warnings_and_one_with_a_failure():
    out = io.StringIO()
    warned = [Result("i2c", OK, "fine"), Result("clock", WARN, "late", "wait")]
    assert report(warned, as_json=False, out=out) == 0
    assert out.getvalue().splitlines() == [
        "ok    i2c    fine", "warn  clock  late", "             fix: wait",
        "1 ok, 1 warnings, 0 failed",
    ]  # fmt: skip
    out = io.StringIO()
    assert report(warned + [Result("sdl", FAIL, "no", "yes")], as_json=True, out=out) == 1
    document = json.loads(out.getvalue())
    assert document["ok"] is False and [c["check"] for c in document["checks"]] == [
        "i2c", "clock", "sdl",
    ]  # fmt: skip


def test_the_command_prints_every_check_as_json(capsys, monkeypatch):
    from facepacer.cli import main

    monkeypatch.setenv("GPIOZERO_PIN_FACTORY", "mock")
    status = main(["doctor", "--json"])
    document = json.loads(capsys.readouterr().out)
    assert status == (0 if document["ok"] else 1)
    assert [c["check"] for c in document["checks"]] == [
        "i2c", "sensor", "pins", "irq", "sdl", "display", "backlight", "groups", "data",
        "clock", "service",
    ]  # fmt: skip
    assert all(c["status"] in ("ok", "warn", "fail") for c in document["checks"])
    assert os.environ.get("PYGAME_HIDE_SUPPORT_PROMPT")
