"""Messages over a length cap get a clear reply instead of being understood badly (or slowly).

Replaces: rasa.core.processor.MessageProcessor.parse_message.
The NLU pipeline's cost grows with the message (the CRF and the n-gram
features grow with its tokens and characters), and a 100 kB paste would be
misunderstood anyway. Above MAX_MESSAGE_CHARS (env, default 2,000
characters, about a page) the pipeline is skipped and the message gets the
`message_too_long` intent, which the dialogue answers by asking for a shorter
message; inside a form the form then asks its question again.

Safety first: the crisis-language net (a regular expression, cheap on any
length) still runs, so a long message that mentions a crisis gets the
911 / 988 guidance. The full text is kept in the conversation: nothing is lost.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Optional

from rasa.core.processor import MessageProcessor

from understanding.crisis_language import EMERGENCY_INTENT, SAFETY_NET_KEY, detect

TOO_LONG_INTENT = "message_too_long"
DEFAULT_MAX_MESSAGE_CHARS = 2000


def max_message_chars() -> int:
    """MAX_MESSAGE_CHARS from the environment (at least 1), else the default."""
    try:
        return max(1, int(os.environ.get("MAX_MESSAGE_CHARS", DEFAULT_MAX_MESSAGE_CHARS)))
    except ValueError:
        return DEFAULT_MAX_MESSAGE_CHARS


def parse_without_nlu(text: str) -> Dict[str, Any]:
    """The parse result for a message over the cap."""
    category = detect(text)
    intent = {"name": EMERGENCY_INTENT if category else TOO_LONG_INTENT, "confidence": 1.0}
    parse: Dict[str, Any] = {
        "text": text,
        "intent": intent,
        "intent_ranking": [intent],
        "entities": [],
    }
    if category:
        parse[SAFETY_NET_KEY] = category
    return parse


def install() -> None:
    """Wrap MessageProcessor.parse_message (called once, by rasa_extensions.install)."""
    original_parse = MessageProcessor.parse_message

    async def parse_message(
        self: MessageProcessor,
        message: Any,
        tracker: Any = None,
        only_output_properties: bool = True,
    ) -> Dict[str, Any]:
        text: Optional[str] = message.text
        if text and len(text) > max_message_chars():
            return parse_without_nlu(text)
        return await original_parse(self, message, tracker, only_output_properties)

    MessageProcessor.parse_message = parse_message
