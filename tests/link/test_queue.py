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


def test_without_paho_mqtt_the_link_is_off_with_a_warning_that_says_what_to_install(monkeypatch):
    from facepacer.config import Config
    from facepacer.link.mqtt import open_link

    monkeypatch.setitem(__import__("sys").modules, "paho.mqtt.client", None)  # import fails
    config = Config(mqtt=MqttConfig(host="127.0.0.1", port=free_port()))
    link, problems = open_link(config, rituals=[], db_path=None, today=lambda: None, wake=None)
    assert link is None
    assert problems == [
        "MQTT is off: the mqtt: settings need paho-mqtt: pip install 'facepacer[mqtt]'"
    ]


def test_without_an_mqtt_section_no_link_is_made():
    from facepacer.config import Config
    from facepacer.link.mqtt import open_link

    assert open_link(Config(), rituals=[], db_path=None, today=lambda: None, wake=None) == (
        None,
        [],
    )
