"""The Telegram connector in a small in-process app, against the local fake Bot API."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import aiohttp
import pytest
import yaml

from actions import rendering
from actions.logic import checklist
from channels import delivery
from channels.formatting import utf16_length
from channels.telegram import (
    CALLBACK_DATA_LIMIT,
    MESSAGE_LIMIT,
    NO_LOCATIONS,
    TelegramBot,
    TelegramConnector,
    inline_keyboard,
    telegram_messages,
)
from stores.message_ids import LocalMessageLog
from tests.channels.conftest import Received, StandInAgent, serve_blueprint
from tests.fakes.telegram_api_server import FakeTelegramApi

TELEGRAM_ENV = (
    "TELEGRAM_TOKEN",
    "TELEGRAM_BOT_NAME",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_SECRET_TOKEN",
    "TELEGRAM_API_URL",
)
ROOT = Path(__file__).resolve().parents[2]


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


def test_secrets_in_credentials_yml_are_ignored_and_options_are_read(clean_env, caplog):
    connector = TelegramConnector.from_credentials(
        {
            "access_token": "123456:TEST-TOKEN",
            "verify": "SecondOpinionTestBot",
            "webhook_url": "https://example.org/webhooks/telegram/webhook",
        }
    )
    assert not connector.configured
    assert connector.missing == ["TELEGRAM_TOKEN", "TELEGRAM_SECRET_TOKEN"]
    assert (connector.bot_name, connector.webhook_url) == (
        "SecondOpinionTestBot",
        "https://example.org/webhooks/telegram/webhook",
    )
    assert "access_token" in caplog.text and "TEST-TOKEN" not in caplog.text


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
    assert registration["allowed_updates"] == ["message", "edited_message", "callback_query"]


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
    poll = {"update_id": 4, "poll": {"id": "1", "question": "?"}}
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        for update in (photo, poll):
            status, text = await post_update(url, update, telegram_env.secret_token)
            assert (status, text) == (200, "success")
    assert received.messages == []


async def test_an_edited_message_is_answered_like_a_new_one_and_each_edit_once(telegram_env):
    received = Received()
    edit = {
        "update_id": 5,
        "edited_message": text_update(5, 42, "does medicare cover it")["message"],
    }
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        await post_update(
            url, text_update(4, 42, "does medicaid cover it"), telegram_env.secret_token
        )
        for _ in range(2):  # the edit, delivered twice
            await post_update(url, edit, telegram_env.secret_token)
    assert [(m.text, m.sender_id) for m in received.messages] == [
        ("does medicaid cover it", "42"),
        ("does medicare cover it", "42"),
    ]


async def test_an_update_sent_as_a_json_string_is_read_as_rasa_reads_it(telegram_env):
    received = Received()
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        status, _ = await post_update(
            url, json.dumps(text_update(6, 42, "hello")), telegram_env.secret_token
        )
    assert status == 200
    assert [m.text for m in received.messages] == ["hello"]


async def test_restart_restarts_then_greets_as_rasa_does(telegram_env):
    received = Received()
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        await post_update(url, text_update(8, 42, "/restart"), telegram_env.secret_token)
        await post_update(url, text_update(8, 42, "/restart"), telegram_env.secret_token)  # again
    assert [m.text for m in received.messages] == ["/restart", "/greet"]


async def test_a_location_is_not_passed_on_and_the_user_is_asked_for_a_zip_code(telegram_env):
    received = Received()
    pin = {
        "update_id": 9,
        "message": {
            "message_id": 9,
            "date": 1,
            "chat": {"id": 43, "type": "private"},
            "location": {"latitude": 42.3355, "longitude": -71.1046},
        },
    }
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        status, _ = await post_update(url, pin, telegram_env.secret_token)
    assert status == 200
    assert received.messages == []
    assert [m["text"] for m in telegram_env.sent(43)] == [NO_LOCATIONS]


async def test_set_webhook_registers_again_on_request(telegram_env):
    async with serve_blueprint(TelegramConnector.from_credentials(None), Received()) as url:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{url}/set_webhook") as answer:
                text = await answer.text()
    assert text == "Webhook setup successful"
    assert len(telegram_env.calls_of("setWebhook")) == 2  # at start, and on request


async def test_a_redelivery_after_a_restart_is_recognised_from_the_conversation(
    telegram_env, monkeypatch
):
    received = Received()
    agent = StandInAgent(received)
    for _ in range(2):  # a restart in between: the in-memory record is gone
        monkeypatch.setattr(delivery, "LOCAL_LOG", LocalMessageLog())
        connector = TelegramConnector.from_credentials(None)
        async with serve_blueprint(connector, received, agent=agent) as url:
            await post_update(url, text_update(10, 42, "only once"), telegram_env.secret_token)
    assert [m.text for m in received.messages] == ["only once"]


def payloads_the_bot_sends():
    """Every button payload: the domain's responses and the literal payloads in actions/."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    for variants in domain["responses"].values():
        for variant in variants:
            for button in variant.get("buttons") or []:
                yield button["payload"]
    for source in (ROOT / "actions").rglob("*.py"):
        yield from re.findall(r'"(/[a-z_]+(?:\{[^"]*\})?)"', source.read_text())


