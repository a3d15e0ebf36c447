"""The retention command, run as an operator would, on a real SQLite tracker store."""

import asyncio
import subprocess
import sys
import time
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

ROOT = Path(__file__).resolve().parents[2]
DAY = 86400.0


def stored(db: Path, sender: str, last_message_at: float) -> None:
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    tracker = DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_listen", timestamp=last_message_at - 5),
            UserUttered("hello", {"name": "greet"}, timestamp=last_message_at),
        ],
    )
    asyncio.run(store.save(tracker))
    store.engine.dispose()


def senders(db: Path) -> set:
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    try:
        return set(asyncio.run(store.keys()))
    finally:
        store.engine.dispose()


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/forget_old_conversations.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deletes_conversations_older_than_the_period_and_keeps_the_rest(tmp_path):
    db = tmp_path / "conversations.db"
    now = time.time()
    stored(db, "old", now - 90 * DAY)
    stored(db, "recent", now - 1 * DAY)
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {db}\n")

    dry = run("--days", "30", "--endpoints", str(endpoints), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would delete 1 conversation(s)" in dry.stdout
    assert senders(db) == {"old", "recent"}

    real = run("--days", "30", "--endpoints", str(endpoints))
    assert real.returncode == 0, real.stderr
    assert "deleted 1 conversation(s)" in real.stdout
    assert senders(db) == {"recent"}
    assert "hello" not in real.stdout + real.stderr  # counts only, never content


def test_a_period_of_zero_days_is_refused(tmp_path):
    result = run("--days", "0", "--endpoints", str(tmp_path / "none.yml"))
    assert result.returncode != 0
    assert "--days must be more than 0" in result.stderr
