"""Fail when `rasa test` failed a test conversation.

`rasa test --fail-on-prediction-errors` stops at the first failure and writes
no report, so `make test-rasa` runs `rasa test` as typed and this reads the
reports it wrote: RESULTS/story_report.json and failed_test_stories.yml (the
conversations, with every user message understood by the NLU model:
end-to-end). The held-out NLU sets' targets are checked by
tests/nlu/test_holdout.py, through the whole agent.

Usage: python scripts/check_test_results.py RESULTS_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List

import yaml


def conversation_problems(results: Path) -> List[str]:
    report_path = results / "story_report.json"
    if not report_path.exists():
        return [f"{report_path} is missing: did `rasa test` run?"]
    report = json.loads(report_path.read_text())
    conversations = report.get("conversation_accuracy") or {}
    total = int(conversations.get("total", 0))
    correct = int(conversations.get("correct", 0))
    print(f"test conversations: {correct} of {total} correct")
    failed_file = results / "failed_test_stories.yml"
    failed = []
    if failed_file.exists():
        content = yaml.safe_load(failed_file.read_text()) or {}
        failed = [s.get("story") for s in content.get("stories") or []]
    for name in failed:
        print(f"  FAILED: {name}")
    if total == 0:
        return ["no test conversations were run"]
    if failed or correct != total:
        return [f"{total - correct} test conversations failed; see {failed_file}"]
    return []


def main(results_dir: str) -> int:
    problems = conversation_problems(Path(results_dir))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "results"))
