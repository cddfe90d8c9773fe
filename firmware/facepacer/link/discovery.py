"""Home Assistant MQTT discovery: one retained config message per entity of the device.

Each config names its state or command topic on this device, the device block that groups the
entities in Home Assistant's device registry, and the availability topic whose ``offline`` the
broker publishes as the device's last will. Home Assistant's documented options for each
component are checked in tests/link/test_discovery.py.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Sequence, Tuple

import facepacer
from facepacer.link.state import STATES
from facepacer.link.topics import OFFLINE, ONLINE, Topics

NONE = "None"  # a template that renders None leaves the sensor's state unknown
SESSION_EVENTS = ("completed", "abandoned", "interrupted")
SUPPORT_URL = "https://github.com/facepacer/facepacer"
ORIGIN = {"name": "facepacer", "sw_version": facepacer.__version__, "support_url": SUPPORT_URL}


def _choice_template(rituals: Sequence[str]) -> str:
    """The select's value: the ritual under way; with none (or one that is not an option, run from
    a file), the option shown stays as it is, and before any it stays unknown. Home Assistant logs
    an error for a value that is not an option, and ``this.state`` is ``unknown`` until the first;
    ``None`` is its word for no option."""
    options = json.dumps(list(rituals))
    return (
        f"{{% set options = {options} %}}"
        "{{ value_json.ritual if value_json.ritual in options"
        " else (this.state if this.state in options else 'None') }}"
    )


def _device(topics: Topics, name: str) -> Dict[str, Any]:
    return {
        "identifiers": [f"facepacer_{topics.node}"],
        "name": name,
        "manufacturer": "facepacer",
        "model": "facepacer mirror",
        "sw_version": facepacer.__version__,
    }


def _common(topics: Topics, name: str, object_id: str, entity: str) -> Dict[str, Any]:
    return {
        "name": entity,
        "unique_id": f"facepacer_{topics.node}_{object_id}",
        "device": _device(topics, name),
        "origin": ORIGIN,  # the software that made the config, shown in Home Assistant's MQTT info
        "availability": [
            {
                "topic": topics.availability,
                "payload_available": ONLINE,
                "payload_not_available": OFFLINE,
            },
        ],  # fmt: skip
    }


def _sensors(topics: Topics) -> List[Tuple[str, str, str, Dict[str, Any]]]:
    optional = "{{{{ value_json.{0} if value_json.{0} is not none else 'None' }}}}"
    return [
        ("sensor", "state", "State", {
            "state_topic": topics.state, "value_template": "{{ value_json.state }}",
            "device_class": "enum", "options": list(STATES), "icon": "mdi:face-woman-shimmer",
            "json_attributes_topic": topics.state,
        }),
        ("sensor", "ritual", "Ritual", {
            "state_topic": topics.state, "value_template": optional.format("ritual_title"),
            "icon": "mdi:playlist-play",
        }),
        ("sensor", "step", "Step", {
            "state_topic": topics.state, "value_template": optional.format("step_title"),
            "icon": "mdi:gesture-tap",
        }),
        ("sensor", "week", "Days this week", {
            "state_topic": topics.week, "value_template": "{{ value_json.days_done }}",
            "unit_of_measurement": "d", "state_class": "measurement",
            "json_attributes_topic": topics.week, "icon": "mdi:calendar-check",
        }),
        ("sensor", "streak", "Streak", {
            "state_topic": topics.week, "value_template": "{{ value_json.streak }}",
            "unit_of_measurement": "weeks", "state_class": "measurement", "icon": "mdi:fire",
        }),
        ("sensor", "last_session", "Last session", {
            "state_topic": topics.last_session, "value_template": optional.format("status"),
            "json_attributes_topic": topics.last_session, "icon": "mdi:history",
        }),
        ("binary_sensor", "sensor_fault", "Sensor fault", {
            "state_topic": topics.fault, "payload_on": "ON", "payload_off": "OFF",
            "device_class": "problem", "entity_category": "diagnostic",
        }),
        ("event", "session", "Session", {
            "state_topic": topics.session, "event_types": list(SESSION_EVENTS),
            "icon": "mdi:check-circle-outline",
        }),
    ]  # fmt: skip


def _controls(topics: Topics, rituals: Sequence[str]) -> List[Tuple[str, str, str, Dict]]:
    def press(command: str) -> str:
        return json.dumps({"command": command})

    buttons = [
        (
            "button",
            name,
            name.title(),
            {"command_topic": topics.command, "payload_press": press(name)},
        )  # fmt: skip
        for name in ("start", "pause", "resume", "stop")
    ]
    choose = ("select", "ritual_choice", "Start ritual", {
        "command_topic": topics.command, "options": list(rituals),
        "command_template": '{"command": "start", "ritual": "{{ value }}"}',
        "state_topic": topics.state,
        "value_template": _choice_template(rituals),
    })  # fmt: skip
    return buttons + ([choose] if rituals else [])


def configs(topics: Topics, device_name: str, rituals: Sequence[str]) -> List[Tuple[str, str]]:
    """(topic, JSON payload) of every entity's discovery config, to publish retained."""
    out = []
    for component, object_id, entity, fields in _sensors(topics) + _controls(topics, rituals):
        payload = {**_common(topics, device_name, object_id, entity), **fields}
        out.append((topics.config(component, object_id), json.dumps(payload, sort_keys=True)))
    return out
