"""The processes the Home Assistant check runs: mosquitto, Home Assistant and the device, each on
127.0.0.1 only, each started and stopped here with bounded waits, each with its own log file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import List, Optional

HOST = "127.0.0.1"  # the only address the check ever talks to
START_WAIT = 180.0  # seconds: the most Home Assistant may take to start on a slow CI machine
WAIT = 15.0  # seconds: the most anything else may take


class SetupError(RuntimeError):
    """Something the check needs did not start; the message says what and where to look."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (the kernel's choice, checked)."""
    for _ in range(20):
        with socket.socket() as s:
            s.bind((HOST, 0))
            port = s.getsockname()[1]
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) != 0:
                return port
    raise SetupError(f"found no free TCP port on {HOST}")


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((HOST, port)) == 0


def _wait_listening(proc: subprocess.Popen, port: int, what: str, log: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SetupError(f"{what} exited with status {proc.returncode}; see {log}")
        if _listening(port):
            return
        time.sleep(0.2)
    raise SetupError(f"{what} did not listen on {HOST}:{port} within {wait:.0f} s; see {log}")


def _stop(proc: Optional[subprocess.Popen], sig: int = signal.SIGTERM, wait: float = WAIT) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(wait)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(WAIT)


class Mosquitto:
    def __init__(self, folder: Path):
        self.folder = folder
        self.binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        if not os.path.exists(self.binary):
            raise SetupError("mosquitto is not installed: apt-get install mosquitto")
        self.port = free_port()
        self.log = folder / "mosquitto.log"
        self.proc: Optional[subprocess.Popen] = None

    def start(self) -> None:
        conf = self.folder / "mosquitto.conf"
        run_as = "user root\n" if os.geteuid() == 0 else ""
        conf.write_text(
            f"listener {self.port} {HOST}\nallow_anonymous true\npersistence false\n{run_as}"
            f"log_dest file {self.log}\nlog_type error\nlog_type warning\nlog_type notice\n"
        )
        with open(self.folder / "mosquitto.out", "wb") as out:
            self.proc = subprocess.Popen([self.binary, "-c", str(conf)], stdout=out, stderr=out)
        _wait_listening(self.proc, self.port, "mosquitto", self.log, WAIT)

    def stop(self) -> None:
        _stop(self.proc)


class HomeAssistant:
    """``python -m homeassistant -c CONFIG --skip-pip``: every requirement is in the venv, so
    Home Assistant never installs anything at run time. Each start's log is kept apart
    (Home Assistant rolls its own log over at every start)."""

    def __init__(self, python: str, folder: Path):
        self.python = python
        self.config = folder / "hass-config"
        self.config.mkdir()
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.starts = 0
        self.logs: List[Path] = []  # one copy of home-assistant.log per start, when stopped
        self.proc: Optional[subprocess.Popen] = None
        (self.config / "configuration.yaml").write_text(
            "homeassistant:\n  name: facepacer CI\n  time_zone: UTC\n  unit_system: metric\n"
            f"  latitude: 0\n  longitude: 0\n  elevation: 0\n"
            f"http:\n  server_host: {HOST}\n  server_port: {self.port}\n"
            "logger:\n  default: warning\n  logs:\n    homeassistant.bootstrap: info\n"
        )

    @property
    def log(self) -> Path:
        return self.config / "home-assistant.log"

    def start(self) -> None:
        self.starts += 1
        out = self.config.parent / f"hass-{self.starts}.out"
        command = [self.python, "-m", "homeassistant", "-c", str(self.config), "--skip-pip"]
        with open(out, "wb") as sink:
            self.proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
        _wait_listening(self.proc, self.port, "Home Assistant", out, START_WAIT)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        _stop(self.proc, wait=60.0)
        if self.log.exists():
            kept = self.config.parent / f"home-assistant-{self.starts}.log"
            shutil.copyfile(self.log, kept)
            self.logs.append(kept)


class Device:
    """``facepacer run --sim --headless`` on the real clock, with a settings file whose ``mqtt:``
    section points at the broker; it stays up (a late ``quit`` in its script) until stopped."""

    def __init__(self, facepacer: str, folder: Path, broker_port: int, name: str):
        self.facepacer = facepacer
        self.folder = folder
        self.db = folder / "sessions.db"
        self.config = folder / "config.yaml"
        self.env = dict(
            os.environ,
            SDL_VIDEODRIVER="dummy",
            SDL_AUDIODRIVER="dummy",
            XDG_CONFIG_HOME=str(folder / "xdg-config"),
            XDG_DATA_HOME=str(folder / "xdg-data"),
            XDG_CACHE_HOME=str(folder / "xdg-cache"),
        )
        self.config.write_text(
            f"mqtt:\n  host: {HOST}\n  port: {broker_port}\n  device_name: {name}\n"
            "mood: false\nweekly_goal: 5\n"
        )
        self.script = folder / "stay.txt"
        self.script.write_text("# no touch at all: commands come over MQTT\n3600 quit\n")
        self.starts = 0
        self.proc: Optional[subprocess.Popen] = None

    def add_ritual(self, text: str, file_name: str) -> None:
        rituals = self.folder / "xdg-config" / "facepacer" / "rituals"
        rituals.mkdir(parents=True, exist_ok=True)
        (rituals / file_name).write_text(text)

    def start(self) -> None:
        self.starts += 1
        command = [
            self.facepacer,
            "run",
            "--sim",
            "--headless",
            "--config",
            str(self.config),
            "--db",
            str(self.db),
            "--script",
            str(self.script),
        ]
        with open(self.folder / f"device-{self.starts}.out", "wb") as out:
            self.proc = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, env=self.env
            )

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """kill -9: what a power cut looks like to the broker (the socket closes at once)."""
        _stop(self.proc, signal.SIGKILL)

    def stop(self) -> None:
        _stop(self.proc)

    def history(self, *args: str) -> subprocess.CompletedProcess:
        command = [self.facepacer, "history", "--db", str(self.db), "--config", str(self.config)]
        return subprocess.run(
            command + list(args), capture_output=True, text=True, env=self.env, timeout=60
        )

    def sessions(self) -> list:
        done = self.history("--json")
        if done.returncode != 0:
            raise SetupError(f"facepacer history --json failed: {done.stderr.strip()}")
        return json.loads(done.stdout)
