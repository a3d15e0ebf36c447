"""A connector's blueprint served by a small in-process Sanic app (no Rasa, no model)."""

from __future__ import annotations

import socket
import uuid
from contextlib import asynccontextmanager
from typing import Any, Awaitable, Callable, List

from rasa.core.channels.channel import UserMessage
from sanic import Sanic


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Received:
    """Stands in for Rasa's message handler: records what the connector hands over, and can reply."""

    def __init__(self, reply: Callable[[UserMessage], Awaitable[Any]] | None = None):
        self.messages: List[UserMessage] = []
        self.reply = reply

    async def __call__(self, message: UserMessage) -> None:
        self.messages.append(message)
        if self.reply is not None:
            await self.reply(message)


@asynccontextmanager
async def serve_blueprint(connector, on_new_message):
    """Serve the connector at /webhooks/<name>/ as Rasa does, with the server's start and stop events."""
    # Test mode keeps Sanic's start-up rewriting of its own methods repeatable: without it
    # the second app started in one process fails (KeyError: 'http1_response_header').
    Sanic.test_mode = True
    app = Sanic(f"channel_test_{uuid.uuid4().hex}")
    app.blueprint(connector.blueprint(on_new_message), url_prefix=f"/webhooks/{connector.name()}")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    await server.before_start()
    await server.start_serving()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{port}/webhooks/{connector.name()}"
    finally:
        await server.before_stop()
        await server.close()
        await server.after_stop()
