"""Handing a message to Rasa once, however often it arrives.

A channel that knows a key for its message (the client's message id on REST
and socket.io, Slack's message timestamp, Telegram's update id) hands it over
with `deliver_once`. Inside the conversation's lock, the same lock Rasa's
Agent.handle_message takes, the message log (stores/message_ids.py) and, where
it cannot tell, the conversation in the tracker store say whether the key was
handled. A new message is processed as Rasa would; a repeated one is not
processed again: it is answered with what the bot said the first time (REST,
socket.io: the client probably never received it) or only acknowledged
(Slack, Telegram: the replies were posted already).

This is Agent.handle_message (is the agent ready, take the lock, call the
processor) with the check inside the lock; the processor's own wrappers
(rasa_extensions/) run as usual. Without a key, a channel calls Rasa's
handler directly.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Awaitable, Callable, List, Optional

from rasa.core.channels.channel import UserMessage
from rasa.shared.core.events import BotUttered, UserUttered

from stores.message_ids import LocalMessageLog, MessageLog, MessageState

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]

# The embedded profile's record: one per process, shared by every channel.
LOCAL_LOG = LocalMessageLog()


def message_log(agent: Any) -> MessageLog:
    """The replicas' shared log when the lock store offers one (Redis), else this process's."""
    shared = getattr(agent.lock_store, "message_log", None)
    return shared if isinstance(shared, MessageLog) else LOCAL_LOG


def already_done(agent: Any, conversation_id: str, key: str) -> bool:
    """A quick look without the lock, for webhooks that answer before processing."""
    if agent is None:
        return False
    return message_log(agent).state(conversation_id, key) is MessageState.DONE


async def earlier_answer(
    agent: Any, conversation_id: str, key: str, ttl_seconds: float
) -> Optional[List[BotUttered]]:
    """What the bot said after the user message with this key; None if there is no such message.

    Read from the conversation's current session in the tracker store. When
    the store cannot be read, None: the message is processed, and the
    processor reports the store as it does for any message.
    """
    try:
        tracker = await agent.tracker_store.retrieve(conversation_id)
    except Exception as error:  # noqa: BLE001 - any failure: we cannot tell
        logger.warning("Could not look a message up in its conversation: %s", type(error).__name__)
        return None
    if tracker is None:
        return None
    events = list(tracker.events)
    oldest = time.time() - ttl_seconds
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if isinstance(event, UserUttered) and event.message_id == key:
            if event.timestamp < oldest:
                return None
            answer = []
            for later in events[index + 1 :]:
                if isinstance(later, UserUttered):
                    break
                if isinstance(later, BotUttered):
                    answer.append(later)
            return answer
    return None


async def deliver_once(agent: Any, message: UserMessage, replay: bool) -> bool:
    """Process `message` unless its message_id was handled in its conversation.

    Args:
        agent: Rasa's agent (`app.ctx.agent`).
        message: the message; its message_id is the key.
        replay: send a repeated message's earlier answer to its output channel.

    Returns:
        True if the message was processed now, False if it was a repeat (or
        no model is loaded yet, as Agent.handle_message ignores it then).
    """
    if not agent.is_ready():
        logger.info("Ignoring message as there is no agent to handle it.")
        return False
    log = message_log(agent)
    conversation_id, key = message.sender_id, message.message_id
    async with agent.lock_store.lock(conversation_id):
        state = log.state(conversation_id, key)
        answer: Optional[List[BotUttered]] = None
        if state is MessageState.DONE and not replay:
            answer = []
        elif state is not MessageState.UNSEEN:
            answer = await earlier_answer(agent, conversation_id, key, log.ttl_seconds)
            if answer is None and state is MessageState.DONE:
                answer = []  # handled, but its turn is gone (a new session, or deleted)
        if answer is None:
            log.begin(conversation_id, key)
            await agent.processor.handle_message(message)
            log.finish(conversation_id, key)
            return True
        log.finish(conversation_id, key)
    logger.info(
        "A message arrived again (%s channel); not processed again, %s.",
        message.input_channel,
        "its answer sent again" if replay else "acknowledged",
    )
    if replay:
        for bot_message in answer:
            await message.output_channel.send_response(conversation_id, bot_message.message())
    return False


async def deliver(
    agent: Any, on_new_message: OnNewMessage, message: UserMessage, key: Optional[str], replay: bool
) -> bool:
    """`deliver_once` when the channel has a key for the message, else Rasa's own handler.

    Returns True when the message was handed over for processing now.
    """
    if key is None or agent is None:
        await on_new_message(message)
        return True
    message.message_id = key
    return await deliver_once(agent, message, replay)
