"""The MQTT link against a real mosquitto on 127.0.0.1: discovery, states, the session event,
commands, the last will, and a broker that stops or freezes in the middle of a ritual."""

from __future__ import annotations

import json
import signal
import sqlite3
import statistics

import pytest

from . import hass
from .broker import Broker, Listener, device, finish, has, mqtt_config, needs_mosquitto

pytestmark = needs_mosquitto

BASE = "facepacer/test_mirror"


def configs_of(messages):
    return [(t, json.loads(p)) for t, p, _ in messages if t.startswith("homeassistant/")]


def states(listener):
    return [json.loads(p) for p in listener.on(f"{BASE}/state")]


def test_a_scripted_run_announces_discovery_then_its_states_then_one_session_event(
    broker, listener, home, tmp_path
):
    # A later script event keeps the run going past the finish screen, back home (idle).
    (home / "later").write_text("30 quit\n")
    config = "weekly_goal: 4\n" + mqtt_config(broker)
    run = device(home, config, "--virtual-clock", "--no-mood", "--json",
                 "--ritual", str(home / "ritual.yaml"),
                 "--script", str(home / "later"))  # fmt: skip
    summary = json.loads(finish(run)[0].splitlines()[-1])
    listener.wait_for(has(f"{BASE}/availability", "offline"), "offline on closing")
    topics = [t for t, _, _ in listener.messages]
    first_state = topics.index(f"{BASE}/state")
    assert max(i for i, t in enumerate(topics) if t.startswith("homeassistant/")) < first_state
    seen = [(s["state"], s["step"]) for s in states(listener)]
    assert seen == [("ritual", 1), ("ritual", 2), ("finished", None), ("idle", None)]
    events = listener.on(f"{BASE}/session")
    assert len(events) == 1
    event = json.loads(events[0])
    assert event["event_type"] == event["status"] == summary["status"] == "completed"
    assert (event["session_id"], event["ritual"], event["steps_done"]) == (1, "short-glow", 2)
    assert topics.index(f"{BASE}/session") > topics.index(f"{BASE}/state") + 1
    assert listener.on(f"{BASE}/availability") == ["online", "offline"]
    week = json.loads(listener.on(f"{BASE}/week")[-1])
    assert (week["days_done"], week["goal"]) == (1, 4)  # the settings' goal, not the default 5
    # A client that comes later gets the retained configs and the latest state, not the event.
    later = Listener(broker)
    try:
        retained = later.wait_for(lambda m: len(configs_of(m)) == 13 and m, "retained configs")
    finally:
        later.close()
    assert all(kept for t, _, kept in retained if not t.endswith("/session"))
    assert f"{BASE}/session" not in [t for t, _, _ in retained]
    for topic, config in configs_of(retained):
        assert hass.problems(topic.split("/")[1], config) == [], topic
        if topic.endswith("/state/config"):
            assert {s["state"] for s in states(listener)} <= set(config["options"])
        if topic.endswith("/session/config"):
            assert event["event_type"] in config["event_types"]
    assert sqlite3.connect(str(home / "log.db")).execute(
        "SELECT published FROM sessions"
    ).fetchall() == [(1,)]


def test_killing_the_device_leaves_offline_from_the_last_will(broker, listener, home):
    run = device(home, mqtt_config(broker), "--ritual", str(home / "ritual.yaml"))
    try:
        listener.wait_for(has(f"{BASE}/state", key=("state", "ritual")), "the ritual's state")
        assert listener.on(f"{BASE}/availability") == ["online"]
    finally:
        run.send_signal(signal.SIGKILL)
        run.communicate(timeout=15)
    listener.wait_for(has(f"{BASE}/availability", "offline"), "the last will")
    assert listener.on(f"{BASE}/availability") == ["online", "offline"]


def test_commands_start_pause_resume_and_stop_and_bad_ones_are_answered(broker, listener, home):
    # A headless run ends with its session once its script is used up: a late script event keeps
    # it running after the stop, until the test ends it.
    (home / "later").write_text("600 quit\n")
    run = device(home, mqtt_config(broker), "--script", str(home / "later"))
    command, status = f"{BASE}/command", f"{BASE}/status"
    try:
        listener.wait_for(has(f"{BASE}/state", key=("state", "idle")), "the idle state")
        listener.publish(command, '{"command": "start", "ritual": ')
        listener.publish(command, '{"command": "start", "ritual": "nope"}')
        listener.publish(command, "pause")
        answers = listener.wait_for(lambda m: len(listener.on(status)) >= 3 and m, "3 answers")
        said = [json.loads(p) for t, p, _ in answers if t == status]
        assert [a["ok"] for a in said] == [False, False, False]
        assert "not valid JSON" in said[0]["error"]
        assert "unknown ritual 'nope'" in said[1]["error"]
        assert said[2]["error"] == "no ritual is under way to pause"
        listener.publish(command, '{"command": "start", "ritual": "short-glow"}')
        listener.wait_for(has(f"{BASE}/state", key=("ritual", "short-glow")), "the start")
        listener.publish(command, "pause")
        listener.wait_for(has(f"{BASE}/state", key=("state", "paused")), "the pause")
        listener.publish(command, "resume")
        listener.wait_for(lambda m: len(listener.on(status)) >= 6 and m, "the resume's answer")
        listener.publish(command, "stop")
        event = listener.wait_for(has(f"{BASE}/session"), "the session event")
        assert json.loads(event)["status"] == "abandoned"
        assert [s["state"] for s in states(listener)][-4:-1] == ["ritual", "paused", "ritual"]
    finally:
        run.send_signal(signal.SIGTERM)
        finish(run)
    listener.wait_for(has(f"{BASE}/availability", "offline"), "offline on closing")
    assert all(json.loads(p)["ok"] for p in listener.on(status)[3:])


