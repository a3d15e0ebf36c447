"""Scale-out profile: two Rasa servers share PostgreSQL (tracker store) and Redis (lock store).

Needs PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres) and Redis on
127.0.0.1:6379, as on this project's machines and CI; skipped with the reason
where they are missing.
"""

import concurrent.futures
import uuid

import pytest
import requests

from tests.integration.conftest import SCALE_API_TOKEN, Chat


@pytest.fixture
def replicas(scale_replicas):
    """Two replicas with the scale profile (tests/integration/conftest.py)."""
    return scale_replicas


def conversation_events(db_name: str, sender: str):
    import psycopg2

    with psycopg2.connect(host="127.0.0.1", user="postgres", dbname=db_name) as connection:
        cursor = connection.cursor()
        cursor.execute(
            "select type_name, action_name, data from events where sender_id = %s order by id",
            (sender,),
        )
        return cursor.fetchall()


def test_messages_alternating_between_replicas_keep_the_state(replicas):
    (first, second), _ = replicas
    sender = f"scale-{uuid.uuid4().hex[:8]}"
    a, b = Chat(first.rasa_url, sender), Chat(second.rasa_url, sender)
    assert "which kind of insurance" in a.say("make me a checklist").lower()
    assert "condition" in b.say("PPO")
    assert "surgery" in a.say("lymphoma")
    assert "state" in b.say("no")
    messages = a.send("skip")
    assert messages[0]["text"].startswith(
        "Here is your checklist. It is for a second opinion about lymphoma. "
        "It uses what you told me: a PPO"
    )


def test_concurrent_messages_to_one_conversation_are_all_processed_in_turn(replicas):
    (first, second), db_name = replicas
    sender = f"scale-{uuid.uuid4().hex[:8]}"
    texts = [f"hello number {i}" for i in range(12)]

    def send(i):
        url = (first if i % 2 else second).rasa_url
        return requests.post(
            f"{url}/webhooks/rest/webhook",
            json={"sender": sender, "message": texts[i]},
            timeout=120,
        )

    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
        responses = list(pool.map(send, range(len(texts))))
    assert all(r.status_code == 200 and r.json() for r in responses)
    events = conversation_events(db_name, sender)
    users = [e for e in events if e[0] == "user"]
    assert len(users) == len(texts)  # none lost
    # Processed one at a time: every user message is followed by the bot's turn
    # (ending in action_listen) before the next user message starts.
    kinds = [
        "user" if e[0] == "user" else ("listen" if e[1] == "action_listen" else "other")
        for e in events
    ]
    first_user = kinds.index("user")
    turns = "".join({"user": "U", "listen": "L", "other": "o"}[k] for k in kinds[first_user:])
    assert "UU" not in turns.replace("o", "")


def test_the_http_api_when_enabled_demands_the_token(replicas, servers):
    (_, with_api), _ = replicas
    assert requests.get(f"{with_api.rasa_url}/status", timeout=10).status_code == 401
    assert (
        requests.get(f"{with_api.rasa_url}/conversations/someone/tracker", timeout=10).status_code
        == 401
    )
    assert (
        requests.get(
            f"{with_api.rasa_url}/status", params={"token": "wrong"}, timeout=10
        ).status_code
        == 401
    )
    assert (
        requests.get(
            f"{with_api.rasa_url}/status", params={"token": SCALE_API_TOKEN}, timeout=10
        ).status_code
        == 200
    )
    # The default set-up (make run, the main test server) has no HTTP API at all.
    assert requests.get(f"{servers.rasa_url}/status", timeout=10).status_code == 404
    assert (
        requests.get(f"{servers.rasa_url}/conversations/someone/tracker", timeout=10).status_code
        == 404
    )


def set_connections_allowed(db_name: str, allowed: bool) -> None:
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    connection.autocommit = True
    cursor = connection.cursor()
    cursor.execute(f'ALTER DATABASE "{db_name}" ALLOW_CONNECTIONS {"true" if allowed else "false"}')
    if not allowed:
        cursor.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = %s", (db_name,)
        )
    connection.close()


def test_tracker_store_outage_is_said_not_silently_forgotten(replicas):
    """Runs last in this module: the database is made unreachable, then reachable again."""
    (first, _), db_name = replicas
    chat = Chat(first.rasa_url)
    chat.say("I have an HMO")
    assert requests.get(f"{first.rasa_url}/health", timeout=10).json()["tracker_store"] == "ok"
    set_connections_allowed(db_name, False)
    try:
        marker = "zebrafinch"  # must not reach the logs
        answer = chat.say(f"does my {marker} plan cover a second opinion?")
        assert "can't reach my memory" in answer and "911" in answer
        health = requests.get(f"{first.rasa_url}/health", timeout=15)
        assert health.status_code == 503
        assert health.json()["tracker_store"] == "unavailable"
        log = first.rasa_log.read_text()
        assert "Conversations are NOT being saved" in log
        assert marker not in log
    finally:
        set_connections_allowed(db_name, True)
    # Back without a restart, and nothing of the earlier conversation was lost.
    for _ in range(5):
        if requests.get(f"{first.rasa_url}/health", timeout=15).status_code == 200:
            break
    assert requests.get(f"{first.rasa_url}/health", timeout=15).status_code == 200
    assert "with an HMO" in chat.say("does insurance cover a second opinion?")
