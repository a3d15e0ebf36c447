"""A Redis lock store for several Rasa replicas: atomic tickets, leases, no stranded waiters.

Rasa serialises each conversation's messages with a ticket lock: a message
takes a ticket and is processed when its ticket is the first in line. Rasa
3.6's RedisLockStore has three faults that show when replicas share Redis:

- Tickets are issued, served and removed with a plain read-modify-write
  (GET, change, SET). Two replicas receiving messages for one conversation at
  once can both write the lock back; a ticket is lost, two messages run at
  once, and SQLTrackerStore then drops events. Here every change is a Redis
  WATCH/MULTI transaction, retried when another replica got there first.
- A ticket lives for the whole lock lifetime (60 s), so a replica that dies
  while processing blocks the conversation for a minute. Here a ticket is a
  lease of `ticket_lease_seconds` (default 5) that the process holding it
  renews while it lives; a dead replica's ticket lapses within the lease.
  The lock lifetime still bounds how long one message may hold the
  conversation once it is served.
- A waiter whose ticket expires while it waits is never served (see
  `_try_to_acquire`). Here the first live ticket is served at once, and a
  waiter that lost its ticket takes a new one.

Expiry times use Redis's clock, so replicas with skewed clocks agree, and the
lock's key expires by itself once every ticket in it has.

The lock store also offers the replicas' shared record of handled messages
(`message_log`, stores/message_ids.py), on the same Redis connection.

Configured in endpoints.scale.yml:
    lock_store:
      type: stores.redis_lock_store.AtomicRedisLockStore
      ticket_lease_seconds: 5       # optional
      message_ids_ttl_seconds: 86400  # optional
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, AsyncIterator, Callable, List, Optional, Text, Tuple, TypeVar

import redis
from rasa.core.lock import NO_TICKET_ISSUED, Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

from stores.message_ids import DEFAULT_TTL_SECONDS, RedisMessageLog

logger = logging.getLogger(__name__)

Result = TypeVar("Result")
Tickets = List[Ticket]

DEFAULT_LEASE_SECONDS = 5.0
# A lease is renewed this many times within its length, so a late renewal or
# two (a busy event loop) does not lose it.
RENEWALS_PER_LEASE = 5
DEFAULT_POLL_SECONDS = 0.1
# The lock's key outlives its last ticket by this much, then Redis drops it.
KEY_GRACE_SECONDS = 5.0
UNCHANGED = object()


@dataclass
class HeldTicket:
    """A ticket this process holds (waiting or served) and keeps alive."""

    number: int
    # Redis time after which the lease is no longer renewed; set once served.
    deadline: Optional[float] = None


def _number(value: Any, kind: type) -> Any:
    """Settings from ${ENV} in endpoints.yml arrive as strings."""
    return kind(value) if isinstance(value, (str, int, float)) and str(value).strip() else value


class AtomicRedisLockStore(RedisLockStore):
    def __init__(
        self,
        endpoint_config: Any = None,
        ticket_lease_seconds: float = DEFAULT_LEASE_SECONDS,
        message_ids_ttl_seconds: float = DEFAULT_TTL_SECONDS,
        poll_seconds: float = DEFAULT_POLL_SECONDS,
        **kwargs: Any,
    ) -> None:
        # Rasa builds custom lock stores with `endpoint_config=`; tests pass kwargs.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs}
            ticket_lease_seconds = kwargs.pop("ticket_lease_seconds", ticket_lease_seconds)
            message_ids_ttl_seconds = kwargs.pop("message_ids_ttl_seconds", message_ids_ttl_seconds)
            poll_seconds = kwargs.pop("poll_seconds", poll_seconds)
        for name in ("port", "db"):
            if isinstance(kwargs.get(name), str) and kwargs[name].isdigit():
                kwargs[name] = int(kwargs[name])
        super().__init__(**kwargs)
        self.lease_seconds = float(_number(ticket_lease_seconds, float))
        self.poll_seconds = float(_number(poll_seconds, float))
        if self.lease_seconds <= 0 or self.poll_seconds <= 0:
            raise ValueError("ticket_lease_seconds and poll_seconds must be positive.")
        self.message_log = RedisMessageLog(
            self.red, self.key_prefix, float(_number(message_ids_ttl_seconds, float))
        )

    # ---- one atomic change of a conversation's tickets --------------------------------

    def _transaction(
        self, conversation_id: Text, change: Callable[[Tickets, float], Tuple[Any, Result]]
    ) -> Result:
        """Apply `change(live tickets, Redis time)` atomically.

        `change` returns (new tickets or UNCHANGED, result); an empty list
        deletes the lock. Expired tickets are never passed to `change`.
        """
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    seconds, microseconds = pipe.time()
                    now = seconds + microseconds / 1e6
                    raw = pipe.get(key)
                    stored = TicketLock.from_dict(json.loads(raw)).tickets if raw else deque()
                    live = [ticket for ticket in stored if ticket.expires > now]
                    new_tickets, result = change(live, now)
                    if new_tickets is UNCHANGED and len(live) == len(stored):
                        pipe.unwatch()
                        return result
                    if new_tickets is UNCHANGED:
                        new_tickets = live
                    pipe.multi()
                    if new_tickets:
                        lock = TicketLock(conversation_id, deque(new_tickets))
                        last_expiry = max(ticket.expires for ticket in new_tickets)
                        ttl_ms = max(1, int((last_expiry - now + KEY_GRACE_SECONDS) * 1000))
                        pipe.set(key, lock.dumps(), px=ttl_ms)
                    else:
                        pipe.delete(key)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another replica changed the lock meanwhile: read it again

    def _issue(self, conversation_id: Text, lifetime: float) -> int:
        def add_ticket(tickets: Tickets, now: float) -> Tuple[Tickets, int]:
            number = tickets[-1].number + 1 if tickets else NO_TICKET_ISSUED + 1
            # A lease, renewed while the process lives; never longer than the lifetime.
            tickets.append(Ticket(number, now + min(lifetime, self.lease_seconds)))
            return tickets, number

        return self._transaction(conversation_id, add_ticket)

    # ---- Rasa's LockStore interface ----------------------------------------------------

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """A ticket at the end of the line; it lapses after one lease unless renewed."""
        try:
            return self._issue(conversation_id, lock_lifetime)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        self._transaction(conversation_id, lambda tickets, now: (UNCHANGED, None))

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        # finish_serving + "delete if nobody waits" in one step, so a ticket
        # issued in between by another replica is never deleted with the lock.
        def finish(tickets: Tickets, now: float) -> Tuple[Tickets, None]:
            return [t for t in tickets if t.number != ticket_number], None

        self._transaction(conversation_id, finish)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: Text,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = DEFAULT_POLL_SECONDS,
    ) -> AsyncIterator[Optional[TicketLock]]:
        """Hold the conversation while the block runs; wait in line for it first.

        The ticket is renewed in the background from the moment it is issued,
        so waiting in line costs no place; once served, it is renewed for at
        most `lock_lifetime` seconds.
        """
        poll = min(wait_time_in_seconds, self.poll_seconds)
        try:
            held = HeldTicket(self._issue(conversation_id, lock_lifetime))
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        keeper = asyncio.create_task(self._keep_alive(conversation_id, held))
        try:
            while not self._try_to_acquire(conversation_id, held, lock_lifetime):
                await asyncio.sleep(poll)
            yield self.get_lock(conversation_id)
        finally:
            keeper.cancel()
            try:
                self.cleanup(conversation_id, held.number)
            except redis.RedisError as error:
                # The lease lapses by itself; the next message waits at most one lease.
                logger.warning("Could not release a conversation lock: %s", type(error).__name__)

    # ---- serving and leases ------------------------------------------------------------

    def _try_to_acquire(self, conversation_id: Text, held: HeldTicket, lifetime: float) -> bool:
        """Whether `held` is first in line now; re-queue it if its ticket lapsed.

        Upstream report: rasa.core.lock_store.LockStore._acquire_lock (Rasa
        3.6.21) never serves a waiter whose own ticket expired while it
        waited. It polls once a second; TicketLock.now_serving returns
        `_ticket_number_for(0) or 0`, i.e. 0 once every ticket has expired,
        and the emptied TicketLock is still truthy, so the loop neither
        acquires nor raises. A retry issued within about a second of a dead
        replica's ticket is served only if a poll falls in the gap between
        the two tickets' expiries, and hangs otherwise. The fix here: serve
        the first live ticket, and give a waiter whose ticket lapsed a new one.
        """

        def check(tickets: Tickets, now: float) -> Tuple[Any, bool]:
            numbers = [t.number for t in tickets]
            if held.number not in numbers:
                held.number = numbers[-1] + 1 if numbers else NO_TICKET_ISSUED + 1
                tickets.append(Ticket(held.number, now + min(lifetime, self.lease_seconds)))
                logger.warning("A message lost its place in a conversation's queue; re-queued.")
                return tickets, len(tickets) == 1 and self._serve(held, now, lifetime)
            if numbers[0] == held.number:
                return UNCHANGED, self._serve(held, now, lifetime)
            return UNCHANGED, False

        try:
            return self._transaction(conversation_id, check)
        except redis.RedisError as error:
            raise LockError(f"Could not acquire lock for a conversation: {error}") from error

    @staticmethod
    def _serve(held: HeldTicket, now: float, lifetime: float) -> bool:
        if held.deadline is None:
            held.deadline = now + lifetime
        return True

    async def _keep_alive(self, conversation_id: Text, held: HeldTicket) -> None:
        """Renew the ticket's lease until cancelled (or, once served, until its deadline)."""
        while True:
            await asyncio.sleep(self.lease_seconds / RENEWALS_PER_LEASE)
            try:
                self._renew(conversation_id, held)
            except redis.RedisError as error:
                logger.warning("Could not renew a conversation lock: %s", type(error).__name__)

    def _renew(self, conversation_id: Text, held: HeldTicket) -> None:
        def extend(tickets: Tickets, now: float) -> Tuple[Any, None]:
            for ticket in tickets:
                if ticket.number == held.number:
                    end = now + self.lease_seconds
                    if held.deadline is not None:
                        end = min(end, held.deadline)
                    if end <= ticket.expires:
                        return UNCHANGED, None
                    ticket.expires = end
                    return tickets, None
            return UNCHANGED, None

        self._transaction(conversation_id, extend)
