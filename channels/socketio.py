"""The socket.io channel (the web widget's), with its input checked first.

Rasa 3.6's handlers take the event data as it comes: a message that is not a
string, data that is not an object, or a session id too long for the tracker
store raise inside the handler, and the user hears nothing. Here the two
handlers that read user data are replaced (python-socketio keeps one handler
per event, so registering again replaces Rasa's) with checked versions; bad
input gets a short bot message explaining what went wrong. The replaced
session_request also awaits enter_room, which Rasa's forgets.

A message may carry a "message_id" (web/app.js sends one and keeps it when it
sends the message again after a lost connection). A repeat with the same id
in the same session is not processed again: the bot's earlier answer is sent
again instead (channels/delivery.py). The handler's return value is the
socket.io acknowledgement, {"message_id": ..., "processed": true|false}, so a
client knows the message was handled.
"""

from __future__ import annotations

import inspect
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic

from channels.delivery import deliver
from channels.validation import (
    InvalidMessage,
    message_id_from,
    metadata_from,
    sender_id_from,
    text_from,
)

logger = logging.getLogger(__name__)

UNREADABLE = "Sorry, I couldn't read that message. Please type your question again."


class ValidatedSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # made by SocketIOInput.blueprint
        server: Dict[str, Sanic] = {}

        @webhook.listener("before_server_start")
        async def remember_app(app: Sanic, _loop: Any) -> None:
            server["app"] = app  # for its agent: socket.io handlers get no request

        async def tell(sid: str, text: str) -> None:
            await sio.emit(self.bot_message_evt, {"text": text}, room=sid, namespace=self.namespace)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            try:
                session_id = (
                    sender_id_from(requested) if requested is not None else uuid.uuid4().hex
                )
            except InvalidMessage:
                # A broken stored id: start a new session rather than fail.
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                # A coroutine in python-socketio 5.x (Rasa 3.6 calls it without
                # await, so the client never joins its session's room and
                # never hears the bot's answers).
                joined = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(joined):
                    await joined
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> Optional[Dict[str, Any]]:
            try:
                if not isinstance(data, dict):
                    raise InvalidMessage("The message must be an object.")
                if self.session_persistence:
                    if not data.get("session_id"):
                        raise InvalidMessage("The message has no session id.")
                    sender_id = sender_id_from(data["session_id"])
                else:
                    sender_id = sid
                text = text_from(data.get("message"))
                metadata = metadata_from(data.get(self.metadata_key))
                message_id = message_id_from(data.get("message_id"))
            except InvalidMessage as error:
                logger.info("Refused a socket.io message: %s", error)
                await tell(sid, UNREADABLE)
                return None
            output = SocketIOOutput(sio, self.bot_message_evt)
            message = UserMessage(
                text, output, sender_id, input_channel=self.name(), metadata=metadata
            )
            app = server.get("app")
            agent = getattr(app.ctx, "agent", None) if app is not None else None
            processed = await deliver(agent, on_new_message, message, message_id, replay=True)
            if message_id is None:
                return None
            return {"message_id": message_id, "processed": processed}

        return webhook
