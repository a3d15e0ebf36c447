"""The Slack connector in a small in-process app, against the local fake Slack Web API."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest

from actions import rendering
from actions.logic import checklist
from channels.slack import SECTION_TEXT_LIMIT, SlackConnector, SlackOutput, slack_messages
from tests.channels.conftest import Received, serve_blueprint
from tests.fakes.slack_api_server import FakeSlackApi, button_click, message_event, signed_headers

SLACK_ENV = ("SLACK_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CHANNEL", "SLACK_API_URL")


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


def test_settings_in_credentials_yml_are_ignored(monkeypatch):
    for name in SLACK_ENV:
        monkeypatch.delenv(name, raising=False)
    connector = SlackConnector.from_credentials(
        {"slack_token": "test-slack-token", "slack_signing_secret": "s"}
    )
    assert not connector.configured


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
                "text": "**Good** question & answer",
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
        "text": {"type": "mrkdwn", "text": "*Good* question &amp; answer"},
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
        body = b'{"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}'
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
            assert status == 200
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
