"""Telegram through a real Rasa server: updates posted to /webhooks/telegram/webhook with
the secret header, replies sent to a local fake of the Bot API."""

from __future__ import annotations

import io
import random
import time

import pytest
import requests
from pypdf import PdfReader

from tests.integration.conftest import Chat

_update_ids = iter(range(random.randint(10_000, 90_000) * 1000, 10**9))


class TelegramUser:
    """One person in a private chat with the bot, as Telegram would deliver it."""

    def __init__(self, servers):
        self.telegram = servers.telegram
        self.url = f"{servers.rasa_url}/webhooks/telegram/webhook"
        self.chat_id = random.randint(10**8, 10**9)

    def post(self, update: dict, secret: str | None = "default") -> requests.Response:
        secret = self.telegram.secret_token if secret == "default" else secret
        headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
        return requests.post(self.url, json=update, headers=headers, timeout=60)

    def message(self, text: str) -> dict:
        update_id = next(_update_ids)
        return {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": int(time.time()),
                "text": text,
                "chat": {"id": self.chat_id, "type": "private"},
                "from": {"id": self.chat_id, "is_bot": False, "first_name": "Pat"},
            },
        }

    def _replies_after(self, response: requests.Response, before: int) -> list:
        assert response.status_code == 200, response.text
        return self.telegram.wait_for_messages(self.chat_id, before + 1, seconds=90, quiet=0)[
            before:
        ]

    def say(self, text: str) -> list:
        before = len(self.telegram.sent(self.chat_id))
        return self._replies_after(self.post(self.message(text)), before)

    def press(self, sent_message: dict, payload_part: str) -> list:
        """Press the inline button whose callback_data contains `payload_part`."""
        buttons = [b for row in sent_message["reply_markup"]["inline_keyboard"] for b in row]
        button = next(b for b in buttons if payload_part in b["callback_data"])
        update_id = next(_update_ids)
        update = {
            "update_id": update_id,
            "callback_query": {
                "id": f"cbq-{update_id}",
                "chat_instance": "1",
                "data": button["callback_data"],
                "from": {"id": self.chat_id, "is_bot": False, "first_name": "Pat"},
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "text": sent_message["text"],
                    "chat": {"id": self.chat_id, "type": "private"},
                    "reply_markup": sent_message["reply_markup"],
                },
            },
        }
        self.last_callback_query_id = update["callback_query"]["id"]
        before = len(self.telegram.sent(self.chat_id))
        return self._replies_after(self.post(update), before)


def visible(messages: list) -> list:
    return [m["text"] for m in messages]


def callback_data(messages: list) -> list:
    return [
        b["callback_data"]
        for m in messages
        for row in m.get("reply_markup", {}).get("inline_keyboard", [])
        for b in row
    ]


def test_the_webhook_was_registered_at_start_with_the_secret(servers):
    registrations = servers.telegram.calls_of("setWebhook")
    assert registrations, "setWebhook was never called"
    assert registrations[-1]["url"] == servers.telegram.webhook_url
    assert registrations[-1]["secret_token"] == servers.telegram.secret_token


def test_start_is_answered_with_the_greeting(servers):
    user = TelegramUser(servers)
    replies = user.say("/start")
    greeting = Chat(servers.rasa_url).send("hello")  # the same bot over the REST channel
    assert {m["chat_id"] for m in replies} == {str(user.chat_id)}
    assert visible(replies) == [m["text"] for m in greeting]
    assert callback_data(replies) == [b["payload"] for m in greeting for b in m.get("buttons", [])]
    assert all("parse_mode" not in m for m in replies)  # plain text, as the bot writes it


def test_two_updates_in_a_row_are_both_answered_without_event_loop_errors(servers):
    user = TelegramUser(servers)
    first = user.say("hello")
    second = user.say("what is a second opinion?")
    assert first and second
    assert visible(second) != visible(first)
    assert servers.telegram.refused() == []
    log = servers.rasa_log.read_text()
    assert "Event loop is closed" not in log
    assert "TEST-TOKEN" not in log  # the token is never logged
    assert "what is a second opinion?" not in log  # nor what the user wrote


