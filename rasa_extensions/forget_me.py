""" "Delete my data": the conversation is removed from the tracker store, then confirmed.

Replaces: rasa.core.actions.action.action_for_name_or_text (to serve
`action_delete_conversation` from the Rasa server); wraps
rasa.core.processor.MessageProcessor.handle_message (to delete after the turn).
Rasa 3.6 has no way to delete one conversation.

The dialogue asks first (utter_ask_forget_me); on confirmation it predicts
`action_delete_conversation`. That action runs here, in the Rasa server, not on
the action server: only the Rasa server can reach the tracker store, and the
deletion must not depend on the action server being up. The action itself only
notes the request; the deletion happens once the turn is over and Rasa has
saved the tracker, so nothing of the conversation is written back afterwards.
It runs inside the conversation's lock (Agent.handle_message holds it), so a
message arriving at the same moment cannot re-create half of it.

The confirmation (utter_conversation_deleted) is sent only after the store
confirmed the deletion; if it failed, the user is told so (utter_conversation_not_deleted).
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any, List, Optional

import rasa.core.actions.action as rasa_actions
from rasa.core.actions.action import Action
from rasa.core.processor import MessageProcessor

from rasa_extensions.responses import send_response
from stores.conversation_store import delete_conversation

logger = logging.getLogger(__name__)

ACTION_NAME = "action_delete_conversation"
DELETED_RESPONSE = "utter_conversation_deleted"
NOT_DELETED_RESPONSE = "utter_conversation_not_deleted"

# Set per handled message; the action appends to it (same asyncio task).
_deletion_requests: ContextVar[Optional[List[str]]] = ContextVar("deletion_requests", default=None)


class ActionDeleteConversation(Action):
    def name(self) -> str:
        return ACTION_NAME

    async def run(self, output_channel, nlg, tracker, domain) -> List[Any]:
        requests = _deletion_requests.get()
        if requests is not None:
            requests.append(tracker.sender_id)
        return []


def install() -> None:
    """Serve the action and delete after the turn (called once, by rasa_extensions.install)."""
    original_lookup = rasa_actions.action_for_name_or_text
    original_handle = MessageProcessor.handle_message

    def action_for_name_or_text(action_name_or_text, domain, action_endpoint):
        if action_name_or_text == ACTION_NAME:
            return ActionDeleteConversation()
        return original_lookup(action_name_or_text, domain, action_endpoint)

    async def handle_message(self: MessageProcessor, message):
        requests: List[str] = []
        token = _deletion_requests.set(requests)
        try:
            result = await original_handle(self, message)
        finally:
            _deletion_requests.reset(token)
        if not requests:
            return result
        try:
            deleted = delete_conversation(self.tracker_store, message.sender_id)
        except Exception as error:  # noqa: BLE001 - the user must hear it did not work
            logger.error(
                "Deleting a conversation on the user's request failed (%s).", type(error).__name__
            )
            await send_response(self, message, NOT_DELETED_RESPONSE)
        else:
            logger.info("Deleted a conversation on the user's request (%d records).", deleted)
            await send_response(self, message, DELETED_RESPONSE)
        return result

    rasa_actions.action_for_name_or_text = action_for_name_or_text
    MessageProcessor.handle_message = handle_message
