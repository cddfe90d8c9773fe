"""The reminders in the session log, and the MQTT link's note of which sessions it announced."""

from __future__ import annotations

from datetime import timedelta

import pytest

from .helpers import T0, session


def test_a_reminder_is_logged_when_shown_and_its_outcome_when_it_ends(store):
    first = store.reminder_shown("glow", T0)
    sid = session(store, T0 + timedelta(minutes=1))
    store.reminder_ended(first, "taken", sid)
    second = store.reminder_shown("glow", T0 + timedelta(days=1))
    store.reminder_ended(second, "expired")
    store.reminder_shown("glow", T0 + timedelta(days=2))  # still showing: no outcome yet
    assert store.reminder_counts(T0) == (3, 1)
    assert store.reminder_counts(T0 + timedelta(hours=1)) == (2, 0)


def test_a_reminder_outcome_outside_the_three_is_refused_with_the_value(store):
    rid = store.reminder_shown("glow", T0)
    with pytest.raises(ValueError, match="taken, dismissed, expired, got 'snoozed'"):
        store.reminder_ended(rid, "snoozed")
    with pytest.raises(ValueError, match="non-empty"):
        store.reminder_shown("", T0)


def test_delete_all_removes_the_reminders_too(store):
    store.reminder_shown("glow", T0)
    session(store, T0)
    store.delete_all()
    assert store.reminder_counts(T0 - timedelta(days=1)) == (0, 0)


def test_only_ended_unpublished_sessions_since_the_cutoff_wait_for_the_link(store):
    old = session(store, T0 - timedelta(days=10))
    done = session(store, T0, mood=4)
    session(store, T0 + timedelta(hours=1), status=None)  # still running
    quit_early = session(store, T0 + timedelta(hours=2), status="quit")
    waiting = store.unpublished(T0 - timedelta(days=7))
    assert [row["id"] for row in waiting] == [done, quit_early]
    assert waiting[0]["mood"] == 4 and waiting[0]["title"] == "Symmetry Sculpt"
    assert waiting[1]["status"] == "abandoned"
    store.mark_published(done)
    assert [row["id"] for row in store.unpublished(T0 - timedelta(days=7))] == [quit_early]
    assert [row["id"] for row in store.unpublished(T0 - timedelta(days=30))] == [old, quit_early]
