"""The atomic Redis lock store against the real Redis on 127.0.0.1:6379."""

import threading
import uuid

import pytest

from stores.redis_lock_store import AtomicRedisLockStore
from tests.services import REDIS_PORT, listening

pytestmark = pytest.mark.skipif(not listening(REDIS_PORT), reason="needs Redis on 127.0.0.1:6379")


def store():
    return AtomicRedisLockStore(host="127.0.0.1", port="6379", db="1", key_prefix="sotest")


def test_tickets_issued_concurrently_by_several_replicas_are_all_distinct():
    conversation = f"c-{uuid.uuid4().hex}"
    replicas = [store() for _ in range(4)]  # separate connections, like separate Rasa processes
    tickets, errors = [], []

    def issue(replica):
        try:
            for _ in range(25):
                tickets.append(replica.issue_ticket(conversation, 60))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=issue, args=(r,)) for r in replicas]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(tickets) == list(range(100))  # none lost, none doubled
    assert len(replicas[0].get_lock(conversation).tickets) == 100
    replicas[0].delete_lock(conversation)


def test_cleanup_keeps_a_lock_someone_still_waits_for():
    conversation = f"c-{uuid.uuid4().hex}"
    lock_store = store()
    first = lock_store.issue_ticket(conversation, 60)
    second = lock_store.issue_ticket(conversation, 60)
    lock_store.cleanup(conversation, first)
    lock = lock_store.get_lock(conversation)
    assert lock is not None and lock.now_serving == second
    lock_store.cleanup(conversation, second)
    assert lock_store.get_lock(conversation) is None


def test_expired_tickets_are_dropped():
    conversation = f"c-{uuid.uuid4().hex}"
    lock_store = store()
    lock_store.issue_ticket(conversation, -1)  # already expired
    live = lock_store.issue_ticket(conversation, 60)
    lock_store.update_lock(conversation)
    assert lock_store.get_lock(conversation).now_serving == live
    lock_store.delete_lock(conversation)
