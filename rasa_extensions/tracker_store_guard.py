"""When the tracker store is unavailable, say so instead of silently forgetting.

Replaces: rasa.core.tracker_store.FailSafeTrackerStore.retrieve,
retrieve_full_tracker, save and keys; wraps
rasa.core.processor.MessageProcessor.handle_message.
Upstream, the FailSafeTrackerStore wrapper hides a failing database: if it
cannot be read, the conversation silently starts afresh; if it cannot be
written, the turn goes to an in-memory store and is lost on restart, and the
error logged can include the SQL parameters, which hold the user's message.

Here a failed read or write:
- is logged at ERROR with the store's type and the error's type only;
- marks the store unhealthy, which GET /health reports (channels/health.py);
- makes the turn end with a short apology that still carries the 911 / 988
  guidance, rather than an answer from a conversation that was not loaded.
The next successful read or write marks the store healthy again: no restart.
The class is patched, not replaced: the agent creates its store before the
model (and with it these extensions) is loaded.
"""

from __future__ import annotations

import logging
from typing import Any, Iterable, Optional, Text

from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import FailSafeTrackerStore, TrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_extensions.responses import send_response
from stores.health import TRACKER_STORE_HEALTH

logger = logging.getLogger(__name__)

APOLOGY_RESPONSE = "utter_conversation_store_unavailable"


class TrackerStoreUnavailable(Exception):
    """The conversation could not be read from or written to the tracker store."""


def _failed(store: TrackerStore, operation: str, error: Exception) -> TrackerStoreUnavailable:
    TRACKER_STORE_HEALTH.failed(error)
    # The type only: the message of a database error can contain the SQL
    # parameters, i.e. the user's words.
    logger.error(
        "The tracker store (%s) could not %s a conversation: %s. Conversations are NOT being "
        "saved until it answers again; users get an apology. GET /health shows the state.",
        type(store).__name__,
        operation,
        type(error).__name__,
    )
    return TrackerStoreUnavailable(operation)


async def _retrieve(self: FailSafeTrackerStore, sender_id: Text) -> Optional[DialogueStateTracker]:
    try:
        tracker = await self._tracker_store.retrieve(sender_id)
    except Exception as error:  # noqa: BLE001 - any store failure
        raise _failed(self._tracker_store, "read", error) from error
    TRACKER_STORE_HEALTH.ok()
    return tracker


async def _retrieve_full_tracker(
    self: FailSafeTrackerStore, sender_id: Text
) -> Optional[DialogueStateTracker]:
    try:
        tracker = await self._tracker_store.retrieve_full_tracker(sender_id)
    except Exception as error:  # noqa: BLE001
        raise _failed(self._tracker_store, "read", error) from error
    TRACKER_STORE_HEALTH.ok()
    return tracker


async def _save(self: FailSafeTrackerStore, tracker: DialogueStateTracker) -> None:
    try:
        await self._tracker_store.save(tracker)
    except Exception as error:  # noqa: BLE001
        raise _failed(self._tracker_store, "save", error) from error
    TRACKER_STORE_HEALTH.ok()


async def _keys(self: FailSafeTrackerStore) -> Iterable[Text]:
    try:
        return await self._tracker_store.keys()
    except Exception as error:  # noqa: BLE001
        raise _failed(self._tracker_store, "list", error) from error


def install() -> None:
    """Replace the wrapper's methods (called once, by rasa_extensions.install)."""
    original_handle = MessageProcessor.handle_message

    async def handle_message(self: MessageProcessor, message: Any) -> Any:
        try:
            return await original_handle(self, message)
        except TrackerStoreUnavailable:
            await send_response(self, message, APOLOGY_RESPONSE)
            return getattr(message.output_channel, "messages", None)

    FailSafeTrackerStore.retrieve = _retrieve
    FailSafeTrackerStore.retrieve_full_tracker = _retrieve_full_tracker
    FailSafeTrackerStore.save = _save
    FailSafeTrackerStore.keys = _keys
    MessageProcessor.handle_message = handle_message
