"""Fail when any test conversation failed in `rasa test core`.

`rasa test --fail-on-prediction-errors` stops at the first failure and writes
no report, so we run without it and read the report instead.
Usage: python scripts/check_story_results.py RESULTS_DIR
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml


def main(results_dir: str) -> int:
    results = Path(results_dir)
    report_path = results / "story_report.json"
    if not report_path.exists():
        print(f"{report_path} is missing: did `rasa test core` run?", file=sys.stderr)
        return 2
    report = json.loads(report_path.read_text())
    conversations = report.get("conversation_accuracy") or {}
    total = int(conversations.get("total", 0))
    correct = int(conversations.get("correct", 0))
    failed_file = results / "failed_test_stories.yml"
    failed = []
    if failed_file.exists():
        content = yaml.safe_load(failed_file.read_text()) or {}
        failed = [s.get("story") for s in content.get("stories") or []]
    print(f"test conversations: {correct} of {total} correct")
    for name in failed:
        print(f"  FAILED: {name}")
    if total == 0:
        print("no test conversations were run", file=sys.stderr)
        return 1
    if failed or correct != total:
        print(f"see {failed_file} for the failed turns", file=sys.stderr)
        return 1
    print(f"{correct} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "results"))
