"""The real servers, started once for the whole test session and shared by
tests/integration and tests/web (a Rasa server start costs about a minute).

`make test` trains models/current.tar.gz before pytest runs; without it the
tests that need the servers are skipped with the reason given.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from scripts.loopback import free_port
from tests.fakes.npi_registry_server import FakeNpiRegistry
from tests.fakes.slack_api_server import FakeSlackApi
from tests.fakes.telegram_api_server import FakeTelegramApi
from tests.integration.conftest import MODEL, Servers


@pytest.fixture(scope="session")
def servers():
    if not MODEL.exists():
        pytest.skip(f"no trained model at {MODEL}: run `make train` (make test does it first)")
    registry = FakeNpiRegistry().start()
    # Local stand-ins for Slack and Telegram, so that one Rasa server start serves their tests too.
    slack = FakeSlackApi().start()
    telegram = FakeTelegramApi().start()
    # The web page's origin (tests/web serves it on this port): Rasa must allow it, as run.sh does.
    web_port = free_port()
    web_origin = f"http://127.0.0.1:{web_port}"
    with tempfile.TemporaryDirectory(prefix="second-opinion-it-") as tmp:
        running = Servers(
            Path(tmp),
            registry,
            extra_env={**slack.env(), **telegram.env()},
            rasa_args=["--cors", web_origin],
        )
        running.slack, running.telegram = slack, telegram
        running.web_port, running.web_origin = web_port, web_origin
        try:
            running.launch_actions()
            running.launch_rasa()
            running.wait_actions()
            running.wait_rasa()
            yield running
        finally:
            running.stop_all()
            registry.stop()
            slack.stop()
            telegram.stop()
