"""The doctor at the edges of what it reads: who may open a device file (owner, group, primary
group, root), which addresses the I2C scan covers (0x08-0x77, as i2cdetect), a service enabled
for either target, a drop-in that empties ReadWritePaths, a log folder not made yet, space
counted in the file system's own fragments, and the pins given back when the checks end."""

from __future__ import annotations

import io
import os
import types
from dataclasses import replace
from pathlib import Path

import pytest
from gpiozero.pins.mock import MockFactory, MockPWMPin

from facepacer.cli.doctor import report
from facepacer.config import Config, SensorConfig
from facepacer.doctor import FAIL, OK, Identity, Result, devices, run_checks, system, unit
from facepacer.hardware import mpr121
from facepacer.hardware.pins import PinChoice

from .test_checks import context, put

MB = 1024 * 1024
ROOT = Identity("root", 0, (0,))
SRV, HOME = Path("/srv/facepacer"), Path("/home/pi")


def owner_of(path) -> Identity:
    """A user (not root) who owns ``path`` and is not in its group."""
    if os.geteuid() == 0:
        os.chown(path, 4242, 4343)
    return Identity("pi", path.stat().st_uid, (4242,) if path.stat().st_gid != 4242 else (1,))


def test_an_i2c_device_owned_by_the_user_with_rw_for_the_owner_only_is_ok(tmp_path):
    device = put(tmp_path, "/dev/i2c-1", mode=0o600)
    owner = owner_of(device)
    assert system.i2c(context(tmp_path, who=owner)).status == OK
    device.chmod(0o060)  # the group's bits are not the owner's
    assert system.i2c(context(tmp_path, who=owner)).status == FAIL


def test_root_may_open_an_i2c_device_whatever_its_mode(tmp_path):
    put(tmp_path, "/dev/i2c-1", mode=0o000)
    assert system.i2c(context(tmp_path, who=ROOT)).status == OK


def test_root_needs_no_groups(tmp_path):
    put(tmp_path, "/etc/group", "root:x:0:\ni2c:x:998:\ngpio:x:997:\n")
    result = system.groups(context(tmp_path, who=ROOT))
    assert result.status == OK and result.detail.startswith("root may open every device")


def test_a_user_whose_primary_group_is_i2c_is_in_it(tmp_path):
    put(tmp_path, "/etc/group", "pi:x:4242:\ni2c:x:998:\n")
    put(tmp_path, "/etc/passwd", "pi:x:4242:998:Pi:/home/pi:/bin/bash\n")
    who = Identity("pi", 4242, (998,))
    result = system.groups(context(tmp_path, who=who))
    assert result.status == OK and result.detail.startswith("pi is in i2c")


class Bus:
    """An I2C bus where chips answer at ``answering``; an MPR121 after reset at 0x5A."""

    def __init__(self, *answering: int):
        self.answering = {0x5A, *answering}
        self.asked = set()

    def read_byte_data(self, address: int, register: int) -> int:
        self.asked.add(address)
        if address not in self.answering:
            raise OSError(121, "Remote I/O error")
        return mpr121.CONFIG2_AFTER_RESET if address == 0x5A else 0


@pytest.mark.parametrize("address", [0x08, 0x77])
def test_the_scan_reaches_the_first_and_last_address_i2cdetect_scans(tmp_path, address):
    result = devices.sensor(context(tmp_path, bus=Bus(address)))
    assert result.status == OK and result.detail.endswith(f"also answering: 0x{address:02X}")


def test_the_scan_leaves_the_reserved_addresses_alone(tmp_path):
    bus = Bus(0x07, 0x78)
    result = devices.sensor(context(tmp_path, bus=bus))
    assert result.status == OK and "also answering" not in result.detail
    assert min(bus.asked) == 0x08 and max(bus.asked) == 0x77


def test_a_service_enabled_for_the_graphical_target_is_enabled(tmp_path):
    service = put(tmp_path, "/etc/systemd/system/facepacer.service")
    wants = tmp_path / "etc/systemd/system/graphical.target.wants"
    wants.mkdir()
    (wants / "facepacer.service").symlink_to(service)
    result = system.service(context(tmp_path))
    assert result.detail == "facepacer.service is enabled but not running"


def test_an_empty_read_write_paths_in_a_drop_in_closes_what_the_unit_opened(tmp_path):
    put(tmp_path, "/etc/systemd/system/facepacer.service",
        "[Service]\nProtectSystem=strict\nReadWritePaths=/srv/facepacer\n")  # fmt: skip
    assert unit.service_may_write(unit.properties(tmp_path), SRV, HOME)
    put(tmp_path, "/etc/systemd/system/facepacer.service.d/override.conf",
        "[Service]\nReadWritePaths=\n")  # fmt: skip
    assert not unit.service_may_write(unit.properties(tmp_path), SRV, HOME)


def test_a_log_folder_not_made_yet_is_judged_by_the_folder_it_will_be_made_in(tmp_path):
    db = tmp_path / "data" / "facepacer" / "sessions.db"
    (tmp_path / "data").mkdir()
    result = system.data(context(tmp_path, who=ROOT, config=Config(db=str(db))))
    assert result.status == OK and result.detail.startswith(f"{db.parent}: writable")


