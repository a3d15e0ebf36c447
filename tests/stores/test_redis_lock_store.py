"""The atomic Redis lock store against the real Redis on 127.0.0.1:6379."""

import asyncio
import threading
import time
import uuid

import pytest
from rasa.core.lock_store import RedisLockStore

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


# ---- Recovery: a dead replica's ticket strands no one ---------------------------------
# A "dead replica" is a ticket issued and never renewed (issue_ticket without lock()),
# from another store object, as another process's would be.

LIFETIME = 2.0  # seconds: the lock lifetime in these tests (Rasa's default is 60)


def store_with(lease: float) -> AtomicRedisLockStore:
    return AtomicRedisLockStore(
        host="127.0.0.1", port="6379", db="1", key_prefix="sotest", ticket_lease_seconds=lease
    )


async def time_to_acquire(lock_store, conversation: str, seconds: float) -> float | None:
    """Seconds until `lock_store.lock()` is served, or None if not within `seconds`."""
    loop = asyncio.get_running_loop()
    started = loop.time()

    async def take() -> float:
        async with lock_store.lock(conversation, lock_lifetime=LIFETIME):
            return loop.time() - started

    try:
        return await asyncio.wait_for(take(), seconds)
    except asyncio.TimeoutError:
        return None


@pytest.mark.parametrize("gap", [0.1, 0.2, 0.3])
async def test_control_rasas_store_strands_a_retry_queued_just_after_a_dead_ticket(gap):
    """Rasa 3.6's RedisLockStore, same Redis: the waiter is never served (the issue's case)."""
    conversation = f"c-{uuid.uuid4().hex}"
    rasas = RedisLockStore(host="127.0.0.1", port=6379, db=1, key_prefix="sotest")
    rasas.issue_ticket(conversation, LIFETIME)  # the dead replica's
    await asyncio.sleep(gap)
    waited = await time_to_acquire(rasas, conversation, 3 * LIFETIME)
    rasas.delete_lock(conversation)
    assert waited is None


@pytest.mark.parametrize("gap", [0.1, 0.2, 0.3, 1.0])
async def test_a_retry_queued_just_after_a_dead_ticket_is_served_when_it_lapses(gap):
    conversation = f"c-{uuid.uuid4().hex}"
    dead_replica, survivor = store_with(LIFETIME), store_with(LIFETIME)
    dead = dead_replica.issue_ticket(conversation, LIFETIME)
    dead_expires = next(
        t.expires for t in dead_replica.get_lock(conversation).tickets if t.number == dead
    )
    await asyncio.sleep(gap)
    waited = await time_to_acquire(survivor, conversation, 5 * LIFETIME)
    assert waited is not None, "the waiter was never served"
    # In line behind the dead ticket: served only once it had lapsed.
    assert time.time() >= dead_expires
    assert survivor.get_lock(conversation) is None  # released and cleaned up


async def test_a_dead_replicas_ticket_lapses_after_its_lease_not_the_lock_lifetime():
    conversation = f"c-{uuid.uuid4().hex}"
    dead_replica, survivor = store_with(1.0), store_with(1.0)
    dead_replica.issue_ticket(conversation, 60)  # Rasa's default lifetime
    waited = await time_to_acquire(survivor, conversation, 30)
    assert waited is not None and waited < 30
    print(f"served {waited:.2f} s after the dead ticket (lease 1 s, lifetime 60 s)")


async def test_a_live_holder_keeps_its_lease_longer_than_the_lease_and_others_wait():
    conversation = f"c-{uuid.uuid4().hex}"
    holder_store, waiter_store = store_with(0.5), store_with(0.5)
    order = []

    async def hold():
        async with holder_store.lock(conversation, lock_lifetime=30):
            order.append("holder in")
            await asyncio.sleep(2.0)  # four leases
            order.append("holder out")

    async def wait():
        await asyncio.sleep(0.2)
        async with waiter_store.lock(conversation, lock_lifetime=30):
            order.append("waiter in")

    await asyncio.gather(hold(), wait())
    assert order == ["holder in", "holder out", "waiter in"]


async def test_a_holder_past_its_lock_lifetime_lets_the_next_message_in():
    """As in Rasa: the lifetime bounds how long one message holds the conversation."""
    conversation = f"c-{uuid.uuid4().hex}"
    holder_store, waiter_store = store_with(0.3), store_with(0.3)
    order = []

    async def hold():
        async with holder_store.lock(conversation, lock_lifetime=1.0):
            order.append("holder in")
            await asyncio.sleep(3.0)
            order.append("holder out")

    async def wait():
        await asyncio.sleep(0.2)
        async with waiter_store.lock(conversation, lock_lifetime=1.0):
            order.append("waiter in")

    await asyncio.gather(hold(), wait())
    assert order == ["holder in", "waiter in", "holder out"]


async def test_many_messages_across_replicas_run_one_at_a_time_and_in_order_of_arrival():
    conversation = f"c-{uuid.uuid4().hex}"
    replicas = [store_with(1.0) for _ in range(3)]
    inside, overlaps, served = [], [], []

    async def message(index: int):
        await asyncio.sleep(index * 0.02)
        async with replicas[index % 3].lock(conversation, lock_lifetime=30):
            if inside:
                overlaps.append(index)
            inside.append(index)
            served.append(index)
            await asyncio.sleep(0.05)
            inside.remove(index)

    await asyncio.gather(*(message(i) for i in range(15)))
    assert overlaps == []
    assert served == list(range(15))


async def test_the_lock_key_expires_by_itself_after_a_crash():
    conversation = f"c-{uuid.uuid4().hex}"
    dead_replica = store_with(1.0)
    dead_replica.issue_ticket(conversation, 60)
    key = dead_replica.key_prefix + conversation
    assert 0 < dead_replica.red.pttl(key) <= (1.0 + 5.0) * 1000


def test_a_waiter_whose_ticket_lapsed_takes_a_new_one_and_is_served_when_first():
    from stores.redis_lock_store import HeldTicket

    conversation = f"c-{uuid.uuid4().hex}"
    lock_store = store_with(1.0)
    lapsed = HeldTicket(number=7)  # its ticket is gone from Redis
    assert lock_store._try_to_acquire(conversation, lapsed, LIFETIME)
    assert [t.number for t in lock_store.get_lock(conversation).tickets] == [lapsed.number]
    lock_store.cleanup(conversation, lapsed.number)
    assert lock_store.get_lock(conversation) is None
