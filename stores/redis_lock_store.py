"""A Redis lock store whose ticket updates are atomic across Rasa replicas.

Rasa 3.6's RedisLockStore issues, serves and removes tickets with a plain
read-modify-write (GET, change, SET). Two replicas receiving messages for the
same conversation at the same moment can both read the same lock and both
write it back: one ticket is lost, two messages are processed at once, and
SQLTrackerStore then drops events (seen in tests/integration/test_scale_out.py:
9 of 12 concurrent messages stored). Here every change runs inside a Redis
WATCH/MULTI transaction and is retried when another replica got there first.

Configured in endpoints.scale.yml as
    lock_store:
      type: stores.redis_lock_store.AtomicRedisLockStore
"""

from __future__ import annotations

import json
from typing import Callable, Optional, Text, Tuple, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

Result = TypeVar("Result")


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config=None, **kwargs) -> None:
        # Rasa builds custom lock stores with `endpoint_config=`; tests may pass kwargs.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs}
        for name in ("port", "db"):
            if isinstance(kwargs.get(name), str) and kwargs[name].isdigit():
                kwargs[name] = int(kwargs[name])  # values from ${ENV} arrive as strings
        super().__init__(**kwargs)

    def _transaction(
        self,
        conversation_id: Text,
        change: Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Result]],
    ) -> Result:
        """Apply `change` to the stored lock atomically; a returned lock of None deletes it."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else None
                    new_lock, result = change(lock)
                    pipe.multi()
                    if new_lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, new_lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another replica changed the lock meanwhile: read it again

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def add_ticket(lock: Optional[TicketLock]):
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._transaction(conversation_id, add_ticket)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        def drop_expired(lock: Optional[TicketLock]):
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._transaction(conversation_id, drop_expired)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        # finish_serving + "delete if nobody waits" in one step, so a ticket
        # issued in between by another replica is never deleted with the lock.
        def finish(lock: Optional[TicketLock]):
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._transaction(conversation_id, finish)