@pytest.mark.parametrize("free_mb, status", [(19, FAIL), (20, "warn"), (200, OK)])
def test_free_space_is_counted_in_the_file_systems_own_fragments(tmp_path, free_mb, status):
    blocks = types.SimpleNamespace(f_bavail=free_mb * MB // 1024, f_frsize=1024)
    config = Config(db=str(tmp_path / "sessions.db"))
    result = system.data(context(tmp_path, config=config, who=ROOT, statvfs=lambda path: blocks))
    assert result.status == status and f"{free_mb:,} MB free" in result.detail


def test_an_ok_line_shows_no_fix():
    out = io.StringIO()
    report([Result("clock", OK, "synchronised", "nothing to do")], as_json=False, out=out)
    assert out.getvalue() == "ok    clock  synchronised\n1 ok, 0 warnings, 0 failed\n"


class Factory(MockFactory):
    closed = 0

    def close(self):
        Factory.closed += 1
        super().close()


def test_the_checks_give_the_pins_back_when_they_end(tmp_path):
    Factory.closed = 0
    run_checks(context(tmp_path, pins=lambda: PinChoice(Factory(pin_class=MockPWMPin))))
    assert Factory.closed == 1


def test_the_checks_ask_for_the_pin_library_once(tmp_path):
    asked = []
    ctx = replace(context(tmp_path), pins=lambda: asked.append(1) or PinChoice(MockFactory()))
    run_checks(ctx)
    assert asked == [1]


def test_a_quoted_environment_line_in_a_drop_in_is_read_as_systemd_reads_it(tmp_path):
    put(tmp_path, "/etc/systemd/system/facepacer.service", "[Service]\n")
    put(tmp_path, "/etc/systemd/system/facepacer.service.d/screen.conf",
        '[Service]\nEnvironment="SDL_KMSDRM_DEVICE_INDEX=1"\n')  # fmt: skip
    assert unit.environment(unit.properties(tmp_path)) == {"SDL_KMSDRM_DEVICE_INDEX": "1"}


class Held(MockFactory):
    """A pin library whose pins the running service holds, saying so in gpiozero's words."""

    def pin(self, spec, **kwargs):
        raise RuntimeError(f"pin GPIO{spec} is already in use by another program")


def test_a_pin_in_use_by_the_running_service_is_only_a_warning(tmp_path):
    result = devices.pins(context(tmp_path, pins=lambda: PinChoice(Held())))
    assert result.status == "warn" and "GPIO18 is in use" in result.detail


def test_a_system_wide_autostart_entry_counts_as_starting_by_itself(tmp_path):
    put(tmp_path, "/etc/xdg/autostart/facepacer.desktop")
    result = system.service(context(tmp_path))
    assert (result.status, result.detail) == (OK, "starts with the desktop (facepacer.desktop)")


def test_an_mpr121_the_running_device_set_up_is_ok(tmp_path):
    class Running(Bus):
        def read_byte_data(self, address: int, register: int) -> int:
            super().read_byte_data(address, register)
            return mpr121.CONFIG2_SETTING

    result = devices.sensor(context(tmp_path, bus=Running()))
    assert result == Result("sensor", OK, "an MPR121 set up by facepacer at 0x5A on I2C bus 1")


def test_the_display_is_tried_with_the_services_sdl_settings_only(monkeypatch):
    from facepacer.doctor import video

    seen = {}

    def run(argv, env, **kwargs):
        seen.update(env)
        return types.SimpleNamespace(returncode=0, stdout="started kmsdrm 800x480\n", stderr="")

    monkeypatch.setenv("SDL_VIDEODRIVER", "x11")
    monkeypatch.setenv("SDL_RENDER_DRIVER", "software")
    monkeypatch.setattr(video.subprocess, "run", run)
    started = video.start_video({"SDL_VIDEODRIVER": "kmsdrm"})
    assert started == video.Started(True, "kmsdrm 800x480")
    assert seen["SDL_VIDEODRIVER"] == "kmsdrm" and "SDL_RENDER_DRIVER" not in seen


def test_the_i2c_check_looks_at_the_configured_bus(tmp_path):
    put(tmp_path, "/dev/i2c-20", mode=0o666)
    config = Config(sensor=SensorConfig(bus=20))
    result = system.i2c(context(tmp_path, config=config))
    assert (result.status, result.detail) == (OK, "/dev/i2c-20 is there and pi may open it")


def test_the_default_log_folder_follows_xdg_data_home(tmp_path):
    env = {"HOME": "/home/pi", "XDG_DATA_HOME": str(tmp_path / "xdg")}
    result = system.data(context(tmp_path, who=ROOT, env=env))
    assert result.status == OK
    assert result.detail.startswith(f"{tmp_path / 'xdg' / 'facepacer'}: writable")


def test_a_group_line_without_its_members_field_is_passed_over(tmp_path):
    put(tmp_path, "/etc/group", "pi:x:4242:\ni2c:x:998\ngpio:x:997:pi\n")
    result = system.groups(context(tmp_path, who=Identity("pi", 4242, (4242, 997))))
    assert result.status == OK and "no i2c, video, render, input, audio group" in result.detail
