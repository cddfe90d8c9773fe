"""The MQTT link: a thread of its own between the device's loop and the broker.

The loop's side never blocks: ``observe`` and ``answered`` put small messages on a queue the loop
never waits for (at most ``APP_QUEUE`` waiting; beyond that they are dropped and counted, and the
next state says it all again), and ``commands`` takes what has arrived without waiting. paho's
network thread talks to the broker and reconnects with back-off; the link's own worker thread
turns the loop's messages and paho's callbacks into publishes, and is the only one that touches
the link's own connection to the session log.

The session log is the source of truth for events: a finished session is announced from the log,
marked as published there when the broker acknowledges it (QoS 1), and announced again only if
it never was, so sessions that ended while the broker was away go out once it is back.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import ssl
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from facepacer import userfiles
from facepacer.config import MqttConfig
from facepacer.link import discovery
from facepacer.link.commands import Command, CommandError, parse
from facepacer.link.topics import OFFLINE, ONLINE, Topics

log = logging.getLogger("facepacer.mqtt")

APP_QUEUE = 64  # messages from the loop waiting for the worker; more are dropped
COMMAND_QUEUE = 16  # commands waiting for the loop; more are refused as busy
BACKLOG_DAYS = 7  # sessions older than this that never went out are not news any more
CLOSE_SECONDS = 1.0  # how long closing waits to say offline and hear the last acknowledgements
KEEPALIVE = 30  # seconds; the broker publishes the last will this long after silence


class LinkUnavailable(RuntimeError):
    """The link cannot start: paho-mqtt is missing or a setting cannot be used."""


PASSWORD_FILE_MAX = 64 * 1024  # bytes: a password is one short line
CA_FILE_MAX = 1024 * 1024  # bytes: a bundle of every public CA is about 200 KiB


def _read_password(config: MqttConfig) -> Optional[str]:
    if config.password_file is None:
        return config.password
    try:
        lines = userfiles.read_text(config.password_file, limit=PASSWORD_FILE_MAX,
                                    what="the file").splitlines()  # fmt: skip
    except OSError as exc:
        raise LinkUnavailable(
            f"cannot read the MQTT password file {config.password_file}: {exc}"
        ) from None
    return lines[0] if lines else ""


def _tls_context(ca_file: Optional[str]) -> ssl.SSLContext:
    """A client's TLS context that trusts the system's CAs, or only those in ``ca_file``, read
    through ``userfiles`` (a FIFO or a device named there would hang or never end)."""
    if ca_file is None:
        return ssl.create_default_context()
    data = userfiles.read_bytes(ca_file, limit=CA_FILE_MAX, what="the file")
    pem = b"-----BEGIN" in data
    try:
        return ssl.create_default_context(cadata=data.decode("ascii") if pem else data)
    except UnicodeDecodeError:
        raise ValueError("it is not a PEM or DER certificate file") from None


class MqttLink:
    def __init__(
        self,
        config: MqttConfig,
        *,
        rituals: Sequence[str],
        db_path: Optional[Path],
        goal: int,
        today: Callable[[], date],
        wake: Optional[threading.Event] = None,
    ):
        self.config = config
        self.topics = Topics.of(config)
        self.rituals = tuple(rituals)
        self.dropped = 0
        self.problem: Optional[str] = None  # the latest trouble with the broker, if any
        self._db_path, self._goal, self._today, self._wake = db_path, goal, today, wake
        self._inbox: queue.Queue[Tuple] = queue.Queue()
        self._commands: queue.Queue[Command] = queue.Queue(maxsize=COMMAND_QUEUE)
        self._state: Optional[Dict[str, Any]] = None  # the loop's latest, as the worker knows it
        self._last_seen: Optional[Dict[str, Any]] = None  # the loop's latest, as the loop sent it
        self._connected = False
        self._fault_sent: Optional[str] = None
        self._answered = threading.Event()  # the broker answered the first connect, or refused
        self._sent: Dict[int, int] = {}  # paho message id -> session id, until acknowledged
        self._handed: set = set()  # sessions given to paho by this process
        self._store = None
        self._client = self._make_client(_read_password(config))
        self._worker = threading.Thread(target=self._run, name="facepacer-mqtt", daemon=True)

    # -- the loop's side: never blocks --------------------------------------------------------

    def start(self, wait: float = 0.0) -> None:
        """Connect in the background. ``wait`` > 0 (virtual-clock runs only, where a whole ritual
        takes a blink) waits that long at most for the broker's first answer, so every state of a
        scripted run goes out; the device itself never waits for the network."""
        self._client.connect_async(self.config.host, self.config.broker_port, KEEPALIVE)
        self._client.loop_start()
        self._worker.start()
        if wait > 0:
            self._answered.wait(wait)

    def observe(self, state: Dict[str, Any], log_changed: bool) -> None:
        """The device's state now (sent on when it changed), and whether the log changed."""
        if state != self._last_seen:
            self._last_seen = state
            self._post(("state", state))
        if log_changed:
            self._post(("log",))

    def commands(self) -> List[Command]:
        """The commands that arrived since the last call, oldest first."""
        taken = []
        while True:
            try:
                taken.append(self._commands.get_nowait())
            except queue.Empty:
                return taken

    def answered(self, command: Command, refused: Optional[str]) -> None:
        self._post(("answer", command, refused))

    def close(self) -> None:
        """Say offline, hear the last acknowledgements and disconnect, waiting a bounded time."""
        if self._worker.is_alive():
            self._inbox.put_nowait(("stop",))
            self._worker.join(CLOSE_SECONDS + 1.0)

    def _post(self, item: Tuple) -> None:
        if self._inbox.qsize() >= APP_QUEUE:
            self.dropped += 1
            return
        self._inbox.put_nowait(item)

    # -- paho's side: callbacks run on paho's network thread ---------------------------------

    def _make_client(self, password: Optional[str]):
        try:
            import paho.mqtt.client as mqtt
        except ImportError:
            raise LinkUnavailable(
                "the mqtt: settings need paho-mqtt: pip install 'facepacer[mqtt]'"
            ) from None
        client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2, client_id=f"facepacer-{self.topics.node}"
        )
        client.will_set(self.topics.availability, OFFLINE, qos=1, retain=True)
        if self.config.username is not None:
            client.username_pw_set(self.config.username, password)
        if self.config.tls:
            try:
                client.tls_set_context(_tls_context(self.config.ca_file))
            except (OSError, ValueError) as exc:
                message = f"cannot use the MQTT CA file {self.config.ca_file}: {exc}"
                raise LinkUnavailable(message) from None
        client.reconnect_delay_set(1, 30)
        client.connect_timeout = 5.0
        client.on_connect = lambda c, u, flags, code, props: self._inbox.put(("connect", code))
        client.on_connect_fail = lambda c, u: self._inbox.put(("connect", None))
        client.on_disconnect = lambda c, u, flags, code, props: self._inbox.put(
            ("disconnect", code)
        )
        client.on_publish = lambda c, u, mid, code, props: self._inbox.put(("acked", mid))
        client.on_message = lambda c, u, message: self._inbox.put(("message", message.payload))
        return client

    # -- the worker ---------------------------------------------------------------------------

    def _run(self) -> None:
        self._store = self._open_store()
        try:
            while True:
                item = self._inbox.get()
                if item[0] == "stop":
                    break
                try:
                    self._handle(item)
                except Exception:  # one bad message must not end the link
                    log.exception("the MQTT link failed on %r", item[0])
            self._goodbye()
        finally:
            self._client.loop_stop()
            if self._store is not None:
                self._store.close()

    def _handle(self, item: Tuple) -> None:
        kind = item[0]
        if kind == "connect":
            self._on_connect(item[1])
        elif kind == "disconnect":
            self._connected = False
            self._trouble(f"lost the MQTT broker at {self._where()}; reconnecting")
        elif kind == "acked":
            self._acked(item[1])
        elif kind == "state":
            self._state = item[1]
            self._publish_state()
        elif kind == "log":
            self._publish_log()
        elif kind == "message":
            self._on_message(item[1])
        elif kind == "answer":
            self._answer(item[1], item[2])

    def _on_connect(self, code) -> None:
        self._answered.set()
        if code is None or code.is_failure:
            why = "no answer" if code is None else str(code)
            self._trouble(f"cannot connect to the MQTT broker at {self._where()}: {why}")
            return
        self._connected = True
        self._fault_sent = None  # said again on each connection: the broker may be a new one
        if self.problem is not None:
            log.warning("connected to the MQTT broker at %s", self._where())
        self.problem = None
        self._client.subscribe(self.topics.command, qos=1)
        for topic, payload in discovery.configs(self.topics, self.config.device_name, self.rituals):
            self._client.publish(topic, payload, qos=1, retain=True)
        self._client.publish(self.topics.availability, ONLINE, qos=1, retain=True)
        self._publish_state()
        self._publish_log()

    def _publish_state(self) -> None:
        if not self._connected or self._state is None:
            return
        state = self._state
        self._client.publish(self.topics.state, json.dumps(state), qos=1, retain=True)
        fault = "ON" if state.get("state") == "fault" else "OFF"
        if fault != self._fault_sent:
            self._client.publish(self.topics.fault, fault, qos=1, retain=True)
            self._fault_sent = fault

    def _publish_log(self) -> None:
        """The week, the last session, and every finished session not yet announced."""
        if not self._connected or self._store is None:
            return
        from facepacer.errors import StoreError

        try:
            stats = self._store.stats(self._today(), self._goal)
            latest = self._store.sessions(2, titles=True)
            since = datetime.combine(
                self._today() - timedelta(days=BACKLOG_DAYS), datetime.min.time()
            )
            waiting = self._store.unpublished(since)
        except StoreError as exc:
            self._trouble(f"cannot read the session log for MQTT: {exc}")
            return
        week = {"days_done": stats.week_days_done, "goal": stats.weekly_goal,
                "streak": stats.current_streak, "best_streak": stats.best_streak}  # fmt: skip
        self._client.publish(self.topics.week, json.dumps(week), qos=1, retain=True)
        ended = [row for row in latest if row["status"] != "running"]
        if ended:
            self._client.publish(self.topics.last_session, _event(ended[-1]), qos=1, retain=True)
        for row in waiting:
            if row["id"] not in self._handed:
                self._handed.add(row["id"])
                info = self._client.publish(self.topics.session, _event(row), qos=1)
                self._sent[info.mid] = row["id"]

    def _acked(self, mid: int) -> None:
        session_id = self._sent.pop(mid, None)
        if session_id is None or self._store is None:
            return
        from facepacer.errors import StoreError

        try:
            self._store.mark_published(session_id)
        except StoreError as exc:
            self._trouble(f"cannot note session {session_id} as published: {exc}")

    def _on_message(self, payload: bytes) -> None:
        try:
            command = parse(payload, self.rituals)
        except CommandError as exc:
            log.warning("MQTT command refused: %s", exc)
            self._status(False, None, str(exc))
            return
        try:
            self._commands.put_nowait(command)
        except queue.Full:
            self._status(False, command, "busy: too many commands waiting; try again")
            return
        if self._wake is not None:
            self._wake.set()  # the loop picks it up at once instead of at its next deadline

    def _answer(self, command: Command, refused: Optional[str]) -> None:
        if refused is not None:
            log.warning("MQTT command %s not done: %s", command.name, refused)
        self._status(refused is None, command, refused)

    def _status(self, ok: bool, command: Optional[Command], error: Optional[str]) -> None:
        if not self._connected:
            return
        answer = {"ok": ok, "command": command.name if command else None,
                  "ritual": command.ritual if command else None, "error": error}  # fmt: skip
        self._client.publish(self.topics.status, json.dumps(answer), qos=1)

    def _goodbye(self) -> None:
        """Offline, retained, in place of the last will; the acknowledgements that come before
        it are noted, so a session announced just before closing is not announced again."""
        if not self._connected:
            return
        info = self._client.publish(self.topics.availability, OFFLINE, qos=1, retain=True)
        with contextlib.suppress(RuntimeError, ValueError):
            info.wait_for_publish(CLOSE_SECONDS)
        while True:
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                break
            if item[0] == "acked":
                self._acked(item[1])
        self._client.disconnect()

    def _open_store(self):
        if self._db_path is None:
            return None
        from facepacer.errors import StoreError
        from facepacer.store import Store

        try:
            return Store(self._db_path, recover=False)
        except StoreError as exc:
            self._trouble(f"sessions will not be announced over MQTT: {exc}")
            return None

    def _trouble(self, message: str) -> None:
        if message != self.problem:
            log.warning("%s", message)
        self.problem = message

    def _where(self) -> str:
        return f"{self.config.host}:{self.config.broker_port}"


def _event(row: Dict[str, Any]) -> str:
    """A session as JSON for the event and the last-session sensor (``event_type`` is its status,
    as Home Assistant's event entity reads it)."""
    seconds = row.get("seconds") or 0.0
    return json.dumps({
        "event_type": row["status"], "session_id": row["id"], "ritual": row["ritual"],
        "title": row.get("title"), "status": row["status"], "started_at": row["started_at"],
        "ended_at": row["ended_at"], "seconds": seconds, "minutes": round(seconds / 60, 1),
        "steps_done": row["steps_done"], "steps_total": row["steps_total"], "mood": row["mood"],
    })  # fmt: skip


def open_link(
    config, *, rituals, db_path, today, wake, wait: float = 0.0
) -> Tuple[Optional[MqttLink], List[str]]:
    """The link the settings ask for, started; or None, and why, when it cannot start."""
    if config.mqtt is None:
        return None, []
    try:
        link = MqttLink(config.mqtt, rituals=[r.id for r in rituals], db_path=db_path,
                        goal=config.weekly_goal, today=today, wake=wake)  # fmt: skip
        link.start(wait)
    except (LinkUnavailable, OSError, ValueError) as exc:
        return None, [f"MQTT is off: {exc}"]
    return link, []