@pytest.mark.parametrize("secret", [None, "wrong-secret"])
def test_an_update_without_the_right_secret_is_refused_and_sends_nothing(servers, secret):
    user = TelegramUser(servers)
    response = user.post(user.message("hello"), secret=secret)
    assert response.status_code == 403
    time.sleep(4)  # long enough for an answer to the same message in the other tests
    assert servers.telegram.sent(user.chat_id) == []


def test_a_redelivered_update_is_answered_once(servers):
    user = TelegramUser(servers)
    update = user.message("hello")
    first = user._replies_after(user.post(update), 0)
    assert user.post(update).status_code == 200
    time.sleep(4)
    assert len(servers.telegram.sent(user.chat_id)) == len(first)


def test_button_presses_are_answered_and_the_checklist_is_readable(servers):
    user = TelegramUser(servers)
    asked = user.say("can you make me a checklist")
    replies = user.press(asked[-1], '"hmo"')
    answered = [c["callback_query_id"] for c in servers.telegram.calls_of("answerCallbackQuery")]
    assert user.last_callback_query_id in answered  # the button's spinner stops
    assert "condition" in " ".join(visible(replies))
    user.say("breast cancer")
    user.say("yes")
    checklist = user.say("skip")
    texts = visible(checklist)
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
        [section] = [t for t in texts if t.startswith(f"{number}. {title}")]
        assert "\n• " in section
    printable = '/request_document{"document_kind": "checklist"}'
    assert callback_data(checklist) == ["/ask_find_doctor", "/ask_cost", printable]
    assert servers.telegram.refused() == []


def ask_for_the_appeal_letter(user: TelegramUser) -> list:
    """Ask for the appeal letter, skip its details, say it is not urgent: the last replies."""
    asked = user.say("how do i appeal a denial")
    denial = user.press(next(m for m in asked if "reply_markup" in m), '"ppo"')
    assert "internal appeal" in " ".join(visible(denial))
    offer = next(m for m in denial if "appeal_letter" in " ".join(callback_data([m])))
    assert "patient's full name" in " ".join(visible(user.press(offer, "appeal_letter")))
    for _ in range(4):
        user.say("skip")
    return visible(user.say("no"))


def pdf_text(body: bytes) -> str:
    assert body.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(body), strict=True)
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_the_appeal_letter_arrives_as_a_pdf_document(servers):
    """sendDocument, multipart: the letter made from the conversation, instead of the link."""
    user = TelegramUser(servers)
    messages = ask_for_the_appeal_letter(user)
    assert any("a request for an internal appeal" in t for t in messages)  # the preview
    assert not any("/documents/" in t for t in messages)  # the file, not the link
    [sent] = servers.telegram.documents(user.chat_id)
    assert sent["document"]["filename"] == "second-opinion-appeal-letter.pdf"
    assert sent["caption"] == "Your appeal letter (PDF)."
    text = pdf_text(sent["document"]["body"])
    assert "This letter is my request for an internal appeal." in text
    assert "Please decide fast" not in text  # the user said it is not urgent
    assert servers.telegram.refused() == []


def test_when_telegram_refuses_the_file_the_link_is_sent_and_opens_the_pdf(servers):
    user = TelegramUser(servers)
    servers.telegram.refuse("sendDocument", 413, "Request Entity Too Large")
    try:
        messages = ask_for_the_appeal_letter(user)
    finally:
        servers.telegram.allow("sendDocument")
    assert servers.telegram.documents(user.chat_id) == []
    [url] = [w for t in messages for w in t.split() if "/documents/" in w]
    answer = requests.get(url, timeout=60)
    assert answer.status_code == 200
    assert "This letter is my request for an internal appeal." in pdf_text(answer.content)


def test_the_sources_button_shows_where_the_answer_comes_from(servers):
    user = TelegramUser(servers)
    answer = user.say("does medicare cover a second opinion?")
    with_sources = next(m for m in answer if "ask_sources" in " ".join(callback_data([m])))
    replies = " ".join(visible(user.press(with_sources, "ask_sources")))
    assert "medicare.gov/coverage/second-surgical-opinions" in replies
