"""Which messages were already handled, so a repeated one is never processed twice.

A message can arrive more than once: a web page or REST client retries after
a dropped connection (with the same client message id), Slack retries an
event, Telegram redelivers an update. Each channel names the message by a
key (the client's id, Slack's message timestamp, Telegram's update id), and
the message log records per conversation which keys were handled:

- `RedisMessageLog` (scale-out profile): shared by every replica, on the
  lock store's Redis connection. A key is marked "in flight" before its
  message is processed (inside the conversation's lock) and "done" after;
  both marks expire after `ttl_seconds`. No mark means never seen.
- `LocalMessageLog` (embedded profile, one process): the keys done lately,
  in memory. The conversation itself, in the tracker store, is the record
  that survives a restart (Rasa keeps the key as the user event's
  message_id), so a key not in memory is looked up there.

"In flight" found inside the conversation's lock means the process that
started the message died (or lost its lock) before finishing: whether it got
as far as saving the turn is then read from the tracker store.
"""

from __future__ import annotations

import enum
import time
from collections import OrderedDict
from typing import Generic, Hashable, Optional, TypeVar

import redis

DEFAULT_TTL_SECONDS = 24 * 60 * 60  # Telegram keeps an undelivered update for 24 hours
DEFAULT_LOCAL_SIZE = 10_000

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class MessageState(enum.Enum):
    DONE = "done"
    IN_FLIGHT = "in_flight"
    UNSEEN = "unseen"  # certainly not handled within the time-to-live
    UNKNOWN = "unknown"  # not known here: the tracker store decides


class LruCache(Generic[Key, Value]):
    """At most `size` entries, each for at most `ttl_seconds`; the least recently used go first."""

    def __init__(self, size: int, ttl_seconds: float) -> None:
        self.size = size
        self.ttl_seconds = ttl_seconds
        self._entries: OrderedDict[Key, tuple[float, Value]] = OrderedDict()

    def get(self, key: Key) -> Optional[Value]:
        entry = self._entries.get(key)
        if entry is None:
            return None
        stored_at, value = entry
        if time.monotonic() - stored_at > self.ttl_seconds:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    def put(self, key: Key, value: Value) -> None:
        self._entries[key] = (time.monotonic(), value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


class MessageLog:
    """The record of handled messages; keys are (conversation id, message key)."""

    ttl_seconds: float

    def state(self, conversation_id: str, key: str) -> MessageState:
        raise NotImplementedError

    def begin(self, conversation_id: str, key: str) -> None:
        """Mark the message as being processed (called inside the conversation's lock)."""
        raise NotImplementedError

    def finish(self, conversation_id: str, key: str) -> None:
        """Mark the message as handled."""
        raise NotImplementedError


class LocalMessageLog(MessageLog):
    def __init__(
        self, size: int = DEFAULT_LOCAL_SIZE, ttl_seconds: float = DEFAULT_TTL_SECONDS
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self._done: LruCache[tuple[str, str], bool] = LruCache(size, ttl_seconds)

    def state(self, conversation_id: str, key: str) -> MessageState:
        if self._done.get((conversation_id, key)):
            return MessageState.DONE
        return MessageState.UNKNOWN

    def begin(self, conversation_id: str, key: str) -> None:
        pass  # one process: if it dies, so does this record; the tracker store decides

    def finish(self, conversation_id: str, key: str) -> None:
        self._done.put((conversation_id, key), True)


class RedisMessageLog(MessageLog):
    def __init__(
        self, red: redis.Redis, key_prefix: str, ttl_seconds: float = DEFAULT_TTL_SECONDS
    ) -> None:
        self.red = red
        self.key_prefix = key_prefix
        self.ttl_seconds = ttl_seconds

    def _key(self, conversation_id: str, key: str) -> str:
        # The length keeps "a:b" + "c" apart from "a" + "b:c".
        return f"{self.key_prefix}message:{len(conversation_id)}:{conversation_id}:{key}"

    def state(self, conversation_id: str, key: str) -> MessageState:
        value = self.red.get(self._key(conversation_id, key))
        if value is None:
            return MessageState.UNSEEN
        return MessageState(value.decode() if isinstance(value, bytes) else value)

    def _mark(self, conversation_id: str, key: str, state: MessageState) -> None:
        self.red.set(self._key(conversation_id, key), state.value, px=int(self.ttl_seconds * 1000))

    def begin(self, conversation_id: str, key: str) -> None:
        self._mark(conversation_id, key, MessageState.IN_FLIGHT)

    def finish(self, conversation_id: str, key: str) -> None:
        self._mark(conversation_id, key, MessageState.DONE)
