"""What the state topic says the device is doing, screen by screen, as README lists it: idle,
ritual, paused, finished, asleep or fault, with the ritual and the step under way."""

from __future__ import annotations

from facepacer.engine.device import Device
from facepacer.link.state import device_state

from ..engine.helpers import hold, ritual, step, tap


def two_steps(**kw) -> Device:
    return Device([ritual(step(30, title="Lift", zone="cheeks"),
                          step(30, title="Sculpt", zone="jawline"))], **kw)  # fmt: skip


def said(device, now, sensor_ok=True):
    info = device_state(device, now, sensor_ok=sensor_ok)
    return info["state"], info["ritual"], info["steps"], info["step"], info["step_title"]


def test_each_step_is_numbered_from_1_with_its_title_and_zone():
    device = two_steps()
    tap(device, 1.0)
    assert said(device, 2.0) == ("ritual", "test", 2, 1, "Lift")
    device.advance(31.2)
    assert said(device, 32.0) == ("ritual", "test", 2, 2, "Sculpt")
    assert device_state(device, 32.0, sensor_ok=True)["zone"] == "jawline"


def test_a_paused_ritual_still_names_the_step_it_paused_on():
    device = two_steps()
    tap(device, 1.0)
    hold(device, 5.0)
    assert said(device, 7.0) == ("paused", "test", 2, 1, "Lift")
    assert device_state(device, 7.0, sensor_ok=True)["zone"] == "cheeks"


def test_the_finish_and_the_mood_screens_are_finished_with_the_ritual_and_no_step():
    device = two_steps()
    tap(device, 1.0)
    device.advance(61.2)
    assert said(device, 62.0) == ("finished", "test", 2, None, None)  # the finish screen
    device.advance(70.0)  # 6 s later: the mood check-in
    assert said(device, 70.0) == ("finished", "test", 2, None, None)
    device.advance(90.1)  # 20 s of no answer: home
    assert said(device, 90.1) == ("idle", None, None, None, None)


def test_home_is_idle_until_the_screen_dims_after_120_s_then_asleep():
    device = two_steps()
    assert said(device, 119.9)[0] == "idle"
    assert said(device, 120.0)[0] == "asleep"
    assert said(device, 300.0)[0] == "asleep"


def test_a_sensor_fault_is_said_over_whatever_the_screen_shows():
    device = two_steps()
    assert said(device, 0.0, sensor_ok=False)[0] == "fault"
    assert said(device, 400.0, sensor_ok=False)[0] == "fault"  # asleep, too
    tap(device, 401.0)  # wakes the screen
    tap(device, 402.0)
    assert said(device, 403.0, sensor_ok=False) == ("fault", "test", 2, 1, "Lift")
