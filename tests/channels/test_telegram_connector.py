"""The Telegram connector in a small in-process app, against the local fake Bot API."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from actions import rendering
from actions.logic import checklist
from channels.formatting import utf16_length
from channels.telegram import (
    CALLBACK_DATA_LIMIT,
    MESSAGE_LIMIT,
    CallbackData,
    TelegramBot,
    TelegramConnector,
    telegram_messages,
)
from tests.channels.conftest import Received, serve_blueprint
from tests.fakes.telegram_api_server import FakeTelegramApi, parse_html

TELEGRAM_ENV = (
    "TELEGRAM_TOKEN",
    "TELEGRAM_BOT_NAME",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_SECRET_TOKEN",
    "TELEGRAM_API_URL",
)
LONG_PAYLOAD = (
    '/inform{"plan_type": "medicare_advantage", "us_state": "OH", "condition": "breast cancer"}'
)


@pytest.fixture
def telegram_api():
    api = FakeTelegramApi().start()
    yield api
    api.stop()


@pytest.fixture
def clean_env(monkeypatch):
    for name in TELEGRAM_ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def telegram_env(clean_env, telegram_api):
    for name, value in telegram_api.env().items():
        clean_env.setenv(name, value)
    return telegram_api


def text_update(update_id: int, chat_id: int, text: str) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1700000000,
            "text": text,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Pat"},
        },
    }


def button_update(update_id: int, chat_id: int, data: str, keyboard: dict | None = None) -> dict:
    message = {
        "message_id": 99,
        "date": 1700000000,
        "text": "Pick one",
        "chat": {"id": chat_id, "type": "private"},
    }
    if keyboard:
        message["reply_markup"] = keyboard
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cbq-{update_id}",
            "from": {"id": chat_id, "is_bot": False, "first_name": "Pat"},
            "chat_instance": "1",
            "data": data,
            "message": message,
        },
    }


async def post_update(url: str, update: dict, secret: str | None) -> tuple[int, str]:
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{url}/webhook", json=update, headers=headers) as response:
            return response.status, await response.text()


def test_without_its_variables_the_connector_is_not_configured(clean_env):
    connector = TelegramConnector.from_credentials(None)
    assert not connector.configured
    assert connector.missing == ["TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_SECRET_TOKEN"]


def test_settings_in_credentials_yml_are_ignored(clean_env):
    connector = TelegramConnector.from_credentials(
        {
            "access_token": "123456:TEST-TOKEN",
            "verify": "bot",
            "webhook_url": "https://example.org/",
        }
    )
    assert not connector.configured


@pytest.mark.parametrize(
    "name, value",
    [("TELEGRAM_TOKEN", "not a token"), ("TELEGRAM_SECRET_TOKEN", "has spaces and ümlauts")],
)
def test_malformed_settings_count_as_missing(clean_env, telegram_env, name, value):
    assert TelegramConnector.from_credentials(None).configured
    clean_env.setenv(name, value)
    connector = TelegramConnector.from_credentials(None)
    assert not connector.configured
    assert any(m.startswith(name) for m in connector.missing)


async def test_unconfigured_webhook_answers_503_and_says_what_is_missing(clean_env):
    received = Received()
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        status, text = await post_update(url, text_update(1, 42, "hi"), "anything")
    assert status == 503
    assert "not configured" in text and "TELEGRAM_TOKEN" in text
    assert received.messages == []


async def test_the_webhook_is_registered_at_start_with_the_secret(telegram_env):
    async with serve_blueprint(TelegramConnector.from_credentials(None), Received()):
        [registration] = telegram_env.calls_of("setWebhook")
    assert registration["url"] == telegram_env.webhook_url
    assert registration["secret_token"] == telegram_env.secret_token
    assert registration["allowed_updates"] == ["message", "callback_query"]


async def test_start_with_an_unreachable_telegram_still_serves(clean_env, caplog):
    clean_env.setenv("TELEGRAM_TOKEN", "123456:TEST-TOKEN")
    clean_env.setenv("TELEGRAM_WEBHOOK_URL", "https://example.org/webhooks/telegram/webhook")
    clean_env.setenv("TELEGRAM_SECRET_TOKEN", "test-telegram-secret")
    clean_env.setenv("TELEGRAM_API_URL", "http://127.0.0.1:9")  # nothing listens there
    received = Received()
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        status, _ = await post_update(url, text_update(1, 42, "hi"), "test-telegram-secret")
    assert status == 200
    assert [m.text for m in received.messages] == ["hi"]
    assert "Could not register the Telegram webhook" in caplog.text
    assert "TEST-TOKEN" not in caplog.text


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", "test-telegram-secre"])
async def test_a_request_without_the_secret_is_refused_with_403(telegram_env, secret):
    received = Received()
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        status, _ = await post_update(url, text_update(1, 42, "hi"), secret)
    assert status == 403
    assert received.messages == []


async def test_start_greets_and_commands_for_other_bots_are_ignored(telegram_env):
    received = Received()
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        for update_id, text in enumerate(
            [
                "/start",
                "/start@SecondOpinionTestBot ref123",
                "/start@SomeOtherBot",
                "/help",
                "How much will it cost?",
            ],
            start=1,
        ):
            status, _ = await post_update(
                url, text_update(update_id, 42, text), telegram_env.secret_token
            )
            assert status == 200
    assert [(m.text, m.sender_id, m.input_channel) for m in received.messages] == [
        ("/greet", "42", "telegram"),
        ("/greet", "42", "telegram"),
        ("/help", "42", "telegram"),
        ("How much will it cost?", "42", "telegram"),
    ]


async def test_a_redelivered_update_is_handled_once(telegram_env):
    received = Received()
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        for _ in range(2):
            status, _ = await post_update(
                url, text_update(7, 42, "hello"), telegram_env.secret_token
            )
            assert status == 200
    assert [m.text for m in received.messages] == ["hello"]


async def test_updates_without_text_are_acknowledged_and_ignored(telegram_env):
    received = Received()
    photo = {
        "update_id": 3,
        "message": {
            "message_id": 3,
            "date": 1,
            "chat": {"id": 42, "type": "private"},
            "photo": [{"file_id": "x", "width": 1, "height": 1}],
        },
    }
    edited = {"update_id": 4, "edited_message": text_update(4, 42, "edited")["message"]}
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        assert (await post_update(url, photo, telegram_env.secret_token))[0] == 200
        assert (await post_update(url, edited, telegram_env.secret_token))[0] == 200
    assert received.messages == []


async def test_buttons_with_long_payloads_round_trip_through_64_byte_callback_data(telegram_env):
    assert len(LONG_PAYLOAD.encode()) > CALLBACK_DATA_LIMIT

    async def reply(message):
        if message.text == "hi":
            await message.output_channel.send_response(
                message.sender_id,
                {
                    "text": "Pick your plan:",
                    "buttons": [
                        {"title": "Medicare Advantage in Ohio", "payload": LONG_PAYLOAD},
                        {"title": "Cost?", "payload": "/ask_cost"},
                    ],
                },
            )

    received = Received(reply)
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        await post_update(url, text_update(1, 42, "hi"), telegram_env.secret_token)
        [sent] = telegram_env.sent(42)
        keyboard = sent["reply_markup"]["inline_keyboard"]
        long_data, short_data = keyboard[0][0]["callback_data"], keyboard[1][0]["callback_data"]
        assert short_data == "/ask_cost"
        assert len(long_data.encode()) <= CALLBACK_DATA_LIMIT
        await post_update(url, button_update(2, 42, long_data), telegram_env.secret_token)
        await post_update(url, button_update(3, 42, short_data), telegram_env.secret_token)
    assert [m.text for m in received.messages] == ["hi", LONG_PAYLOAD, "/ask_cost"]
    assert [c["callback_query_id"] for c in telegram_env.calls_of("answerCallbackQuery")] == [
        "cbq-2",
        "cbq-3",
    ]
    assert telegram_env.refused() == []


async def test_an_unknown_long_payload_key_falls_back_to_the_button_title(telegram_env):
    """After a restart the key map is empty; the pressed button's title is the next best thing."""
    received = Received()
    key = CallbackData().encode(LONG_PAYLOAD)  # made by another process
    keyboard = {"inline_keyboard": [[{"text": "Medicare Advantage", "callback_data": key}]]}
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        await post_update(url, button_update(1, 42, key, keyboard), telegram_env.secret_token)
        await post_update(url, button_update(2, 42, "#k:unknown"), telegram_env.secret_token)
    assert [m.text for m in received.messages] == ["Medicare Advantage"]
    assert len(telegram_env.calls_of("answerCallbackQuery")) == 2  # the spinner stops either way


