"""Bad input over REST and socket.io: a sensible answer or a clear 4xx, never a 500."""

import asyncio
import json
import uuid

import requests
import socketio

from tests.integration.conftest import Chat, hang_up


def texts(messages):
    return "\n".join(m.get("text", "") for m in messages)


def test_odd_messages_get_an_answer_and_the_conversation_goes_on(servers):
    chat = Chat(servers.rasa_url)
    assert "you have Original Medicare" in chat.say('/inform{"plan_type": "original_medicare"}')
    for message in [
        "",
        "   ",
        "\U0001f600\U0001f64f",
        "<script>alert('x')</script><img src=x onerror=alert(1)>",
        "¿Mi seguro cubre una segunda opinión?",
        "a" * 1500,
    ]:
        response = requests.post(
            chat.url, json={"sender": chat.sender, "message": message}, timeout=60
        )
        assert response.status_code == 200, (message[:20], response.status_code)
        assert texts(response.json()).strip(), f"no answer to {message[:20]!r}"
    # Still the same conversation: the plan said at the start is remembered.
    assert "Part B" in chat.say("does it cover a second opinion?")


def test_a_100_kb_message_gets_the_length_reply_and_crisis_words_still_come_first(servers):
    chat = Chat(servers.rasa_url)
    chat.say("I have an HMO")
    answer = chat.say("here are my records " * 5000)  # about 100 kB
    assert "too long" in answer
    assert "911" in chat.say("x " * 30000 + " I want to kill myself")
    # Nothing lost: the conversation still knows the plan.
    assert "with an HMO" in chat.say("does insurance cover a second opinion?")


def test_malformed_or_wrong_typed_json_gets_a_clear_4xx(servers):
    url = f"{servers.rasa_url}/webhooks/rest/webhook"
    cases = {
        "malformed JSON": b"{not json",
        "invalid UTF-8": b'{"sender": "a", "message": "\xff\xfe bad"}',
        "a list": b"[1, 2, 3]",
        "message is a number": json.dumps({"sender": "a", "message": 42}).encode(),
        "message is an object": json.dumps({"sender": "a", "message": {"text": "hi"}}).encode(),
        "sender is an object": json.dumps({"sender": {"id": 1}, "message": "hi"}).encode(),
        "no sender": json.dumps({"message": "hi"}).encode(),
        "huge sender id": json.dumps({"sender": "s" * 100_000, "message": "hi"}).encode(),
        "metadata is a list": json.dumps(
            {"sender": "a", "message": "hi", "metadata": [1]}
        ).encode(),
    }
    for name, body in cases.items():
        response = requests.post(
            url, data=body, headers={"Content-Type": "application/json"}, timeout=60
        )
        assert response.status_code == 400, (name, response.status_code, response.text[:200])
        assert response.json()["error"], name
        assert "Traceback" not in response.text


def test_the_server_is_still_healthy_after_all_that(servers):
    assert requests.get(f"{servers.rasa_url}/health", timeout=10).json()["tracker_store"] == "ok"
    assert "Second Opinion Guide" in Chat(servers.rasa_url).say("hello")


async def socketio_exchange(
    url: str, session_id, events: list, wait_for: int, seconds: float = 60
) -> list:
    """Connect, ask for `session_id`, emit each (event, data), and collect the bot's messages.

    Collects until `wait_for` messages arrived.
    """
    received: list = []
    confirmed: list = []
    got_enough = asyncio.Event()
    client = socketio.AsyncClient(reconnection=False)

    @client.on("session_confirm")
    async def on_confirm(sid):
        confirmed.append(sid)

    @client.on("bot_uttered")
    async def on_bot(message):
        received.append(message)
        if len(received) >= wait_for:
            got_enough.set()

    # Long-polling: python-engineio's websocket client needs aiohttp >= 3.10, and
    # Rasa 3.6 pins aiohttp < 3.10. The server's handlers are the same for both.
    await client.connect(url, transports=["polling"], socketio_path="/socket.io")
    try:
        await client.emit("session_request", {"session_id": session_id})
        for _ in range(50):
            if confirmed:
                break
            await asyncio.sleep(0.1)
        for event, data in events:
            if callable(data):
                data = data(confirmed[0])
            await client.emit(event, data)
            await asyncio.sleep(0.2)
        if wait_for:
            await asyncio.wait_for(got_enough.wait(), seconds)
        else:
            await asyncio.sleep(2)
    finally:
        await hang_up(client)
    return confirmed + received


def test_socketio_bad_input_gets_a_clear_message_and_good_input_still_works(servers):
    session = uuid.uuid4().hex
    results = asyncio.run(
        socketio_exchange(
            servers.rasa_url,
            session,
            [
                ("user_uttered", "just a string, not an object"),
                ("user_uttered", {"session_id": session, "message": 42}),
                ("user_uttered", {"session_id": "s" * 100_000, "message": "hi"}),
                ("user_uttered", {"session_id": session, "message": "<b>hello</b> \U0001f600"}),
            ],
            wait_for=4,
        )
    )
    confirmed, messages = results[0], results[1:]
    assert confirmed == session
    refusals = [m for m in messages if "couldn't read that message" in m.get("text", "")]
    assert len(refusals) == 3
    assert any("Second Opinion Guide" in m.get("text", "") for m in messages)


def test_socketio_huge_or_broken_session_ids_get_a_fresh_session(servers):
    results = asyncio.run(
        socketio_exchange(
            servers.rasa_url,
            "s" * 100_000,
            [
                ("user_uttered", lambda confirmed: {"session_id": confirmed, "message": "hello"}),
            ],
            wait_for=1,
        )
    )
    confirmed, messages = results[0], results[1:]
    assert len(confirmed) == 32  # a new uuid4 hex, not the broken id
    assert "Second Opinion Guide" in messages[0]["text"]


def test_socketio_long_message_gets_the_length_reply(servers):
    session = uuid.uuid4().hex
    results = asyncio.run(
        socketio_exchange(
            servers.rasa_url,
            session,
            [
                ("user_uttered", {"session_id": session, "message": "my records " * 10_000}),
            ],
            wait_for=1,
        )
    )
    assert "too long" in results[1]["text"]
