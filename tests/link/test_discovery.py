"""The discovery configs against Home Assistant's documented options, one entity at a time."""

from __future__ import annotations

import json

import pytest

from facepacer.config import MqttConfig
from facepacer.link.discovery import configs
from facepacer.link.state import STATES
from facepacer.link.topics import Topics, node_id

from .hass import problems

TOPICS = Topics.of(MqttConfig(host="broker", device_name="Bathroom Mirror"))
CONFIGS = configs(TOPICS, "Bathroom Mirror", ["quick-calm", "symmetry-sculpt"])


def parts(topic: str):
    prefix, component, node, object_id, last = topic.split("/")
    return prefix, component, node, object_id, last


def test_every_entity_readme_lists_is_announced():
    found = {(parts(t)[1], parts(t)[3]) for t, _ in CONFIGS}
    assert found == {
        ("sensor", "state"),
        ("sensor", "ritual"),
        ("sensor", "step"),
        ("sensor", "week"),
        ("sensor", "streak"),
        ("sensor", "last_session"),
        ("binary_sensor", "sensor_fault"),
        ("event", "session"),
        ("button", "start"),
        ("button", "pause"),
        ("button", "resume"),
        ("button", "stop"),
        ("select", "ritual_choice"),
    }


@pytest.mark.parametrize("topic, payload", CONFIGS, ids=[t for t, _ in CONFIGS])
def test_each_config_uses_only_documented_options_with_the_right_types(topic, payload):
    prefix, component, node, _object_id, last = parts(topic)
    assert (prefix, node, last) == ("homeassistant", "bathroom_mirror", "config")
    config = json.loads(payload)
    assert problems(component, config) == []
    assert config["availability"] == [
        {
            "topic": "facepacer/bathroom_mirror/availability",
            "payload_available": "online",
            "payload_not_available": "offline",
        }
    ]
    assert config["device"]["identifiers"] == ["facepacer_bathroom_mirror"]
    assert config["device"]["name"] == "Bathroom Mirror"


def test_unique_ids_are_unique_and_name_the_device():
    ids = [json.loads(p)["unique_id"] for _, p in CONFIGS]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("facepacer_bathroom_mirror_") for i in ids)


def test_the_state_sensor_offers_every_state_and_the_select_every_ritual():
    by_id = {parts(t)[3]: json.loads(p) for t, p in CONFIGS}
    assert by_id["state"]["options"] == list(STATES)
    assert by_id["ritual_choice"]["options"] == ["quick-calm", "symmetry-sculpt"]
    assert json.loads(by_id["pause"]["payload_press"]) == {"command": "pause"}


def test_the_checker_itself_catches_what_home_assistant_would_refuse():
    assert problems("sensor", {"name": "x"}) == ["sensor: missing required 'state_topic'"]
    bad = {
        "state_topic": "t",
        "device_class": "enum",
        "unit_of_measurement": "d",
        "colour": "red",
        "availability_topic": "a",
        "availability": [{"payload": "x"}],
    }
    found = problems("sensor", bad)
    assert "sensor: 'colour' is not a documented option" in found
    assert "sensor: device_class enum needs options" in found
    assert "sensor: availability and availability_topic must not be used together" in found
    assert "sensor availability: each entry needs a topic" in found
    assert problems("select", {"command_topic": "c", "options": "a"}) != []
    assert problems("button", {"command_topic": "c", "device_class": "door"}) != []
    assert problems("binary_sensor", {"state_topic": "s", "device": {"name": "d"}}) == [
        "binary_sensor device: needs identifiers or connections",
        "binary_sensor: a device block works only with a unique_id",
    ]


def test_a_device_name_becomes_a_safe_topic_level():
    assert node_id("Bathroom Mirror #2") == "bathroom_mirror_2"
    assert node_id("ü/+#") == "facepacer"


def test_every_config_names_the_software_that_sent_it():
    import facepacer

    for _topic, payload in CONFIGS:
        assert json.loads(payload)["origin"] == {
            "name": "facepacer",
            "sw_version": facepacer.__version__,
            "support_url": "https://github.com/facepacer/facepacer",
        }


class This:
    """Home Assistant's ``this``: the entity's state as it was before the message."""

    def __init__(self, state):
        self.state = state


@pytest.mark.parametrize(
    "ritual, before, shown",
    [
        ("quick-calm", "unknown", "quick-calm"),  # a ritual runs: it is the option
        (None, "unknown", "None"),  # before the first ritual: stays unknown, no error
        (None, "symmetry-sculpt", "symmetry-sculpt"),  # idle: the option shown stays
        ("from-a-file", "quick-calm", "quick-calm"),  # a ritual that is no option: likewise
        ("from-a-file", "unknown", "None"),
    ],
)
def test_the_select_never_yields_a_value_that_is_not_one_of_its_options(ritual, before, shown):
    # Home Assistant renders value_template with Jinja; an option it does not know is logged as
    # an ERROR ("Invalid option"), and None (any case) means no option.
    from jinja2 import sandbox  # in the test extra, as Home Assistant renders templates with it

    by_id = {parts(t)[3]: json.loads(p) for t, p in CONFIGS}
    template = sandbox.SandboxedEnvironment().from_string(by_id["ritual_choice"]["value_template"])
    rendered = template.render(value_json={"state": "idle", "ritual": ritual}, this=This(before))
    assert rendered == shown
    assert rendered in by_id["ritual_choice"]["options"] or rendered.lower() == "none"


def test_with_no_ritual_to_offer_no_select_is_announced_and_every_other_entity_is():
    announced = configs(TOPICS, "Bathroom Mirror", [])
    assert [parts(t)[1] for t, _ in announced].count("select") == 0
    assert len(announced) == 12
    assert all(problems(parts(t)[1], json.loads(p)) == [] for t, p in announced)


def test_the_sensor_fault_is_a_diagnostic_problem_sensor():
    by_id = {parts(t)[3]: json.loads(p) for t, p in CONFIGS}
    fault = by_id["sensor_fault"]
    assert (fault["device_class"], fault["entity_category"]) == ("problem", "diagnostic")


def test_the_week_and_the_streak_are_measurements_in_days_and_in_weeks():
    by_id = {parts(t)[3]: json.loads(p) for t, p in CONFIGS}
    for object_id, unit in (("week", "d"), ("streak", "weeks")):
        sensor = by_id[object_id]
        assert (sensor["unit_of_measurement"], sensor["state_class"]) == (unit, "measurement")
