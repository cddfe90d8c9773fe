"""Every way a session's status can change, and every way a write can be refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from facepacer.errors import StoreError
from facepacer.store import Store

from .helpers import T0, session, stored


def begin(store, steps: int) -> int:
    """Start a session of Symmetry Sculpt with ``steps`` steps at ``T0``; its id."""
    return store.start_session(
        ritual_id="symmetry-sculpt",
        ritual_title="Symmetry Sculpt",
        steps_total=steps,
        started_at=T0,
    )


def only(store: Store) -> dict:
    (row,) = store.sessions()
    return row


def test_a_started_session_reads_running_with_nothing_done(store):
    sid = begin(store, 4)
    assert only(store) == {
        "id": sid,
        "ritual": "symmetry-sculpt",
        "started_at": "2026-05-04T07:30:00+00:00",
        "ended_at": None,
        "status": "running",
        "steps_done": 0,
        "steps_total": 4,
        "seconds": 0.0,
        "mood": None,
    }


def test_each_finished_step_is_kept_and_counted_while_the_session_runs(store):
    sid = begin(store, 4)
    store.step_ended(
        sid, 0, zone="jawline", side="alternate", planned=20.0, active=20.0, ended_by="timer",
        started_offset=0.0, ended_offset=20.0,
    )  # fmt: skip
    store.step_ended(
        sid, 1, zone="cheeks", side="both", planned=30.0, active=12.5, ended_by="touch",
        started_offset=20.0, ended_offset=35.0,
    )  # fmt: skip
    row = only(store)
    assert (row["status"], row["steps_done"], row["seconds"]) == ("running", 2, 32.5)
    assert store.steps(sid) == [
        {"index": 0, "zone": "jawline", "side": "alternate", "planned": 20.0, "active": 20.0,
         "ended_by": "timer", "started": 0.0, "ended": 20.0},
        {"index": 1, "zone": "cheeks", "side": "both", "planned": 30.0, "active": 12.5,
         "ended_by": "touch", "started": 20.0, "ended": 35.0},
    ]  # fmt: skip


@pytest.mark.parametrize("status", ["completed", "abandoned"])
def test_running_ends_as_completed_or_abandoned(store, status):
    sid = begin(store, 1)
    store.step_ended(
        sid, 0, zone="neck", side="both", planned=10.0, active=10.0, ended_by="timer",
        started_offset=0.0, ended_offset=10.0,
    )  # fmt: skip
    store.end_session(sid, status, 10.0, T0 + timedelta(seconds=10))
    row = only(store)
    assert (row["status"], row["ended_at"], row["seconds"]) == (
        status,
        "2026-05-04T07:30:10+00:00",
        10.0,
    )


def test_a_quit_session_shows_as_abandoned_and_is_stored_as_quit(db_path):
    with Store(db_path) as store:
        sid = begin(store, 3)
        store.step_ended(
            sid, 0, zone="neck", side="both", planned=10.0, active=4.0, ended_by="quit",
            started_offset=0.0, ended_offset=4.0,
        )  # fmt: skip
        store.end_session(sid, "quit", 4.0, T0 + timedelta(seconds=4))
        assert only(store)["status"] == "abandoned"
    assert stored(db_path, "SELECT status FROM sessions WHERE id = ?", (sid,)) == [("quit",)]


def test_a_step_cut_short_is_logged_but_not_counted_as_done(store):
    sid = begin(store, 3)
    store.step_ended(
        sid, 0, zone="neck", side="both", planned=10.0, active=10.0, ended_by="timer",
        started_offset=0.0, ended_offset=10.0,
    )  # fmt: skip
    store.step_ended(
        sid, 1, zone="chin", side="both", planned=10.0, active=3.0, ended_by="abandon",
        started_offset=10.0, ended_offset=13.0,
    )  # fmt: skip
    store.end_session(sid, "abandoned", 13.0, T0 + timedelta(seconds=13))
    row = only(store)
    assert (row["steps_done"], row["seconds"]) == (1, 13.0)
    assert [step["ended_by"] for step in store.steps(sid)] == ["timer", "abandon"]


def test_the_end_seconds_come_from_the_caller_not_from_wall_times(store):
    # The wall clock jumped an hour forward during the ritual (network time arrived).
    sid = begin(store, 1)
    store.end_session(sid, "completed", 95.0, T0 + timedelta(hours=1))
    assert only(store)["seconds"] == 95.0


def test_an_ended_session_cannot_end_again_and_keeps_its_first_ending(store):
    sid = session(store, T0, "completed")
    with pytest.raises(StoreError, match=r"session 1 already ended as 'completed'"):
        store.end_session(sid, "abandoned", 1.0, T0)
    assert only(store)["status"] == "completed"


def test_no_step_is_added_to_an_ended_session(store):
    sid = session(store, T0, "abandoned", steps=3)
    with pytest.raises(StoreError, match="already ended"):
        store.step_ended(
            sid, 2, zone="neck", side="both", planned=10.0, active=10.0, ended_by="timer",
            started_offset=40.0, ended_offset=50.0,
        )  # fmt: skip
    assert len(store.steps(sid)) == 1


def test_a_step_logged_twice_replaces_the_first_and_is_counted_once(store):
    sid = begin(store, 2)
    store.step_ended(
        sid, 0, zone="neck", side="both", planned=10.0, active=9.0, ended_by="touch",
        started_offset=0.0, ended_offset=9.0,
    )  # fmt: skip
    store.step_ended(
        sid, 0, zone="neck", side="both", planned=10.0, active=10.0, ended_by="timer",
        started_offset=0.0, ended_offset=10.0,
    )  # fmt: skip
    assert (only(store)["steps_done"], only(store)["seconds"]) == (1, 10.0)


def test_the_seconds_of_a_step_cannot_be_passed_by_position(store):
    # planned and active swapped by position would be stored silently: they must be named.
    sid = begin(store, 2)
    with pytest.raises(TypeError, match="positional"):
        store.step_ended(sid, 0, "neck", "both", 10.0, 9.0, "touch", 0.0, 9.0)
    assert store.steps(sid) == []


def test_mood_is_recorded_after_the_end_and_a_later_one_replaces_it(store):
    sid = session(store, T0, "completed")
    store.set_mood(sid, 2)
    store.set_mood(sid, 5)
    assert only(store)["mood"] == 5


@pytest.mark.parametrize("mood", [0, 6, -1, 2.5, "4", True, None])
def test_a_mood_outside_one_to_five_is_refused_and_nothing_changes(store, mood):
    sid = session(store, T0, "completed", mood=3)
    with pytest.raises(ValueError, match="mood must be a whole number from 1 to 5"):
        store.set_mood(sid, mood)
    assert only(store)["mood"] == 3


def test_writes_to_an_unknown_session_say_so(store):
    for write in (
        lambda: store.step_ended(
            9,
            0,
            zone="neck",
            side="both",
            planned=1.0,
            active=1.0,
            ended_by="timer",
            started_offset=0.0,
            ended_offset=1.0,
        ),
        lambda: store.end_session(9, "completed", 1.0, T0),
        lambda: store.set_mood(9, 3),
        lambda: store.note_fault(9, started_offset=0.0, ended_offset=1.0, message="sensor lost"),
    ):
        with pytest.raises(StoreError, match="session 9 is not in the session log"):
            write()
    assert store.sessions() == []


def step_with(index: int = 0, **changed):
    """A ``step_ended`` call of a good step, but for ``index`` and ``changed``."""
    fields = dict(zone="neck", side="both", planned=1.0, active=1.0, ended_by="timer",
                  started_offset=0, ended_offset=1)  # fmt: skip
    fields.update(changed)
    return lambda s, i: s.step_ended(i, index, **fields)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda s, i: s.end_session(i, "interrupted", 1.0, T0), "status must be one of"),
        (lambda s, i: s.end_session(i, "completed", -1.0, T0), "seconds must be a finite"),
        (lambda s, i: s.end_session(i, "completed", float("nan"), T0), "seconds must be a"),
        (lambda s, i: s.end_session(i, "completed", 1.0, "now"), "expected a datetime"),
        (step_with(ended_by="skip"), "ended_by"),
        (step_with(-1), "index"),
        (step_with(3), "out of"),
        (step_with(active=-2.0), "active"),
    ],
)
def test_bad_arguments_are_refused_and_leave_the_session_running(store, call, message):
    sid = begin(store, 3)
    with pytest.raises(ValueError, match=message):
        call(store, sid)
    row = only(store)
    assert (row["status"], row["steps_done"]) == ("running", 0)
    assert store.steps(sid) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (("", "Title", 3, T0), "ritual_id must be a non-empty string"),
        (("id", "Title", -1, T0), "steps_total must be a whole number"),
        (("id", "Title", 3, "2026-05-04"), "expected a datetime"),
    ],
)
def test_a_session_with_bad_arguments_is_not_started(store, args, message):
    with pytest.raises(ValueError, match=message):
        store.start_session(
            **dict(zip(("ritual_id", "ritual_title", "steps_total", "started_at"), args))
        )
    assert store.sessions() == []


def test_a_session_cannot_be_started_with_its_words_by_position(store):
    """The id and the title are both text: by position they could be swapped unseen."""
    with pytest.raises(TypeError):
        store.start_session("symmetry-sculpt", "Symmetry Sculpt", 3, T0)
    assert store.sessions() == []


def test_a_hair_below_zero_offset_is_rounding_and_stored_as_zero(store):
    sid = begin(store, 1)
    store.step_ended(
        sid, 0, zone="neck", side="both", planned=10.0, active=10.0, ended_by="timer",
        started_offset=-1e-9, ended_offset=10.0,
    )  # fmt: skip
    assert store.steps(sid)[0]["started"] == 0.0


def test_a_naive_start_time_is_taken_as_local_time(store, tz):
    tz("CET-1")
    store.start_session(
        ritual_id="symmetry-sculpt",
        ritual_title="Symmetry Sculpt",
        steps_total=1,
        started_at=T0.replace(tzinfo=None),
    )
    assert only(store)["started_at"] == "2026-05-04T06:30:00+00:00"


def test_sensor_outages_are_kept_with_their_session(store):
    sid = begin(store, 2)
    store.note_fault(
        sid, started_offset=12.5, ended_offset=20.0, message="touch sensor not answering at 0x5A"
    )
    store.note_fault(
        sid, started_offset=30.0, ended_offset=None, message="touch sensor not answering at 0x5A"
    )
    assert store.faults(sid) == [
        {"started": 12.5, "ended": 20.0, "message": "touch sensor not answering at 0x5A"},
        {"started": 30.0, "ended": None, "message": "touch sensor not answering at 0x5A"},
    ]


def test_sessions_come_oldest_first_and_a_limit_keeps_the_latest(store):
    ids = [session(store, T0 + timedelta(days=n)) for n in range(5)]
    assert [row["id"] for row in store.sessions()] == ids
    assert [row["id"] for row in store.sessions(2)] == ids[-2:]
    assert store.count() == 5


def test_delete_all_leaves_an_empty_log_that_takes_new_sessions(store):
    sid = session(store, T0, mood=4)
    store.note_fault(sid, started_offset=1.0, ended_offset=2.0, message="sensor lost")
    assert store.delete_all() == 1
    assert (store.sessions(), store.steps(sid), store.faults(sid)) == ([], [], [])
    session(store, T0)
    assert store.count() == 1
