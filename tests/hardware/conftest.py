"""gpiozero 1.6 keeps mock pins in a dict shared by every MockFactory: clear it between tests, as
gpiozero's own tests do, so a pin one test made never leaks into the next."""

import pytest
from gpiozero.pins.mock import MockFactory


@pytest.fixture(autouse=True)
def fresh_mock_pins():
    yield
    MockFactory().reset()


@pytest.fixture(autouse=True)
def no_reset_settle(monkeypatch):
    """The driver's settle time after a soft reset is real time: tests record it instead."""
    waits = []
    monkeypatch.setattr("facepacer.hardware.mpr121.pause", waits.append)
    return waits
