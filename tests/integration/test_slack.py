"""Slack through a real Rasa server: signed Events API and interactivity requests to
/webhooks/slack/webhook, replies posted to a local fake of the Slack Web API."""

from __future__ import annotations

import io
import json
import time
import uuid

import pytest
import requests
from pypdf import PdfReader

from channels.slack import escape_mrkdwn
from tests.fakes.slack_api_server import button_click, message_event, signed_headers
from tests.integration.conftest import Chat


def new_channel() -> str:
    return f"D{uuid.uuid4().hex[:10].upper()}"


class SlackUser:
    """One person writing to the bot in a direct message, as Slack would deliver it."""

    def __init__(self, servers):
        self.servers = servers
        self.slack = servers.slack
        self.url = f"{servers.rasa_url}/webhooks/slack/webhook"
        self.channel = new_channel()
        self.user = f"U{uuid.uuid4().hex[:10].upper()}"

    def post(
        self, body: bytes, content_type: str = "application/json", **header_changes
    ) -> requests.Response:
        headers = {
            **signed_headers(self.slack.signing_secret, body, content_type=content_type),
            **header_changes,
        }
        return requests.post(self.url, data=body, headers=headers, timeout=30)

    def _replies_after(self, response: requests.Response, before: int) -> list:
        assert response.status_code == 200, response.text
        return self.slack.wait_for_posts(self.channel, before + 1, seconds=90, quiet=2.5)[before:]

    def say(self, text: str) -> list:
        before = len(self.slack.posted(self.channel))
        return self._replies_after(
            self.post(message_event(text, self.channel, user=self.user)), before
        )

    def click(self, payload: str) -> list:
        before = len(self.slack.posted(self.channel))
        body = button_click(payload, self.channel, user=self.user)
        return self._replies_after(self.post(body, "application/x-www-form-urlencoded"), before)


def sections(post: dict) -> list:
    return [b["text"]["text"] for b in post["blocks"] if b["type"] == "section"]


