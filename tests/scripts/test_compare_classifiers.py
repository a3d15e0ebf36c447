"""The logic of scripts/compare_classifiers.py (no model is trained here)."""

import io
import tarfile
from collections import Counter

import pytest
import yaml

from scripts import compare_classifiers as cc
from scripts.classifier_candidates import LogisticRegressionWithC


def names(config):
    return [component["name"] for component in config["pipeline"]]


def test_every_candidate_changes_only_the_intent_classifier_of_config_yml():
    base = yaml.safe_load((cc.ROOT / "config.yml").read_text())
    where = names(base).index(cc.CUSTOM)
    before, after = names(base)[:where], names(base)[where + 1 :]
    assert after[-2:] == ["components.crisis_detector.CrisisDetector", "FallbackClassifier"]
    for name, replacement in cc.CANDIDATES.items():
        config = cc.candidate_config(base, replacement)
        assert names(config) == before + [r["name"] for r in replacement] + after, name
        assert config["policies"] == base["policies"]
    assert base == yaml.safe_load((cc.ROOT / "config.yml").read_text()), "base left unchanged"


def test_a_config_without_the_custom_classifier_is_refused():
    with pytest.raises(ValueError):
        cc.candidate_config({"pipeline": [{"name": "SpacyNLP"}]}, [{"name": "X"}])


def test_the_built_in_candidates_use_word_and_character_counts():
    for name in ("rasa-lr", "rasa-lr-c30"):
        featurizers = [c for c in cc.CANDIDATES[name] if c["name"] == "CountVectorsFeaturizer"]
        assert [
            (c.get("analyzer", "word"), c["min_ngram"], c["max_ngram"]) for c in featurizers
        ] == [
            ("word", 1, 2),
            ("char_wb", 1, 4),
        ]


def test_folds_are_stratified_and_the_same_for_the_same_seed():
    labels = ["a"] * 10 + ["b"] * 15 + ["c"] * 5
    folds = cc.stratified_folds(labels, 5, seed=42)
    assert folds == cc.stratified_folds(labels, 5, seed=42)
    assert folds != cc.stratified_folds(labels, 5, seed=7)
    for fold in range(5):
        held = Counter(label for label, f in zip(labels, folds, strict=True) if f == fold)
        assert held == {"a": 2, "b": 3, "c": 1}


def test_the_data_fingerprint_changes_with_a_text_or_a_label():
    same = cc.data_fingerprint(["hi", "bye"], ["greet", "goodbye"])
    assert same == cc.data_fingerprint(["hi", "bye"], ["greet", "goodbye"])
    assert same != cc.data_fingerprint(["hi", "bye!"], ["greet", "goodbye"])
    assert same != cc.data_fingerprint(["hi", "bye"], ["greet", "greet"])


def test_the_views_read_the_graph_before_the_net_after_it_and_after_the_fallback():
    nodes = {
        "run_Classifier4": ("LinearIntentClassifier", {"messages": "run_Regex3"}),
        "run_EntitySynonymMapper7": ("EntitySynonymMapper", {"messages": "run_Spacy6"}),
        "run_net8": ("CrisisDetector", {"messages": "run_EntitySynonymMapper7"}),
        "run_FallbackClassifier9": ("FallbackClassifier", {"messages": "run_net8"}),
    }
    assert cc.view_targets(nodes) == {
        "alone": "run_EntitySynonymMapper7",
        "net": "run_net8",
        "pipeline": "run_FallbackClassifier9",
    }
    del nodes["run_net8"]
    with pytest.raises(ValueError):
        cc.view_targets(nodes)


def test_f1_covers_the_true_intents_and_a_fallback_is_a_miss():
    truth = ["greet", "greet", "deny", "deny"]
    scores = cc.f1_per_intent(truth, ["greet", "nlu_fallback", "deny", None])
    assert set(scores) == {"greet", "deny"}
    assert scores["greet"] == pytest.approx(2 / 3)
    assert cc.macro(scores) == pytest.approx(2 / 3)


def test_per_fold_macro_scores_each_fold_on_its_own():
    truth = ["a", "b", "a", "b"]
    predicted = ["a", "b", "b", "a"]
    assert cc.per_fold_macro(truth, predicted, [0, 0, 1, 1]) == [1.0, 0.0]


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert cc.percentile(values, 0.95) == 95
    assert cc.percentile(values, 0.5) == 50
    assert cc.percentile([3.0], 0.95) == 3.0


def test_the_custom_classifier_stays_only_with_the_margin_on_every_fold():
    keep, reason = cc.decide([0.95, 0.95, 0.95], [0.93, 0.935, 0.94], margin=0.01)
    assert keep and "3 of 3" in reason
    keep, _ = cc.decide([0.95, 0.95, 0.95], [0.945, 0.94, 0.94], margin=0.01)
    assert not keep, "ahead on every fold but by less than the margin"
    keep, reason = cc.decide([0.99, 0.96, 0.93], [0.94, 0.94, 0.94], margin=0.01)
    assert not keep and "2 of 3" in reason, "ahead on average but not on every fold"


