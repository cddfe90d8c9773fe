"""``facepacer history`` shows the latest 20 sessions by default (README), on both sides of 20."""

from __future__ import annotations

from datetime import timedelta

import pytest

from facepacer.store import Store

from .helpers import on_day, session
from .test_history_cli import MONDAY, own_folders, run  # noqa: F401 (an autouse fixture)


@pytest.mark.parametrize("logged, shown", [(20, 20), (21, 20)])
def test_the_latest_20_sessions_are_shown_unless_asked_for_more(db_path, logged, shown):
    with Store(db_path) as store:
        for n in range(logged):
            session(store, on_day(MONDAY - timedelta(days=logged - n), 7))
    status, out, _ = run("--db", str(db_path))
    assert status == 0
    rows = [line for line in out.splitlines() if "Symmetry Sculpt" in line]
    assert len(rows) == shown
    more = f"({logged} sessions in all; the latest 20 shown, --limit 0 for all)"
    assert (more in out) is (logged > 20)
    status, out, _ = run("--db", str(db_path), "--limit", "0")
    assert len([line for line in out.splitlines() if "Symmetry Sculpt" in line]) == logged