def test_after_the_broker_restarts_discovery_availability_and_state_are_published_again(
    broker, listener, home
):
    run = device(home, mqtt_config(broker))
    try:
        listener.wait_for(has(f"{BASE}/state", key=("state", "idle")), "the idle state")
        first_configs = [t for t, _ in configs_of(listener.messages)]
        assert len(set(first_configs)) == 13
        broker.stop()
        listener.connected.clear()
        broker.start()  # the same port, nothing retained
        assert listener.connected.wait(15)
        before = listener.connected_at  # not len(messages): some may have come in since

        def again(messages):
            fresh = [t for t, _, _ in messages[before:]]
            wanted = (f"{BASE}/state", f"{BASE}/availability", f"{BASE}/fault")
            return all(t in fresh for t in wanted) and {
                t for t, _ in configs_of(messages[before:])
            } == set(first_configs)

        listener.wait_for(again, "everything again on the new broker")
    finally:
        run.send_signal(signal.SIGTERM)
        finish(run)
    assert listener.on(f"{BASE}/availability")[-3:] == ["online", "online", "offline"]


def cue_times(summary):
    return [(c["cue"], c["step"], c["t"]) for c in summary["cues"]]


@pytest.fixture
def planned(home, capsys):
    """The cues of the ritual on the virtual clock, without MQTT: exactly on schedule."""
    from facepacer.cli import main

    args = ["run", "--sim", "--headless", "--virtual-clock", "--json", "--no-mood",
            "--db", str(home / "plan.db"), "--ritual", str(home / "ritual.yaml")]  # fmt: skip
    assert main(args) == 0
    return cue_times(json.loads(capsys.readouterr()[0].splitlines()[-1]))


def assert_on_time(summary, planned):
    real = cue_times(summary)
    assert [(c, s) for c, s, _ in real] == [(c, s) for c, s, _ in planned]
    late = [abs(t - p) for (_, _, t), (_, _, p) in zip(real, planned)]
    # The engine's own figures (README, Timing): worst 14 ms seen on a busy machine.
    assert max(late) < 0.1 and statistics.median(late) < 0.02, late


def test_a_frozen_broker_mid_ritual_does_not_move_a_single_cue(broker, listener, home, planned):
    (home / "q").write_text("5 quit\n")
    run = device(home, mqtt_config(broker), "--json", "--no-mood", "--script", str(home / "q"),
                 "--ritual", str(home / "ritual.yaml"))  # fmt: skip
    try:
        listener.wait_for(has(f"{BASE}/state", key=("state", "ritual")), "the ritual's state")
        broker.pause()  # SIGSTOP: connections stay open, nothing answers
        out, _ = finish(run)
    finally:
        broker.resume()
    summary = json.loads(out.splitlines()[-1])
    assert summary["status"] == "completed"
    assert_on_time(summary, planned)


def test_a_session_that_ends_while_the_broker_is_down_is_announced_once_it_is_back(
    tmp_path, home, planned
):
    broker = Broker(tmp_path / "b").start()
    listener = Listener(broker)
    (home / "q").write_text("5 quit\n")
    (home / "idle").write_text("1 quit\n")
    try:
        run = device(home, mqtt_config(broker), "--json", "--no-mood", "--script", str(home / "q"),
                     "--ritual", str(home / "ritual.yaml"))  # fmt: skip
        listener.wait_for(has(f"{BASE}/state", key=("state", "ritual")), "the ritual's state")
        broker.stop()  # killed mid-ritual: the ritual goes on and ends with no broker
        summary = json.loads(finish(run)[0].splitlines()[-1])
        listener.connected.clear()
        broker.start()  # back on the same port, with nothing retained
        assert listener.connected.wait(15)
        for _ in range(2):  # the device starts again, twice: only the first start announces it
            finish(
                device(home, mqtt_config(broker), "--virtual-clock", "--script", str(home / "idle"))
            )
        twice = ["online", "offline"] * 2
        listener.wait_for(lambda m: listener.on(f"{BASE}/availability")[-4:] == twice, "2 starts")
    finally:
        listener.close()
        broker.stop()
    assert summary["status"] == "completed"
    assert_on_time(summary, planned)
    events = listener.on(f"{BASE}/session")
    assert len(events) == 1 and json.loads(events[0])["session_id"] == 1
    assert json.loads(events[0])["status"] == "completed"
