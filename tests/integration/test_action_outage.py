"""The action server goes down and comes back: the user gets an apology, then normal answers."""
from tests.integration.conftest import Chat


def test_action_server_down_then_back(servers):
    chat = Chat(servers.rasa_url)
    servers.stop_actions()
    try:
        answer = chat.say("Does Medicare cover a second opinion?")
        assert "Sorry, I can't do that right now" in answer
        # Responses that need no action server still work meanwhile, and safety comes first.
        assert "988" in chat.say("I want to kill myself")
        assert "Second Opinion Guide" in chat.say("hello")
    finally:
        servers.start_actions()
    # Back without restarting the Rasa server; the plan said earlier is remembered.
    assert "Part B" in chat.say("does it cover a second opinion?")
