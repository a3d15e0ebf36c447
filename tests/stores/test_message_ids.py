"""The record of handled messages: in memory (embedded profile) and in Redis (scale-out)."""

import time
import uuid

import pytest

from stores.message_ids import LocalMessageLog, LruCache, MessageState, RedisMessageLog
from stores.redis_lock_store import AtomicRedisLockStore
from tests.services import REDIS_PORT, listening

needs_redis = pytest.mark.skipif(not listening(REDIS_PORT), reason="needs Redis on 127.0.0.1:6379")


def test_the_cache_keeps_the_most_recently_used_entries():
    cache: LruCache[str, int] = LruCache(size=2, ttl_seconds=60)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recent
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    assert len(cache) == 2


def test_cache_entries_expire():
    cache: LruCache[str, int] = LruCache(size=10, ttl_seconds=0.05)
    cache.put("a", 1)
    time.sleep(0.1)
    assert cache.get("a") is None
    assert len(cache) == 0


def test_the_local_log_knows_only_what_this_process_finished():
    log = LocalMessageLog(size=10)
    assert log.state("c", "m1") is MessageState.UNKNOWN  # the tracker store decides
    log.begin("c", "m1")
    assert log.state("c", "m1") is MessageState.UNKNOWN
    log.finish("c", "m1")
    assert log.state("c", "m1") is MessageState.DONE
    assert log.state("other conversation", "m1") is MessageState.UNKNOWN


@needs_redis
def test_the_redis_log_is_shared_by_replicas_and_expires():
    first = AtomicRedisLockStore(host="127.0.0.1", port=6379, db=1, key_prefix="sotest")
    second = AtomicRedisLockStore(
        host="127.0.0.1", port=6379, db=1, key_prefix="sotest", message_ids_ttl_seconds=0.5
    )
    conversation, key = f"c-{uuid.uuid4().hex}", uuid.uuid4().hex
    assert first.message_log.state(conversation, key) is MessageState.UNSEEN
    first.message_log.begin(conversation, key)
    assert second.message_log.state(conversation, key) is MessageState.IN_FLIGHT
    second.message_log.finish(conversation, key)
    assert first.message_log.state(conversation, key) is MessageState.DONE
    assert first.message_log.state(conversation + "x", key) is MessageState.UNSEEN
    time.sleep(0.7)  # the second replica's time-to-live, 0.5 s
    assert first.message_log.state(conversation, key) is MessageState.UNSEEN


@needs_redis
def test_keys_of_different_conversations_never_collide():
    log = RedisMessageLog(
        AtomicRedisLockStore(host="127.0.0.1", port=6379, db=1, key_prefix="sotest").red, "t:"
    )
    suffix = uuid.uuid4().hex
    log.finish(f"a:{suffix}", "b")
    assert log.state("a", f"{suffix}:b") is MessageState.UNSEEN
