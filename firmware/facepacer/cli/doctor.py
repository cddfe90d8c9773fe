"""``facepacer doctor``: check every link from the sensor to the screen, and say how to fix each.

One line a check (ok, warn or FAIL); under each that is not ok, what to do. ``--json`` prints the
same as one JSON object. Exit status 0 when nothing fails (warnings allowed), 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import List, TextIO

from facepacer.cli import say


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help="check I2C, sensor, pins, screen, groups, disk, clock and service; say what to fix",
        description=(
            "Check everything the device needs on this machine, one line a check, each problem "
            "with its fix. Exit status: 0 nothing failed (warnings allowed), 1 something failed."
        ),
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--config", help="settings file (default: config.yaml in the config dir)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from facepacer.config import load_config
    from facepacer.doctor import Context, run_checks
    from facepacer.hardware.pins import fallbacks_unprinted

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    config, warnings = load_config(args.config)
    for warning in warnings:
        say.warning(warning, "doctor")
    with fallbacks_unprinted():
        results = run_checks(Context(config))
    return report(results, as_json=args.json, out=sys.stdout)


def report(results: List, *, as_json: bool, out: TextIO) -> int:
    """Print ``results``; the exit status is 1 when any failed."""
    from facepacer.doctor import Verdict

    shown = {Verdict.OK: "ok", Verdict.WARN: "warn", Verdict.FAIL: "FAIL"}
    failed = any(r.status == Verdict.FAIL for r in results)
    if as_json:
        document = {"ok": not failed, "checks": [r.as_dict() for r in results]}
        out.write(json.dumps(document) + "\n")
        return int(failed)
    width = max(len(r.check) for r in results)
    for result in results:
        out.write(f"{shown[result.status]:<4}  {result.check:<{width}}  {result.detail}\n")
        if result.fix and result.status != Verdict.OK:
            out.write(f"{'':<4}  {'':<{width}}  fix: {result.fix}\n")
    counts = {s: sum(r.status == s for r in results) for s in Verdict}
    ok, warned, failed_count = counts[Verdict.OK], counts[Verdict.WARN], counts[Verdict.FAIL]
    out.write(f"{ok} ok, {warned} warnings, {failed_count} failed\n")
    return int(failed)
