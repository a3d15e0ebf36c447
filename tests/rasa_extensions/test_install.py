"""The extensions install from one place, once, and only on the Rasa release they were
written for."""

import subprocess
import sys
from pathlib import Path

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.processor import MessageProcessor

import rasa_extensions
from rasa_extensions import SUPPORTED_RASA_VERSION, UnsupportedRasaVersion, check_rasa_version

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "current.tar.gz"


def test_the_pinned_release_is_accepted():
    check_rasa_version(SUPPORTED_RASA_VERSION)


@pytest.mark.parametrize("other", ["3.6.20", "3.6.22", "3.7.0", "4.0.0"])
def test_any_other_release_is_refused_with_a_clear_message(other):
    with pytest.raises(UnsupportedRasaVersion) as refused:
        check_rasa_version(other)
    message = str(refused.value)
    assert SUPPORTED_RASA_VERSION in message and other in message
    assert "make install" in message


def test_install_twice_wraps_nothing_twice():
    rasa_extensions.install()
    run, handle = RemoteAction.run, MessageProcessor.handle_message
    rasa_extensions.install()
    assert (RemoteAction.run, MessageProcessor.handle_message) == (run, handle)


def test_importing_the_package_changes_nothing():
    code = (
        "from rasa.core.actions.action import RemoteAction\n"
        "original = RemoteAction.run\n"
        "import rasa_extensions, rasa_extensions.action_outage\n"
        "assert RemoteAction.run is original\n"
        "rasa_extensions.install()\n"
        "assert RemoteAction.run is not original\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


@pytest.mark.skipif(not MODEL.exists(), reason="needs the trained model: make train")
def test_the_server_refuses_to_start_on_another_rasa(tmp_path):
    """`rasa run` on another release stops with the message, instead of serving without a model."""
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: stores.sqlite_tracker_store.SQLiteTrackerStore\n"
        f"  db: {tmp_path / 'conversations.db'}\n"
    )
    code = (
        "import sys, rasa\n"
        "rasa.__version__ = '3.6.20'\n"
        "from rasa.__main__ import main\n"
        f"sys.argv = ['rasa', 'run', '--model', {str(MODEL)!r}, '-i', '127.0.0.1',\n"
        f"            '--port', '0', '--endpoints', {str(endpoints)!r}]\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={"PATH": "/usr/bin:/bin", "RASA_TELEMETRY_ENABLED": "false"},
    )
    assert result.returncode != 0
    assert f"needs Rasa {SUPPORTED_RASA_VERSION}, but Rasa 3.6.20 is installed" in result.stderr
    assert "Rasa server is up and running" not in result.stdout + result.stderr
