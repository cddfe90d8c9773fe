"""The measure refusals are answered in: 10 a second, refilled as time passes but never saved up
beyond 10, and retained commands each logged once while the memory of them stays small."""

from __future__ import annotations

from facepacer.link.refusals import Refusals


def answered(refusals: Refusals, tries: int) -> int:
    return sum(refusals.may_answer() for _ in range(tries))


def test_a_burst_gets_10_answers_and_a_tenth_of_a_second_brings_one_more():
    now = [50.0]
    refusals = Refusals(now=lambda: now[0])
    assert answered(refusals, 100) == 10
    now[0] += 0.1
    assert answered(refusals, 100) == 1


def test_a_long_quiet_time_saves_up_no_more_than_10_answers():
    now = [50.0]
    refusals = Refusals(now=lambda: now[0])
    now[0] += 3600.0  # an hour without a bad command
    assert answered(refusals, 1000) == 10


def test_a_clock_that_steps_back_neither_gives_nor_takes_answers():
    now = [50.0]
    refusals = Refusals(now=lambda: now[0])
    assert answered(refusals, 100) == 10
    now[0] -= 30.0
    assert answered(refusals, 100) == 0
    now[0] += 0.1  # from there on, time refills as before
    assert answered(refusals, 100) == 1


def test_each_retained_command_is_logged_once_and_the_memory_of_them_stays_bounded():
    refusals = Refusals(now=lambda: 0.0)
    first = b"start 0"
    assert refusals.first_time_retained(first) is True
    assert refusals.first_time_retained(first) is False
    for n in range(1, 64):
        assert refusals.first_time_retained(f"start {n}".encode()) is True
    assert refusals.first_time_retained(first) is False  # 64 remembered: still known
    assert refusals.first_time_retained(b"start 64") is True  # the 65th: memory starts again
    assert refusals.first_time_retained(first) is True
