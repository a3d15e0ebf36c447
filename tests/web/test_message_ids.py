"""The page's message ids: every message the page sends carries one (a real browser against
the real servers), and a message left unanswered by a dropped connection is sent again with
the same id (web/app.js in node, against a stand-in for the widget's socket: the browser's
own socket cannot be cut from a test)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.web.test_widget import bot_texts, greeted, open_chat, open_page, send, wait_for

HARNESS = Path(__file__).with_name("app_message_ids.js")


def user_events(servers, session_id: str) -> list:
    with sqlite3.connect(servers.workdir / "conversations.db") as connection:
        rows = connection.execute(
            "select data from events where sender_id = ? and type_name = 'user' order by id",
            (session_id,),
        ).fetchall()
    return [json.loads(data) for (data,) in rows]


def test_every_message_from_the_page_carries_its_id_and_is_kept_once(web_stack, browser):
    open_page(browser, web_stack)
    open_chat(browser)
    greeted(browser)
    send(browser, "I have a PPO")
    wait_for(browser, lambda d: any("PPO" in t for t in bot_texts(d)), "the plan acknowledged")
    session_id = browser.execute_script(
        "return JSON.parse(localStorage.getItem('chat_session')).session_id"
    )
    events = user_events(web_stack.servers, session_id)
    assert [e["text"] for e in events] == ["/greet", "I have a PPO"]
    # The page's ids are UUIDs; Rasa's own, for messages without one, are bare hex.
    assert all(len(e["message_id"]) == 36 and e["message_id"].count("-") == 4 for e in events)


def run_harness() -> dict:
    if shutil.which("node") is None:
        pytest.skip("node is missing: run `make web` (installs Debian's nodejs and npm)")
    done = subprocess.run(
        ["node", str(HARNESS)], capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(done.stdout)


def test_an_unacknowledged_message_is_sent_again_with_its_id_after_a_reconnect():
    sent = run_harness()["resent"]
    assert [(p["message"], p["id"]) for p in sent] == [
        ("hello", "uuid-1"),  # acknowledged: never sent again
        ("does it cover?", "uuid-2"),  # the connection dropped before its acknowledgement
        ("typed offline", "uuid-3"),  # left to socket.io's buffer, sent on reconnect
        ("does it cover?", "uuid-2"),  # sent again, same id, once the session is back
    ]
    assert all(p["ack"] == "function" for p in sent)  # each asks Rasa to acknowledge


def test_no_second_copy_when_the_answer_arrives_after_the_reconnect():
    sent = run_harness()["answered"]
    assert [p["message"] for p in sent] == ["hello", "does it cover?", "typed offline"]
