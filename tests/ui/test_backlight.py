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