async def test_two_replies_in_a_row_use_one_live_session(telegram_env):
    async def reply(message):
        await message.output_channel.send_response(
            message.sender_id, {"text": f"You said: {message.text} <&>"}
        )

    received = Received(reply)
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        for update_id in (1, 2):
            await post_update(
                url, text_update(update_id, 42, f"message {update_id}"), telegram_env.secret_token
            )
    assert [parse_html(m["text"]) for m in telegram_env.sent(42)] == [
        "You said: message 1 <&>",
        "You said: message 2 <&>",
    ]
    assert all(m["parse_mode"] == "HTML" for m in telegram_env.sent(42))


def test_the_bot_made_outside_a_loop_is_not_reused_inside_one(telegram_env):
    """Rasa's connector makes its bot outside the server's loop; ours makes one per running loop."""
    connector = TelegramConnector.from_credentials(None)
    outside = connector.get_output_channel()

    async def inside():
        return connector.get_output_channel(), connector.get_output_channel()

    first, again = asyncio.run(inside())
    other_loop, _ = asyncio.run(inside())
    assert first is again
    assert first is not outside and other_loop is not first


def test_rasas_way_breaks_the_session_and_ours_does_not(telegram_env):
    # Control: as Rasa's connector does, set the webhook with asyncio.run() before the
    # server's loop exists, then answer in the server's loop: the session is dead.
    bot = TelegramBot(telegram_env.token, telegram_env.url)
    asyncio.run(bot.call("setWebhook", url=telegram_env.webhook_url))
    with pytest.raises(RuntimeError, match="Event loop is closed"):
        asyncio.run(bot.send_text_message("41", "hello"))

    # Ours: the webhook is set and the answers sent from the loop the server runs in.
    connector = TelegramConnector.from_credentials(None)

    async def server_lifetime():
        assert await connector.register_webhook()
        for text in ("first", "second"):
            await connector.get_output_channel().send_text_message("42", text)
        await connector.get_output_channel().close_session()

    asyncio.run(server_lifetime())
    assert [m["text"] for m in telegram_env.sent(42)] == ["first", "second"]


