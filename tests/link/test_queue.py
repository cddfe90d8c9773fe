"""The loop's side of the link never waits: a bounded queue, and commands taken without waiting."""

from __future__ import annotations

import threading
import time

from facepacer.config import MqttConfig
from facepacer.link.mqtt import APP_QUEUE, CLOSE_SECONDS, MqttLink

from .broker import free_port


def link(port: int) -> MqttLink:
    config = MqttConfig(host="127.0.0.1", port=port, device_name="Queue Test")
    return MqttLink(config, rituals=["glow"], db_path=None, goal=5, today=lambda: None)


def test_states_beyond_the_bound_are_dropped_and_counted_not_waited_for():
    idle = link(free_port())  # not started: nothing drains the queue
    for n in range(APP_QUEUE + 40):
        idle.observe({"state": "ritual", "step": n}, log_changed=False)
    assert idle._inbox.qsize() == APP_QUEUE and idle.dropped == 40
    assert idle.commands() == []


def test_the_same_state_twice_is_sent_once():
    idle = link(free_port())
    for _ in range(5):
        idle.observe({"state": "idle"}, log_changed=False)
    assert idle._inbox.qsize() == 1


def test_with_nothing_listening_the_link_starts_and_closes_in_bounded_time():
    port = free_port()  # nothing listens there: every connect is refused
    refused = link(port)
    refused.start(wait=5.0)  # until the refusal is heard, as a virtual-clock run does
    refused.observe({"state": "idle"}, log_changed=True)
    closed = threading.Event()
    began = time.monotonic()
    threading.Thread(target=lambda: (refused.close(), closed.set()), daemon=True).start()
    assert closed.wait(CLOSE_SECONDS + 3)
    assert time.monotonic() - began < CLOSE_SECONDS + 3
    assert refused.problem is not None and f"127.0.0.1:{port}" in refused.problem
