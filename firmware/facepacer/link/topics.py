"""Where everything is published: one place for every topic name of the MQTT link."""

from __future__ import annotations

import re
from dataclasses import dataclass

from facepacer.config import MqttConfig

ONLINE, OFFLINE = "online", "offline"


def node_id(device_name: str) -> str:
    """The device's name as a topic level and an id: lower case letters, digits and _."""
    slug = re.sub(r"[^a-z0-9]+", "_", device_name.lower()).strip("_")
    return slug or "facepacer"


@dataclass(frozen=True)
class Topics:
    node: str  # node_id(device_name)
    base: str  # topic_prefix/node
    discovery_prefix: str

    @classmethod
    def of(cls, config: MqttConfig) -> Topics:
        node = node_id(config.device_name)
        return cls(node, f"{config.topic_prefix}/{node}", config.discovery_prefix)

    @property
    def availability(self) -> str:
        return f"{self.base}/availability"  # online / offline (the last will), retained

    @property
    def state(self) -> str:
        return f"{self.base}/state"  # JSON: state, ritual, step...; retained

    @property
    def week(self) -> str:
        return f"{self.base}/week"  # JSON: days this week, goal, streaks; retained

    @property
    def last_session(self) -> str:
        return f"{self.base}/last_session"  # JSON: the latest session; retained

    @property
    def fault(self) -> str:
        return f"{self.base}/fault"  # ON / OFF: the touch sensor is not answering; retained

    @property
    def session(self) -> str:
        return f"{self.base}/session"  # JSON event, one per finished session; not retained

    @property
    def command(self) -> str:
        return f"{self.base}/command"  # subscribed: start [ritual], pause, resume, stop

    @property
    def status(self) -> str:
        return f"{self.base}/status"  # the answer to each command; not retained

    def config(self, component: str, object_id: str) -> str:
        """Home Assistant's discovery topic for one entity of this device."""
        return f"{self.discovery_prefix}/{component}/{self.node}/{object_id}/config"
