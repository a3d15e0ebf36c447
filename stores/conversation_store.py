"""Operations on the tracker store that Rasa 3.6 lacks: delete one conversation,
delete conversations older than a retention period, and check the store answers.

Rasa wraps the configured store (FailSafeTrackerStore, AwaitableTrackerStore);
`unwrap` finds the real one. The SQL store (SQLite and PostgreSQL), the Redis
store and the in-memory store are supported; others raise NotImplementedError
so that nobody is told "deleted" when nothing was.
"""

from __future__ import annotations

import json
import time
from typing import Iterable

import sqlalchemy as sa
from rasa.core.tracker_store import (
    InMemoryTrackerStore,
    RedisTrackerStore,
    SQLTrackerStore,
    TrackerStore,
)


def unwrap(store: TrackerStore) -> TrackerStore:
    """The configured store inside Rasa's wrappers."""
    seen = 0
    while hasattr(store, "_tracker_store") and seen < 5:
        store = store._tracker_store
        seen += 1
    return store


def delete_conversation(store: TrackerStore, sender_id: str) -> int:
    """Delete every stored event of one conversation; returns how many records went."""
    store = unwrap(store)
    if isinstance(store, SQLTrackerStore):
        with store.session_scope() as session:
            deleted = (
                session.query(store.SQLEvent)
                .filter(store.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
            return deleted
    if isinstance(store, RedisTrackerStore):
        return store.red.delete(store.key_prefix + sender_id)
    if isinstance(store, InMemoryTrackerStore):
        return 1 if store.store.pop(sender_id, None) is not None else 0
    raise NotImplementedError(
        f"deleting conversations from {type(store).__name__} is not supported"
    )


def delete_conversations_older_than(
    store: TrackerStore, days: float, now: float | None = None, dry_run: bool = False
) -> int:
    """Delete the conversations whose latest event is more than `days` old.

    Args:
        store: the tracker store, inside Rasa's wrappers or not.
        days: the retention period.
        now: the current time as a Unix timestamp; default the clock's.
        dry_run: count only, delete nothing.

    Returns:
        How many conversations were (or, with dry_run, would be) deleted.

    Raises:
        NotImplementedError: for a kind of store this module does not support.
    """
    cutoff = (now if now is not None else time.time()) - days * 86400
    store = unwrap(store)
    if isinstance(store, SQLTrackerStore):
        event = store.SQLEvent
        with store.session_scope() as session:
            stale = (
                session.query(event.sender_id)
                .group_by(event.sender_id)
                .having(sa.func.max(event.timestamp) < cutoff)
                .subquery()
            )
            count = session.query(sa.func.count()).select_from(stale).scalar() or 0
            if count and not dry_run:
                session.query(event).filter(
                    event.sender_id.in_(sa.select(stale.c.sender_id))
                ).delete(synchronize_session=False)
                session.commit()
            return count
    if isinstance(store, RedisTrackerStore):
        stale_keys = [
            key
            for key in store.red.scan_iter(match=store.key_prefix + "*")
            if _latest_timestamp(store.red.get(key)) < cutoff
        ]
        if stale_keys and not dry_run:
            store.red.delete(*stale_keys)
        return len(stale_keys)
    if isinstance(store, InMemoryTrackerStore):
        stale_ids = [
            sid for sid, serialised in store.store.items() if _latest_timestamp(serialised) < cutoff
        ]
        if not dry_run:
            for sid in stale_ids:
                del store.store[sid]
        return len(stale_ids)
    raise NotImplementedError(f"retention for {type(store).__name__} is not supported")


def _latest_timestamp(serialised: bytes | str | None) -> float:
    if not serialised:
        return 0.0
    events: Iterable[dict] = json.loads(serialised).get("events") or []
    return max((e.get("timestamp") or 0.0 for e in events), default=0.0)


def ping(store: TrackerStore) -> None:
    """Raise if the store does not answer (a blocking call: run it in a thread)."""
    store = unwrap(store)
    if isinstance(store, SQLTrackerStore):
        with store.session_scope() as session:
            session.execute(sa.text("SELECT 1"))
    elif isinstance(store, RedisTrackerStore):
        store.red.ping()
