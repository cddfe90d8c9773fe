"""The MQTT link: a thread of its own between the device's loop and the broker.

The loop's side never blocks: ``observe`` and ``answered`` leave their message in the worker's
inbox (``link/inbox.py``: the latest states in a short list, a flag for the log, a bounded list of
answers), and ``commands`` takes what has arrived without waiting. paho's network thread talks to
the broker and reconnects with back-off; the link's own worker thread turns the loop's messages
and paho's callbacks into publishes, and is the only one that touches the link's own connection
to the session log. Messages from the broker wait in a bounded list of their own, so a flood of
commands never crowds out a state, a session's announcement or the ``offline`` at exit.

Only a command sent now is obeyed. A retained one (the broker hands it to each new subscription
with the retain flag set, MQTT 3.1.1 section 3.3.1.3) was sent at some earlier time, for all the
device knows at night: it is refused on ``status``, logged once, and cleared from the broker (an
empty retained message), so it is not handed over again at every reconnect. The session is clean
(``clean_session``), so the broker keeps nothing for the device while it is away to replay later.

The session log is the source of truth for events: a finished session is announced from the log,
marked as published there when the broker acknowledges it (QoS 1), and announced again only if
it never was, so sessions that ended while the broker was away go out once it is back. The worker
also notices when another process changed the log (``history --delete-all``) and publishes the
week and the last session again from what is left.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import ssl
import threading
from datetime import date
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from facepacer import userfiles
from facepacer.config import MqttConfig, host_problem
from facepacer.link import discovery, published
from facepacer.link.commands import MAX_BYTES, Command, CommandError, parse
from facepacer.link.inbox import MESSAGES, Inbox
from facepacer.link.refusals import Refusals
from facepacer.link.state import LinkState
from facepacer.link.topics import OFFLINE, ONLINE, Topics

log = logging.getLogger("facepacer.mqtt")

COMMAND_QUEUE = 16  # commands waiting for the loop; more are refused as busy
BACKLOG_DAYS = 7  # sessions older than this that never went out are not news any more
CLOSE_SECONDS = 1.0  # how long closing waits to say offline and hear the last acknowledgements
# Seconds of silence after which the device pings the broker. The broker gives up on a client
# it has not heard from for 1.5 times this, and publishes its last will: a device that freezes or
# loses power shows as unavailable within 30 s. Shorter would cost a ping more often over Wi-Fi
# that may sleep; longer would leave a dead mirror looking alive for a minute or more.
KEEPALIVE = 20
LOG_LOOK = 2.0  # seconds between looks at whether another process changed the session log
RETAINED = "a retained command is not obeyed: it was not sent now; publish commands without retain"


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
        problem = host_problem(config.host)
        if problem is not None:
            raise LinkUnavailable(f"the MQTT host {config.host!r} {problem}")
        self.config = config
        self.topics = Topics.of(config)
        self.rituals = tuple(rituals)
        self.problem: Optional[str] = None  # the latest trouble with the broker, if any
        self._db_path, self._goal, self._today, self._wake = db_path, goal, today, wake
        self._inbox = Inbox()
        self._commands: queue.Queue[Command] = queue.Queue(maxsize=COMMAND_QUEUE)
        self._state: Optional[Dict[str, Any]] = None  # the loop's latest, as the worker knows it
        self._last_seen: Optional[Dict[str, Any]] = None  # the loop's latest, as the loop sent it
        self._connected = False
        self._fault_sent: Optional[str] = None
        self._log_sent: Dict[str, str] = {}  # topic -> the log's payload last published there
        self._log_version: Optional[int] = None
        self._refusals = Refusals()
        self._flood_said = False
        self._tls_failure: Optional[OSError] = None  # the last handshake's, from paho's thread
        self._answered = threading.Event()  # the broker answered the first connect, or refused
        self._sent: Dict[int, Tuple[int, str]] = {}  # paho message id -> session, until acked
        self._handed: set = set()  # (id, start) of sessions given to paho by this process
        self._store = None
        self._client = self._make_client(_read_password(config))
        self._worker = threading.Thread(target=self._run, name="facepacer-mqtt", daemon=True)

    @property
    def dropped(self) -> int:
        """Answers to commands and messages from the broker dropped for want of room."""
        return self._inbox.dropped_answers + self._inbox.dropped_messages

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
            self._inbox.state(state)
        if log_changed:
            self._inbox.log_changed()

    def commands(self) -> List[Command]:
        """The commands that arrived since the last call, oldest first."""
        taken = []
        while True:
            try:
                taken.append(self._commands.get_nowait())
            except queue.Empty:
                return taken

    def answered(self, command: Command, refused: Optional[str]) -> None:
        self._inbox.answer(("answer", command, refused))

    def close(self) -> None:
        """Say offline, hear the last acknowledgements and disconnect, waiting a bounded time."""
        if self._worker.is_alive():
            self._inbox.stop()
            self._worker.join(CLOSE_SECONDS + 1.0)

    # -- paho's side: callbacks run on paho's network thread and only fill the inbox ---------

    def _make_client(self, password: Optional[str]):
        try:
            import paho.mqtt.client as mqtt
        except ImportError:
            raise LinkUnavailable(
                "the mqtt: settings need paho-mqtt: pip install 'facepacer[mqtt]'"
            ) from None
        client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=f"facepacer-{self.topics.node}",
            clean_session=True,  # nothing kept by the broker while away, so nothing replayed
        )
        client.suppress_exceptions = True  # a callback's mistake must not end paho's thread
        client.will_set(self.topics.availability, OFFLINE, qos=1, retain=True)
        if self.config.username is not None:
            client.username_pw_set(self.config.username, password)
        if self.config.tls:
            client.tls_set_context(self._tls_context())
        client.reconnect_delay_set(1, 30)
        client.connect_timeout = 5.0
        news = self._inbox.news
        client.on_connect = lambda c, u, flags, code, props: news(("connect", code))
        client.on_connect_fail = lambda c, u: news(("connect", None))
        client.on_disconnect = lambda c, u, flags, code, props: news(("disconnect", code))
        client.on_publish = lambda c, u, mid, code, props: news(("acked", mid))
        # A message waits with its first MAX_BYTES + 1 bytes only: 32 of them cost 32 KiB at most,
        # whatever size the broker lets through.
        inbox = self._inbox

        def on_message(c: mqtt.Client, userdata: Any, m: mqtt.MQTTMessage) -> None:
            inbox.message(
                ("message", m.topic, bytes(m.payload[: MAX_BYTES + 1]), bool(m.retain),
                 len(m.payload))
            )  # fmt: skip

        client.on_message = on_message
        return client

    def _tls_context(self) -> ssl.SSLContext:
        """The broker's certificate checked against ``ca_file`` (or the system's CAs) and the host
        name; a failed handshake is kept, so the warning can say it was the certificate."""
        try:
            context = _tls_context(self.config.ca_file)
        except (OSError, ValueError) as exc:
            message = f"cannot use the MQTT CA file {self.config.ca_file}: {exc}"
            raise LinkUnavailable(message) from None
        link = self

        class Handshake(ssl.SSLSocket):
            def do_handshake(self, *args, **kwargs):
                try:
                    return super().do_handshake(*args, **kwargs)
                except OSError as exc:  # SSLError, or the broker closing on a ClientHello
                    link._tls_failure = exc
                    raise

        context.sslsocket_class = Handshake
        return context

    # -- the worker ---------------------------------------------------------------------------

    def _run(self) -> None:
        self._store = self._open_store()
        try:
            while True:
                item = self._inbox.take(LOG_LOOK)
                if item is None:
                    self._look_at_log()
                    continue
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
            self._on_message(*item[1:])
        elif kind == "answer":
            self._answer(item[1], item[2])

    def _on_connect(self, code) -> None:
        self._answered.set()
        if code is None or code.is_failure:
            why = self._why(code)
            self._trouble(f"cannot connect to the MQTT broker at {self._where()}: {why}")
            return
        self._connected = True
        self._fault_sent = None  # said again on each connection: the broker may be a new one
        self._log_sent = {}
        if self.problem is not None:
            log.warning("connected to the MQTT broker at %s", self._where())
        self.problem = None
        self._client.subscribe(self.topics.command, qos=1)  # the one topic the device reads
        for topic, payload in discovery.configs(self.topics, self.config.device_name, self.rituals):
            self._client.publish(topic, payload, qos=1, retain=True)
        self._client.publish(self.topics.availability, ONLINE, qos=1, retain=True)
        self._publish_state()
        self._publish_log()

    def _why(self, code) -> str:
        """Why a connection failed: the broker's reason code, or what the TLS handshake said."""
        failure, self._tls_failure = self._tls_failure, None
        if code is not None:
            return str(code)
        if isinstance(failure, ssl.SSLCertVerificationError):
            return (
                f"the broker's TLS certificate was refused ({failure.verify_message}); "
                f"ca_file must be the CA that signed it, and it must name {self.config.host}"
            )
        if failure is not None:
            reason = getattr(failure, "reason", None) or failure.strerror or type(failure).__name__
            return (
                f"the TLS handshake failed ({reason}); "
                f"is {self.config.broker_port} the broker's TLS port?"
            )
        return "no answer (nothing listens there, or the host cannot be reached)"

    def _publish_state(self) -> None:
        if not self._connected or self._state is None:
            return
        state = self._state
        self._client.publish(self.topics.state, json.dumps(state), qos=1, retain=True)
        fault = "ON" if state.get("state") == LinkState.FAULT else "OFF"
        if fault != self._fault_sent:
            self._client.publish(self.topics.fault, fault, qos=1, retain=True)
            self._fault_sent = fault

    def _publish_log(self) -> None:
        """The week, the last session (each only when it changed), and every finished session
        not yet announced."""
        if not self._connected or self._store is None:
            return
        from facepacer.errors import StoreError

        try:
            self._log_version = self._store.data_version()
            retained = {
                self.topics.week: published.week(self._store, self._today(), self._goal),
                self.topics.last_session: published.last_session(self._store),
            }
            waiting = published.waiting(self._store, self._today(), BACKLOG_DAYS)
            events = [(row, published.event(self._store, row)) for row in waiting]
        except StoreError as exc:
            self._trouble(f"cannot read the session log for MQTT: {exc}")
            return
        for topic, payload in retained.items():
            if self._log_sent.get(topic) != payload:
                self._client.publish(topic, payload, qos=1, retain=True)
                self._log_sent[topic] = payload
        for row, payload in events:
            key = (row["id"], row["started_at"])  # an id comes back after a delete
            if key not in self._handed:
                self._handed.add(key)
                self._sent[self._client.publish(self.topics.session, payload, qos=1).mid] = key

    def _look_at_log(self) -> None:
        """Publish the log's figures again if another process changed the log since."""
        if not self._connected or self._store is None:
            return
        from facepacer.errors import StoreError

        try:
            changed = self._store.data_version() != self._log_version
        except StoreError as exc:
            self._trouble(f"cannot read the session log for MQTT: {exc}")
            return
        if changed:
            self._publish_log()

    def _acked(self, mid: int) -> None:
        session = self._sent.pop(mid, None)
        if session is None or self._store is None:
            return
        from facepacer.errors import StoreError

        try:
            self._store.mark_published(*session)
        except StoreError as exc:
            self._trouble(f"cannot note session {session[0]} as published: {exc}")

    def _on_message(
        self, topic: str, payload: bytes, retained: bool, size: Optional[int] = None
    ) -> None:
        if self._inbox.dropped_messages and not self._flood_said:
            self._flood_said = True
            log.warning(
                "more than %d MQTT messages waited at once on %s; "
                "the rest were dropped unanswered", MESSAGES, self.topics.command,
            )  # fmt: skip
        if topic != self.topics.command or not payload:
            return  # an empty payload clears a retained message: it is no command
        if retained:
            self._refuse_retained(payload, size)
            return
        try:
            command = parse(payload, self.rituals, size)
        except CommandError as exc:
            self._refusals.log(f"MQTT command refused: {exc}")
            self._status(False, None, str(exc))
            return
        try:
            self._commands.put_nowait(command)
        except queue.Full:
            self._status(False, command, "busy: too many commands waiting; try again")
            return
        if self._wake is not None:
            self._wake.set()  # the loop picks it up at once instead of at its next deadline

    def _refuse_retained(self, payload: bytes, size: Optional[int]) -> None:
        try:
            command: Optional[Command] = parse(payload, self.rituals, size)
        except CommandError:
            command = None
        if self._refusals.first_time_retained(payload):
            shown = payload[:60].decode("utf-8", "replace")
            log.warning(
                "MQTT command %r on %s refused: %s; it is cleared from "
                "the broker", shown, self.topics.command, RETAINED,
            )  # fmt: skip
        self._status(False, command, RETAINED)
        if self._connected:
            self._client.publish(self.topics.command, b"", qos=1, retain=True)

    def _answer(self, command: Command, refused: Optional[str]) -> None:
        if refused is not None:
            self._refusals.log(f"MQTT command {command.name} not done: {refused}")
        self._status(refused is None, command, refused)

    def _status(self, ok: bool, command: Optional[Command], error: Optional[str]) -> None:
        if not self._connected or (not ok and not self._refusals.may_answer()):
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
            item = self._inbox.take_news()
            if item is None:
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
