"""Home Assistant as its users' tools see it: the onboarding and REST API over HTTP, and the
websocket API, whose state_changed events are recorded in order so a check can read every state
an entity went through, not only the last one."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from typing import Any, Callable, Dict, List, Optional

import aiohttp

CLIENT_ID_PATH = "/"  # onboarding's client id is the instance's own URL, as the frontend's is


class HassError(RuntimeError):
    """Home Assistant refused or did not answer; the message names the request and the reply."""


class Hass:
    def __init__(self, url: str):
        self.url = url
        self.token: Optional[str] = None
        self.states: Dict[str, Dict[str, Any]] = {}  # entity id -> the latest state object
        self.changes: List[Dict[str, Any]] = []  # every state_changed event's data, in order
        self._http: Optional[aiohttp.ClientSession] = None
        self._ws = None
        self._reader: Optional[asyncio.Task] = None
        self._ids = itertools.count(1)
        self._pending: Dict[int, asyncio.Future] = {}
        self._changed = asyncio.Condition()

    async def open(self) -> None:
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))

    async def close(self) -> None:
        await self.disconnect()
        if self._http is not None:
            await self._http.close()

    # -- HTTP ------------------------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        auth: bool = True,
        form: Optional[dict] = None,
    ) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if auth else {}
        async with self._http.request(
            method, self.url + path, json=body, data=form, headers=headers
        ) as reply:
            text = await reply.text()
            if reply.status >= 400:
                raise HassError(f"{method} {path} answered {reply.status}: {text[:500]}")
            return await reply.json(content_type=None) if text else None

    async def wait_until_running(self, wait: float) -> None:
        """Until /api/config says RUNNING (onboarding first, if it is not done)."""
        deadline = time.monotonic() + wait
        last = "no answer"
        while time.monotonic() < deadline:
            try:
                if self.token is None:
                    await self.request("GET", "/api/onboarding", auth=False)
                    return
                config = await self.request("GET", "/api/config")
                last = f"state {config.get('state')}"
                if config.get("state") == "RUNNING":
                    return
            except (aiohttp.ClientError, HassError, asyncio.TimeoutError) as exc:
                last = str(exc) or type(exc).__name__
            await asyncio.sleep(0.5)
        raise HassError(f"Home Assistant at {self.url} not running within {wait:.0f} s: {last}")

    async def onboard(self) -> None:
        """The owner, made through the onboarding API as the first browser would, then a
        long-lived token (it survives Home Assistant's restarts)."""
        client_id = self.url + CLIENT_ID_PATH
        user = {
            "client_id": client_id,
            "name": "CI",
            "username": "ci",
            "password": "facepacer-ci-only",
            "language": "en",
        }
        made = await self.request("POST", "/api/onboarding/users", user, auth=False)
        form = {
            "grant_type": "authorization_code",
            "code": made["auth_code"],
            "client_id": client_id,
        }
        tokens = await self.request("POST", "/auth/token", auth=False, form=form)
        self.token = tokens["access_token"]
        await self.connect()
        self.token = await self.command(
            {"type": "auth/long_lived_access_token", "client_name": "facepacer CI", "lifespan": 1}
        )

    async def config_flow(self, handler: str, answers: List[dict]) -> Dict[str, Any]:
        """Home Assistant's own config flow for ``handler``, answering each form in turn."""
        step = await self.request(
            "POST",
            "/api/config/config_entries/flow",
            {"handler": handler, "show_advanced_options": False},
        )
        for answer in answers:
            if step.get("type") != "form":
                break
            step = await self.request(
                "POST", f"/api/config/config_entries/flow/{step['flow_id']}", answer
            )
        if step.get("type") != "create_entry":
            raise HassError(f"the {handler} config flow did not create an entry: {step}")
        return step

    async def call(self, domain: str, service: str, **data: Any) -> None:
        await self.request("POST", f"/api/services/{domain}/{service}", data)

    # -- websocket ---------------------------------------------------------------------------

    async def connect(self) -> None:
        """Log in on the websocket, subscribe to every state change, and read all states."""
        await self.disconnect()
        self._ws = await self._http.ws_connect(self.url + "/api/websocket", heartbeat=20)
        hello = await self._ws.receive_json()
        if hello.get("type") != "auth_required":
            raise HassError(f"the websocket greeted with {hello}")
        await self._ws.send_json({"type": "auth", "access_token": self.token})
        answer = await self._ws.receive_json()
        if answer.get("type") != "auth_ok":
            raise HassError(f"the websocket refused the token: {answer}")
        self._reader = asyncio.create_task(self._read())
        await self.command({"type": "subscribe_events", "event_type": "state_changed"})
        for state in await self.command({"type": "get_states"}):
            self.states[state["entity_id"]] = state

    async def disconnect(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            self._reader = None
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def command(self, message: dict, wait: float = 30.0) -> Any:
        number = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._pending[number] = future
        await self._ws.send_json({"id": number, **message})
        try:
            answer = await asyncio.wait_for(future, wait)
        finally:
            self._pending.pop(number, None)
        if not answer.get("success"):
            raise HassError(f"websocket {message['type']} failed: {answer.get('error')}")
        return answer.get("result")

    async def _read(self) -> None:
        async for message in self._ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data = message.json()
            if data.get("type") == "result":
                future = self._pending.get(data["id"])
                if future is not None and not future.done():
                    future.set_result(data)
            elif data.get("type") == "event":
                await self._record(data["event"]["data"])

    async def _record(self, change: Dict[str, Any]) -> None:
        new = change.get("new_state")
        if new is None:
            self.states.pop(change["entity_id"], None)
        else:
            self.states[change["entity_id"]] = new
        self.changes.append({**change, "seen": time.monotonic()})
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, condition: Callable[[], Any], wait: float) -> Any:
        """``condition()``'s first true value, checked at every state change; None after
        ``wait`` seconds without one."""
        deadline = time.monotonic() + wait
        async with self._changed:
            while True:
                value = condition()
                left = deadline - time.monotonic()
                if value or left <= 0:
                    return value or None
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), left)

    def state(self, entity_id: str) -> Optional[str]:
        found = self.states.get(entity_id)
        return None if found is None else found["state"]

    def attributes(self, entity_id: str) -> Dict[str, Any]:
        found = self.states.get(entity_id)
        return {} if found is None else found["attributes"]
