"""kill -9 at random points while a real process writes sessions: the file stays whole, finished
steps stay logged, and the session that was cut off reads as interrupted."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap

from facepacer.store import Store

from .helpers import stored

STEPS = 5
KILLS = 20

# Writes sessions without end, like the device, and says what it has committed, one line each.
WRITER = textwrap.dedent(
    f"""
    import sys
    from datetime import datetime, timezone
    from facepacer.store import Store

    with Store(sys.argv[1]) as store:
        store.mark_interrupted()
        print("ready", flush=True)
        while True:
            sid = store.start_session(ritual_id="kill-test", ritual_title="Kill test",
                                      steps_total={STEPS}, started_at=datetime.now(timezone.utc))
            print("start", sid, flush=True)
            for index in range({STEPS}):
                store.step_ended(
                    sid, index, zone="cheeks", side="both", planned=10.0, active=10.0,
                    ended_by="timer", started_offset=index * 10.0,
                    ended_offset=index * 10.0 + 10.0,
                )
                print("step", sid, index, flush=True)
            store.end_session(sid, "completed", {STEPS} * 10.0, datetime.now(timezone.utc))
            print("end", sid, flush=True)
    """
)


def run_and_kill(db_path, lines: int) -> list:
    """Start a writer, read ``lines`` of its reports, kill it hard; returns all it reported.

    The writer runs on while the reports are read, so the kill lands at a random point; what it
    printed before dying is still in the pipe and is read after, up to its last whole line.
    """
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    reports = []
    try:
        while len(reports) < lines:
            line = child.stdout.readline()
            assert line, f"the writer stopped by itself after {reports[-3:]}"
            reports.append(line.split())
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        rest = child.stdout.read()
        whole = rest[: rest.rfind("\n") + 1]  # a line the kill cut short claims nothing
        reports.extend(line.split() for line in whole.splitlines())
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    return reports


def test_random_kills_leave_a_whole_file_and_every_finished_step(db_path):
    pick = random.Random(5)
    expected = {}  # session id -> (least steps done, ended) from what the writer reported
    for _kill in range(KILLS):
        reports = run_and_kill(db_path, pick.randint(1, 3 * STEPS))
        for report in reports[1:]:
            sid = int(report[1])
            done, ended = expected.get(sid, (0, False))
            if report[0] == "step":
                done = int(report[2]) + 1
            expected[sid] = (done, ended or report[0] == "end")

        assert stored(db_path, "PRAGMA integrity_check") == [("ok",)]
        with Store(db_path, recover=False) as store:
            rows = {row["id"]: row for row in store.sessions()}
            for sid, row in rows.items():
                done, ended = expected.get(sid, (0, False))
                steps = store.steps(sid)
                assert len(steps) == row["steps_done"]
                assert row["seconds"] == 10.0 * row["steps_done"]
                if ended:
                    assert (row["status"], row["steps_done"]) == ("completed", STEPS)
                elif row["status"] == "completed":
                    # Killed after the end was committed, before it was reported.
                    assert done == STEPS
                else:
                    assert row["status"] == "interrupted", row
                    # Every reported step is there; one more may have been committed unreported.
                    assert done <= row["steps_done"] <= done + 1
            assert set(expected) <= set(rows)

    with Store(db_path) as store:
        assert store.notice is None
        store.mark_interrupted()
    statuses = stored(db_path, "SELECT DISTINCT status FROM sessions")
    assert set(statuses) == {("completed",), ("interrupted",)}
    assert stored(db_path, "PRAGMA integrity_check") == [("ok",)]
