"""The last will seen from outside, after the fact: a client that connects once the device is
dead finds ``offline`` retained on the availability topic, delivered at QoS 1, as Home Assistant
does when it (re)starts after the mirror lost power."""

from __future__ import annotations

import signal
import threading

from .broker import HOST, WAIT, Listener, device, has, mqtt_config, needs_mosquitto

pytestmark = needs_mosquitto

AVAILABILITY = "facepacer/test_mirror/availability"


def retained_on(broker, topic):
    """(payload, retain flag, QoS) of what a client subscribing now at QoS 1 is handed first."""
    import paho.mqtt.client as mqtt

    got, arrived = [], threading.Event()
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="test-late-comer")
    client.on_connect = lambda c, userdata, flags, code, props: c.subscribe(topic, qos=1)

    def on_message(c, userdata, message):
        got.append((message.payload.decode(), bool(message.retain), message.qos))
        arrived.set()

    client.on_message = on_message
    client.connect(HOST, broker.port, 30)
    client.loop_start()
    try:
        assert arrived.wait(WAIT), f"nothing retained on {topic}"
    finally:
        client.loop_stop()
        client.disconnect()
    return got[0]


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
