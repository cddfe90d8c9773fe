"""The link's worker with a client that records what it is asked to do: what each connection
says again, what a refused connection says, how answers go out, and how the commands it takes
reach the loop."""

from __future__ import annotations

import json
import logging
import threading
from datetime import date, datetime, timezone

import pytest

from facepacer.config import MqttConfig
from facepacer.link.commands import Command
from facepacer.link.mqtt import MqttLink, _read_password
from facepacer.store import Store

from ..store.helpers import session
from .broker import free_port

BASE = "facepacer/worker_mirror"


class Accepted:
    is_failure = False


class Refused:
    is_failure = True

    def __str__(self):
        return "Not authorized"


class Recorder:
    """Stands in for paho's client: keeps (topic, payload, qos, retain) of each publish and the
    subscriptions."""

    def __init__(self):
        self.sent, self.subscribed = [], []

    def subscribe(self, topic, qos=0):
        self.subscribed.append((topic, qos))

    def publish(self, topic, payload, qos=0, retain=False):
        self.sent.append((topic, payload, qos, retain))

        class Info:
            mid = len(self.sent)

        return Info()

    def on(self, topic):
        return [(payload, qos, retain) for t, payload, qos, retain in self.sent if t == topic]


def make(db_path=None, wake=None) -> MqttLink:
    config = MqttConfig(host="127.0.0.1", port=free_port(), device_name="Worker Mirror")
    made = MqttLink(config, rituals=["glow"], db_path=db_path, goal=5, today=date.today,
                    wake=wake)  # fmt: skip
    made._client = Recorder()
    return made


@pytest.fixture
def logged(tmp_path):
    path = tmp_path / "log.db"
    with Store(path) as store:
        session(store, datetime.now(timezone.utc).replace(microsecond=0), mood=3)
    return path


def test_every_connection_says_discovery_online_the_state_the_fault_and_the_log_again(logged):
    link = make(logged)
    link._store = Store(logged)
    try:
        link._handle(("state", {"state": "fault"}))
        link._handle(("connect", Accepted()))
        link._handle(("disconnect", None))
        link._client = Recorder()  # the broker came back empty: it must hear everything again
        link._handle(("connect", Accepted()))
    finally:
        link._store.close()
    sent = link._client
    assert sent.subscribed == [(f"{BASE}/command", 1)]
    assert len([t for t, *_ in sent.sent if t.startswith("homeassistant/")]) == 13
    assert sent.on(f"{BASE}/availability") == [("online", 1, True)]
    assert sent.on(f"{BASE}/fault") == [("ON", 1, True)]
    assert [json.loads(p)["state"] for p, *_ in sent.on(f"{BASE}/state")] == ["fault"]
    (week,) = sent.on(f"{BASE}/week")
    assert json.loads(week[0])["goal"] == 5 and week[1:] == (1, True)
    (last,) = sent.on(f"{BASE}/last_session")
    assert json.loads(last[0])["mood"] == 3 and last[1:] == (1, True)


def test_a_connection_the_broker_refuses_publishes_nothing_and_says_why(caplog):
    link = make()
    link._handle(("state", {"state": "idle"}))
    link._handle(("connect", Refused()))
    assert link._client.sent == [] and link._client.subscribed == []
    assert link.problem.endswith(": Not authorized")
    link._handle(("connect", Accepted()))
    assert link.problem is None and link._client.on(f"{BASE}/availability")


def test_the_client_is_named_for_the_device_and_reconnects_after_1_to_30_s():
    config = MqttConfig(host="127.0.0.1", port=free_port(), device_name="Worker Mirror")
    client = MqttLink(config, rituals=[], db_path=None, goal=5, today=date.today)._client
    assert client._client_id == b"facepacer-worker_mirror"
    assert (client._reconnect_min_delay, client._reconnect_max_delay) == (1, 30)


def test_an_answer_is_ok_only_for_a_command_carried_out_and_is_never_retained():
    link = make()
    link._connected = True
    link._answer(Command("pause"), "no ritual is under way to pause")
    link._answer(Command("start", "glow"), None)
    said = link._client.on(f"{BASE}/status")
    assert [(json.loads(p)["ok"], json.loads(p)["error"]) for p, *_ in said] == [
        (False, "no ritual is under way to pause"),
        (True, None),
    ]
    assert {(qos, retain) for _, qos, retain in said} == {(1, False)}


