"""The loop's side of the link never waits, and nothing the broker sends crowds out what the
device says: the latest states in a short list, the log in a flag, the broker's messages apart."""

from __future__ import annotations

import threading
import time

from facepacer.config import MqttConfig
from facepacer.link.commands import Command
from facepacer.link.inbox import MESSAGES, Inbox
from facepacer.link.mqtt import CLOSE_SECONDS, MqttLink

from .broker import free_port


def link(port: int) -> MqttLink:
    config = MqttConfig(host="127.0.0.1", port=port, device_name="Queue Test")
    return MqttLink(config, rituals=["glow"], db_path=None, goal=5, today=lambda: None)


def test_a_thousand_states_waiting_leave_the_latest_few_in_order_and_the_newest_last():
    idle = link(free_port())  # not started: nothing drains the inbox
    for n in range(1000):
        idle.observe({"state": "ritual", "step": n}, log_changed=n == 500)
    assert idle._inbox.waiting() == 8 + 1 and idle.dropped == 0
    taken = [idle._inbox.take(0) for _ in range(9)]
    assert [item[1]["step"] for item in taken[:8]] == list(range(992, 1000))
    assert taken[8] == ("log",)
    assert idle.commands() == []


def test_the_same_state_twice_is_sent_once():
    idle = link(free_port())
    for _ in range(5):
        idle.observe({"state": "idle"}, log_changed=False)
    assert idle._inbox.waiting() == 1


def test_a_flood_from_the_broker_never_displaces_a_state_the_log_the_answers_or_stop():
    inbox = Inbox()
    kept = sum(inbox.message(("message", "t", b"pause", False)) for _ in range(5000))
    inbox.state({"state": "finished"})
    inbox.log_changed()
    inbox.answer(("answer", "start", None))
    inbox.stop()
    inbox.news(("acked", 7))
    assert (kept, inbox.dropped_messages) == (MESSAGES, 5000 - MESSAGES)
    taken = [inbox.take(0)[0] for _ in range(5)]
    assert taken == ["acked", "state", "log", "answer", "stop"]
    assert inbox.take(0)[0] == "stop"  # once asked to stop, the broker's messages wait for ever


def test_the_worker_waits_on_an_empty_inbox_only_as_long_as_it_is_told():
    began = time.monotonic()
    assert Inbox().take(0.05) is None
    assert time.monotonic() - began < 5


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


def test_answers_beyond_64_waiting_are_dropped_and_counted_and_the_latest_64_kept():
    idle = link(free_port())  # not started: nothing drains the inbox
    for n in range(70):
        idle.answered(Command("stop", None), f"refused {n}")
    assert idle.dropped == 6 and idle._inbox.waiting() == 64
    assert idle._inbox.take(0)[2] == "refused 6"
