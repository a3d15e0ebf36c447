"""The REST channel, with its input checked first (channels/validation.py).

Same URL and answers as Rasa's RestInput: POST /webhooks/rest/webhook with
{"sender", "message", "metadata", "input_channel"} answers a JSON list of bot
messages, or with ?stream=true one JSON bot message per line
(text/event-stream) as each is ready. What it adds:

- bad input gets a 4xx with a clear message instead of a 500 or a crash;
- an optional "message_id": a request repeated with the same id in the same
  conversation (a client's retry after a lost answer, perhaps to another
  replica) is not processed again, and gets what the bot said the first time;
- a failure gets an apology (with 911/988) and is logged without the user's
  text; a stream always ends, where Rasa's waits forever after a failure.
"""

from __future__ import annotations

import asyncio
import json
import logging
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Coroutine

import rasa.utils.endpoints
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import QueueOutputChannel, RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.delivery import OnNewMessage, deliver
from channels.validation import IncomingMessage, InvalidMessage, parse_rest_body

logger = logging.getLogger(__name__)

SORRY = (
    "Sorry, something went wrong on my side. Please try again in a minute. "
    "If this is a medical emergency, call 911; in emotional crisis, call or text 988."
)
STREAM_DONE = "DONE"


class ValidatedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    async def _handle(
        self,
        agent: Any,
        on_new_message: OnNewMessage,
        incoming: IncomingMessage,
        collector: CollectingOutputChannel,
    ) -> None:
        """Hand the message over (once, with a message id); an apology if that fails."""
        message = UserMessage(
            incoming.text,
            collector,
            incoming.sender_id,
            input_channel=incoming.input_channel or self.name(),
            metadata=incoming.metadata,
        )
        try:
            await deliver(agent, on_new_message, message, incoming.message_id, replay=True)
        except CancelledError:
            logger.error("A REST message was cancelled before it was answered.")
        except Exception as error:  # noqa: BLE001 - the user gets an apology, the log no text
            logger.error(
                "A REST message failed: %s",
                type(error).__name__,
                exc_info=logger.isEnabledFor(logging.DEBUG),
            )
            await collector.send_text_message(incoming.sender_id, SORRY)

    def _stream(
        self, agent: Any, on_new_message: OnNewMessage, incoming: IncomingMessage
    ) -> Callable[[Any], Coroutine[Any, Any, None]]:
        async def stream(resp: Any) -> None:
            queue: asyncio.Queue = asyncio.Queue()

            async def handle() -> None:
                try:
                    await self._handle(agent, on_new_message, incoming, QueueOutputChannel(queue))
                finally:
                    await queue.put(STREAM_DONE)

            task = asyncio.ensure_future(handle())
            while True:
                item = await queue.get()
                if item == STREAM_DONE:
                    break
                await resp.write(json.dumps(item) + "\n")
            await task

        return stream

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("validated_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Any:
            try:
                incoming = parse_rest_body(request.body)
            except InvalidMessage as error:
                return response.json({"error": str(error)}, status=error.status)
            agent = getattr(request.app.ctx, "agent", None)
            if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
                return response.stream(
                    self._stream(agent, on_new_message, incoming),
                    content_type="text/event-stream",
                )
            collector = CollectingOutputChannel()
            await self._handle(agent, on_new_message, incoming, collector)
            return response.json(collector.messages)

        return webhook