def test_component_bytes_counts_only_the_named_components(tmp_path):
    model = tmp_path / "model.tar.gz"
    with tarfile.open(model, "w:gz") as archive:
        for name, size in (
            ("components/train_LogisticRegressionClassifier6/x.skops", 100),
            ("components/train_CountVectorsFeaturizer4/vocabularies.json", 20),
            ("components/train_CRFEntityExtractor7/crf.json", 1000),
        ):
            info = tarfile.TarInfo(name)
            info.size = size
            archive.addfile(info, io.BytesIO(b"x" * size))
    assert cc.component_bytes(model, ["LogisticRegressionClassifier"]) == 100
    assert cc.component_bytes(model, ["CountVectorsFeaturizer", "LogisticRegression"]) == 120


def fake_result(name, predicted, holdout_predicted, seconds=10.0):
    truth = ["greet", "ask_cost"] * 4
    return {
        "candidate": name,
        "data": "abc",
        "seed": 42,
        "folds": 2,
        "truth": truth,
        "fold_of": [0, 0, 0, 0, 1, 1, 1, 1],
        "cv_predictions": {view: predicted for view in cc.VIEWS},
        "fold_train_seconds": [seconds, seconds],
        "train_seconds": seconds,
        "converged": True,
        "model_bytes": 3_000_000,
        "classifier_bytes": 1_000_000,
        "latency_ms": [1.0, 2.0, 3.0],
        "holdout_truth": ["greet", "ask_cost"],
        "holdout_predictions": {view: holdout_predicted for view in cc.VIEWS},
    }


def test_the_report_compares_with_the_best_built_in_candidate():
    right = ["greet", "ask_cost"] * 4
    one_wrong = right[:-1] + ["greet"]
    results = {
        "custom": fake_result("custom", right, ["greet", "ask_cost"]),
        "rasa-lr": fake_result("rasa-lr", one_wrong, ["greet", "greet"]),
    }
    lines = cc.report(results)
    text = "\n".join(lines)
    assert (
        "| custom | 1.000 / 1.000 / 1.000 | 1.000 1.000 | ask_cost 1.000, greet 1.000 | 1.000"
        in text
    )
    assert "| rasa-lr | 0.873 / 0.873 / 0.873 | 1.000 0.733 |" in text
    assert "Best built-in: rasa-lr" in text
    assert "custom ahead on 1 of 2 folds" in text
    assert "Decision: use the built-in" in text
    assert all(len(line) <= 400 for line in lines)


def test_results_from_different_data_are_not_compared():
    results = {
        "custom": fake_result("custom", ["greet", "ask_cost"] * 4, ["greet", "ask_cost"]),
        "rasa-lr": fake_result("rasa-lr", ["greet", "ask_cost"] * 4, ["greet", "ask_cost"]),
    }
    results["rasa-lr"]["data"] = "other"
    with pytest.raises(SystemExit):
        cc.report(results)


def test_the_built_in_subclass_sets_c_and_keeps_rasas_other_settings():
    component = LogisticRegressionWithC({"C": 30.0}, "clf", None, None)
    assert component.clf.C == 30.0
    assert component.clf.class_weight == "balanced"
    assert component.clf.max_iter == 100
    assert LogisticRegressionWithC({}, "clf", None, None).clf.C == 1.0


def test_the_negation_featurizer_counts_the_negated_words_seen_in_training(tmp_path):
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from scripts.classifier_candidates import NegationFeaturizer

    storage, resource = LocalModelStorage(tmp_path), Resource("negation")
    context = ExecutionContext(GraphSchema({}), node_name="negation")
    featurizer = NegationFeaturizer.create({}, storage, resource, context)
    examples = [
        Message(data={"text": "they didn't agree at all", "intent": "differ"}),
        Message(data={"text": "they agree", "intent": "agree"}),
    ]
    featurizer.train(TrainingData(examples))
    assert featurizer.vocabulary == ["NEG_agree", "NEG_at"]

    loaded = NegationFeaturizer.load({}, storage, resource, context)
    message = Message(data={"text": "No, they did not agree, not at all"})
    loaded.process([message])
    sentence = message.get_sparse_features("text")[1].features.toarray()
    assert sentence.tolist() == [[1.0, 1.0]], "NEG_agree once, NEG_at once; 'NEG_all' unknown"
    plain = Message(data={"text": "they agree"})
    loaded.process([plain])
    assert plain.get_sparse_features("text")[1].features.nnz == 0
