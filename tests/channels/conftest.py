"""A connector's blueprint served by a small in-process Sanic app (no model), as Rasa serves it."""

from __future__ import annotations

import socket
import uuid
from contextlib import asynccontextmanager
from typing import Any, Awaitable, Callable, List

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Sanic

from channels import delivery
from stores.message_ids import LocalMessageLog


@pytest.fixture(autouse=True)
def fresh_message_log(monkeypatch):
    """Each test is a new process to the embedded profile's in-memory record of messages."""
    monkeypatch.setattr(delivery, "LOCAL_LOG", LocalMessageLog())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Received:
    """Stands in for Rasa's message handling: records what a connector hands over, may reply."""

    def __init__(self, reply: Callable[[UserMessage], Awaitable[Any]] | None = None):
        self.messages: List[UserMessage] = []
        self.reply = reply

    async def __call__(self, message: UserMessage) -> None:
        self.messages.append(message)
        if self.reply is not None:
            await self.reply(message)


class RecordingOutput:
    """Wraps a message's output channel to keep what the bot says, as Rasa's BotUttered events."""

    def __init__(self, output, said: list):
        self.output, self.said = output, said

    def __getattr__(self, name):
        return getattr(self.output, name)

    async def send_response(self, recipient_id, message):
        self.said.append(BotUttered(message.get("text"), {"buttons": message.get("buttons")}))
        await self.output.send_response(recipient_id, dict(message))


class StandInProcessor:
    """MessageProcessor.handle_message's part that matters to channels: the user's message
    and the bot's answers land in the conversation, in Rasa's real in-memory tracker store."""

    def __init__(self, tracker_store: InMemoryTrackerStore, received: Received):
        self.tracker_store, self.received = tracker_store, received

    async def handle_message(self, message: UserMessage) -> None:
        tracker = await self.tracker_store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text, message_id=message.message_id, input_channel="x"))
        said: list = []
        message.output_channel = RecordingOutput(message.output_channel, said)
        await self.received(message)
        for event in said:
            tracker.update(event)
        await self.tracker_store.save(tracker)


class StandInAgent:
    """Rasa's Agent as a channel sees it (app.ctx.agent), with Rasa's in-memory stores."""

    def __init__(self, received: Received):
        self.lock_store = InMemoryLockStore()
        self.tracker_store = InMemoryTrackerStore(Domain.empty())
        self.processor = StandInProcessor(self.tracker_store, received)

    def is_ready(self) -> bool:
        return True


@asynccontextmanager
async def serve_blueprint(connector, on_new_message, agent: Any = "stand-in"):
    """Serve the connector at /webhooks/<name>/ as Rasa does, with the server's start and
    stop events and an agent in app.ctx (None: no agent, as before a model is loaded)."""
    # Test mode keeps Sanic's start-up rewriting of its own methods repeatable: without it
    # the second app started in one process fails (KeyError: 'http1_response_header').
    Sanic.test_mode = True
    app = Sanic(f"channel_test_{uuid.uuid4().hex}")
    app.ctx.agent = StandInAgent(on_new_message) if agent == "stand-in" else agent
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
