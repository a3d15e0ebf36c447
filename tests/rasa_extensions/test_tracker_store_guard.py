"""A failing tracker store is reported (exception, health, log without text), not replaced
silently."""

import logging

import pytest
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_extensions.tracker_store_guard import TrackerStoreUnavailable
from stores.health import TRACKER_STORE_HEALTH as HEALTH


class BrokenStore(InMemoryTrackerStore):
    """Fails like a database whose error message repeats the SQL parameters (the user's words)."""

    broken = True

    async def retrieve(self, sender_id):
        if self.broken:
            raise RuntimeError("INSERT failed for parameters ('my secret diagnosis',)")
        return await super().retrieve(sender_id)

    async def save(self, tracker):
        if self.broken:
            raise RuntimeError("INSERT failed for parameters ('my secret diagnosis',)")
        await super().save(tracker)


async def test_failures_raise_mark_unhealthy_and_log_no_text(caplog):
    inner = BrokenStore(Domain.empty())
    store = FailSafeTrackerStore(inner)
    tracker = DialogueStateTracker.from_events("someone", [UserUttered("my secret diagnosis")])
    with caplog.at_level(logging.INFO):
        with pytest.raises(TrackerStoreUnavailable):
            await store.retrieve("someone")
        with pytest.raises(TrackerStoreUnavailable):
            await store.save(tracker)
    assert not HEALTH.healthy and HEALTH.error_type == "RuntimeError"
    assert "NOT being saved" in caplog.text
    assert "secret diagnosis" not in caplog.text
    # Nothing went to a silent in-memory fallback.
    assert store._fallback_tracker_store is None

    inner.broken = False
    await store.save(tracker)
    assert HEALTH.healthy
    assert (await store.retrieve("someone")).latest_message.text == "my secret diagnosis"
