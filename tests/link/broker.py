"""A real mosquitto on 127.0.0.1 for the MQTT tests, a listening client, and the device as a
process. Waits are on events or the process, always bounded; nothing here sleeps."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, List, Optional, Tuple

import pytest

MOSQUITTO = shutil.which("mosquitto") or next(
    (p for p in ("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto") if os.path.exists(p)), None
)
needs_mosquitto = pytest.mark.skipif(
    MOSQUITTO is None, reason="the mosquitto broker is not installed (apt-get install mosquitto)"
)
HOST = "127.0.0.1"  # the only address these tests ever talk to
WAIT = 15.0  # seconds: the most any test waits for something the broker or the device does


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Broker:
    """mosquitto with a config written in ``folder``; ``extra`` lines go into its listener."""

    def __init__(self, folder: Path, extra: str = "allow_anonymous true\n"):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.port = free_port()
        self.conf = folder / "mosquitto.conf"
        self.log = folder / "mosquitto.log"
        run_as = "user root\n" if os.geteuid() == 0 else ""  # read the test's private files
        self.conf.write_text(
            f"listener {self.port} {HOST}\npersistence false\n{run_as}{extra}"
            f"log_dest file {self.log}\nlog_type all\n"
        )
        self.proc: Optional[subprocess.Popen] = None

    def start(self) -> Broker:
        self.proc = subprocess.Popen(
            [MOSQUITTO, "-c", str(self.conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                self.proc.wait(0.05)  # waits on the process: returns at once if it died
                raise AssertionError(f"mosquitto exited: {self.proc.stderr.read().decode()}")
            except subprocess.TimeoutExpired:
                pass
            try:
                socket.create_connection((HOST, self.port), timeout=0.5).close()
                return self
            except OSError:
                continue
        raise AssertionError(f"mosquitto did not listen on {HOST}:{self.port}")

    def pause(self) -> None:
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.proc.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait(WAIT)
            self.proc.stderr.close()


class Listener:
    """A client subscribed to everything (or to ``topics``), keeping (topic, payload text,
    retained) in order."""

    def __init__(self, broker: Broker, *, tls_ca: Optional[Path] = None, auth=None, topics=("#",)):
        import paho.mqtt.client as mqtt

        self.topics = list(topics)

        self.messages: List[Tuple[str, str, bool]] = []
        self.changed = threading.Condition()
        self.connected = threading.Event()
        self.connected_at = 0  # how many messages had arrived when the last connection was made
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2, client_id=f"test-listener-{id(self)}"
        )
        if auth:
            self.client.username_pw_set(*auth)
        if tls_ca:
            self.client.tls_set(ca_certs=str(tls_ca))
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.reconnect_delay_set(1, 1)
        self.client.connect(HOST, broker.port, 30)
        self.client.loop_start()
        assert self.connected.wait(WAIT), "the test client could not connect"

    def _on_connect(self, client, userdata, flags, code, props):
        if not code.is_failure:
            with self.changed:  # marked before subscribing: nothing of this connection precedes it
                self.connected_at = len(self.messages)
            client.subscribe([(topic, 1) for topic in self.topics])
            self.connected.set()

    def _on_message(self, client, userdata, message):
        with self.changed:
            self.messages.append((message.topic, message.payload.decode(), bool(message.retain)))
            self.changed.notify_all()

    def publish(self, topic: str, payload: str) -> None:
        self.client.publish(topic, payload, qos=1).wait_for_publish(WAIT)

    def wait_for(self, found: Callable[[List[Tuple[str, str, bool]]], object], what: str):
        with self.changed:
            assert self.changed.wait_for(lambda: found(self.messages), WAIT), (
                f"no {what} within {WAIT} s; got {self.messages[-8:]}"
            )
            return found(self.messages)

    def on(self, topic: str) -> List[str]:
        with self.changed:
            return [payload for t, payload, _ in self.messages if t == topic]

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


def has(topic: str, payload: Optional[str] = None, key: Optional[Tuple[str, object]] = None):
    """A ``wait_for`` test: a message on ``topic`` (with that payload, or JSON key = value)."""

    def found(messages):
        for t, text, _ in messages:
            if t != topic or (payload is not None and text != payload):
                continue
            if key is None or json.loads(text).get(key[0]) == key[1]:
                return text
        return None

    return found


def mqtt_config(broker: Broker, extra: str = "") -> str:
    return f"mqtt:\n  host: {HOST}\n  port: {broker.port}\n  device_name: Test Mirror\n{extra}"


def device(home: Path, config: str, *args: str) -> subprocess.Popen:
    """``facepacer run --sim --headless ARGS`` as its own process, with its own folders."""
    (home / "config.yaml").write_text(config)
    env = dict(
        os.environ,
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "cfg"),
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        PYGAME_HIDE_SUPPORT_PROMPT="1",
    )
    command = [
        sys.executable,
        "-m",
        "facepacer",
        "run",
        "--sim",
        "--headless",
        "--config",
        str(home / "config.yaml"),
        "--db",
        str(home / "log.db"),
        *args,
    ]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )


def finish(proc: subprocess.Popen) -> Tuple[str, str]:
    try:
        out, err = proc.communicate(timeout=WAIT)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"the device did not end: {err}") from None
    assert proc.returncode == 0, err
    return out, err
