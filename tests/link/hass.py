"""Home Assistant's documented MQTT discovery options, as a checker for the device's configs.

Written from Home Assistant's integration pages: sensor.mqtt, binary_sensor.mqtt, button.mqtt,
select.mqtt and event.mqtt (https://www.home-assistant.io/integrations/<component>.mqtt/), and
the shared parts of MQTT discovery: the device map (device registry) and availability. Only the
options the pages document are allowed; each required one must be there with the right type.
"""

from __future__ import annotations

from typing import Any, Dict, List

TEXT, BOOL, INT, LIST, MAP = str, bool, int, list, dict

# Every MQTT entity (the "Configuration Variables" common to the five pages).
COMMON = {
    "availability": LIST,
    "availability_mode": TEXT,
    "availability_template": TEXT,
    "availability_topic": TEXT,
    "payload_available": TEXT,
    "payload_not_available": TEXT,
    "device": MAP,
    "enabled_by_default": BOOL,
    "encoding": TEXT,
    "entity_category": TEXT,
    "entity_picture": TEXT,
    "icon": TEXT,
    "json_attributes_template": TEXT,
    "json_attributes_topic": TEXT,
    "name": TEXT,
    "object_id": TEXT,
    "origin": MAP,
    "default_entity_id": TEXT,
    "qos": INT,
    "unique_id": TEXT,
}

COMPONENTS: Dict[str, Dict[str, Any]] = {
    "sensor": {
        "required": {"state_topic": TEXT},
        "optional": {
            "device_class": TEXT,
            "expire_after": INT,
            "force_update": BOOL,
            "last_reset_value_template": TEXT,
            "options": LIST,
            "suggested_display_precision": INT,
            "state_class": TEXT,
            "unit_of_measurement": TEXT,
            "value_template": TEXT,
        },
    },
    "binary_sensor": {
        "required": {"state_topic": TEXT},
        "optional": {
            "device_class": TEXT,
            "expire_after": INT,
            "force_update": BOOL,
            "off_delay": INT,
            "payload_off": TEXT,
            "payload_on": TEXT,
            "value_template": TEXT,
        },
    },
    "button": {
        "required": {"command_topic": TEXT},
        "optional": {
            "command_template": TEXT,
            "device_class": TEXT,
            "payload_press": TEXT,
            "retain": BOOL,
        },
    },
    "select": {
        "required": {"command_topic": TEXT, "options": LIST},
        "optional": {
            "command_template": TEXT,
            "optimistic": BOOL,
            "retain": BOOL,
            "state_topic": TEXT,
            "value_template": TEXT,
        },
    },
    "event": {
        "required": {"state_topic": TEXT, "event_types": LIST},
        "optional": {"device_class": TEXT, "value_template": TEXT},
    },
}

DEVICE = {
    "configuration_url": TEXT,
    "connections": LIST,
    "hw_version": TEXT,
    "identifiers": LIST,
    "manufacturer": TEXT,
    "model": TEXT,
    "model_id": TEXT,
    "name": TEXT,
    "serial_number": TEXT,
    "suggested_area": TEXT,
    "sw_version": TEXT,
    "via_device": TEXT,
}
# The origin map (MQTT discovery: "Origin"): the software that sent the config; name required.
ORIGIN = {"name": TEXT, "sw_version": TEXT, "support_url": TEXT}
AVAILABILITY = {
    "topic": TEXT,
    "payload_available": TEXT,
    "payload_not_available": TEXT,
    "value_template": TEXT,
}
ENTITY_CATEGORIES = ("config", "diagnostic")
STATE_CLASSES = ("measurement", "measurement_angle", "total", "total_increasing")
DEVICE_CLASSES = {
    "binary_sensor": (
        "battery",
        "battery_charging",
        "carbon_monoxide",
        "cold",
        "connectivity",
        "door",
        "garage_door",
        "gas",
        "heat",
        "light",
        "lock",
        "moisture",
        "motion",
        "moving",
        "occupancy",
        "opening",
        "plug",
        "power",
        "presence",
        "problem",
        "running",
        "safety",
        "smoke",
        "sound",
        "tamper",
        "update",
        "vibration",
        "window",
    ),
    "button": ("identify", "restart", "update"),
    "event": ("button", "doorbell", "motion"),
}


def _typed(where: str, data: Dict[str, Any], allowed: Dict[str, type]) -> List[str]:
    problems = []
    for key, value in data.items():
        if key not in allowed:
            problems.append(f"{where}: {key!r} is not a documented option")
        elif not isinstance(value, allowed[key]) or (allowed[key] is INT and value is True):
            problems.append(f"{where}: {key!r} must be {allowed[key].__name__}, got {value!r}")
    return problems


def problems(component: str, config: Dict[str, Any]) -> List[str]:
    """Everything in ``config`` that Home Assistant's documentation does not allow."""
    spec = COMPONENTS[component]
    allowed = {**COMMON, **spec["required"], **spec["optional"]}
    found = _typed(component, config, allowed)
    found += [
        f"{component}: missing required {key!r}" for key in spec["required"] if key not in config
    ]
    found += _device_and_availability(component, config)
    found += _classes(component, config)
    for key in ("options", "event_types"):
        if key in config and not all(isinstance(o, str) and o for o in config[key]):
            found.append(f"{component}: {key!r} must be a list of non-empty strings")
    return found


def _device_and_availability(component: str, config: Dict[str, Any]) -> List[str]:
    found = []
    if "device" in config:
        device = config["device"]
        found += _typed(f"{component} device", device, DEVICE)
        if not device.get("identifiers") and not device.get("connections"):
            found.append(f"{component} device: needs identifiers or connections")
        if "unique_id" not in config:
            found.append(f"{component}: a device block works only with a unique_id")
    if "origin" in config:
        origin = config["origin"]
        found += _typed(f"{component} origin", origin, ORIGIN)
        if not origin.get("name"):
            found.append(f"{component} origin: needs a name")
        if not str(origin.get("support_url", "https://")).startswith(("http://", "https://")):
            found.append(f"{component} origin: support_url must be an http(s) address")
    if "availability" in config and "availability_topic" in config:
        found.append(f"{component}: availability and availability_topic must not be used together")
    for entry in config.get("availability", []):
        found += _typed(f"{component} availability", entry, AVAILABILITY)
        if "topic" not in entry:
            found.append(f"{component} availability: each entry needs a topic")
    if config.get("entity_category", "config") not in ENTITY_CATEGORIES:
        found.append(f"{component}: entity_category must be one of {ENTITY_CATEGORIES}")
    return found


def _classes(component: str, config: Dict[str, Any]) -> List[str]:
    found = []
    device_class = config.get("device_class")
    known = DEVICE_CLASSES.get(component)
    if device_class is not None and known is not None and device_class not in known:
        found.append(f"{component}: unknown device_class {device_class!r}")
    if component == "sensor":
        if config.get("state_class", "measurement") not in STATE_CLASSES:
            found.append(f"sensor: unknown state_class {config['state_class']!r}")
        enum = device_class == "enum"
        if enum and not config.get("options"):
            found.append("sensor: device_class enum needs options")
        if "options" in config and not enum:
            found.append("sensor: options go only with device_class enum")
        if enum and ("unit_of_measurement" in config or "state_class" in config):
            found.append("sensor: an enum sensor has no unit_of_measurement or state_class")
    return found
