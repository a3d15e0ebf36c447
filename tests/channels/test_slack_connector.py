"""The Slack connector in a small in-process app, against the local fake Slack Web API."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest

from actions import rendering
from actions.logic import checklist
from channels import delivery
from channels.slack import (
    SECTION_TEXT_LIMIT,
    SETTINGS,
    SlackConnector,
    SlackOutput,
    slack_messages,
)
from stores.message_ids import LocalMessageLog
from tests.channels.conftest import Received, StandInAgent, serve_blueprint
from tests.fakes.slack_api_server import FakeSlackApi, button_click, message_event, signed_headers

SLACK_ENV = tuple(setting.env for setting in SETTINGS)


@pytest.fixture
def slack_api():
    api = FakeSlackApi().start()
    yield api
    api.stop()


@pytest.fixture
def slack_env(monkeypatch, slack_api):
    for name in SLACK_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in slack_api.env().items():
        monkeypatch.setenv(name, value)
    return slack_api


async def post(url: str, body: bytes, headers: dict) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=body, headers=headers) as response:
            return response.status, await response.text()


async def settle(received: Received, count: int, seconds: float = 5) -> None:
    """The connector hands messages over in background tasks: wait for them."""
    deadline = time.monotonic() + seconds
    while len(received.messages) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)  # and a moment more, for any extra (duplicate) one


def test_without_its_variables_the_connector_is_not_configured(monkeypatch):
    for name in SLACK_ENV:
        monkeypatch.delenv(name, raising=False)
    connector = SlackConnector.from_credentials(None)
    assert not connector.configured
    assert connector.missing == ["SLACK_TOKEN", "SLACK_SIGNING_SECRET"]


def test_only_the_missing_variable_is_named(monkeypatch):
    for name in SLACK_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_TOKEN", "test-slack-token")
    assert SlackConnector.from_credentials(None).missing == ["SLACK_SIGNING_SECRET"]


def test_secrets_in_credentials_yml_are_ignored_and_the_key_named(monkeypatch, caplog):
    for name in SLACK_ENV:
        monkeypatch.delenv(name, raising=False)
    connector = SlackConnector.from_credentials(
        {
            "slack_token": "fake-slack-token-in-the-file",
            "slack_signing_secret": "secret-in-the-file",
        }
    )
    assert not connector.configured
    assert "slack_signing_secret, slack_token" in caplog.text
    assert (
        "secret-in-the-file" not in caplog.text
        and "fake-slack-token-in-the-file" not in caplog.text
    )


def test_options_are_read_from_credentials_yml_as_rasa_users_write_them(slack_env):
    connector = SlackConnector.from_credentials(
        {
            "slack_channel": "C0FILE",
            "use_threads": True,
            "conversation_granularity": "thread",
            "proxy": "http://proxy.example:3128",
            "errors_ignore_retry": ["http_timeout", "http_error"],
            "slack_retry_reason_header": "x-my-retry-reason",
            "slack_retry_number_header": "x-my-retry-num",
        }
    )
    assert connector.configured
    assert connector.slack_channel == "C0FILE"
    assert connector.use_threads is True
    assert connector.conversation_granularity == "thread"
    assert connector.proxy == "http://proxy.example:3128"
    assert list(connector.errors_ignore_retry) == ["http_timeout", "http_error"]
    assert (connector.retry_reason_header, connector.retry_num_header) == (
        "x-my-retry-reason",
        "x-my-retry-num",
    )
    assert connector.get_output_channel().client.proxy == "http://proxy.example:3128"


def test_environment_variables_win_over_credentials_yml(slack_env, monkeypatch):
    monkeypatch.setenv("SLACK_USE_THREADS", "false")
    monkeypatch.setenv("SLACK_CONVERSATION_GRANULARITY", "channel")
    monkeypatch.setenv("SLACK_ERRORS_IGNORE_RETRY", "http_error, unknown_error")
    connector = SlackConnector.from_credentials(
        {"use_threads": True, "conversation_granularity": "thread"}
    )
    assert connector.use_threads is False
    assert connector.conversation_granularity == "channel"
    assert list(connector.errors_ignore_retry) == ["http_error", "unknown_error"]


def test_rasas_defaults_without_options(slack_env):
    connector = SlackConnector.from_credentials(None)
    assert connector.use_threads is False
    assert connector.conversation_granularity == "sender"
    assert connector.proxy is None
    assert list(connector.errors_ignore_retry) == ["http_timeout"]
    assert (connector.retry_reason_header, connector.retry_num_header) == (
        "x-slack-retry-reason",
        "x-slack-retry-num",
    )


@pytest.mark.parametrize(
    "name, value",
    [("SLACK_CONVERSATION_GRANULARITY", "team"), ("SLACK_USE_THREADS", "sometimes")],
)
def test_an_invalid_option_leaves_the_channel_unconfigured_and_says_which(
    slack_env, monkeypatch, name, value
):
    monkeypatch.setenv(name, value)
    connector = SlackConnector.from_credentials(None)
    assert not connector.configured
    assert any(name in problem for problem in connector.missing)


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SLACK_TOKEN", "test-slack-token")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "test-secret")
    monkeypatch.setenv("SLACK_CHANNEL", "C0CHANNEL")
    monkeypatch.delenv("SLACK_API_URL", raising=False)
    connector = SlackConnector.from_credentials(None)
    assert connector.configured
    assert (connector.slack_token, connector.slack_signing_secret, connector.slack_channel) == (
        "test-slack-token",
        "test-secret",
        "C0CHANNEL",
    )
    assert connector.api_url == "https://slack.com/api/"
    assert connector.get_output_channel().client.base_url == "https://slack.com/api/"


async def test_unconfigured_webhook_answers_503_and_says_what_is_missing(monkeypatch):
    for name in SLACK_ENV:
        monkeypatch.delenv(name, raising=False)
    received = Received()
    async with serve_blueprint(SlackConnector.from_credentials(None), received) as url:
        body = message_event("hello", "D0NOTCONF")
        status, text = await post(f"{url}/webhook", body, signed_headers("any", body))
    assert status == 503
    assert "not configured" in text and "SLACK_TOKEN" in text and "SLACK_SIGNING_SECRET" in text
    assert received.messages == []


async def test_a_signed_message_reaches_the_bot_and_the_reply_goes_to_slack(slack_env):
    async def reply(message):
        await message.output_channel.send_response(
            message.sender_id,
            {
                "text": "Good question & <answer>",
                "buttons": [{"title": "Cost?", "payload": "/ask_cost"}],
            },
        )

    received = Received(reply)
    connector = SlackConnector.from_credentials(None)
    async with serve_blueprint(connector, received) as url:
        body = message_event("Does Medicare cover it?", "D0SIGNED", user="U0ALICE")
        status, _ = await post(
            f"{url}/webhook", body, signed_headers(slack_env.signing_secret, body)
        )
        await settle(received, 1)
        posts = await asyncio.to_thread(slack_env.wait_for_posts, "D0SIGNED", 1, 10, 0.5)
    assert status == 200
    assert [(m.text, m.sender_id, m.input_channel) for m in received.messages] == [
        ("Does Medicare cover it?", "U0ALICE", "slack")
    ]
    assert len(posts) == 1
    call = next(c for c in slack_env.calls if c["body"].get("channel") == "D0SIGNED")
    assert call["authorization"] == "Bearer test-slack-token"
    assert "as_user" not in posts[0]
    section, actions = posts[0]["blocks"]
    assert section == {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "Good question &amp; &lt;answer&gt;"},
    }
    assert actions["elements"][0]["value"] == "/ask_cost"


@pytest.mark.parametrize(
    "case", ["wrong secret", "tampered body", "old timestamp", "future timestamp", "no signature"]
)
async def test_an_unsigned_forged_or_stale_request_is_refused_with_401(slack_env, case):
    received = Received()
    async with serve_blueprint(SlackConnector.from_credentials(None), received) as url:
        body = message_event("hello", "D0FORGED")
        headers = signed_headers(slack_env.signing_secret, body)
        if case == "wrong secret":
            headers = signed_headers("not-the-secret", body)
        elif case == "tampered body":
            body = body.replace(b"hello", b"HELLO")
        elif case == "old timestamp":
            headers = signed_headers(
                slack_env.signing_secret, body, timestamp=int(time.time()) - 6 * 60
            )
        elif case == "future timestamp":
            headers = signed_headers(
                slack_env.signing_secret, body, timestamp=int(time.time()) + 6 * 60
            )
        else:
            del headers["X-Slack-Signature"], headers["X-Slack-Request-Timestamp"]
        status, _ = await post(f"{url}/webhook", body, headers)
        await settle(received, 1, seconds=1)
    assert status == 401
    assert received.messages == []
    assert slack_env.posted("D0FORGED") == []


async def test_url_verification_returns_the_challenge(slack_env):
    async with serve_blueprint(SlackConnector.from_credentials(None), Received()) as url:
        body = (
            b'{"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",'
            b' "type": "url_verification"}'
        )
        status, text = await post(
            f"{url}/webhook", body, signed_headers(slack_env.signing_secret, body)
        )
    assert status == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in text


async def test_redeliveries_and_a_mention_reported_twice_are_handled_once(slack_env):
    received = Received()
    async with serve_blueprint(SlackConnector.from_credentials(None), received) as url:
        body = message_event("first", "D0RETRY", ts="1700000000.000100")
        first = await post(f"{url}/webhook", body, signed_headers(slack_env.signing_secret, body))
        for number, reason in [(1, "http_error"), (2, "http_timeout")]:
            retry = {
                **signed_headers(slack_env.signing_secret, body),
                "X-Slack-Retry-Num": str(number),
                "X-Slack-Retry-Reason": reason,
            }
            status, _ = await post(f"{url}/webhook", body, retry)
            assert status == (
                201 if reason == "http_timeout" else 200
            )  # Rasa's errors_ignore_retry
        # Slack reports a mention in a channel as a message event and an app_mention event.
        mention = message_event("<@U0BOT> second", "D0RETRY", ts="1700000000.000200")
        as_app_mention = message_event(
            "<@U0BOT> second", "D0RETRY", ts="1700000000.000200", event_type="app_mention"
        )
        for body in (mention, as_app_mention):
            await post(f"{url}/webhook", body, signed_headers(slack_env.signing_secret, body))
        await settle(received, 3, seconds=2)  # 3 would mean a duplicate; 2 are expected
    assert first[0] == 200
    assert [m.text for m in received.messages] == ["first", "second"]


async def test_a_retry_of_a_message_never_received_is_answered(slack_env):
    received = Received()
    async with serve_blueprint(SlackConnector.from_credentials(None), received) as url:
        body = message_event("lost the first time", "D0LOST")
        headers = {
            **signed_headers(slack_env.signing_secret, body),
            "X-Slack-Retry-Num": "1",
            "X-Slack-Retry-Reason": "http_error",
        }
        await post(f"{url}/webhook", body, headers)
        await settle(received, 1)
    assert [m.text for m in received.messages] == ["lost the first time"]


async def test_a_button_click_sends_the_button_payload(slack_env):
    received = Received()
    async with serve_blueprint(SlackConnector.from_credentials(None), received) as url:
        body = button_click('/inform{"plan_type": "ppo"}', "D0CLICK", user="U0BOB")
        headers = signed_headers(
            slack_env.signing_secret, body, content_type="application/x-www-form-urlencoded"
        )
        status, _ = await post(f"{url}/webhook", body, headers)
        await settle(received, 1)
    assert status == 200
    assert [(m.text, m.sender_id) for m in received.messages] == [
        ('/inform{"plan_type": "ppo"}', "U0BOB")
    ]


def test_a_long_checklist_becomes_sections_cut_between_its_parts():
    built = checklist.build("medicare_advantage", "breast cancer", "yes", "OH")
    messages = rendering.checklist_messages(built)
    text = "\n\n".join(m["text"] for m in messages) * 2  # longer than one section holds
    assert len(text) > SECTION_TEXT_LIMIT
    [message] = slack_messages(text, messages[-1]["buttons"])
    sections = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    assert len(sections) >= 2 and all(len(s) <= SECTION_TEXT_LIMIT for s in sections)
    for part in text.split("\n\n"):
        assert any(part in section for section in sections)
    assert message["blocks"][-1]["type"] == "actions"
    assert [e["value"] for e in message["blocks"][-1]["elements"]] == [
        "/ask_find_doctor",
        "/ask_cost",
    ]


def test_many_buttons_and_long_titles_stay_within_slack_limits():
    buttons = [
        {"title": f"Option {i} " + "x" * 100, "payload": f'/choose{{"n": {i}}}'} for i in range(30)
    ]
    [message] = slack_messages("Pick one:", buttons)
    actions = [b for b in message["blocks"] if b["type"] == "actions"]
    assert [len(a["elements"]) for a in actions] == [25, 5]
    titles = [e["text"]["text"] for a in actions for e in a["elements"]]
    assert all(len(t) <= 75 for t in titles)
    assert len({e["action_id"] for a in actions for e in a["elements"]}) == 30


async def test_the_output_channel_uses_the_configured_api_url(slack_api):
    output = SlackOutput("test-slack-token", slack_api.url)
    await output.send_text_message("D0OUT", "plain text")
    assert [p["blocks"][0]["text"]["text"] for p in slack_api.posted("D0OUT")] == ["plain text"]


async def test_a_refused_post_is_logged_not_raised(slack_api, caplog):
    output = SlackOutput("wrong-token", slack_api.url)
    await output.send_text_message("D0REFUSED", "hello")
    assert "invalid_auth" in caplog.text
    assert "hello" not in caplog.text


async def test_a_json_content_type_with_a_charset_is_read_as_json(slack_env):
    received = Received()
    async with serve_blueprint(SlackConnector.from_credentials(None), received) as url:
        body = message_event("hello with charset", "D0CHARSET", user="U0CAROL")
        headers = signed_headers(
            slack_env.signing_secret, body, content_type="application/json; charset=utf-8"
        )
        status, _ = await post(f"{url}/webhook", body, headers)
        await settle(received, 1)
    assert status == 200
    assert [(m.text, m.sender_id, m.output_channel.slack_channel) for m in received.messages] == [
        ("hello with charset", "U0CAROL", "D0CHARSET")
    ]


async def test_without_slack_metadata_the_metadata_is_empty_as_in_rasa(slack_env):
    class NoSlackRequest:
        headers = {"content-type": "text/plain"}
        body = b"hello"

    assert SlackConnector.from_credentials(None).get_metadata(NoSlackRequest()) == {}


async def say_in_a_thread(url, secret, channel, user, ts, thread_ts=None, text="hello"):
    body = json.loads(message_event(text, channel, user=user, ts=ts))
    if thread_ts:
        body["event"]["thread_ts"] = thread_ts
    raw = json.dumps(body).encode()
    return await post(f"{url}/webhook", raw, signed_headers(secret, raw))


@pytest.mark.parametrize(
    "granularity, expected",
    [
        ("sender", ["U0DANA", "U0DANA", "U0DANA"]),
        ("channel", ["U0DANA_D0ONE", "U0DANA_D0ONE", "U0DANA_D0TWO"]),
        (
            "thread",
            [
                "U0DANA_D0ONE_1700000000.000100",
                "U0DANA_D0ONE_1700000000.000100",
                "U0DANA_D0TWO_1700000000.000300",
            ],
        ),
    ],
)
async def test_each_conversation_granularity_names_conversations_as_rasa(
    slack_env, monkeypatch, granularity, expected
):
    monkeypatch.setenv("SLACK_CONVERSATION_GRANULARITY", granularity)
    received = Received()
    async with serve_blueprint(SlackConnector.from_credentials(None), received) as url:
        secret = slack_env.signing_secret
        await say_in_a_thread(url, secret, "D0ONE", "U0DANA", "1700000000.000100")
        # A reply in the first message's thread, then a message in another channel.
        await say_in_a_thread(
            url, secret, "D0ONE", "U0DANA", "1700000000.000200", "1700000000.000100"
        )
        await say_in_a_thread(url, secret, "D0TWO", "U0DANA", "1700000000.000300")
        await settle(received, 3)
    assert [m.sender_id for m in received.messages] == expected


@pytest.mark.parametrize("use_threads", [True, False])
async def test_use_threads_puts_replies_in_the_thread_of_the_message(
    slack_env, monkeypatch, use_threads
):
    monkeypatch.setenv("SLACK_USE_THREADS", str(use_threads).lower())

    async def reply(message):
        await message.output_channel.send_response(message.sender_id, {"text": "An answer."})

    received = Received(reply)
    channel = f"D0THREAD{int(use_threads)}"
    async with serve_blueprint(SlackConnector.from_credentials(None), received) as url:
        secret = slack_env.signing_secret
        await say_in_a_thread(url, secret, channel, "U0ERIN", "1700000000.000100")
        await say_in_a_thread(
            url, secret, channel, "U0ERIN", "1700000000.000200", "1700000000.000900"
        )
        posts = await asyncio.to_thread(slack_env.wait_for_posts, channel, 2, 10, 0.5)
    threads = [post.get("thread_ts") for post in posts]
    if use_threads:
        assert threads == ["1700000000.000100", "1700000000.000900"]
    else:
        assert threads == [None, None]


async def test_retries_for_reasons_in_errors_ignore_retry_are_not_processed(slack_env, monkeypatch):
    monkeypatch.setenv("SLACK_ERRORS_IGNORE_RETRY", "http_error")
    received = Received()
    async with serve_blueprint(SlackConnector.from_credentials(None), received) as url:
        body = message_event("lost maybe", "D0IGNORE")
        headers = {
            **signed_headers(slack_env.signing_secret, body),
            "X-Slack-Retry-Num": "1",
            "X-Slack-Retry-Reason": "http_error",
        }
        status, _ = await post(f"{url}/webhook", body, headers)
        await settle(received, 1, seconds=1)
    assert status == 201
    assert received.messages == []


async def test_the_retry_headers_can_be_renamed(slack_env, monkeypatch):
    monkeypatch.setenv("SLACK_RETRY_NUMBER_HEADER", "x-proxy-retry-num")
    monkeypatch.setenv("SLACK_RETRY_REASON_HEADER", "x-proxy-retry-reason")
    received = Received()
    async with serve_blueprint(SlackConnector.from_credentials(None), received) as url:
        body = message_event("behind a proxy", "D0RENAMED")
        headers = {
            **signed_headers(slack_env.signing_secret, body),
            "X-Proxy-Retry-Num": "1",
            "X-Proxy-Retry-Reason": "http_timeout",
        }
        status, _ = await post(f"{url}/webhook", body, headers)
        await settle(received, 1, seconds=1)
    assert status == 201  # an http_timeout retry, read from the renamed headers
    assert received.messages == []


async def test_a_redelivery_after_a_restart_is_recognised_from_the_conversation(
    slack_env, monkeypatch
):
    """The record outlives the process: the conversation in the tracker store has the key."""
    received = Received()
    agent = StandInAgent(received)
    body = message_event("only once", "D0RESTART", ts="1700000000.000500")
    connector = SlackConnector.from_credentials(None)
    async with serve_blueprint(connector, received, agent=agent) as url:
        await post(f"{url}/webhook", body, signed_headers(slack_env.signing_secret, body))
        await settle(received, 1)
    monkeypatch.setattr(delivery, "LOCAL_LOG", LocalMessageLog())  # a restart: memory is empty
    async with serve_blueprint(SlackConnector.from_credentials(None), received, agent=agent) as url:
        retry = {
            **signed_headers(slack_env.signing_secret, body),
            "X-Slack-Retry-Num": "1",
            "X-Slack-Retry-Reason": "http_error",
        }
        await post(f"{url}/webhook", body, retry)
        await settle(received, 2, seconds=2)
    assert [m.text for m in received.messages] == ["only once"]


MALFORMED_EVENTS = [
    b"[1, 2]",
    b'"just a string"',
    b'{"type": "event_callback", "event": "hello"}',
    b'{"type": "event_callback", "event": {"type": "message", "text": {"a": 1}, "user": "U1"}}',
    b'{"type": "event_callback", "event": {"type": "message", "text": "hi", "user": 5}}',
]
MALFORMED_INTERACTIONS = [
    b"payload=not-json",
    b"payload=%5B1%5D",
    b"payload=%7B%22actions%22%3A%20%5B%22x%22%5D%7D",
    b"payload=%7B%22actions%22%3A%20%5B%7B%22type%22%3A%20%22button%22%7D%5D%2C%20%22user%22%3A%201%7D",
    b"nothing=here",
]


@pytest.mark.parametrize(
    "body, content_type",
    [(b, "application/json") for b in MALFORMED_EVENTS]
    + [(b, "application/x-www-form-urlencoded") for b in MALFORMED_INTERACTIONS],
)
async def test_malformed_requests_are_refused_or_ignored_never_a_500(slack_env, body, content_type):
    received = Received()
    async with serve_blueprint(SlackConnector.from_credentials(None), received) as url:
        headers = signed_headers(slack_env.signing_secret, body, content_type=content_type)
        status, _ = await post(f"{url}/webhook", body, headers)
        await settle(received, 1, seconds=1)
    assert status in (200, 400, 415)
    assert received.messages == []


async def test_a_malformed_authorizations_field_does_not_stop_the_message(slack_env):
    received = Received()
    body = json.loads(message_event("hello", "D0AUTH", user="U0AUTH"))
    body["authorizations"] = "not a list"
    raw = json.dumps(body).encode()
    async with serve_blueprint(SlackConnector.from_credentials(None), received) as url:
        status, _ = await post(f"{url}/webhook", raw, signed_headers(slack_env.signing_secret, raw))
        await settle(received, 1)
    assert status == 200
    assert [m.text for m in received.messages] == ["hello"]