def test_every_payload_the_bot_sends_fits_telegrams_64_bytes():
    payloads = set(payloads_the_bot_sends())
    assert len(payloads) > 10  # the scan found them
    too_long = [p for p in payloads if len(p.encode("utf-8")) > CALLBACK_DATA_LIMIT]
    assert too_long == []


def test_a_payload_over_64_bytes_sends_the_title_instead():
    long_payload = '/inform{"plan_type": "medicare_advantage", "us_state": "OH", "x": "y"}'
    assert len(long_payload.encode()) > CALLBACK_DATA_LIMIT
    keyboard = inline_keyboard(
        [
            {"title": "Medicare Advantage", "payload": long_payload},
            {"title": "Cost?", "payload": "/c"},
        ]
    )
    assert [row[0]["callback_data"] for row in keyboard["inline_keyboard"]] == [
        "Medicare Advantage",
        "/c",
    ]


async def test_a_button_press_sends_its_payload_and_stops_the_spinner(telegram_env):
    received = Received()
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        await post_update(url, button_update(2, 42, "/ask_cost"), telegram_env.secret_token)
    assert [(m.text, m.sender_id) for m in received.messages] == [("/ask_cost", "42")]
    assert [c["callback_query_id"] for c in telegram_env.calls_of("answerCallbackQuery")] == [
        "cbq-2"
    ]


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
    assert [m["text"] for m in telegram_env.sent(42)] == [
        "You said: message 1 <&>",
        "You said: message 2 <&>",
    ]
    assert all("parse_mode" not in m for m in telegram_env.sent(42))  # plain text


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
    parts = telegram_messages(text, messages[-1]["buttons"])
    assert len(parts) >= 3
    visible = [p["text"] for p in parts]
    assert all(utf16_length(v) <= MESSAGE_LIMIT for v in visible)
    for section in text.split("\n\n"):
        assert any(section in v for v in visible)
    assert [("reply_markup" in p) for p in parts] == [False] * (len(parts) - 1) + [True]


async def test_the_bot_sends_through_the_configured_api_url(telegram_api):
    bot = TelegramBot(telegram_api.token, telegram_api.url)
    await bot.send_text_message("42", "Cost & <coverage>")
    await bot.close_session()
    assert [m["text"] for m in telegram_api.sent(42)] == ["Cost & <coverage>"]


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


MALFORMED_UPDATES = [
    [1, 2],
    "not an update",
    {"update_id": "x", "message": "hello"},
    {"update_id": 1, "message": {"chat": "42", "text": "hi"}},
    {"update_id": 2, "message": {"chat": {"id": 42}, "text": {"a": 1}}},
    {"update_id": 3, "edited_message": []},
    {"update_id": 4, "callback_query": {"id": 1, "from": "x", "message": "y", "data": 5}},
    {"update_id": 5, "callback_query": "pressed"},
    {"update_id": 6, "message": {"chat": {"id": 42}, "location": "here"}},
]


@pytest.mark.parametrize("update", MALFORMED_UPDATES)
async def test_malformed_updates_are_refused_or_ignored_never_a_500(telegram_env, update):
    received = Received()
    async with serve_blueprint(TelegramConnector.from_credentials(None), received) as url:
        status, _ = await post_update(url, update, telegram_env.secret_token)
    assert status in (200, 400)
    assert received.messages == []


@pytest.mark.parametrize(
    "update, expected",
    [
        (
            {"message": {"from": {"id": 1, "language_code": "es-MX"}, "text": "hola"}},
            {"language": "es"},
        ),
        ({"callback_query": {"from": {"id": 1, "language_code": "en"}}}, {"language": "en"}),
        ({"message": {"from": {"id": 1}, "text": "hi"}}, {}),
        ({"message": "not an object"}, {}),
        ({}, {}),
    ],
)
def test_the_senders_app_language_becomes_message_metadata(update, expected):
    from channels.telegram import language_metadata

    assert language_metadata(update) == expected
