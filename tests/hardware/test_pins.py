"""The pin library gpiozero chose, and the real reason when it could not use the right one."""

from __future__ import annotations

import warnings

from gpiozero.exc import BadPinFactory, PinFactoryFallback
from gpiozero.pins.mock import MockFactory

from facepacer.hardware.pins import default_factory, fallbacks_unprinted
from facepacer.ui.drivers import no_display_warning

LGPIO_REASON = "Falling back from lgpio: [Errno 13] Permission denied: '.lgd-nfy0'"


def failing_loader(*reasons: str, then=None):
    def load():
        for reason in reasons:
            warnings.warn(PinFactoryFallback(reason), stacklevel=1)
        if then is None:
            raise BadPinFactory("Unable to load any default pin factory!")
        return then

    return load


class NativeFactory:
    """Named as gpiozero's pure-Python factory, which has no PWM."""


def test_the_reason_lgpio_failed_is_kept_even_when_another_library_failed_first():
    choice = default_factory(
        failing_loader("Falling back from rpigpio: No module named 'RPi'", LGPIO_REASON)
    )
    assert choice.factory is None
    assert choice.first_reason() == LGPIO_REASON
    problem = choice.problem(installed=lambda module: True)
    assert problem.startswith("no GPIO pin library could be used")
    assert LGPIO_REASON in problem and "working directory" in problem
    assert "apt install" not in problem  # it is installed: do not tell the user to install it


def test_without_lgpio_the_fix_is_to_install_it():
    choice = default_factory(failing_loader("Falling back from lgpio: No module named 'lgpio'"))
    problem = choice.problem(installed=lambda module: False)
    assert "sudo apt install python3-lgpio" in problem and "No module named 'lgpio'" in problem


def test_a_fallback_to_a_library_without_pwm_is_a_problem_naming_the_reason():
    choice = default_factory(failing_loader(LGPIO_REASON, then=NativeFactory()))
    assert choice.name == "NativeFactory"
    assert "fell back to NativeFactory, which cannot sound the buzzer" in choice.problem()
    assert LGPIO_REASON in choice.problem()


def test_a_library_that_does_pwm_is_no_problem():
    choice = default_factory(failing_loader(then=MockFactory()))
    assert choice.problem() is None and choice.reasons == []


def test_gpiozeros_own_chooser_reports_why_it_failed(monkeypatch):
    monkeypatch.setenv("GPIOZERO_PIN_FACTORY", "no-such-pin-library")
    choice = default_factory()
    assert choice.factory is None
    assert choice.reasons and "no-such-pin-library" in " ".join(choice.reasons)


def test_the_fallback_warnings_are_not_printed_twice():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with fallbacks_unprinted():
            warnings.warn(PinFactoryFallback(LGPIO_REASON), stacklevel=1)
    assert caught == []


def test_an_invisible_driver_without_a_desktop_names_kmsdrm_and_the_fix():
    message = no_display_warning("offscreen", {})
    assert "KMSDRM" in message and "sudo apt install python3-pygame" in message
    assert "set DISPLAY" not in message


def test_an_invisible_driver_with_a_desktop_names_the_desktop():
    message = no_display_warning("offscreen", {"WAYLAND_DISPLAY": "wayland-0"})
    assert "wayland-0" in message and "KMSDRM" not in message
