"""The pieces of `make eval` that read Rasa's reports and keep the hand-written notes."""

import json

import yaml

from scripts import nlu_quality


def test_per_label_leaves_out_the_averages():
    report = {
        "greet": {"f1-score": 0.9, "support": 10},
        "macro avg": {"f1-score": 0.8},
        "weighted avg": {"f1-score": 0.85},
        "accuracy": 0.9,
    }
    assert list(nlu_quality.per_label(report)) == ["greet"]


def test_entity_reports_skip_the_intents_and_the_rule_based_ruler(tmp_path):
    for name in ("intent", "SpacyEntityExtractor", "CRFEntityExtractor"):
        (tmp_path / f"{name}_report.json").write_text(
            json.dumps(
                {"condition": {"f1-score": 0.9, "support": 3}, "macro avg": {"f1-score": 0.9}}
            )
        )
    reports = nlu_quality.entity_reports(tmp_path)
    assert list(reports) == ["CRFEntityExtractor"]
    assert list(reports["CRFEntityExtractor"]) == ["condition"]


def test_the_history_section_is_kept(tmp_path, monkeypatch):
    doc = tmp_path / "quality.md"
    doc.write_text("# NLU quality\n\nold figures\n\n## History and notes\n\n- round 1: 0.77\n")
    monkeypatch.setattr(nlu_quality, "DOC", doc)
    assert nlu_quality.kept_history() == ["## History and notes", "", "- round 1: 0.77"]
    doc.write_text("# NLU quality\n\nno notes yet\n")
    assert nlu_quality.kept_history() == []


def test_configs_drop_the_fallback_and_optionally_the_crisis_net(tmp_path, monkeypatch):
    monkeypatch.setattr(nlu_quality, "OUT", tmp_path / "cv")

    def names(path):
        return [c["name"] for c in yaml.safe_load(path.read_text())["pipeline"]]

    measured = names(nlu_quality.write_config("a", with_fallback=False, with_crisis_net=True))
    alone = names(nlu_quality.write_config("b", with_fallback=False, with_crisis_net=False))
    assert "FallbackClassifier" not in measured and nlu_quality.CRISIS_NET in measured
    assert nlu_quality.CRISIS_NET not in alone
    assert "components.intent_classifier.LinearIntentClassifier" in alone
