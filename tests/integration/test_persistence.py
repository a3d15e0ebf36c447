"""Conversations survive a restart of the Rasa server (SQLite tracker store)."""

from tests.integration.conftest import Chat


def test_slots_and_the_form_in_progress_survive_a_restart(servers):
    chat = Chat(servers.rasa_url)
    chat.say("make me a checklist")
    assert "condition" in chat.say(
        "I have Original Medicare"
    )  # plan known, form asks the condition
    servers.restart_rasa()
    # Same conversation after the restart: the form goes on where it was.
    assert "surgery" in chat.say("prostate cancer")
    assert "state" in chat.say("yes")
    messages = chat.send("skip")
    assert messages[0]["text"].startswith(
        "Here is your checklist. It is for a second opinion about prostate cancer. "
        "It uses what you told me: Original Medicare"
    )
