"""What Rasa's REST and socket.io channels offer, and the client message id, on the real server."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid

import requests
import socketio

from tests.integration.conftest import Chat, hang_up


def user_events(servers, sender: str) -> list:
    """The conversation's user messages as the tracker store keeps them (Rasa's event data)."""
    with sqlite3.connect(servers.workdir / "conversations.db") as connection:
        rows = connection.execute(
            "select data from events where sender_id = ? and type_name = 'user' order by id",
            (sender,),
        ).fetchall()
    return [json.loads(data) for (data,) in rows]


def post(servers, body: dict, **params) -> requests.Response:
    return requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook", json=body, params=params, timeout=60
    )


def test_stream_true_sends_each_bot_message_as_a_line_of_json(servers):
    expected = Chat(servers.rasa_url).send("hello")
    response = post(
        servers, {"sender": f"it-{uuid.uuid4().hex[:12]}", "message": "hello"}, stream="true"
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    lines = [json.loads(line) for line in response.text.splitlines() if line.strip()]
    assert [m["text"] for m in lines] == [m["text"] for m in expected]
    assert [m.get("buttons") for m in lines] == [m.get("buttons") for m in expected]


def test_a_stream_with_bad_input_gets_the_same_clear_400(servers):
    response = post(servers, {"sender": "a", "message": 42}, stream="true")
    assert response.status_code == 400
    assert response.json()["error"] == '"message" must be a string.'


def test_input_channel_in_the_body_is_recorded_as_rasa_records_it(servers):
    kiosk = Chat(servers.rasa_url)
    post(servers, {"sender": kiosk.sender, "message": "hello", "input_channel": "clinic-kiosk"})
    plain = Chat(servers.rasa_url)
    plain.send("hello")
    assert [e["input_channel"] for e in user_events(servers, kiosk.sender)] == ["clinic-kiosk"]
    assert [e["input_channel"] for e in user_events(servers, plain.sender)] == ["rest"]


def test_a_repeated_message_id_is_answered_from_the_first_time_and_kept_once(servers):
    chat = Chat(servers.rasa_url)
    chat.say("I have a PPO")
    body = {"sender": chat.sender, "message": "does my plan cover a second opinion?"}
    first = post(servers, {**body, "message_id": "msg-1"})
    again = post(servers, {**body, "message_id": "msg-1"})
    assert first.status_code == again.status_code == 200
    assert first.json() and again.json() == first.json()
    other_id = post(servers, {**body, "message_id": "msg-2"})
    assert other_id.json()[0]["text"] == first.json()[0]["text"]  # the same question, asked again
    ids = [e["message_id"] for e in user_events(servers, chat.sender)]
    assert ids.count("msg-1") == 1 and ids.count("msg-2") == 1


def test_the_same_message_id_in_another_conversation_is_another_message(servers):
    a, b = Chat(servers.rasa_url), Chat(servers.rasa_url)
    for chat in (a, b):
        post(servers, {"sender": chat.sender, "message": "hello", "message_id": "shared-id"})
    assert len(user_events(servers, a.sender)) == len(user_events(servers, b.sender)) == 1


def test_malformed_message_ids_get_a_clear_400(servers):
    for message_id in [{"id": 1}, ["x"], "", "x" * 200, True, "tab\there"]:
        response = post(servers, {"sender": "a", "message": "hi", "message_id": message_id})
        assert response.status_code == 400, message_id
        assert "message_id" in response.json()["error"]


async def socketio_turn(url: str, session: str, data: dict, wait_for: int) -> tuple:
    """Emit one user message with an acknowledgement; return (ack, bot messages)."""
    client = socketio.AsyncClient(reconnection=False)
    received: list = []
    enough = asyncio.Event()
    confirmed = asyncio.Event()

    @client.on("session_confirm")
    async def on_confirm(_sid):
        confirmed.set()

    @client.on("bot_uttered")
    async def on_bot(message):
        received.append(message)
        if len(received) >= wait_for:
            enough.set()

    # Long-polling: see tests/integration/test_bad_input.py.
    await client.connect(url, transports=["polling"], socketio_path="/socket.io")
    try:
        await client.emit("session_request", {"session_id": session})
        await asyncio.wait_for(confirmed.wait(), 30)
        ack = await client.call("user_uttered", {"session_id": session, **data}, timeout=60)
        await asyncio.wait_for(enough.wait(), 30)
        await asyncio.sleep(1)  # anything more would show up now
    finally:
        await hang_up(client)
    return ack, received


def test_socketio_message_ids_are_acknowledged_and_a_repeat_gets_the_first_answer(servers):
    session = uuid.uuid4().hex
    message = {"message": "what is a second opinion?", "message_id": "web-1"}
    ack, first = asyncio.run(socketio_turn(servers.rasa_url, session, message, 1))
    assert ack == {"message_id": "web-1", "processed": True}
    # The page lost its connection before the answer and sends the message again.
    ack_again, again = asyncio.run(socketio_turn(servers.rasa_url, session, message, 1))
    assert ack_again == {"message_id": "web-1", "processed": False}
    assert [m["text"] for m in again] == [m["text"] for m in first]
    ids = [e["message_id"] for e in user_events(servers, session)]
    assert ids.count("web-1") == 1