def test_commands_carried_out_are_answered_even_after_a_flood_used_up_the_refusals():
    link = make()
    link._connected = True
    for _ in range(50):
        link._on_message(f"{BASE}/command", b"dance", False)
    for _ in range(5):
        link._answer(Command("stop"), None)
    oks = [json.loads(p)["ok"] for p, *_ in link._client.on(f"{BASE}/status")]
    assert oks == [False] * 10 + [True] * 5


def test_a_command_sent_now_wakes_the_loop_and_the_17th_waiting_is_answered_busy():
    wake = threading.Event()
    link = make(wake=wake)
    link._connected = True
    link._on_message(f"{BASE}/command", b"pause", False)
    assert wake.is_set()
    for _ in range(16):
        link._on_message(f"{BASE}/command", b"stop", False)
    assert len(link.commands()) == 16
    (busy,) = [json.loads(p) for p, *_ in link._client.on(f"{BASE}/status")]
    assert (busy["ok"], busy["command"]) == (False, "stop") and busy["error"].startswith("busy")


def test_a_session_is_announced_once_and_marked_in_the_log_when_the_broker_acknowledges_it(
    logged,
):
    link = make(logged)
    link._store = Store(logged)
    try:
        link._handle(("connect", Accepted()))
        link._handle(("log",))  # the log changed again before the acknowledgement came
        (event,) = link._client.on(f"{BASE}/session")
        assert event[1:] == (1, False)
        mid = next(i for i, s in enumerate(link._client.sent, 1) if s[0] == f"{BASE}/session")
        link._handle(("acked", mid))
    finally:
        link._store.close()
    with Store(logged) as store:
        assert store.unpublished(datetime(2000, 1, 1)) == []


def test_a_broker_that_keeps_refusing_is_warned_about_once_until_it_lets_the_device_in(caplog):
    link = make()
    with caplog.at_level(logging.WARNING, "facepacer.mqtt"):
        for _ in range(5):  # paho tries again and again, with a growing pause
            link._handle(("connect", Refused()))
        link._handle(("connect", Accepted()))
    said = [record.getMessage() for record in caplog.records]
    assert len(said) == 2 and said[0].endswith(": Not authorized")
    assert said[1].startswith("connected to the MQTT broker at 127.0.0.1:")


def test_while_the_broker_is_away_states_wait_and_the_latest_goes_out_on_reconnecting():
    link = make()
    link._handle(("connect", Accepted()))
    link._handle(("disconnect", None))
    link._client = Recorder()
    for state in ("ritual", "paused"):
        link._handle(("state", {"state": state}))
    assert link._client.sent == []
    link._handle(("connect", Accepted()))
    assert [json.loads(p)["state"] for p, *_ in link._client.on(f"{BASE}/state")] == ["paused"]


def test_the_week_is_counted_on_the_day_the_device_says_it_is(tmp_path):
    path = tmp_path / "log.db"
    with Store(path) as store:
        session(store, datetime(2026, 5, 8, 7, 0).astimezone())  # a Friday
    config = MqttConfig(host="127.0.0.1", port=free_port(), device_name="Worker Mirror")
    link = MqttLink(config, rituals=[], db_path=path, goal=5, today=lambda: date(2026, 5, 9))
    link._client, link._store = Recorder(), Store(path)
    try:
        link._handle(("connect", Accepted()))
    finally:
        link._store.close()
    (week,) = link._client.on(f"{BASE}/week")
    assert json.loads(week[0])["days_done"] == 1  # that week's Friday, seen on its Saturday


def test_the_retain_flag_paho_hands_over_reaches_the_worker_and_the_command_is_refused():
    config = MqttConfig(host="127.0.0.1", port=free_port(), device_name="Worker Mirror")
    link = MqttLink(config, rituals=["glow"], db_path=None, goal=5, today=date.today)

    class Message:
        topic, payload, retain = f"{BASE}/command", b"start glow", True

    link._client.on_message(link._client, None, Message)  # as paho's thread calls it
    item = link._inbox.take(0)
    link._client, link._connected = Recorder(), True
    link._handle(item)
    assert link.commands() == []
    (answer,) = [json.loads(p) for p, *_ in link._client.on(f"{BASE}/status")]
    assert answer["error"].startswith("a retained command is not obeyed")


def test_the_password_is_the_first_line_of_the_password_file(tmp_path):
    (tmp_path / "pw").write_text("s3cret\nnot this one\n")
    config = MqttConfig(host="127.0.0.1", password_file=str(tmp_path / "pw"))
    assert _read_password(config) == "s3cret"
