"""make test-rasa fails on a failed test conversation."""

import json

import yaml

from scripts.check_test_results import main


def _results(tmp_path, correct=10, total=10, failed=()):
    (tmp_path / "story_report.json").write_text(
        json.dumps({"conversation_accuracy": {"correct": correct, "total": total}})
    )
    if failed:
        stories = [{"story": name, "steps": []} for name in failed]
        (tmp_path / "failed_test_stories.yml").write_text(yaml.safe_dump({"stories": stories}))
    return str(tmp_path)


def test_all_passed(tmp_path, capsys):
    assert main(_results(tmp_path)) == 0
    assert "10 of 10 correct" in capsys.readouterr().out


def test_a_failed_conversation_fails(tmp_path, capsys):
    assert main(_results(tmp_path, correct=9, failed=["skip the state"])) == 1
    assert "FAILED: skip the state" in capsys.readouterr().out


def test_a_count_short_of_the_total_fails_without_a_failed_file(tmp_path):
    assert main(_results(tmp_path, correct=9)) == 1


def test_missing_reports_fail(tmp_path):
    assert main(str(tmp_path)) == 1


def test_no_conversations_fails(tmp_path):
    assert main(_results(tmp_path, correct=0, total=0)) == 1
