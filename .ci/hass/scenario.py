"""What the check does with the device and Home Assistant, in the order a household would meet
it: the device appears, is driven from Home Assistant's buttons and select, loses power, comes
back with a stale retained command waiting, has its history deleted, and Home Assistant
restarts. The entity ids below are README's, written out, not derived from the code."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Any, Callable, Dict, List, Optional, Tuple

import logs
from stack import HOST, START_WAIT

DEVICE_NAME = "Bathroom Mirror"
COMMAND_TOPIC = "facepacer/bathroom_mirror/command"
# What names the device in a log line: its node id (topics, unique ids, entity ids) and its name.
# Not "facepacer" alone: it is in paths, such as the cache folder of Home Assistant's own venv.
DEVICE_WORDS = ("bathroom_mirror", DEVICE_NAME)
ENTITIES = (
    "sensor.bathroom_mirror_state",
    "sensor.bathroom_mirror_ritual",
    "sensor.bathroom_mirror_step",
    "sensor.bathroom_mirror_days_this_week",
    "sensor.bathroom_mirror_streak",
    "sensor.bathroom_mirror_last_session",
    "binary_sensor.bathroom_mirror_sensor_fault",
    "event.bathroom_mirror_session",
    "button.bathroom_mirror_start",
    "button.bathroom_mirror_pause",
    "button.bathroom_mirror_resume",
    "button.bathroom_mirror_stop",
    "select.bathroom_mirror_start_ritual",
)
STATE, RITUAL_SENSOR, STEP, WEEK, STREAK, LAST, FAULT, EVENT = ENTITIES[:8]
START, PAUSE, RESUME, STOP, SELECT = ENTITIES[8:]
RITUAL = """\
format: 1
id: ci-short
title: CI Short
steps:
  - {zone: forehead, title: Warm up, say: Palms on the forehead., seconds: 4}
  - {zone: cheeks, title: Sweep, say: Sweep the cheeks outwards., seconds: 3, strokes: 3}
  - {zone: full_face, title: Rest, say: Palms on the cheeks., seconds: 3}
"""
STEPS = (("Warm up", "forehead"), ("Sweep", "cheeks"), ("Rest", "full_face"))
WAIT = 15.0  # seconds: the most the check waits for the device to show something in Home Assistant
RITUAL_WAIT = 30.0  # a whole ci-short (10 s) and its finish screen (6 s), with room
SETTLE = 3.0  # seconds given to something that must NOT happen (a retained command obeyed)
GONE = (None, "unavailable")
IDLE = ("idle", "unknown", "unknown")  # the state, step and ritual sensors with no ritual


def _ritual_states() -> List[Tuple]:
    """The state sensor's (state, attributes) through a whole ci-short, as README describes."""
    run = {"ritual": "ci-short", "ritual_title": "CI Short", "steps": 3}
    steps = [
        ("ritual", {**run, "step": n, "step_title": t, "zone": z})
        for n, (t, z) in enumerate(STEPS, 1)
    ]
    after = {"step": None, "step_title": None, "zone": None}
    nothing = dict.fromkeys(("ritual", "ritual_title", "steps"))
    return steps + [("finished", {**run, **after}), ("idle", {**nothing, **after})]