def button_values(posts: list) -> list:
    return [
        e["value"]
        for p in posts
        for b in p["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]


def test_url_verification_challenge(servers):
    body = json.dumps(
        {"token": "x", "challenge": "challenge-1234", "type": "url_verification"}
    ).encode()
    response = requests.post(
        f"{servers.rasa_url}/webhooks/slack/webhook",
        data=body,
        headers=signed_headers(servers.slack.signing_secret, body),
        timeout=30,
    )
    assert response.status_code == 200
    assert response.json() == {"challenge": "challenge-1234"}


def test_a_signed_message_is_answered_in_slack_as_over_rest(servers):
    user = SlackUser(servers)
    posts = user.say("hello")
    expected = Chat(servers.rasa_url).send("hello")  # the same bot over the REST channel
    assert ["\n\n".join(sections(p)) for p in posts] == [escape_mrkdwn(m["text"]) for m in expected]
    assert button_values(posts) == [b["payload"] for m in expected for b in m.get("buttons", [])]
    calls = [c for c in servers.slack.calls if c["body"].get("channel") == user.channel]
    assert {c["method"] for c in calls} == {"chat.postMessage"}
    assert {c["authorization"] for c in calls} == {"Bearer test-slack-token"}


@pytest.mark.parametrize("forgery", ["bad signature", "old timestamp"])
def test_forged_or_replayed_requests_are_refused_and_post_nothing(servers, forgery):
    user = SlackUser(servers)
    body = message_event("hello", user.channel, user=user.user)
    if forgery == "bad signature":
        headers = signed_headers("not-the-signing-secret", body)
    else:
        headers = signed_headers(
            servers.slack.signing_secret, body, timestamp=int(time.time()) - 10 * 60
        )
    response = requests.post(user.url, data=body, headers=headers, timeout=30)
    assert response.status_code == 401
    time.sleep(4)  # long enough for an answer to the same message in the other tests
    assert servers.slack.posted(user.channel) == []


def test_slack_retries_do_not_produce_a_second_answer(servers):
    user = SlackUser(servers)
    body = message_event("what is a second opinion?", user.channel, user=user.user)
    first = user._replies_after(user.post(body), 0)
    assert first
    for number, reason in [("1", "http_error"), ("2", "http_timeout")]:
        retry = user.post(body, **{"X-Slack-Retry-Num": number, "X-Slack-Retry-Reason": reason})
        # An http_timeout retry is in Rasa's default errors_ignore_retry: 201, not processed.
        assert retry.status_code == (201 if reason == "http_timeout" else 200)
        assert retry.headers.get("X-Slack-No-Retry") == "1"
    time.sleep(5)
    assert len(servers.slack.posted(user.channel)) == len(first)


def test_buttons_are_clickable_and_the_checklist_arrives_whole(servers):
    user = SlackUser(servers)
    asked = user.say("can you make me a checklist")
    hmo = next(v for v in button_values(asked) if "hmo" in v)
    assert "condition" in " ".join(t for p in user.click(hmo) for t in sections(p))
    user.say("breast cancer")
    user.say("yes")
    posts = user.say("skip")
    texts = [t for p in posts for t in sections(p)]
    assert texts[0].startswith(
        "Here is your checklist. It is for a second opinion about breast cancer. "
        "It uses what you told me: an HMO"
    )
    for number, title in enumerate(
        [
            "Talk to your doctor",
            "Gather your records",
            "Check your insurance",
            "Find the doctor",
            "Book the visit",
            "Questions to ask",
            "After the second opinion",
        ],
        start=1,
    ):
        # Each section's title and its bullets are in one section block.
        [block] = [t for t in texts if t.startswith(f"{number}. {title}")]
        assert "\n• " in block
    assert all(len(t) <= 3000 for t in texts)
    # The last section carries the next steps and the printable version.
    printable = '/request_document{"document_kind": "checklist"}'
    assert button_values(posts) == ["/ask_find_doctor", "/ask_cost", printable]


NAME = "Zoë O'Brien-Núñez"


def ask_for_the_printable_checklist(user: SlackUser) -> list:
    """The checklist for breast cancer on an HMO, then its printable version with a name."""
    asked = user.say("can you make me a checklist")
    user.click(next(v for v in button_values(asked) if "hmo" in v))
    user.say("breast cancer")
    user.say("yes")
    posts = user.say("skip")
    printable = '/request_document{"document_kind": "checklist"}'
    assert printable in button_values(posts)
    asked_name = " ".join(t for p in user.click(printable) for t in sections(p))
    assert "name should go at the top" in asked_name
    return user.say(NAME)


def pdf_text(body: bytes) -> str:
    assert body.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(body), strict=True)
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_the_printable_checklist_is_uploaded_as_a_pdf_file(servers):
    """Slack's external upload: an upload URL, the bytes to it, the file shared in the chat."""
    user = SlackUser(servers)
    posts = ask_for_the_printable_checklist(user)
    [shared] = servers.slack.wait_for_files(user.channel, 1, seconds=60)
    assert shared["filename"] == "second-opinion-checklist.pdf"
    assert shared["initial_comment"] == "Your printable checklist (PDF)."
    text = pdf_text(shared["body"])
    assert NAME in text and "breast cancer" in text
    assert not any("/documents/" in t for p in posts for t in sections(p))  # no link as well
    log = servers.rasa_log.read_text()
    for secret in ("Zoë", "O'Brien", "Núñez"):
        assert secret not in log, f"{secret!r} leaked into the Rasa server's log"


def test_without_the_files_write_scope_the_link_is_posted_and_opens_the_pdf(servers):
    user = SlackUser(servers)
    servers.slack.refuse("files.getUploadURLExternal", "missing_scope")
    try:
        ask_for_the_printable_checklist(user)
        # The link follows the turn's other messages: wait until the channel is quiet.
        posts = servers.slack.wait_for_posts(user.channel, quiet=4.0)
    finally:
        servers.slack.allow("files.getUploadURLExternal")
    assert servers.slack.uploaded(user.channel) == []
    texts = [t for p in posts for t in sections(p)]
    [url] = [w.strip("<>") for t in texts for w in t.split() if "/documents/" in w]
    answer = requests.get(url, timeout=60)
    assert answer.status_code == 200
    assert NAME in pdf_text(answer.content)


def test_the_sources_button_shows_where_the_answer_comes_from(servers):
    user = SlackUser(servers)
    answer = user.say("does medicare cover a second opinion?")
    sources = next(v for v in button_values(answer) if "ask_sources" in v)
    replies = " ".join(t for p in user.click(sources) for t in sections(p))
    assert "medicare.gov/coverage/second-surgical-opinions" in replies
