"""Each discovery config against what the device really publishes, as Home Assistant reads it.

The link runs with a client that records every publish (topic, payload, QoS, retain); each
entity's templates are then rendered with Jinja (as Home Assistant does) against the payloads the
link put on that entity's state topic, with every key a template reads required to be there, and
each command a button or the select would send is read back by the device's own parser.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from facepacer.config import MqttConfig
from facepacer.engine.device import Device
from facepacer.engine.events import HOLD, PRESS, TAP, Gesture
from facepacer.link import commands
from facepacer.link.mqtt import MqttLink
from facepacer.link.state import device_state
from facepacer.store import Store

from ..engine.helpers import ritual, step
from ..store.helpers import session
from .broker import free_port

RITUALS = ["test", "quick-calm"]
BASE = "facepacer/fit_mirror"


class Accepted:
    """A broker's answer to connect that accepts it."""

    is_failure = False


class Recorder:
    """Stands in for paho's client: keeps (topic, payload, qos, retain) of each publish."""

    def __init__(self):
        self.sent = []

    def subscribe(self, topic, qos=0):
        pass

    def publish(self, topic, payload, qos=0, retain=False):
        self.sent.append((topic, payload, qos, retain))

        class Info:
            mid = len(self.sent)

        return Info()


def device_states():
    """The state dicts the loop hands the link: idle, a step under way, paused, then the sensor
    lost while paused."""
    device = Device([ritual(step(30), step(30))])
    seen = [device_state(device, 0.0, sensor_ok=True)]
    device.gesture(Gesture(PRESS, 1.0))
    device.gesture(Gesture(TAP, 1.1))
    seen.append(device_state(device, 2.0, sensor_ok=True))
    device.gesture(Gesture(PRESS, 3.0))
    device.gesture(Gesture(HOLD, 4.0))
    seen.append(device_state(device, 5.0, sensor_ok=True))
    seen.append(device_state(device, 6.0, sensor_ok=False))
    assert [s["state"] for s in seen] == ["idle", "ritual", "paused", "fault"]
    return seen


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Everything the link publishes on connecting, with a log of one session and one running."""
    path = tmp_path_factory.mktemp("fit") / "log.db"
    now = datetime.now(timezone.utc).replace(microsecond=0)
    with Store(path) as store:
        session(store, now, mood=4)
    config = MqttConfig(host="127.0.0.1", port=free_port(), device_name="Fit Mirror")
    link = MqttLink(config, rituals=RITUALS, db_path=path, goal=5, today=date.today)
    link._client = Recorder()
    link._store = Store(path)
    link._state = device_states()[0]
    link._on_connect(Accepted())
    for state in device_states()[1:]:
        link._state = state
        link._publish_state()
    link._store.close()
    return link._client.sent


@pytest.fixture(scope="module")
def entities(published):
    found = {}
    for topic, payload, _qos, _retain in published:
        if topic.startswith("homeassistant/") and topic.endswith("/config"):
            found[topic.split("/")[3]] = json.loads(payload)
    assert len(found) == 13
    return found


def on(published, topic):
    return [payload for t, payload, _q, _r in published if t == topic]


def strict():
    from jinja2 import StrictUndefined, sandbox  # Home Assistant renders templates with Jinja

    return sandbox.SandboxedEnvironment(undefined=StrictUndefined)


class This:
    state = "unknown"


def test_every_value_template_renders_from_what_its_state_topic_carries(published, entities):
    rendered = 0
    for name, config in entities.items():
        if "value_template" not in config:
            continue
        payloads = on(published, config["state_topic"])
        assert payloads, f"{name}: nothing was published on {config['state_topic']}"
        template = strict().from_string(config["value_template"])
        for payload in payloads:
            value = json.loads(payload)
            out = template.render(value_json=value, value=payload, this=This())
            assert out not in ("", "None") or name in ("ritual", "step", "ritual_choice"), (
                f"{name} renders {out!r} from {payload}"
            )
            rendered += 1
    assert rendered >= 12


def test_the_sensors_show_the_values_the_device_published(published, entities):
    def shown(name, payload):
        return (
            strict()
            .from_string(entities[name]["value_template"])
            .render(value_json=json.loads(payload), this=This())
        )

    states = on(published, f"{BASE}/state")
    assert [shown("state", p) for p in states] == ["idle", "ritual", "paused", "fault"]
    assert [shown("step", p) for p in states] == ["None", "Cheeks", "Cheeks", "Cheeks"]
    assert [shown("ritual", p) for p in states] == ["None"] + ["Test ritual"] * 3
    assert [shown("ritual_choice", p) for p in states] == ["None", "test", "test", "test"]
    (week,) = on(published, f"{BASE}/week")
    assert (shown("week", week), shown("streak", week)) == ("1", "0")
    (last,) = on(published, f"{BASE}/last_session")
    assert shown("last_session", last) == "completed"
    assert all(shown("state", p) in entities["state"]["options"] for p in states)


def test_attribute_topics_carry_json_objects(published, entities):
    for name, config in entities.items():
        if "json_attributes_topic" in config:
            for payload in on(published, config["json_attributes_topic"]):
                assert isinstance(json.loads(payload), dict), name


def test_the_fault_sensor_gets_only_its_own_on_and_off_words(published, entities):
    fault = entities["sensor_fault"]
    sent = on(published, fault["state_topic"])
    assert sent == ["OFF", "ON"]
    assert {fault["payload_on"], fault["payload_off"]} == {"ON", "OFF"}


def test_the_session_event_is_unretained_at_qos_1_with_an_event_type_it_offers(published, entities):
    event = entities["session"]
    sent = [(p, q, r) for t, p, q, r in published if t == event["state_topic"]]
    assert len(sent) == 1
    payload, qos, retain = sent[0]
    assert (qos, retain) == (1, False)  # an event kept by the broker would fire again at reconnect
    assert json.loads(payload)["event_type"] == "completed"
    assert json.loads(payload)["event_type"] in event["event_types"]
    assert event["event_types"] == ["completed", "abandoned", "interrupted"]


def test_everything_home_assistant_reads_is_retained_at_qos_1(published):
    for topic, _payload, qos, retain in published:
        if topic != f"{BASE}/session":
            assert (qos, retain) == (1, True), topic


def test_each_button_press_is_the_command_it_is_named_for(entities):
    for name in ("start", "pause", "resume", "stop"):
        config = entities[name]
        assert config["command_topic"] == f"{BASE}/command"
        parsed = commands.parse(config["payload_press"].encode(), RITUALS)
        assert parsed == commands.Command(name)


def test_each_option_of_the_select_starts_that_ritual(entities):
    select = entities["ritual_choice"]
    assert select["options"] == RITUALS and select["command_topic"] == f"{BASE}/command"
    template = strict().from_string(select["command_template"])
    for option in RITUALS:
        sent = template.render(value=option)
        assert commands.parse(sent.encode(), RITUALS) == commands.Command("start", option)


def test_the_week_sensors_show_this_weeks_days_and_the_current_streak_not_the_best(entities):
    week = '{"days_done": 3, "goal": 5, "streak": 2, "best_streak": 6}'

    def shown(name):
        template = strict().from_string(entities[name]["value_template"])
        return template.render(value_json=json.loads(week), this=This())

    assert (shown("week"), shown("streak")) == ("3", "2")


def test_each_sensors_attributes_carry_what_readme_says_they_show(published, entities):
    def attributes(name):
        return json.loads(on(published, entities[name]["json_attributes_topic"])[-1])

    assert attributes("week")["goal"] == 5  # this week's days against the goal (attribute goal)
    state = attributes("state")
    assert (state["ritual"], state["step"]) == ("test", 1)
    last = attributes("last_session")
    assert {"ritual", "minutes", "mood", "started_at", "ended_at"} <= set(last)
    assert (last["ritual"], last["mood"]) == ("symmetry-sculpt", 4)
