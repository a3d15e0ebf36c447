"""The REST channel, with its input checked first (channels/validation.py).

Same URL and answers as Rasa's RestInput (POST /webhooks/rest/webhook, a JSON
list of bot messages), but bad input gets a 4xx with a clear message instead of
a 500 or a crash, and failures are logged without the user's text.
"""

from __future__ import annotations

import logging
from asyncio import CancelledError
from typing import Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.validation import InvalidMessage, parse_rest_body

logger = logging.getLogger(__name__)

SORRY = (
    "Sorry, something went wrong on my side. Please try again in a minute. "
    "If this is a medical emergency, call 911; in emotional crisis, call or text 988."
)


class ValidatedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("validated_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                incoming = parse_rest_body(request.body)
            except InvalidMessage as error:
                return response.json({"error": str(error)}, status=error.status)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        incoming.text,
                        collector,
                        incoming.sender_id,
                        input_channel=self.name(),
                        metadata=incoming.metadata,
                    )
                )
            except CancelledError:
                logger.error("A REST message was cancelled before it was answered.")
            except Exception as error:  # noqa: BLE001 - the user gets an apology, the log no text
                logger.error(
                    "A REST message failed: %s",
                    type(error).__name__,
                    exc_info=logger.isEnabledFor(logging.DEBUG),
                )
                await collector.send_text_message(incoming.sender_id, SORRY)
            return response.json(collector.messages)

        return webhook
