"""The panel's backlight follows the screen's sleep, on a fake /sys/class/backlight."""

from __future__ import annotations

import pytest

from facepacer.engine.snapshot import AWAKE, BLANK, DIM
from facepacer.ui.backlight import Backlight
from facepacer.ui.window import Window


@pytest.fixture
def sysfs(tmp_path):
    panel = tmp_path / "10-0045"
    panel.mkdir()
    (panel / "brightness").write_text("200\n")
    (panel / "max_brightness").write_text("255\n")
    (panel / "bl_power").write_text("0\n")
    return tmp_path


def read(sysfs, name):
    return (sysfs / "10-0045" / name).read_text().strip()


def test_dim_lowers_blank_switches_off_and_awake_restores(sysfs):
    light = Backlight(sysfs)
    assert light.available
    light.apply(DIM)
    assert read(sysfs, "brightness") == "60"
    light.apply(BLANK)
    assert (read(sysfs, "bl_power"), read(sysfs, "brightness")) == ("4", "0")
    light.apply(AWAKE)
    assert (read(sysfs, "bl_power"), read(sysfs, "brightness")) == ("0", "200")


def test_no_backlight_device_means_nothing_to_do_and_a_reason(tmp_path):
    light = Backlight(tmp_path / "none")
    assert not light.available and "no backlight" in light.reason
    light.apply(BLANK)


def test_a_refused_write_is_reported_and_does_not_raise(sysfs):
    light = Backlight(sysfs)
    panel = sysfs / "10-0045"
    (panel / "bl_power").unlink()
    (panel / "bl_power").mkdir()  # writing to it fails, as a file the user may not write would
    light.apply(BLANK)
    assert "cannot write" in light.reason and not light.available
    light.apply(AWAKE)


def test_the_window_passes_power_to_its_backlight_and_wakes_it_on_close(sysfs):
    window = Window((480, 320), headless=True, backlight=Backlight(sysfs))
    window.set_power(BLANK)
    assert read(sysfs, "bl_power") == "4"
    window.close()
    assert (read(sysfs, "bl_power"), read(sysfs, "brightness")) == ("0", "200")


def test_a_window_on_a_laptop_leaves_its_backlight_alone():
    assert Window((480, 320), headless=True).backlight is None


def panel(root, name, brightness=200, kind=None, device=None):
    path = root / name
    path.mkdir(parents=True)
    (path / "brightness").write_text(f"{brightness}\n")
    (path / "max_brightness").write_text("255\n")
    if kind:
        (path / "type").write_text(f"{kind}\n")
    if device is not None:
        (path / "device").symlink_to(device)
    return path


def connector(drm, name, status, device=None):
    path = drm / name
    path.mkdir(parents=True)
    (path / "status").write_text(f"{status}\n")
    return path


def test_the_backlight_of_the_connected_display_is_chosen_over_the_first_name(tmp_path):
    root, drm = tmp_path / "backlight", tmp_path / "drm"
    dsi = connector(drm, "card1-DSI-1", "connected")
    connector(drm, "card1-HDMI-A-1", "disconnected")
    (dsi / "panel").mkdir()
    panel(root, "acpi_video0", kind="firmware")
    panel(root, "rpi_backlight", kind="raw", device=dsi / "panel")
    assert Backlight(root, drm=drm).device.name == "rpi_backlight"


def test_without_a_connected_display_the_kernel_kind_decides_then_the_name(tmp_path):
    root = tmp_path / "backlight"
    panel(root, "a_raw", kind="raw")
    panel(root, "b_platform", kind="platform")
    panel(root, "c_firmware", kind="firmware")
    assert Backlight(root, drm=tmp_path / "no-drm").device.name == "c_firmware"


def test_the_config_names_the_backlight_and_a_wrong_name_is_said(tmp_path):
    root = tmp_path / "backlight"
    panel(root, "10-0045")
    panel(root, "intel_backlight")
    assert Backlight(root, name="intel_backlight").device.name == "intel_backlight"
    wrong = Backlight(root, name="11-0045")
    assert not wrong.available
    assert wrong.reason == (
        f"no backlight '11-0045' under {root} (there: 10-0045, intel_backlight): the screen "
        "sleeps by drawing black"
    )


def test_a_run_that_dies_dimmed_does_not_ratchet_the_brightness_down(tmp_path):
    root, state = tmp_path / "backlight", tmp_path / "data" / "backlight"
    path = panel(root, "10-0045", brightness=200)
    first = Backlight(root, state_file=state)
    first.apply(DIM)
    assert (path / "brightness").read_text() == "60"
    # killed here: the panel is left at 60; the next start must not take 60 as full
    second = Backlight(root, state_file=state)
    second.apply(DIM)
    second.apply(AWAKE)
    assert (path / "brightness").read_text() == "200"
    assert not state.exists()  # awake again at the user's brightness: nothing to keep


def test_restore_puts_back_the_brightness_found_at_start(tmp_path):
    root = tmp_path / "backlight"
    path = panel(root, "10-0045", brightness=140)
    light = Backlight(root, state_file=tmp_path / "state")
    light.apply(BLANK)
    light.restore()
    assert (path / "brightness").read_text() == "140"
