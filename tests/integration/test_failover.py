"""A replica crash strands no one and doubles nothing: two Rasa replicas on the real
PostgreSQL and Redis, one killed with SIGKILL while a message is in flight.

The killed replica held the conversation's lock and had marked the message in
flight; the client retries the message, with the same id, on the other
replica. It must be answered within 15 seconds (the issue's requirement, not a
speed figure), held once, with the plan said before it remembered, and the
restarted replica must serve the conversation again.

`FAILOVER_RUNS=10 .venv/bin/python -m pytest -s tests/integration/test_failover.py`
repeats the crash; each run prints how long the retry took.

Needs PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres) and Redis on
127.0.0.1:6379, as on this project's machines and CI; skipped with the reason
where they are missing.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import signal
import time
import uuid

import pytest
import requests

from tests.fakes.slack_api_server import message_event, signed_headers
from tests.integration.conftest import Chat, Servers

RETRY_ANSWERED_WITHIN_SECONDS = 15  # the functional requirement of the failover
RUNS = int(os.environ.get("FAILOVER_RUNS", "1"))
QUESTION = "does insurance cover a second opinion?"


def user_events(db_name: str, sender: str) -> list:
    import psycopg2

    with psycopg2.connect(host="127.0.0.1", user="postgres", dbname=db_name) as connection:
        cursor = connection.cursor()
        cursor.execute(
            "select data from events where sender_id = %s and type_name = 'user' order by id",
            (sender,),
        )
        rows = cursor.fetchall()
    return [json.loads(data) for (data,) in rows]


@pytest.fixture
def replicas(scale_replicas, servers):
    """The scale-out replicas (tests/integration/conftest.py), left as found: running,
    the action server not slowed."""
    yield scale_replicas
    servers.action_proxy.delay = 0.0
    for replica in scale_replicas[0]:
        if replica.rasa_process.poll() is not None or replica.rasa_process not in replica.processes:
            replica.start_rasa()


def kill(replica: Servers) -> None:
    replica.rasa_process.send_signal(signal.SIGKILL)
    replica.rasa_process.wait(30)
    replica.processes.remove(replica.rasa_process)


def wait_for_action_calls(servers, more_than: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while servers.action_proxy.calls <= more_than:
        assert time.monotonic() < deadline, "the message never reached the action server"
        time.sleep(0.05)


@pytest.mark.parametrize("run", range(RUNS))
def test_a_replica_killed_mid_message_strands_no_one_and_doubles_nothing(servers, replicas, run):
    (doomed, survivor), db_name = replicas
    sender = f"failover-{uuid.uuid4().hex[:8]}"
    Chat(doomed.rasa_url, sender).say("I have an HMO")
    message = {"sender": sender, "message": QUESTION, "message_id": f"m-{uuid.uuid4().hex}"}

    # The message is in flight on the doomed replica: it holds the conversation and waits
    # for the (slowed) action server.
    calls_before = servers.action_proxy.calls
    servers.action_proxy.delay = 60.0
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        in_flight = pool.submit(
            requests.post, f"{doomed.rasa_url}/webhooks/rest/webhook", json=message, timeout=120
        )
        wait_for_action_calls(servers, calls_before)
        kill(doomed)
        servers.action_proxy.delay = 0.0
        with pytest.raises(requests.ConnectionError):
            in_flight.result(30)  # the client sees the connection drop, and retries:

    started = time.monotonic()
    retry = requests.post(f"{survivor.rasa_url}/webhooks/rest/webhook", json=message, timeout=60)
    waited = time.monotonic() - started
    print(f"\nfailover run {run + 1}: the retry was answered in {waited:.2f} s")

    assert retry.status_code == 200, retry.text
    assert waited <= RETRY_ANSWERED_WITHIN_SECONDS
    answer = "\n".join(m.get("text", "") for m in retry.json())
    assert "with an HMO" in answer  # the plan said before the crash is remembered
    held = [e for e in user_events(db_name, sender) if e.get("message_id") == message["message_id"]]
    print(f"failover run {run + 1}: the conversation holds the message {len(held)} time(s)")
    assert len(held) == 1

    # The killed replica comes back and serves the conversation, and knows the message.
    doomed.start_rasa()
    again = requests.post(f"{doomed.rasa_url}/webhooks/rest/webhook", json=message, timeout=60)
    assert again.json() == retry.json()  # answered from the first time, not processed again
    assert "with an HMO" in Chat(doomed.rasa_url, sender).say(QUESTION)
    held = [e for e in user_events(db_name, sender) if e.get("message_id") == message["message_id"]]
    assert len(held) == 1


def test_a_message_processed_before_the_crash_is_answered_not_processed_again(replicas):
    """The other way to die: the turn was saved, the answer never reached the client."""
    (first, second), db_name = replicas
    sender = f"failover-{uuid.uuid4().hex[:8]}"
    Chat(first.rasa_url, sender).say("I have a PPO")
    message = {"sender": sender, "message": QUESTION, "message_id": f"m-{uuid.uuid4().hex}"}
    answered = requests.post(f"{first.rasa_url}/webhooks/rest/webhook", json=message, timeout=60)
    retried = requests.post(f"{second.rasa_url}/webhooks/rest/webhook", json=message, timeout=60)
    assert retried.status_code == 200
    assert retried.json() == answered.json() and "with a PPO" in retried.text
    held = [e for e in user_events(db_name, sender) if e.get("message_id") == message["message_id"]]
    assert len(held) == 1


def test_a_slack_retry_on_another_replica_is_not_answered_again(servers, replicas):
    (first, second), _ = replicas
    channel, user = f"D{uuid.uuid4().hex[:10].upper()}", f"U{uuid.uuid4().hex[:10].upper()}"
    body = message_event("what is a second opinion?", channel, user=user)

    def post(replica, **headers):
        signed = signed_headers(servers.slack.signing_secret, body)
        return requests.post(
            f"{replica.rasa_url}/webhooks/slack/webhook",
            data=body,
            headers={**signed, **headers},
            timeout=30,
        )

    assert post(first).status_code == 200
    answers = servers.slack.wait_for_posts(channel, 1, seconds=90, quiet=2.5)
    assert answers
    retry = post(second, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"})
    assert retry.status_code == 200 and retry.headers.get("X-Slack-No-Retry") == "1"
    time.sleep(4)
    assert len(servers.slack.posted(channel)) == len(answers)


def test_one_slack_message_delivered_to_both_replicas_at_once_is_answered_once(servers, replicas):
    (first, second), _ = replicas
    channel, user = f"D{uuid.uuid4().hex[:10].upper()}", f"U{uuid.uuid4().hex[:10].upper()}"
    body = message_event("hello", channel, user=user)
    headers = signed_headers(servers.slack.signing_secret, body)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        statuses = list(
            pool.map(
                lambda replica: (
                    requests.post(
                        f"{replica.rasa_url}/webhooks/slack/webhook",
                        data=body,
                        headers=headers,
                        timeout=30,
                    ).status_code
                ),
                (first, second),
            )
        )
    assert statuses == [200, 200]
    once = Chat(first.rasa_url).send("hello")  # what one answer is
    posts = servers.slack.wait_for_posts(channel, len(once), seconds=90, quiet=4)
    assert len(posts) == len(once)


def test_a_telegram_update_redelivered_to_another_replica_is_answered_once(servers, replicas):
    (first, second), _ = replicas
    chat_id = int(time.time() * 1000) % 10**9
    update = {
        "update_id": chat_id,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "text": "hello",
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Pat"},
        },
    }
    headers = {"X-Telegram-Bot-Api-Secret-Token": servers.telegram.secret_token}
    url = "/webhooks/telegram/webhook"
    assert requests.post(first.rasa_url + url, json=update, headers=headers, timeout=60).ok
    sent = servers.telegram.wait_for_messages(chat_id, 1, seconds=60, quiet=2)
    assert sent
    assert requests.post(second.rasa_url + url, json=update, headers=headers, timeout=60).ok
    time.sleep(3)
    assert len(servers.telegram.sent(chat_id)) == len(sent)
