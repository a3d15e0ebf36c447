""" "Delete my data": the conversation leaves the tracker store, the bot confirms, a new chat
starts fresh."""

import sqlite3

from tests.integration.conftest import Chat


def stored_events(servers, sender: str) -> int:
    with sqlite3.connect(servers.workdir / "conversations.db") as connection:
        return connection.execute(
            "select count(*) from events where sender_id = ?", (sender,)
        ).fetchone()[0]


def payloads(messages):
    return [b["payload"] for m in messages for b in m.get("buttons", [])]


def test_delete_my_data_removes_the_conversation_after_confirmation(servers):
    chat = Chat(servers.rasa_url)
    other = Chat(servers.rasa_url)
    chat.say("I have Medicare and I live in Ohio")
    other.say("I have an HMO")
    assert stored_events(servers, chat.sender) > 0

    question = chat.send("please delete my data")
    assert "/confirm_forget_me" in payloads(question) and "/cancel_forget_me" in payloads(question)
    assert "can't be undone" in question[0]["text"]
    assert stored_events(servers, chat.sender) > 0  # nothing deleted before the confirmation

    assert "deleted this conversation" in chat.say("/confirm_forget_me")
    assert stored_events(servers, chat.sender) == 0
    assert stored_events(servers, other.sender) > 0  # only this conversation

    # Writing again starts fresh: the plan is no longer known.
    assert "Which kind of insurance" in chat.say("does insurance cover a second opinion?")


def test_saying_no_keeps_the_conversation(servers):
    chat = Chat(servers.rasa_url)
    chat.say("I have a PPO")
    chat.say("forget everything I told you")
    assert "kept our conversation" in chat.say("/cancel_forget_me")
    assert "with a PPO" in chat.say("does insurance cover a second opinion?")


def test_forgetting_in_the_middle_of_the_checklist(servers):
    chat = Chat(servers.rasa_url)
    chat.say("make me a checklist")
    assert "condition" in chat.say("HMO")
    asked = chat.send("delete my data")
    assert "/confirm_forget_me" in payloads(asked)
    answer = chat.say("/confirm_forget_me")
    assert "deleted this conversation" in answer
    assert "condition" not in answer  # the form did not carry on after the deletion
    assert stored_events(servers, chat.sender) == 0
