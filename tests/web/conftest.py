"""A real browser against the real page, Rasa server and action server.

The page is served by scripts/serve_web.py (what `make run` uses) on a free
loopback port; the shared Rasa server (tests/conftest.py) allows that origin
with --cors, as run.sh does.
Headless Chromium comes from Debian (`make browser`), the widget and axe-core
from npm (`make web`); without them these tests are skipped with the reason.
"""

from __future__ import annotations

import importlib.util
import shutil
import threading
from pathlib import Path

import pytest

from tests.integration.conftest import ROOT, Servers

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WEB = ROOT / "web"
WIDGET_BUNDLE = WEB / "node_modules" / "rasa-webchat" / "lib" / "index.js"
AXE = WEB / "node_modules" / "axe-core" / "axe.min.js"
# Flags for a container without a GPU, a user namespace sandbox or a large /dev/shm.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]


def missing_tools() -> str | None:
    """Why the browser tests can't run here, or None."""
    if importlib.util.find_spec("selenium") is None:
        return "selenium is not installed: run `make install`"
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        return (
            "Chromium or chromedriver is missing (/usr/bin/chromium, /usr/bin/chromedriver): "
            "run `make browser`"
        )
    if shutil.which("npm") is None or shutil.which("node") is None:
        return "node/npm is missing: run `make web` (installs Debian's nodejs and npm)"
    if not (WIDGET_BUNDLE.exists() and AXE.exists()):
        return "the page's npm packages are missing (web/node_modules): run `make web`"
    return None


def load_serve_web():
    spec = importlib.util.spec_from_file_location("serve_web", ROOT / "scripts" / "serve_web.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class WebStack:
    """The page's server plus the Rasa and action servers it talks to."""

    def __init__(self, servers: Servers, page_url: str):
        self.servers = servers
        self.page_url = page_url


@pytest.fixture(scope="session")
def web_stack(servers):
    reason = missing_tools()
    if reason:
        pytest.skip(reason)
    # The shared Rasa server already allows this origin (--cors, tests/conftest.py).
    page_server = load_serve_web().make_server("127.0.0.1", servers.web_port, servers.rasa_url)
    threading.Thread(target=page_server.serve_forever, daemon=True).start()
    try:
        yield WebStack(servers, f"{servers.web_origin}/")
    finally:
        page_server.shutdown()
        page_server.server_close()


@pytest.fixture
def browser():
    """A fresh headless Chromium (empty localStorage) per test."""
    reason = missing_tools()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS + ["--window-size=1280,900", "--lang=en-US"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
