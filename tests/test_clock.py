"""The two clocks the loop reads: both count from zero and never go back."""

from facepacer.clock import MonotonicClock, VirtualClock


def test_the_virtual_clock_moves_only_forward_and_only_when_told():
    clock = VirtualClock()
    assert clock.now() == 0.0
    clock.advance_to(2.5)
    clock.advance(0.5)
    clock.advance_to(1.0)  # the past: ignored
    assert clock.now() == 3.0


def test_the_monotonic_clock_counts_from_its_making_and_never_goes_back():
    clock = MonotonicClock()
    readings = [clock.now() for _ in range(100)]
    assert 0.0 <= readings[0] < 60.0
    assert readings == sorted(readings)
