"""Operator command: delete conversations older than a retention period.

    make forget-old DAYS=30            (embedded SQLite store, endpoints.yml)
    make forget-old DAYS=30 PROFILE=scale
    .venv/bin/python scripts/forget_old_conversations.py --days 30 [--dry-run]
        [--endpoints endpoints.yml]

A conversation is old when its latest message is more than DAYS days old; all
of it is deleted. Run it daily (cron, a Kubernetes CronJob). It prints counts
only, never conversation content.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import AvailableEndpoints

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stores.conversation_store import delete_conversations_older_than  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--days", type=float, required=True, help="retention period in days (> 0)")
    parser.add_argument(
        "--endpoints", default="endpoints.yml", help="endpoints file naming the tracker store"
    )
    parser.add_argument("--dry-run", action="store_true", help="count, but delete nothing")
    args = parser.parse_args(argv)
    if args.days <= 0:
        parser.error("--days must be more than 0")
    endpoints = AvailableEndpoints.read_endpoints(args.endpoints)
    if endpoints.tracker_store is None:
        print(f"{args.endpoints} names no tracker store: conversations are only kept in memory.")
        return 0
    store = TrackerStore.create(endpoints.tracker_store)
    count = delete_conversations_older_than(store, args.days, dry_run=args.dry_run)
    verb = "would delete" if args.dry_run else "deleted"
    print(f"{verb} {count} conversation(s) with no message in the last {args.days:g} day(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
