"""What the broker hands other clients, seen from outside with the QoS and retain flag of each
message: a client that connects once the device is dead finds ``offline`` retained on the
availability topic at QoS 1 (as Home Assistant does when it restarts after the mirror lost
power), and the session event arrives at QoS 1, unretained."""

from __future__ import annotations

import json
import signal
import threading

from .broker import HOST, WAIT, Listener, device, finish, has, mqtt_config, needs_mosquitto

pytestmark = needs_mosquitto

AVAILABILITY = "facepacer/test_mirror/availability"


def retained_on(broker, topic):
    """(payload, retain flag, QoS) of what a client subscribing now at QoS 1 is handed first."""
    got, arrived, client = watch(broker, topic)
    try:
        assert arrived.wait(WAIT), f"nothing retained on {topic}"
    finally:
        client.loop_stop()
        client.disconnect()
    return got[0]


def watch(broker, topic):
    """A client subscribed to ``topic`` at QoS 1: what it got, an event set at the first
    message, and the client (running; stop it with loop_stop and disconnect)."""
    import paho.mqtt.client as mqtt

    got, arrived, connected = [], threading.Event(), threading.Event()
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"test-watch-{id(got)}")
    client.on_connect = lambda c, userdata, flags, code, props: c.subscribe(topic, qos=1)
    client.on_subscribe = lambda c, userdata, mid, codes, props: connected.set()

    def on_message(c, userdata, message):
        got.append((message.payload.decode(), bool(message.retain), message.qos))
        arrived.set()

    client.on_message = on_message
    client.connect(HOST, broker.port, 30)
    client.loop_start()
    assert connected.wait(WAIT), f"could not subscribe to {topic}"
    return got, arrived, client


def test_after_a_kill_a_client_connecting_later_finds_offline_retained_at_qos_1(
    broker, listener: Listener, home
):
    run = device(home, mqtt_config(broker), "--ritual", str(home / "ritual.yaml"))
    try:
        listener.wait_for(has(AVAILABILITY, "online"), "online")
        assert retained_on(broker, AVAILABILITY) == ("online", True, 1)
    finally:
        run.send_signal(signal.SIGKILL)
        run.communicate(timeout=WAIT)
    listener.wait_for(has(AVAILABILITY, "offline"), "the last will")
    assert retained_on(broker, AVAILABILITY) == ("offline", True, 1)


def test_the_session_event_arrives_at_qos_1_and_is_not_retained(broker, home):
    got, arrived, client = watch(broker, "facepacer/test_mirror/session")
    try:
        (home / "later").write_text("30 quit\n")
        script = ["--ritual", str(home / "ritual.yaml"), "--script", str(home / "later")]
        run = device(home, mqtt_config(broker), "--virtual-clock", "--no-mood", *script)
        finish(run)
        assert arrived.wait(WAIT), "no session event"
    finally:
        client.loop_stop()
        client.disconnect()
    ((payload, retained, qos),) = got
    assert (json.loads(payload)["event_type"], retained, qos) == ("completed", False, 1)