def test_a_long_checklist_is_split_at_section_boundaries():
    built = checklist.build("medicare_advantage", "breast cancer", "yes", "OH")
    messages = rendering.checklist_messages(built)
    text = "\n\n".join(m["text"] for m in messages) * 3  # over Telegram's 4096
    assert len(text) > MESSAGE_LIMIT
    parts = telegram_messages(text, messages[-1]["buttons"], CallbackData())
    assert len(parts) >= 3
    visible = [parse_html(p["text"]) for p in parts]
    assert all(utf16_length(v) <= MESSAGE_LIMIT for v in visible)
    for section in text.split("\n\n"):
        assert any(section in v for v in visible)
    assert [("reply_markup" in p) for p in parts] == [False] * (len(parts) - 1) + [True]


async def test_the_bot_sends_through_the_configured_api_url(telegram_api):
    bot = TelegramBot(telegram_api.token, telegram_api.url)
    await bot.send_text_message("42", "**Cost** & coverage")
    await bot.close_session()
    assert [m["text"] for m in telegram_api.sent(42)] == ["<b>Cost</b> &amp; coverage"]


def test_errors_are_logged_without_the_token(telegram_env):
    connector = TelegramConnector.from_credentials(None)
    error = RuntimeError(
        f"Cannot connect to {telegram_env.url}/bot{telegram_env.token}/sendMessage"
    )
    assert telegram_env.token not in connector._redact(error)
    assert "sendMessage" in connector._redact(error)


async def test_a_token_of_another_bot_is_reported_at_start(clean_env, telegram_env, caplog):
    clean_env.setenv("TELEGRAM_BOT_NAME", "SomeOtherBot")
    connector = TelegramConnector.from_credentials(None)
    assert await connector.register_webhook()
    await connector.get_output_channel().close_session()
    assert "not TELEGRAM_BOT_NAME" in caplog.text