class Scenario:
    def __init__(self, checks, hass, hass_proc, broker, device):
        self.checks, self.hass, self.hass_proc = checks, hass, hass_proc
        self.broker, self.device = broker, device
        self.sessions: Dict[Tuple, str] = {}  # (id, started_at) -> status, of every session seen

    async def play(self) -> None:
        await self.set_up()
        await self.device_appears()
        await self.select_and_the_buttons()
        await self.start_button_runs_the_ritual()
        await self.last_will_then_a_retained_command()
        await self.history_deleted_while_the_device_is_off()
        await self.history_deleted_while_linked()
        await self.home_assistant_restarts()
        self.device.stop()
        await self.hass.disconnect()
        self.hass_proc.stop()
        self.each_session_fired_once()
        self.log_says_nothing_about_the_device()

    # -- helpers ---------------------------------------------------------------------------

    def check(self, name: str, ok: bool, seen: str = "") -> bool:
        return self.checks.check(name, bool(ok), seen)

    def state(self, entity: str = STATE) -> Optional[str]:
        return self.hass.state(entity)

    def attrs(self, entity: str = STATE) -> Dict[str, Any]:
        return self.hass.attributes(entity)

    def show(self, *entities: str) -> str:
        return "; ".join(f"{e} = {self.state(e)!r} {self._shown(e)}" for e in entities)

    def _shown(self, entity: str) -> str:
        keep = {
            k: v
            for k, v in self.attrs(entity).items()
            if k
            not in (
                "friendly_name",
                "icon",
                "options",
                "device_class",
                "unit_of_measurement",
                "state_class",
                "event_types",
            )
        }
        return json.dumps(keep, sort_keys=True) if keep else ""

    async def until(self, condition: Callable[[], Any], wait: float = WAIT) -> Any:
        return await self.hass.wait_for(condition, wait)

    def idle(self) -> bool:
        """Idle on all three sensors that the device's one state message moves: each shows it in
        its own state_changed event, so the state sensor alone may be ahead of the others."""
        return (self.state(), self.state(STEP), self.state(RITUAL_SENSOR)) == IDLE

    async def press(self, button: str) -> None:
        await self.hass.call("button", "press", entity_id=button)

    def changes(self, entity: str, mark: int) -> List[Dict[str, Any]]:
        return [
            c["new_state"]
            for c in self.hass.changes[mark:]
            if c["entity_id"] == entity and c.get("new_state")
        ]

    def path(self, entity: str, mark: int, keys: Tuple[str, ...] = ()) -> List[Tuple]:
        """The entity's states since ``mark``, with the attributes ``keys``, repeats left out."""
        seen: List[Tuple] = []
        for new in self.changes(entity, mark):
            item = (new["state"], {k: new["attributes"].get(k) for k in keys})
            if not seen or seen[-1] != item:
                seen.append(item)
        return seen

    def missing(self) -> List[str]:
        return [e for e in ENTITIES if self.state(e) in GONE]

    def fires(self) -> List[Dict[str, Any]]:
        """Every time the session event fired: a new timestamp as its state (a restore after a
        restart, or after unavailable, shows the previous one again and is not a fire)."""
        out, last = [], None
        for change in self.hass.changes:
            new = change.get("new_state")
            if change["entity_id"] != EVENT or new is None:
                continue
            if new["state"] not in ("unknown", "unavailable") and new["state"] != last:
                last = new["state"]
                out.append(new["attributes"])
        return out

    def note_sessions(self) -> List[Dict[str, Any]]:
        rows = self.device.sessions()
        for row in rows:
            self.sessions[(row["id"], row["started_at"])] = row["status"]
        return rows

    def publish(self, topic: str, payload: bytes, retain: bool) -> None:
        import paho.mqtt.client as mqtt

        api = getattr(mqtt, "CallbackAPIVersion", None)  # paho 2; an older release's venv has 1.6
        name = "facepacer-ci-check"
        client = mqtt.Client(api.VERSION2, client_id=name) if api else mqtt.Client(client_id=name)
        client.connect(HOST, self.broker.port, 30)
        client.loop_start()
        try:
            client.publish(topic, payload, qos=1, retain=retain).wait_for_publish(WAIT)
        finally:
            client.disconnect()
            client.loop_stop()

    def loud_about_select(self) -> List[str]:
        found = logs.about_device(logs.entries(self.hass_proc.log), [SELECT])
        return [e.first_line() for e in found if SELECT in e.text]

    # -- the scenario ------------------------------------------------------------------------

    async def set_up(self) -> None:
        await self.hass.wait_until_running(START_WAIT)
        await self.hass.onboard()
        await self.hass.wait_until_running(START_WAIT)
        await self.hass.config_flow("mqtt", [{"broker": HOST, "port": self.broker.port}])
        entries: List[dict] = []
        for _ in range(int(WAIT * 2)):
            entries = await self.hass.request("GET", "/api/config/config_entries/entry?domain=mqtt")
            if entries and entries[0].get("state") == "loaded":
                break
            await asyncio.sleep(0.5)
        self.check(
            "setup: Home Assistant's MQTT integration set up through its config flow",
            entries and entries[0].get("state") == "loaded",
            str(entries),
        )

    async def device_appears(self) -> None:
        self.device.start()
        await self.until(lambda: not self.missing(), 40.0)
        self.check(
            "entities: the 13 entities README lists appear with their documented ids",
            not self.missing(),
            f"missing or unavailable: {self.missing()}",
        )
        await self.one_device()
        idle = {
            STATE: "idle",
            RITUAL_SENSOR: "unknown",
            STEP: "unknown",
            FAULT: "off",
            WEEK: "0",
            STREAK: "0",
            LAST: "unknown",
        }
        ok = await self.until(lambda: all(self.state(e) == v for e, v in idle.items()))
        ok = ok and self.attrs(WEEK).get("goal") == 5
        self.check(
            "idle: a new device shows idle, no ritual or step, 0 days of 5, no session",
            ok,
            self.show(*idle),
        )
        await asyncio.sleep(SETTLE)  # the select's template runs as the retained state arrives
        loud = self.loud_about_select()
        self.check(
            "select: no ERROR or WARNING about it while the device is idle",
            not loud,
            " | ".join(loud),
        )

    async def one_device(self) -> None:
        entities = await self.hass.command({"type": "config/entity_registry/list"})
        devices = {
            d["id"]: d for d in await self.hass.command({"type": "config/device_registry/list"})
        }
        ours = {e["entity_id"]: e.get("device_id") for e in entities if e["entity_id"] in ENTITIES}
        ids = set(ours.values())
        device = devices.get(next(iter(ids))) if len(ids) == 1 else None
        name = device and (device.get("name_by_user") or device.get("name"))
        on_it = sorted(
            e["entity_id"] for e in entities if device and e.get("device_id") == device["id"]
        )
        ok = device is not None and name == DEVICE_NAME and on_it == sorted(ENTITIES)
        self.check(
            "entities: all 13 on one device named Bathroom Mirror, and nothing else on it",
            ok and device.get("manufacturer") == "facepacer",
            f"devices {ids}, name {name!r}, entities on it: {on_it}",
        )

    async def select_and_the_buttons(self) -> None:
        mark = len(self.hass.changes)
        await self.hass.call("select", "select_option", entity_id=SELECT, option="ci-short")
        ok = await self.until(lambda: self.state() == "ritual" and self.state(SELECT) == "ci-short")
        self.check(
            "select: choosing ci-short starts it, and the select shows it",
            ok and self.attrs().get("ritual") == "ci-short",
            self.show(STATE, SELECT),
        )
        for button, want in ((PAUSE, "paused"), (RESUME, "ritual"), (STOP, "idle")):
            await self.press(button)
            done = self.idle if want == "idle" else (lambda want=want: self.state() == want)
            ok = await self.until(done, WAIT)
            self.check(f"button {button}: the device goes {want}", ok, self.show(STATE))
        states = [s for s, _ in self.path(STATE, mark)]
        self.check(
            "state: select, pause, resume, stop go ritual, paused, ritual, finished, idle",
            states == ["ritual", "paused", "ritual", "finished", "idle"],
            str(states),
        )
        ok = await self.until(lambda: self.state(LAST) == "abandoned")
        self.check("last_session: the stopped session shows as abandoned", ok, self.show(LAST))

    async def start_button_runs_the_ritual(self) -> None:
        mark, fired = len(self.hass.changes), len(self.fires())
        await self.press(START)
        ok = await self.until(lambda: self.state() == "ritual")
        self.check(
            "button start: starts the ritual home offers (the last one, ci-short)",
            ok and self.attrs().get("ritual") == "ci-short",
            self.show(STATE),
        )
        await self.until(self.idle, RITUAL_WAIT)
        keys = ("ritual", "ritual_title", "steps", "step", "step_title", "zone")
        seen, want = self.path(STATE, mark, keys), _ritual_states()
        self.check(
            "state: its state and attributes follow ci-short step by step, then idle",
            seen == want,
            f"saw {seen}",
        )
        steps = [s for s, _ in self.path(STEP, mark)]
        rituals = [s for s, _ in self.path(RITUAL_SENSOR, mark)]
        self.check(
            "step, ritual: the sensors show each step's title and the ritual's, then none",
            steps == ["Warm up", "Sweep", "Rest", "unknown"] and rituals == ["CI Short", "unknown"],
            f"steps {steps}, rituals {rituals}",
        )
        await self.until(lambda: self.state(LAST) == "completed")
        last = self.attrs(LAST)
        ok = self.state(LAST) == "completed" and last.get("ritual") == "ci-short"
        ok = ok and (last.get("steps_done"), last.get("steps_total"), last.get("mood")) == (
            3,
            3,
            None,
        )
        ok = ok and all(last.get(k) for k in ("started_at", "ended_at", "seconds", "session_id"))
        ok = ok and isinstance(last.get("minutes"), (int, float))
        self.check(
            "last_session: completed, with its ritual, steps, minutes and times",
            ok,
            self.show(LAST),
        )
        ok = await self.until(lambda: self.state(WEEK) == "1" and self.state(STREAK) == "0")
        units = (
            self.attrs(WEEK).get("unit_of_measurement"),
            self.attrs(STREAK).get("unit_of_measurement"),
        )
        self.check(
            "week: 1 day this week against the goal of 5, a streak of 0 weeks",
            ok and self.attrs(WEEK).get("goal") == 5 and units == ("d", "weeks"),
            self.show(WEEK, STREAK),
        )
        await self.until(lambda: len(self.fires()) > fired)
        new = [(f.get("event_type"), f.get("ritual")) for f in self.fires()[fired:]]
        self.check(
            "event: the completed session fires the event once, as completed",
            new == [("completed", "ci-short")],
            f"fired {new}",
        )

    async def last_will_then_a_retained_command(self) -> None:
        await self.hass.call("select", "select_option", entity_id=SELECT, option="ci-short")
        await self.until(lambda: self.state() == "ritual")
        self.device.kill()
        gone = await self.until(lambda: len(self.missing()) == len(ENTITIES))
        self.check(
            "last will: kill -9 mid-ritual makes all 13 entities unavailable",
            gone,
            f"still available: {sorted(set(ENTITIES) - set(self.missing()))}",
        )
        # A command nobody means any more, waiting on the broker for the device to connect.
        self.publish(COMMAND_TOPIC, b'{"command": "start"}', retain=True)
        known = {r["id"] for r in self.note_sessions()}
        mark, fired = len(self.hass.changes), len(self.fires())
        self.device.start()
        back = await self.until(lambda: not self.missing(), 40.0)
        self.check(
            "device back: every entity available again after a restart",
            back,
            f"missing or unavailable: {self.missing()}",
        )
        await self.until(
            lambda: any(f.get("event_type") == "interrupted" for f in self.fires()[fired:])
        )
        await asyncio.sleep(SETTLE)
        new = [f.get("event_type") for f in self.fires()[fired:]]
        self.check(
            "event: the killed session is announced once at the next start, as interrupted",
            new[:1] == ["interrupted"] and new.count("interrupted") == 1,
            f"fired {new}",
        )
        # Home Assistant shows the killed device's last state (ritual) until the new one arrives.
        states = [s for s, _ in self.path(STATE, mark)]
        since_idle = states[states.index("idle") :] if "idle" in states else []
        started = [r for r in self.note_sessions() if r["id"] not in known]
        self.check(
            "retained command: a retained start waiting on the broker is not obeyed",
            since_idle and "ritual" not in since_idle and not started,
            f"states since the restart {states}, sessions started {started}",
        )
        self.publish(COMMAND_TOPIC, b"", retain=True)  # an empty retained message clears it
        if self.state() in ("ritual", "paused"):
            await self.press(STOP)
        await self.until(self.idle, RITUAL_WAIT)

    def cleared(self) -> bool:
        """With every session deleted, the dashboard describes none and counts no day."""
        last = self.attrs(LAST)
        described = self.state(LAST) != "unknown" or last.get("session_id") or last.get("ritual")
        return not described and self.state(WEEK) == "0"

    async def history_deleted_while_the_device_is_off(self) -> None:
        self.note_sessions()
        self.device.stop()
        gone = await self.until(lambda: len(self.missing()) == len(ENTITIES))
        self.check(
            "offline: a device stopped cleanly shows all 13 entities unavailable",
            gone,
            f"still available: {sorted(set(ENTITIES) - set(self.missing()))}",
        )
        done = self.device.history("--delete-all", "--yes")
        self.check(
            "history: facepacer history --delete-all --yes deletes the log",
            done.returncode == 0 and self.device.sessions() == [],
            done.stderr.strip(),
        )
        self.device.start()
        await self.until(lambda: not self.missing(), 40.0)
        ok = await self.until(self.cleared)
        self.check(
            "history: deleted while the device was off, gone from the dashboard once it is back",
            ok,
            self.show(LAST, WEEK),
        )

    async def history_deleted_while_linked(self) -> None:
        await self.hass.call("select", "select_option", entity_id=SELECT, option="ci-short")
        await self.until(lambda: self.state() == "ritual")
        before = self.attrs(LAST).get("started_at")
        await self.press(STOP)
        await self.until(lambda: self.attrs(LAST).get("started_at") not in (None, before))
        self.note_sessions()
        done = self.device.history("--delete-all", "--yes")
        ok = await self.until(self.cleared)
        self.check(
            "history: deleted while linked, gone from the dashboard at once",
            ok and done.returncode == 0,
            self.show(LAST, WEEK),
        )
        await self.until(self.idle, RITUAL_WAIT)

    async def home_assistant_restarts(self) -> None:
        # The select has no state of its own to restore: it shows the ritual while one runs.
        await self.until(self.idle, RITUAL_WAIT)
        await asyncio.sleep(1.0)  # the events Home Assistant has sent already, all read
        before = {e: self.state(e) for e in ENTITIES if e != SELECT}
        fired = len(self.fires())
        await self.hass.disconnect()
        self.hass_proc.stop()
        self.hass_proc.start()
        await self.hass.wait_until_running(START_WAIT)
        await self.hass.connect()
        ok = await self.until(lambda: all(self.state(e) == v for e, v in before.items()), 40.0)
        changed = {e: (v, self.state(e)) for e, v in before.items() if self.state(e) != v}
        self.check(
            "Home Assistant restart: every entity comes back with the state it had",
            ok,
            f"before and after: {changed}",
        )
        await asyncio.sleep(SETTLE)
        loud = self.loud_about_select()
        options = ["unknown"] + self.attrs(SELECT).get("options", [])
        self.check(
            "select: no ERROR or WARNING about it after Home Assistant's restart, idle",
            not loud and self.state(SELECT) in options,
            " | ".join(loud) or self.show(SELECT),
        )
        self.check(
            "Home Assistant restart: the session event does not fire again",
            len(self.fires()) == fired,
            f"fired {self.fires()[fired:]}",
        )

    def each_session_fired_once(self) -> None:
        fired = Counter((f.get("session_id"), f.get("started_at")) for f in self.fires())
        types = {
            (f.get("session_id"), f.get("started_at")): f.get("event_type") for f in self.fires()
        }
        status = {k: ("abandoned" if v == "quit" else v) for k, v in self.sessions.items()}
        wrong = {
            k: (n, types.get(k), status.get(k))
            for k, n in fired.items()
            if n != 1 or types.get(k) != status.get(k)
        }
        unfired = sorted(set(status) - set(fired))
        self.check(
            f"event: fired exactly once for each of the {len(status)} finished sessions",
            status and not wrong and not unfired,
            f"fired (count, type, status): {wrong}, never fired: {unfired}",
        )

    def log_says_nothing_about_the_device(self) -> None:
        found = []
        for path in self.hass_proc.logs:
            found += logs.about_device(logs.entries(path), DEVICE_WORDS)
        lines = [f"{e.file}:{e.line}: {e.first_line()[24:]}" for e in found]
        self.check(
            f"log: no WARNING or ERROR about the device in home-assistant.log over "
            f"{len(self.hass_proc.logs)} starts",
            not found,
            "\n    " + "\n    ".join(lines),
        )
