"""Real servers for the integration tests: the action server and a Rasa server
with the trained model, on free loopback ports. The session-wide `servers`
fixture that starts them is in tests/conftest.py (shared with tests/web).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests

from scripts.loopback import free_port, stop, wait_until_up
from tests.fakes.action_server_proxy import ActionServerProxy
from tests.fakes.npi_registry_server import FakeNpiRegistry
from tests.services import POSTGRES_PORT, REDIS_PORT, listening

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "current.tar.gz"
BIN = Path(sys.executable).parent
# The action server runs from its slim environment (no Rasa, no TensorFlow),
# as in `make run`; `make test` installs it first.
ACTIONS_PYTHON = ROOT / ".venv-actions" / "bin" / "python"
# Printable documents' link secret: the same for every server of the session (replicas too).
DOCUMENTS_SECRET = os.environ.get("DOCUMENTS_SECRET") or secrets.token_urlsafe(32)


class Servers:
    """An action server and a Rasa server; or, with `endpoints`, a Rasa server alone (a replica)."""

    def __init__(
        self,
        workdir: Path,
        registry: FakeNpiRegistry,
        endpoints: Path | None = None,
        extra_env: dict | None = None,
        rasa_args: list | None = None,
    ):
        self.workdir = workdir
        # More `rasa run` options, e.g. ["--cors", origin] for a web page on another port.
        self.rasa_args = list(rasa_args or [])
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.registry = registry
        self.actions_port = free_port()
        self.rasa_port = free_port()
        self.env = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "NPPES_API_URL": registry.url,
            # Above the NPI client's 5 s, as in production (10 s), but quicker to test.
            "ACTION_SERVER_TIMEOUT": "8",
            "DOCUMENTS_SECRET": DOCUMENTS_SECRET,
            # Links name the Rasa server the test talks to.
            "DOCUMENTS_BASE_URL": f"http://127.0.0.1:{self.rasa_port}",
            **(extra_env or {}),
        }
        self.processes = []
        self.action_proxy = None
        if endpoints is not None:
            self.endpoints = endpoints
            return
        # The Rasa server reaches the action server through a proxy that tests can make slow.
        self.action_proxy = ActionServerProxy(self.actions_port).start()
        self.endpoints = workdir / "endpoints.yml"
        self.endpoints.write_text(
            f'action_endpoint:\n  url: "{self.action_proxy.url}/webhook"\n'
            "tracker_store:\n"
            "  type: stores.sqlite_tracker_store.SQLiteTrackerStore\n"
            f"  db: {workdir / 'conversations.db'}\n"
        )

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def start_actions(self) -> None:
        self.launch_actions()
        self.wait_actions()

    def launch_actions(self) -> None:
        """Start the action server's process without waiting for it (see wait_actions)."""
        if not ACTIONS_PYTHON.exists():
            raise RuntimeError(f"{ACTIONS_PYTHON} is missing: run `make install` first")
        self.actions_log = self.workdir / "action-server.log"
        process = subprocess.Popen(
            [
                str(ACTIONS_PYTHON),
                *("-m", "rasa_sdk", "--actions", "actions"),
                *("--port", str(self.actions_port)),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=open(self.actions_log, "w"),
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        self.action_process = process

    def wait_actions(self) -> None:
        wait_until_up(
            f"http://127.0.0.1:{self.actions_port}/health", self.action_process, self.actions_log
        )

    def start_rasa(self) -> None:
        self.launch_rasa()
        self.wait_rasa()

    def launch_rasa(self) -> None:
        """Start the Rasa server's process without waiting for it (see wait_rasa).

        A Rasa server spends most of a minute loading on one core: servers
        launched together and then waited for start in about the time of one.
        """
        log = self.workdir / "rasa-server.log"
        self.rasa_log = log
        process = subprocess.Popen(
            [
                str(BIN / "rasa"),
                "run",
                "--model",
                str(MODEL),
                "-i",
                "127.0.0.1",
                "--port",
                str(self.rasa_port),
                "--credentials",
                str(ROOT / "credentials.yml"),
                "--endpoints",
                str(self.endpoints),
                *self.rasa_args,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=open(log, "w"),
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        self.rasa_process = process

    def wait_rasa(self) -> None:
        wait_until_up(f"{self.rasa_url}/", self.rasa_process, self.rasa_log)

    def stop_actions(self) -> None:
        stop(self.action_process)
        self.processes.remove(self.action_process)

    def restart_rasa(self) -> None:
        """Stop the Rasa server and start it again on the same port and tracker store."""
        stop(self.rasa_process)
        self.processes.remove(self.rasa_process)
        self.start_rasa()

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            stop(process)
        if self.action_proxy is not None:
            self.action_proxy.stop()


# Rasa's HTTP API on the second scale-out replica, as an operator might turn it on.
SCALE_API_TOKEN = "it-api-token-" + uuid.uuid4().hex


def drop_database(db_name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    connection.autocommit = True
    connection.cursor().execute(f'DROP DATABASE IF EXISTS "{db_name}"')
    connection.close()


@pytest.fixture(scope="session")
def scale_replicas(servers):
    """Two Rasa replicas with the scale profile (endpoints.scale.yml): a new database on
    the real PostgreSQL, the real Redis as lock store, the session's action server
    behind its slowable proxy, Slack's and Telegram's stand-ins. The second one has
    Rasa's HTTP API on, with SCALE_API_TOKEN. Shared by test_scale_out and
    test_failover (starting replicas is the slowest part of both); yields
    ([first, second], database name).
    """
    if not (listening(POSTGRES_PORT) and listening(REDIS_PORT)):
        pytest.skip(
            "the scale-out profile needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379"
        )
    from rasa.core.tracker_store import SQLTrackerStore

    db_name = f"second_opinion_it_{uuid.uuid4().hex[:8]}"
    env = {
        "ACTION_SERVER_URL": f"{servers.action_proxy.url}/webhook",
        "DB_HOST": "127.0.0.1",
        "DB_PORT": str(POSTGRES_PORT),
        "DB_USER": "postgres",
        "DB_PASSWORD": "",
        "DB_NAME": db_name,
        "DB_LOGIN_DB": "postgres",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": str(REDIS_PORT),
        "REDIS_PASSWORD": "",
        "REDIS_DB": "1",
        **servers.slack.env(),
        **servers.telegram.env(),
    }
    # The database and its tables first: the replicas start together and would
    # both try to create them.
    SQLTrackerStore(
        dialect="postgresql",
        host="127.0.0.1",
        port=POSTGRES_PORT,
        db=db_name,
        username="postgres",
        password="",
        login_db="postgres",
    ).engine.dispose()
    started = []
    try:
        for index in range(2):
            api = ["--enable-api", "--auth-token", SCALE_API_TOKEN] if index == 1 else []
            replica = Servers(
                servers.workdir / f"replica{index}",
                servers.registry,
                endpoints=ROOT / "endpoints.scale.yml",
                extra_env=env,
                rasa_args=api,
            )
            replica.launch_rasa()
            started.append(replica)
        for replica in started:
            replica.wait_rasa()
        yield started, db_name
    finally:
        for replica in started:
            replica.stop_all()
        drop_database(db_name)


class Chat:
    """One conversation over the REST channel."""

    def __init__(self, base_url: str, sender: str | None = None):
        self.url = f"{base_url}/webhooks/rest/webhook"
        self.sender = sender or f"it-{uuid.uuid4().hex[:12]}"

    def send(self, message: str) -> list:
        response = requests.post(
            self.url, json={"sender": self.sender, "message": message}, timeout=60
        )
        assert response.status_code == 200, response.text
        return response.json()

    def say(self, message: str) -> str:
        """Send and return all reply texts joined, for simple assertions."""
        return "\n".join(m.get("text", "") for m in self.send(message))


@pytest.fixture
def chat(servers):
    return Chat(servers.rasa_url)


async def hang_up(client) -> None:
    """Close a python-socketio client's connection without waiting for its long-poll.

    `client.disconnect()` on the polling transport waits for the pending poll
    request, which the server holds until its ping interval ends (about 30 s
    here); the websocket transport can't be used with the pinned aiohttp. The
    engine.io close packet tells the server the same thing at once.
    """
    await client.eio.disconnect(abort=True)
