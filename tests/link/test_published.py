"""What the link publishes about the log is made from the log: an interrupted session says when it
was last heard of, an empty log says so on last_session, and a delete is noticed and not confused
with the sessions that come after it."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from facepacer.link import published
from facepacer.store import Store

from ..store import helpers

START = datetime(2026, 5, 9, 7, 35, 25, tzinfo=timezone.utc)


def session(store: Store, steps: int = 3) -> int:
    return store.start_session(
        ritual_id="glow", ritual_title="Glow", steps_total=steps, started_at=START, pid=1
    )


def step(store: Store, session_id: int, index: int, start: float, end: float) -> None:
    store.step_ended(session_id, index, zone="cheeks", side="both", planned=30.0,
                     active=end - start, ended_by="timer", started_offset=start,
                     ended_offset=end)  # fmt: skip


def test_an_interrupted_session_gives_when_it_was_last_heard_of_and_its_seconds_up_to_then(
    tmp_path,
):
    with Store(tmp_path / "log.db") as store:
        first = session(store)
        step(store, first, 0, 0.0, 30.0)
        step(store, first, 1, 30.0, 42.0)
        store.note_fault(first, started_offset=50.0, ended_offset=None, message="sensor gone")
        store._conn.execute("UPDATE sessions SET writer_boot = 'a boot long gone'")
        assert store.mark_interrupted() == 1
        row = store.sessions(titles=True)[0]
        event = json.loads(published.event(store, row))
    assert event["status"] == event["event_type"] == "interrupted"
    assert list(event) == list(published.EVENT_KEYS)
    assert event["started_at"] == "2026-05-09T07:35:25+00:00"
    assert event["ended_at"] == "2026-05-09T07:36:15+00:00"  # the fault at 50 s was the last
    assert (event["seconds"], event["minutes"], event["steps_done"]) == (42.0, 0.7, 2)


def test_an_interrupted_session_that_logged_nothing_was_last_heard_of_at_its_start(tmp_path):
    with Store(tmp_path / "log.db") as store:
        session(store)
        store._conn.execute("UPDATE sessions SET writer_boot = 'a boot long gone'")
        store.mark_interrupted()
        event = json.loads(published.event(store, store.sessions(titles=True)[0]))
    assert (event["ended_at"], event["seconds"]) == ("2026-05-09T07:35:25+00:00", 0.0)


def test_with_no_ended_session_last_session_has_every_key_and_each_is_null():
    with Store(memory=True) as store:
        assert json.loads(published.last_session(store)) == {
            "event_type": None, "session_id": None, "ritual": None, "title": None,
            "status": None, "started_at": None, "ended_at": None, "seconds": None,
            "minutes": None, "steps_done": None, "steps_total": None, "mood": None,
        }  # fmt: skip
        session(store)  # running: not the last session yet
        assert json.loads(published.last_session(store))["status"] is None


def test_the_log_figures_after_a_delete_count_what_is_left(tmp_path):
    with Store(tmp_path / "log.db") as store:
        done = session(store, steps=1)
        store.end_session(done, "completed", 30.0, START)
        assert json.loads(published.last_session(store))["status"] == "completed"
        assert json.loads(published.week(store, date(2026, 5, 9), 5))["days_done"] == 1
        store.delete_all()
        assert json.loads(published.last_session(store))["status"] is None
        assert json.loads(published.week(store, date(2026, 5, 9), 5))["days_done"] == 0


def test_a_delete_by_another_process_changes_the_version_the_link_watches(tmp_path):
    with Store(tmp_path / "log.db") as watcher, Store(tmp_path / "log.db") as history:
        before = watcher.data_version()
        assert watcher.data_version() == before
        history.delete_all()
        assert watcher.data_version() != before


def test_an_acknowledgement_for_a_deleted_session_does_not_mark_the_new_one_with_its_id(tmp_path):
    with Store(tmp_path / "log.db") as store:
        old = session(store, steps=1)
        store.end_session(old, "completed", 30.0, START)
        store.delete_all()
        later = datetime(2026, 5, 10, 7, 0, 0, tzinfo=timezone.utc)
        new = store.start_session(ritual_id="glow", ritual_title="Glow", steps_total=1,
                                  started_at=later, pid=1)  # fmt: skip
        store.end_session(new, "completed", 30.0, later)
        assert new == old  # SQLite gives the first id again
        store.mark_published(old, "2026-05-09T07:35:25+00:00")
        assert [row["id"] for row in store.unpublished(START)] == [new]
        store.mark_published(new, "2026-05-10T07:00:00+00:00")
        assert store.unpublished(START) == []


def test_the_last_session_is_the_latest_one_ended_not_the_one_before():
    with Store(memory=True) as store:
        for minutes, status in ((0, "completed"), (30, "abandoned")):
            begun = START.replace(minute=minutes)
            sid = store.start_session(ritual_id="glow", ritual_title="Glow", steps_total=3,
                                      started_at=begun, pid=1)  # fmt: skip
            store.end_session(sid, status, 42.0, begun)
        last = json.loads(published.last_session(store))
        assert (last["session_id"], last["status"], last["minutes"]) == (2, "abandoned", 0.7)


def test_the_week_says_the_days_done_the_goal_the_streak_and_the_best_streak_apart():
    saturday = date(2026, 5, 9)
    with Store(memory=True) as store:
        for days_before in (35, 28, 1):  # two weeks in a row, a gap, then this week
            helpers.session(store, helpers.on_day(saturday - timedelta(days=days_before)))
        assert json.loads(published.week(store, saturday, 1)) == {
            "days_done": 1, "goal": 1, "streak": 1, "best_streak": 2,
        }  # fmt: skip
