"""When SDL cannot open a display, the device says the likely cause instead of a traceback."""

from __future__ import annotations

import pygame

from facepacer.cli import main
from facepacer.ui.drivers import display_failure, loaded_sdl_libraries, sdl_video_drivers

NOT_AVAILABLE = pygame.error("kmsdrm not available")


def test_an_sdl_without_kmsdrm_is_named_with_the_fix():
    message = display_failure(NOT_AVAILABLE, {"SDL_VIDEODRIVER": "kmsdrm"}, ["x11", "offscreen"])
    assert "this pygame's SDL has no KMSDRM driver" in message and "install-pi.sh" in message


def test_an_sdl_with_kmsdrm_that_still_fails_points_at_the_screen_groups_and_console():
    message = display_failure(NOT_AVAILABLE, {"SDL_VIDEODRIVER": "KMSDRM"}, ["x11", "kmsdrm"])
    assert "/dev/dri" in message and "video and render groups" in message
    assert "facepacer doctor" in message


def test_another_driver_that_fails_points_at_the_doctor():
    message = display_failure(pygame.error("x11 not available"), {"SDL_VIDEODRIVER": "x11"}, [])
    assert (
        message
        == "cannot open the display (x11 not available); `facepacer doctor` checks the display"
    )


def test_the_drivers_of_this_pygames_sdl_are_read_from_its_library():
    drivers = sdl_video_drivers(loaded_sdl_libraries())
    assert "dummy" in drivers and "offscreen" in drivers


def test_the_device_on_a_console_driver_it_cannot_open_exits_1_with_the_cause(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("SDL_VIDEODRIVER", "kmsdrm")  # no screen on /dev/dri here, if SDL has it
    pygame.display.quit()
    assert main(["run", "--sim", "--db", str(tmp_path / "s.db")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("facepacer run: error: cannot open the display (kmsdrm not available): ")
    assert "Traceback" not in err
