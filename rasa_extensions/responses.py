"""Sending one of the domain's responses outside a turn of the dialogue."""

from __future__ import annotations

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker


async def send_response(
    processor: MessageProcessor, message: UserMessage, response_name: str
) -> None:
    """Render `response_name` for the message's channel and send it to the message's sender.

    Used where the dialogue cannot speak for itself: after the conversation
    was deleted, or when it could not be loaded. A blank tracker: these
    responses use no slots, and the real one is gone or unreachable.
    """
    blank = DialogueStateTracker.from_events(message.sender_id, [])
    output = message.output_channel
    response = await processor.nlg.generate(response_name, blank, output.name())
    if response:
        await output.send_response(message.sender_id, response)
