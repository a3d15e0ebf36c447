"""Deleting one conversation, retention and ping, on the real stores.

SQLite, PostgreSQL, Redis and the in-memory store.
"""

import time
import uuid

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import (
    AwaitableTrackerStore,
    FailSafeTrackerStore,
    InMemoryTrackerStore,
    RedisTrackerStore,
    SQLTrackerStore,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from stores.conversation_store import (
    delete_conversation,
    delete_conversations_older_than,
    ping,
    unwrap,
)
from stores.sqlite_tracker_store import SQLiteTrackerStore
from tests.services import POSTGRES_PORT, REDIS_PORT, listening

DAY = 86400.0


@pytest.fixture
def postgres_db():
    if not listening(POSTGRES_PORT):
        pytest.skip("needs PostgreSQL on 127.0.0.1:5432 (run on every machine of this project)")
    name = f"so_store_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(
        "postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield name
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def make_store(kind, tmp_path, request):
    domain = Domain.empty()
    if kind == "sqlite":  # the embedded default's store
        return SQLiteTrackerStore(domain, db=str(tmp_path / "conversations.db"))
    if kind == "postgresql":
        db = request.getfixturevalue("postgres_db")
        return SQLTrackerStore(
            domain, dialect="postgresql", host="127.0.0.1", port=5432, db=db, username="postgres"
        )
    if kind == "redis":
        if not listening(REDIS_PORT):
            pytest.skip("needs Redis on 127.0.0.1:6379 (run on every machine of this project)")
        store = RedisTrackerStore(
            domain, host="127.0.0.1", port=6379, db=2, key_prefix=f"t{uuid.uuid4().hex[:8]}"
        )
        request.addfinalizer(
            lambda: [store.red.delete(k) for k in store.red.scan_iter(store.key_prefix + "*")]
        )
        return store
    return InMemoryTrackerStore(domain)


def conversation(sender: str, last_message_at: float) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_listen", timestamp=last_message_at - 60),
            UserUttered(
                "does medicare cover a second opinion?",
                {"name": "ask_insurance_coverage"},
                timestamp=last_message_at,
            ),
        ],
    )


STORES = ["sqlite", "postgresql", "redis", "memory"]


@pytest.mark.parametrize("kind", STORES)
async def test_deleting_one_conversation_leaves_the_others(kind, tmp_path, request):
    store = make_store(kind, tmp_path, request)
    now = time.time()
    await store.save(conversation("forget-me", now))
    await store.save(conversation("keep-me", now))
    # Rasa wraps the store; deletion must reach the real one.
    wrapped = FailSafeTrackerStore(AwaitableTrackerStore(store))
    assert delete_conversation(wrapped, "forget-me") > 0
    assert await store.retrieve("forget-me") is None
    kept = await store.retrieve("keep-me")
    assert kept is not None and kept.latest_message.text == "does medicare cover a second opinion?"
    assert delete_conversation(wrapped, "forget-me") == 0  # nothing left to delete


@pytest.mark.parametrize("kind", STORES)
async def test_retention_deletes_only_conversations_idle_longer_than_the_period(
    kind, tmp_path, request
):
    store = make_store(kind, tmp_path, request)
    now = time.time()
    await store.save(conversation("old", now - 40 * DAY))
    await store.save(conversation("recent", now - 2 * DAY))
    assert delete_conversations_older_than(store, 30, now=now, dry_run=True) == 1
    assert await store.retrieve("old") is not None  # dry run deleted nothing
    assert delete_conversations_older_than(store, 30, now=now) == 1
    assert await store.retrieve("old") is None
    assert await store.retrieve("recent") is not None
    assert delete_conversations_older_than(store, 30, now=now) == 0


def test_unwrap_finds_the_configured_store():
    inner = InMemoryTrackerStore(Domain.empty())
    assert unwrap(FailSafeTrackerStore(AwaitableTrackerStore(inner))) is inner


def test_ping_raises_when_the_database_is_gone(tmp_path):
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "c.db"))
    ping(store)
    store.engine.dispose()
    (tmp_path / "c.db").unlink()
    (tmp_path / "c.db").mkdir()  # a directory where the database file was: unopenable
    with pytest.raises(sa.exc.OperationalError):
        ping(store)


def test_unsupported_stores_are_refused_not_silently_ignored():
    class OtherStore:
        pass

    with pytest.raises(NotImplementedError):
        delete_conversation(OtherStore(), "x")
    with pytest.raises(NotImplementedError):
        delete_conversations_older_than(OtherStore(), 30)


async def test_the_sqlite_store_keeps_conversations_across_instances_in_wal_mode(tmp_path):
    db = tmp_path / "conversations.db"
    first = SQLiteTrackerStore(Domain.empty(), db=str(db))
    await first.save(conversation("someone", time.time()))
    with first.engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
    first.engine.dispose()
    # A new instance (a restarted server) reads what the first wrote.
    second = SQLiteTrackerStore(Domain.empty(), db=str(db))
    assert (
        await second.retrieve("someone")
    ).latest_message.text == "does medicare cover a second opinion?"
    assert isinstance(second.engine.pool, sa.pool.QueuePool)


async def test_the_sqlite_store_creates_its_folder(tmp_path):
    # `rasa run` in a fresh clone: var/ does not exist yet.
    db = tmp_path / "var" / "nested" / "conversations.db"
    store = SQLiteTrackerStore(Domain.empty(), db=str(db))
    await store.save(conversation("someone", time.time()))
    assert db.exists()
