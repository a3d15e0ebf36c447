"""The custom intent classifier against Rasa's built-in one, on the same folds.

Issue 13, item 6: does components/intent_classifier.py (LinearIntentClassifier
over understanding/intent_model.py) earn its code against Rasa's
LogisticRegressionClassifier over CountVectorsFeaturizer? Each candidate is
config.yml with the intent classifier replaced (CANDIDATES below) and the rest
of the pipeline unchanged: spaCy, the regex features, the CRF, the entity
ruler, the crisis-language net and the FallbackClassifier.

For every candidate, with Rasa's own training and loading
(rasa.model_training.train_nlu, Agent.load):

1. 5-fold cross-validation on data/nlu, stratified by intent with a fixed
   seed, so every candidate sees exactly the same folds (`rasa test nlu
   --cross-validation` draws new folds on every run). Each fold's model is
   read at three points of its prediction graph (VIEWS): before the crisis
   net (the classifier alone), after it (the figure `make eval` reports) and
   after the FallbackClassifier (what the dialogue receives; nlu_fallback
   counts as a miss). The net and the fallback are not trained, so the first
   view is the pipeline without the net, as `make eval` measures it.
2. A model trained on all of data/nlu: training time, size on disk, latency
   of `parse_message` per held-out message, and macro-F1 on
   tests/nlu/holdout.yml.

Each candidate's figures go to results/classifier-comparison/<name>.json;
`--report` prints the comparison from those files without training.
Training caches are switched off so every training is timed from scratch.

    .venv/bin/python scripts/compare_classifiers.py            # all candidates
    .venv/bin/python scripts/compare_classifiers.py --only rasa-lr
    .venv/bin/python scripts/compare_classifiers.py --report
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import hashlib
import json
import os
import statistics
import sys
import tarfile
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a file: components/ and scripts/ must be importable

from scripts.nlu_quality import EXTRA_INTENTS, GENERAL_INTENTS  # noqa: E402

OUT = ROOT / "results" / "classifier-comparison"
DATA = ROOT / "data" / "nlu"
HOLDOUT = ROOT / "tests" / "nlu" / "holdout.yml"
FOLDS = 5
SEED = 42
CUSTOM = "components.intent_classifier.LinearIntentClassifier"
CRISIS_NET = "CrisisDetector"
FALLBACK = "FallbackClassifier"
# The prediction graph is read before the crisis net, after it, and after the fallback.
VIEWS = ("alone", "net", "pipeline")
# The decision: the custom classifier stays only if its cross-validated
# macro-F1 (with the net, as `make eval` reports it) beats the best built-in
# candidate by at least MARGIN and does so on every fold (docs/quality.md says why).
MARGIN = 0.01
LATENCY_WARMUP = 10

WORD_COUNTS = {"name": "CountVectorsFeaturizer", "min_ngram": 1, "max_ngram": 2}
CHAR_COUNTS = {
    "name": "CountVectorsFeaturizer",
    "analyzer": "char_wb",
    "min_ngram": 1,
    "max_ngram": 4,
}
LR_C30 = {
    "name": "scripts.classifier_candidates.LogisticRegressionWithC",
    "C": 30.0,
    "max_iter": 5000,
}
# Name -> the pipeline entries that replace the custom classifier in config.yml.
CANDIDATES: Dict[str, List[Dict[str, Any]]] = {
    "custom": [{"name": CUSTOM}],
    # Rasa's class exactly as shipped: C=1 (scikit-learn's default), max_iter 100.
    "rasa-lr": [WORD_COUNTS, CHAR_COUNTS, {"name": "LogisticRegressionClassifier"}],
    # The same with the custom model's C and iteration limit.
    "rasa-lr-c30": [WORD_COUNTS, CHAR_COUNTS, LR_C30],
    # ... plus the custom model's negated-word features.
    "rasa-lr-c30-neg": [
        WORD_COUNTS,
        CHAR_COUNTS,
        {"name": "scripts.classifier_candidates.NegationFeaturizer"},
        LR_C30,
    ],
}


# --- Pure helpers (tested in tests/scripts/test_compare_classifiers.py) ---


def candidate_config(base: Dict[str, Any], replacement: List[Dict[str, Any]]) -> Dict[str, Any]:
    """`base` (config.yml) with its custom intent classifier replaced by `replacement`."""
    config = copy.deepcopy(base)
    pipeline = config["pipeline"]
    where = [i for i, component in enumerate(pipeline) if component["name"] == CUSTOM]
    if len(where) != 1:
        raise ValueError(f"config.yml should name {CUSTOM} exactly once")
    i = where[0]
    config["pipeline"] = pipeline[:i] + copy.deepcopy(replacement) + pipeline[i + 1 :]
    return config


def stratified_folds(labels: Sequence[str], folds: int, seed: int) -> List[int]:
    """The fold (0..folds-1) of each example: stratified by label, the same for a given seed."""
    from sklearn.model_selection import StratifiedKFold

    fold_of = [-1] * len(labels)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for fold, (_, test) in enumerate(splitter.split(list(labels), list(labels))):
        for i in test:
            fold_of[i] = fold
    return fold_of


def data_fingerprint(texts: Sequence[str], labels: Sequence[str]) -> str:
    """Changes when the data (or its order) changes: results from other data are not compared."""
    digest = hashlib.sha256()
    for text, label in zip(texts, labels, strict=True):
        digest.update(f"{label}\t{text}\n".encode())
    return digest.hexdigest()[:16]


def view_targets(nodes: Dict[str, Tuple[str, Dict[str, str]]]) -> Dict[str, str]:
    """Graph node to read for each view, from {node: (component class name, needs)}."""
    by_class = {uses: name for name, (uses, _) in nodes.items()}
    if CRISIS_NET not in by_class or FALLBACK not in by_class:
        raise ValueError(f"the pipeline needs both {CRISIS_NET} and {FALLBACK}")
    net = by_class[CRISIS_NET]
    return {"alone": nodes[net][1]["messages"], "net": net, "pipeline": by_class[FALLBACK]}


def f1_per_intent(truth: Sequence[str], predicted: Sequence[Optional[str]]) -> Dict[str, float]:
    """F1 of each intent of `truth`. A prediction outside them (nlu_fallback, none) is a miss."""
    from sklearn.metrics import f1_score

    labels = sorted(set(truth))
    scores = f1_score(
        list(truth),
        [p if p is not None else "" for p in predicted],
        labels=labels,
        average=None,
        zero_division=0,
    )
    return {label: float(score) for label, score in zip(labels, scores, strict=True)}


def macro(scores: Dict[str, float]) -> float:
    return sum(scores.values()) / len(scores)


def per_fold_macro(
    truth: Sequence[str], predicted: Sequence[Optional[str]], fold_of: Sequence[int]
) -> List[float]:
    figures = []
    for fold in sorted(set(fold_of)):
        idx = [i for i, f in enumerate(fold_of) if f == fold]
        figures.append(macro(f1_per_intent([truth[i] for i in idx], [predicted[i] for i in idx])))
    return figures


def topic_intents(scores: Dict[str, float]) -> Dict[str, float]:
    return {k: v for k, v in scores.items() if k not in GENERAL_INTENTS | EXTRA_INTENTS}


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-share * len(ordered) // 1))))
    return ordered[rank - 1]


def paired_differences(custom: Sequence[float], other: Sequence[float]) -> List[float]:
    return [c - o for c, o in zip(custom, other, strict=True)]


def decide(
    custom_folds: Sequence[float], other_folds: Sequence[float], margin: float = MARGIN
) -> Tuple[bool, str]:
    """Keep the custom classifier? Only if it wins by `margin` on average and on every fold."""
    differences = paired_differences(custom_folds, other_folds)
    mean = statistics.mean(differences)
    wins = sum(d > 0 for d in differences)
    keep = mean >= margin and wins == len(differences)
    reason = (
        f"mean paired difference {mean:+.4f} (margin {margin}), "
        f"custom ahead on {wins} of {len(differences)} folds"
    )
    return keep, reason


# --- Training and prediction with Rasa ---


def _graph_nodes(agent: Any) -> Dict[str, Tuple[str, Dict[str, str]]]:
    schema = agent.processor.model_metadata.predict_schema
    return {name: (node.uses.__name__, dict(node.needs)) for name, node in schema.nodes.items()}


def predict(agent: Any, texts: Sequence[str]) -> Dict[str, List[Optional[str]]]:
    """The intent of each text in each view, from the trained prediction graph."""
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE
    from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY

    predictions = {}
    for view, target in view_targets(_graph_nodes(agent)).items():
        # Fresh messages for every view: components change the messages they process.
        messages = [UserMessage(text) for text in texts]
        output = agent.processor.graph_runner.run(
            inputs={PLACEHOLDER_MESSAGE: messages}, targets=[target]
        )[target]
        predictions[view] = [(m.get(INTENT) or {}).get(INTENT_NAME_KEY) for m in output]
    return predictions


def train(
    config: Dict[str, Any], examples: Any, workdir: Path, name: str
) -> Tuple[Path, float, bool]:
    """Train an NLU model with Rasa on `examples` (a TrainingData).

    Returns the model's path, the seconds it took and whether scikit-learn converged.
    """
    from rasa.model_training import train_nlu
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from sklearn.exceptions import ConvergenceWarning

    config_path = workdir / f"{name}-config.yml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    data_path = workdir / f"{name}-data.yml"
    RasaYAMLWriter().dump(data_path, examples)
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model = train_nlu(str(config_path), str(data_path), str(workdir), fixed_model_name=name)
    seconds = time.perf_counter() - started
    if model is None:
        raise RuntimeError(f"training {name} failed")
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    return Path(model), seconds, converged


def component_bytes(model: Path, class_names: Sequence[str]) -> int:
    """Uncompressed size of the stored parts of the named components in a model archive."""
    with tarfile.open(model) as archive:
        return sum(
            member.size
            for member in archive.getmembers()
            if member.isfile() and any(name in member.name for name in class_names)
        )


def latency_ms(agent: Any, texts: Sequence[str]) -> List[float]:
    """Milliseconds of `parse_message` for each text, one message at a time, after a warm-up."""
    from rasa.core.channels.channel import UserMessage

    async def timed() -> List[float]:
        for text in texts[:LATENCY_WARMUP]:
            await agent.processor.parse_message(UserMessage(text))
        figures = []
        for text in texts:
            started = time.perf_counter()
            await agent.processor.parse_message(UserMessage(text))
            figures.append((time.perf_counter() - started) * 1000)
        return figures

    return asyncio.run(timed())


def _subset(data: Any, examples: List[Any]) -> Any:
    from rasa.shared.nlu.training_data.training_data import TrainingData

    # As rasa.nlu.test.generate_folds builds its folds.
    return TrainingData(
        training_examples=examples,
        entity_synonyms=data.entity_synonyms,
        regex_features=data.regex_features,
        lookup_tables=data.lookup_tables,
        responses=data.responses,
    )


def run_candidate(name: str, base: Dict[str, Any]) -> Dict[str, Any]:
    from rasa.core.agent import Agent
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.loading import load_data

    replacement = CANDIDATES[name]
    config = candidate_config(base, replacement)
    data = load_data(str(DATA))
    examples = data.intent_examples
    texts = [e.get(TEXT) for e in examples]
    truth = [e.get_full_intent() for e in examples]
    fold_of = stratified_folds(truth, FOLDS, SEED)
    cv: Dict[str, List[Optional[str]]] = {view: [None] * len(examples) for view in VIEWS}
    fold_seconds: List[float] = []
    fold_converged: List[bool] = []
    with tempfile.TemporaryDirectory(prefix=f"compare-{name}-") as tmp:
        workdir = Path(tmp)
        for fold in range(FOLDS):
            train_idx = [i for i, f in enumerate(fold_of) if f != fold]
            test_idx = [i for i, f in enumerate(fold_of) if f == fold]
            model, seconds, converged = train(
                config, _subset(data, [examples[i] for i in train_idx]), workdir, f"fold{fold}"
            )
            fold_seconds.append(seconds)
            fold_converged.append(converged)
            predicted = predict(Agent.load(str(model)), [texts[i] for i in test_idx])
            for view in VIEWS:
                for i, intent in zip(test_idx, predicted[view], strict=True):
                    cv[view][i] = intent
            model.unlink()
            print(f"{name}: fold {fold + 1}/{FOLDS} trained in {seconds:.0f} s", file=sys.stderr)

        model, seconds, converged = train(config, data, workdir, "all")
        agent = Agent.load(str(model))
        held_out = load_data(str(HOLDOUT)).intent_examples
        held_out_texts = [e.get(TEXT) for e in held_out]
        latencies = latency_ms(agent, held_out_texts)
        result = {
            "candidate": name,
            "replaces_classifier_with": replacement,
            "data": data_fingerprint(texts, truth),
            "seed": SEED,
            "folds": FOLDS,
            "truth": truth,
            "fold_of": fold_of,
            "cv_predictions": cv,
            "fold_train_seconds": fold_seconds,
            "train_seconds": seconds,
            "converged": all(fold_converged) and converged,
            "model_bytes": model.stat().st_size,
            "classifier_bytes": component_bytes(
                model, [entry["name"].rsplit(".", 1)[-1] for entry in replacement]
            ),
            "latency_ms": latencies,
            "holdout_truth": [e.get_full_intent() for e in held_out],
            "holdout_predictions": predict(agent, held_out_texts),
        }
    return result


# --- Report ---


def summary(result: Dict[str, Any]) -> Dict[str, Any]:
    truth, cv = result["truth"], result["cv_predictions"]
    scores = {view: f1_per_intent(truth, cv[view]) for view in VIEWS}
    held_out = {
        view: macro(f1_per_intent(result["holdout_truth"], result["holdout_predictions"][view]))
        for view in VIEWS
    }
    return {
        "macro": {view: macro(scores[view]) for view in VIEWS},
        "folds": per_fold_macro(truth, cv["net"], result["fold_of"]),
        "lowest": sorted(scores["net"].items(), key=lambda kv: kv[1])[:3],
        "lowest_topic": min(topic_intents(scores["net"]).values(), default=float("nan")),
        "held_out": held_out,
        "train_seconds": result["train_seconds"],
        "fold_train_seconds": statistics.mean(result["fold_train_seconds"]),
        "latency_median": statistics.median(result["latency_ms"]),
        "latency_p95": percentile(result["latency_ms"], 0.95),
        "model_bytes": result["model_bytes"],
        "classifier_bytes": result["classifier_bytes"],
        "converged": result["converged"],
    }


def _figures(by_view: Dict[str, float]) -> str:
    return " / ".join(f"{by_view[view]:.3f}" for view in VIEWS)


def render(summaries: Dict[str, Dict[str, Any]]) -> List[str]:
    """Markdown tables of the figures, candidates in the order given."""
    lines = [
        "| candidate | CV macro-F1: alone / with net / with net + fallback | per fold (with net)"
        " | lowest intents (with net) | lowest topic intent | held-out macro-F1: alone / net /"
        " net + fallback |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, s in summaries.items():
        lines.append(
            f"| {name} | {_figures(s['macro'])}"
            f" | {' '.join(f'{f:.3f}' for f in s['folds'])}"
            f" | {', '.join(f'{k} {v:.3f}' for k, v in s['lowest'])}"
            f" | {s['lowest_topic']:.3f}"
            f" | {_figures(s['held_out'])} |"
        )
    lines += [
        "",
        "| candidate | training, all data (s) | training per fold (s, mean) | parse_message median"
        " / p95 (ms) | model archive (MB) | classifier + its featurizers, unpacked (MB)"
        " | converged |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, s in summaries.items():
        lines.append(
            f"| {name} | {s['train_seconds']:.0f} | {s['fold_train_seconds']:.0f}"
            f" | {s['latency_median']:.1f} / {s['latency_p95']:.1f}"
            f" | {s['model_bytes'] / 1e6:.2f} | {s['classifier_bytes'] / 1e6:.2f}"
            f" | {'yes' if s['converged'] else 'no (max_iter reached)'} |"
        )
    return lines


def report(results: Dict[str, Dict[str, Any]]) -> List[str]:
    fingerprints = {(r["data"], r["seed"], r["folds"]) for r in results.values()}
    if len(fingerprints) != 1:
        raise SystemExit("results come from different data, seeds or folds: rerun them all")
    summaries = {name: summary(r) for name, r in results.items()}
    lines = render(summaries)
    if "custom" in summaries and len(summaries) > 1:
        others = {k: v for k, v in summaries.items() if k != "custom"}
        best = max(others, key=lambda k: others[k]["macro"]["net"])
        differences = paired_differences(summaries["custom"]["folds"], others[best]["folds"])
        keep, reason = decide(summaries["custom"]["folds"], others[best]["folds"])
        lines += [
            "",
            f"Best built-in: {best}. Paired per-fold differences (custom - {best}): "
            + " ".join(f"{d:+.3f}" for d in differences)
            + f" (standard deviation {statistics.stdev(differences):.4f}).",
            f"Decision: {'keep the custom classifier' if keep else 'use the built-in'} ({reason}).",
        ]
    return lines


def load_results() -> Dict[str, Dict[str, Any]]:
    return {
        name: json.loads((OUT / f"{name}.json").read_text())
        for name in CANDIDATES
        if (OUT / f"{name}.json").exists()
    }


def quiet_rasa() -> None:
    """Warnings only: Rasa's debug log of every parsed message would also slow the timings."""
    import logging

    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=list(CANDIDATES), help="candidates to run")
    parser.add_argument("--report", action="store_true", help="report saved results, no training")
    args = parser.parse_args(argv)
    # Every training from scratch (timed fairly), and nothing written to a shared cache.
    os.environ["RASA_MAX_CACHE_SIZE"] = "0"
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.chdir(ROOT)  # config.yml's paths (the spaCy pipeline) are relative to the project
    quiet_rasa()
    if not args.report:
        base = yaml.safe_load((ROOT / "config.yml").read_text())
        OUT.mkdir(parents=True, exist_ok=True)
        for name in args.only or list(CANDIDATES):
            result = run_candidate(name, base)
            (OUT / f"{name}.json").write_text(json.dumps(result))
    print("\n".join(report(load_results())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
