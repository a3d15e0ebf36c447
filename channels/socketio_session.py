"""Rasa's socket.io channel with session persistence that actually delivers replies.

With `session_persistence: true`, Rasa 3.6 answers each message into a
socket.io room named by the session id, and puts the socket in that room on
`session_request` with `sio.enter_room(...)`. python-socketio 5.10 and later
made AsyncServer.enter_room a coroutine, and Rasa 3.6.21 does not await it
(RasaHQ/rasa#13027): the socket never joins the room, so the web widget
connects, sends, and never hears an answer. Here the `session_request` handler
is registered again (python-socketio keeps one handler per event, so this
replaces Rasa's) with the call awaited.

(No channels/__init__.py on purpose: `channels` is a namespace package here, so
this module merges into a regular `channels` package without touching it.)
"""
from __future__ import annotations

import inspect
import uuid
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint


class PersistentSessionSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        # Same name as Rasa's channel: same URLs (/socket.io) and the same input_channel in trackers.
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        sio = self.sio

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = requested if isinstance(requested, str) and requested else uuid.uuid4().hex
            if self.session_persistence:
                joined = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(joined):  # a coroutine since python-socketio 5.10
                    await joined
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        return webhook
