"""The device as a good citizen of a real mosquitto: a retained command is not obeyed at boot, a
flood of commands drops nothing the device says, deleted history leaves the dashboard at once or
at the next connection, and an interrupted session says when it was last alive."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading

from .broker import (
    WAIT,
    Listener,
    device,
    finish,
    has,
    mqtt_config,
    needs_mosquitto,
)

pytestmark = needs_mosquitto

BASE = "facepacer/test_mirror"
COMMAND, STATUS = f"{BASE}/command", f"{BASE}/status"


def answers(listener):
    return [json.loads(p) for p in listener.on(STATUS)]


def stop(run):
    run.send_signal(signal.SIGTERM)
    return finish(run)


def test_a_retained_start_on_the_broker_is_refused_at_boot_and_cleared(broker, listener, home):
    start = '{"command": "start", "ritual": "short-glow"}'
    listener.client.publish(COMMAND, start, qos=1, retain=True).wait_for_publish(WAIT)
    (home / "later").write_text("600 quit\n")
    run = device(home, mqtt_config(broker), "--script", str(home / "later"))
    try:
        listener.wait_for(has(STATUS, key=("ok", False)), "the refusal")
        listener.publish(COMMAND, "pause")  # sent now: answered after anything sent before it
        listener.wait_for(lambda m: len(answers(listener)) >= 2 and m, "the pause's answer")
    finally:
        _, err = stop(run)
    refused, paused = answers(listener)[:2]
    assert (refused["command"], refused["ritual"]) == ("start", "short-glow")
    assert refused["error"].startswith("a retained command is not obeyed")
    assert paused["error"] == "no ritual is under way to pause"  # the start was never carried out
    assert "ritual" not in [json.loads(p)["state"] for p in listener.on(f"{BASE}/state")]
    assert err.count("refused: a retained command is not obeyed") == 1
    later = Listener(broker)  # a new subscription gets every retained message there is
    try:
        later.publish("test/marker", "after the retained ones")
        later.wait_for(has("test/marker"), "the marker")
        assert later.on(COMMAND) == []
    finally:
        later.close()
    # The broker saw a clean session with the chosen keepalive, and one subscription: commands.
    log = broker.log.read_text()
    assert "as facepacer-test_mirror (p2, c1, k20" in log
    subscribed = [line for line in log.splitlines() if "facepacer-test_mirror 1 " in line]
    assert [line.split()[-1] for line in subscribed] == [COMMAND]


def test_a_flood_of_commands_drops_no_state_no_announcement_and_not_the_goodbye(broker, home):
    # The listener hears only what the device says: a listener on # would be flooded as well.
    said = [f"{BASE}/{name}" for name in ("state", "session", "availability")]
    listener, flooder = Listener(broker, topics=said), Listener(broker, topics=["nothing/here"])
    (home / "later").write_text("600 quit\n")
    run = device(home, mqtt_config(broker), "--no-mood", "--script", str(home / "later"),
                 "--ritual", str(home / "ritual.yaml"))  # fmt: skip
    done = threading.Event()

    def flood():
        sent = 0
        while not done.is_set() and sent < 300000:  # as fast as paho can, QoS 0
            flooder.client.publish(COMMAND, "dance", qos=0)
            sent += 1

    flooding = threading.Thread(target=flood, daemon=True)
    try:
        listener.wait_for(has(f"{BASE}/state", key=("state", "ritual")), "the ritual's state")
        flooding.start()
        listener.wait_for(has(f"{BASE}/session"), "the session's announcement")
        # The flood stops before the device does, or the broker, busy with it, might read the
        # device's goodbye only after the closed connection has already thrown it away.
        done.set()
        flooding.join(WAIT)
        _, err = stop(run)
        listener.wait_for(has(f"{BASE}/availability", "offline"), "offline on closing")
    finally:
        done.set()
        listener.close()
        flooder.close()
        if run.poll() is None:
            run.kill()
    seen = [(s["state"], s["step"]) for s in map(json.loads, listener.on(f"{BASE}/state"))]
    assert seen[:3] == [("ritual", 1), ("ritual", 2), ("finished", None)]
    events = listener.on(f"{BASE}/session")
    assert len(events) == 1 and json.loads(events[0])["status"] == "completed"
    # The device said offline itself, not only the broker for it (the last will).
    said_offline = "from facepacer-test_mirror (d0, q1, r1, m"
    goodbye = [
        line
        for line in broker.log.read_text().splitlines()
        if said_offline in line and f"'{BASE}/availability', ... (7 bytes)" in line
    ]
    assert len(goodbye) == 1, "the device's own offline never reached the broker"
    # The first 20 refusals are logged one by one, then one line in every 1000: at most 300
    # more for the 300000 the flood can send, however fast this machine let them through.
    refused = [line for line in err.splitlines() if "MQTT command refused" in line]
    one_by_one = [line for line in refused if "refused so far" not in line]
    assert len(one_by_one) <= 20 and len(refused) - len(one_by_one) <= 300, err[-2000:]


def test_a_deeply_nested_or_huge_command_is_refused_on_status(broker, listener, home):
    (home / "later").write_text("600 quit\n")
    run = device(home, mqtt_config(broker), "--script", str(home / "later"))
    try:
        listener.wait_for(has(f"{BASE}/state", key=("state", "idle")), "the idle state")
        listener.publish(COMMAND, "[" * 1000)
        listener.publish(COMMAND, '{"command": ' * 70 + '"pause"' + "}" * 70)
        listener.publish(COMMAND, "pause" + " " * 3_000_000)
        listener.wait_for(lambda m: len(answers(listener)) >= 3 and m, "3 answers")
    finally:
        _, err = stop(run)
    nested, deeper, huge = answers(listener)
    assert [a["ok"] for a in (nested, deeper, huge)] == [False, False, False]
    assert all("nests objects or lists more than 2 deep" in a["error"] for a in (nested, deeper))
    assert huge["error"] == "a command is at most 1024 bytes, got 3000005"
    assert "Traceback" not in err and "RecursionError" not in err


def history_delete(home):
    command = [sys.executable, "-m", "facepacer", "history", "--db", str(home / "log.db"),
               "--delete-all", "--yes", "--config", str(home / "config.yaml")]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=WAIT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def one_session(home, broker):
    finish(device(home, mqtt_config(broker), "--virtual-clock", "--no-mood",
                  "--ritual", str(home / "ritual.yaml")))  # fmt: skip


def cleared(listener, since):
    def found(messages):
        last = [json.loads(p) for t, p, _ in messages[since:] if t == f"{BASE}/last_session"]
        week = [json.loads(p) for t, p, _ in messages[since:] if t == f"{BASE}/week"]
        return last and last[-1]["status"] is None and week and week[-1]["days_done"] == 0

    return found


def test_deleting_the_history_while_the_device_runs_clears_what_it_published_at_once(
    broker, listener, home
):
    one_session(home, broker)
    (home / "later").write_text("600 quit\n")
    run = device(home, mqtt_config(broker), "--script", str(home / "later"))
    try:
        listener.wait_for(lambda m: listener.on(f"{BASE}/availability")[-1:] == ["online"] and m,
                          "the second start")  # fmt: skip
        listener.wait_for(has(f"{BASE}/state", key=("state", "idle")), "the idle state")
        before = len(listener.messages)
        assert json.loads(listener.on(f"{BASE}/last_session")[-1])["status"] == "completed"
        history_delete(home)
        listener.wait_for(cleared(listener, before), "last_session and week cleared")
    finally:
        stop(run)


def test_history_deleted_while_the_device_is_off_is_cleared_at_its_next_connection(
    broker, listener, home
):
    one_session(home, broker)
    listener.wait_for(has(f"{BASE}/availability", "offline"), "the first run's end")
    before = len(listener.messages)
    said = history_delete(home)
    assert "Deleted 1 session" in said
    assert "Home Assistant is told by the device: within seconds if it is running, else " in said
    (home / "idle").write_text("1 quit\n")
    finish(device(home, mqtt_config(broker), "--virtual-clock", "--script", str(home / "idle")))
    listener.wait_for(cleared(listener, before), "last_session and week cleared")


def test_an_interrupted_session_is_announced_with_when_it_was_last_alive(broker, listener, home):
    run = device(home, mqtt_config(broker), "--ritual", str(home / "ritual.yaml"))
    try:
        listener.wait_for(has(f"{BASE}/state", key=("step", 2)), "the second step")
    finally:
        run.send_signal(signal.SIGKILL)
        run.communicate(timeout=WAIT)
    (home / "idle").write_text("1 quit\n")
    finish(device(home, mqtt_config(broker), "--virtual-clock", "--script", str(home / "idle")))
    event = json.loads(listener.wait_for(has(f"{BASE}/session"), "the interrupted session"))
    with sqlite3.connect(str(home / "log.db")) as conn:
        started, seconds, offset = conn.execute(
            "SELECT started_at, seconds, (SELECT max(ended_offset) FROM steps) FROM sessions"
        ).fetchone()
    assert (event["status"], event["started_at"], event["steps_done"]) == (
        "interrupted", started, 1,
    )  # fmt: skip
    assert event["seconds"] == round(seconds, 3) > 0
    from datetime import datetime, timedelta

    expected = datetime.fromisoformat(started) + timedelta(seconds=offset)
    assert event["ended_at"] == expected.isoformat(timespec="seconds")
