"""Home Assistant itself against the device: a real Home Assistant core, its MQTT integration set
up through its own config flow, a real mosquitto and ``facepacer run --sim --headless``, all on
127.0.0.1. Each check prints ``ok`` or ``FAILED`` with its name and what was seen; the last line
counts them. Run by .ci/home-assistant, which builds the Home Assistant this needs.

    python .ci/hass/check.py --facepacer .venv-test/bin/facepacer [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import scenario
from client import Hass, HassError
from stack import Device, HomeAssistant, Mosquitto, SetupError


class Checks:
    """Each check's outcome, printed as it is known."""

    def __init__(self):
        self.passed = 0
        self.failed = []
        self.started = time.monotonic()

    def check(self, name: str, ok: bool, seen: str = "") -> bool:
        clock = f"[{time.monotonic() - self.started:5.1f}s]"
        if ok:
            self.passed += 1
            print(f"{clock} ok      {name}", flush=True)
        else:
            self.failed.append(name)
            print(f"{clock} FAILED  {name}: {seen}", flush=True)
        return ok

    def note(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:5.1f}s]         {text}", flush=True)


async def run(args: argparse.Namespace, work: Path, checks: Checks) -> None:
    broker = Mosquitto(work)
    hass_proc = HomeAssistant(sys.executable, work)
    device = Device(args.facepacer, work, broker.port, scenario.DEVICE_NAME)
    device.add_ritual(scenario.RITUAL, "ci-short.yaml")
    hass = Hass(hass_proc.url)
    await hass.open()
    try:
        broker.start()
        hass_proc.start()
        await scenario.Scenario(checks, hass, hass_proc, broker, device).play()
    finally:
        device.stop()
        await hass.close()
        hass_proc.stop()
        broker.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facepacer", required=True, help="the facepacer command to run")
    parser.add_argument("--keep", action="store_true", help="keep the work folder even if all pass")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="facepacer-hass-"))
    checks = Checks()
    print(f"home-assistant: work folder {work}", flush=True)
    try:
        asyncio.run(run(args, work, checks))
    except (SetupError, HassError, OSError, asyncio.TimeoutError, aiohttp.ClientError) as exc:
        checks.check("the run itself", False, f"{type(exc).__name__}: {exc}")
    total = time.monotonic() - checks.started
    if checks.failed or args.keep:
        print(f"home-assistant: logs kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    for name in checks.failed:
        print(f"home-assistant: FAILED {name}")
    print(f"home-assistant: the run took {total:.0f} s")
    print(f"home-assistant: {checks.passed} passed, {len(checks.failed)} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
