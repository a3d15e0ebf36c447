"""Checks on what a channel receives, before Rasa sees it: plain functions, no Sanic.

Rasa 3.6's REST and socket.io channels pass whatever arrives to UserMessage:
a number or a list as the message crashes the handler (a 500, or silence on
socket.io), and a sender id longer than 255 characters breaks the SQL tracker
store on PostgreSQL. Here such input gets a clear error instead.

The message's length is not capped here: a long message gets a clear reply
from the bot (components/message_length.py). Only a body too large to be a
chat message at all is refused (413).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, Optional

# The SQL tracker store's sender_id column holds 255 characters; ids are ours
# or the widget's (32 hex characters), so 128 is plenty.
MAX_SENDER_ID_CHARS = 128
# A client's message id (a UUID is 36 characters) and a channel name.
MAX_MESSAGE_ID_CHARS = 128
MAX_INPUT_CHANNEL_CHARS = 64
MAX_BODY_BYTES = 1_000_000


class InvalidMessage(ValueError):
    """The input is not a message we can take; str() is safe to show to the sender."""

    status = 400


class RequestTooLarge(InvalidMessage):
    status = 413


@dataclass
class IncomingMessage:
    sender_id: str
    text: str
    metadata: Dict[str, Any] = field(default_factory=dict)
    # The client's id for this message: a repeat with the same id is not processed again.
    message_id: Optional[str] = None
    # What Rasa records as the conversation's latest input channel (None: the channel's name).
    input_channel: Optional[str] = None


def _identifier(value: Any, name: str, what: str, limit: int) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidMessage(f'"{name}" must be a string ({what}).')
    text = str(value).strip()
    if not text:
        raise InvalidMessage(f'"{name}" must not be empty.')
    if len(text) > limit:
        raise InvalidMessage(f'"{name}" is too long (at most {limit} characters).')
    if not text.isprintable():
        raise InvalidMessage(f'"{name}" must not contain control characters.')
    return text


def sender_id_from(value: Any) -> str:
    return _identifier(value, "sender", "an id for the conversation", MAX_SENDER_ID_CHARS)


def message_id_from(value: Any) -> Optional[str]:
    """The client's optional id for one message; None when not given."""
    if value is None:
        return None
    return _identifier(
        value, "message_id", "the client's id for this message", MAX_MESSAGE_ID_CHARS
    )


def input_channel_from(value: Any) -> Optional[str]:
    """An optional channel name to record instead of "rest" (as Rasa's RestInput takes it)."""
    if value is None or value == "":
        return None
    return _identifier(value, "input_channel", "a channel name", MAX_INPUT_CHANNEL_CHARS)


def text_from(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidMessage('"message" must be a string.')
    return value


def metadata_from(value: Any) -> Dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise InvalidMessage('"metadata" must be a JSON object.') from None
    if not isinstance(value, dict):
        raise InvalidMessage('"metadata" must be a JSON object.')
    return value


def parse_rest_body(body: Optional[bytes]) -> IncomingMessage:
    """The REST channel's body: {"sender": "...", "message": "...", "metadata": {...}}.

    Optional: "message_id" (the client's id for the message) and
    "input_channel" (recorded as the conversation's latest input channel).
    """
    if not body:
        raise InvalidMessage('Send a JSON object: {"sender": "...", "message": "..."}.')
    if len(body) > MAX_BODY_BYTES:
        raise RequestTooLarge(f"The request is too large (at most {MAX_BODY_BYTES:,} bytes).")
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidMessage("The body is not valid UTF-8.") from None
    try:
        payload = json.loads(decoded)
    except ValueError:
        raise InvalidMessage(
            'The body is not valid JSON. Send {"sender": "...", "message": "..."}.'
        ) from None
    if not isinstance(payload, dict):
        raise InvalidMessage('Send a JSON object: {"sender": "...", "message": "..."}.')
    if "message" not in payload:
        raise InvalidMessage('"message" is missing.')
    # Required: Rasa's fallback, one "default" conversation shared by every
    # caller without an id, would mix different people's health questions.
    if "sender" not in payload:
        raise InvalidMessage('"sender" is missing: give each conversation its own id.')
    return IncomingMessage(
        sender_id_from(payload["sender"]),
        text_from(payload["message"]),
        metadata_from(payload.get("metadata")),
        message_id_from(payload.get("message_id")),
        input_channel_from(payload.get("input_channel")),
    )
