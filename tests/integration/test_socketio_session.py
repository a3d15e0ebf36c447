"""The web widget's channel: socket.io with session persistence, against the real servers.

Rasa 3.6.21 with python-socketio >= 5.10 never put the socket into its session's
room, so every reply went to an empty room (fixed in channels/socketio.py).
These tests talk socket.io as the widget does, without a browser.
"""

from __future__ import annotations

import asyncio
import uuid

import socketio

from tests.integration.conftest import hang_up


async def session(url: str, session_id: str, replies: asyncio.Queue) -> socketio.AsyncClient:
    """A connected client whose session is confirmed, with bot messages going to `replies`."""
    client = socketio.AsyncClient()
    confirmed = asyncio.get_running_loop().create_future()
    client.on("session_confirm", lambda sid: confirmed.done() or confirmed.set_result(sid))
    client.on("bot_uttered", lambda message: replies.put_nowait(message))
    await client.connect(url, socketio_path="/socket.io", transports=["polling"])
    await client.emit("session_request", {"session_id": session_id})
    assert await asyncio.wait_for(confirmed, 30) == session_id
    return client


async def reply_texts(replies: asyncio.Queue, until: str, seconds: float = 60) -> str:
    """Bot texts received until one contains `until` (joined), or fail after `seconds`."""
    texts = []

    async def collect():
        while not any(until in t for t in texts):
            texts.append((await replies.get()).get("text", ""))

    try:
        await asyncio.wait_for(collect(), seconds)
    except asyncio.TimeoutError:
        raise AssertionError(
            f"no reply containing {until!r} in {seconds}s; got {texts!r}"
        ) from None
    return "\n".join(texts)


async def test_messages_get_replies_and_a_new_connection_continues_the_session(servers):
    session_id = uuid.uuid4().hex
    replies: asyncio.Queue = asyncio.Queue()
    first = await session(servers.rasa_url, session_id, replies)
    try:
        await first.emit(
            "user_uttered",
            {"message": "does insurance cover a second opinion?", "session_id": session_id},
        )
        await reply_texts(replies, "Which kind of insurance")
        await first.emit(
            "user_uttered",
            {"message": '/inform{"plan_type": "original_medicare"}', "session_id": session_id},
        )
        assert "Part B" in await reply_texts(replies, "Part B")
    finally:
        await hang_up(first)

    # A page reload: a new socket with the stored session id carries on the same conversation.
    again = await session(servers.rasa_url, session_id, replies)
    try:
        await again.emit(
            "user_uttered", {"message": "how much will it cost me?", "session_id": session_id}
        )
        cost = await reply_texts(replies, "20%")
        assert "Which kind of insurance" not in cost
    finally:
        await hang_up(again)
