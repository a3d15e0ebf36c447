"""NLU quality: 5-fold cross-validation, a held-out test set and the training time.

Writes docs/quality.md (its "## History and notes" section, written by hand,
is kept) and exits non-zero when a target is missed: intent
macro-F1 >= 0.93 in cross-validation, no topic intent under 0.85, training
under 5 minutes on 2 cores.

What is measured is the intent classifier: the pipeline of config.yml without
its FallbackClassifier. The fallback is a dialogue choice (below a confidence
threshold the bot says it did not understand and offers topics); with it, an
uncertain but correct prediction counts as an error. Set WITH_FALLBACK=1 to
measure the whole pipeline instead.

Three measurements:
1. Cross-validation of the pipeline (the crisis-language net included): the
   target figure.
2. The same without the crisis-language net. Its patterns were written from
   the emergency examples, so (1) overstates how well unseen emergency
   wordings are classified; (2) shows the classifier on its own.
3. The held-out set tests/nlu/holdout.yml (written separately from data/nlu,
   never trained on): a model trained on all of data/nlu, timed, then tested.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "results" / "cross-validation"
DOC = ROOT / "docs" / "quality.md"
HOLDOUT = ROOT / "tests" / "nlu" / "holdout.yml"
# The Spanish held-out set, tested on the same model (one model for both languages).
HOLDOUT_ES = ROOT / "tests" / "nlu" / "holdout_es.yml"
MACRO_TARGET = 0.93
TOPIC_TARGET = 0.85
TRAINING_TARGET_SECONDS = 5 * 60
GENERAL_INTENTS = {
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "bot_challenge",
    "help",
    "out_of_scope",
    "human_handoff",
    "emergency",
    "inform",
}
# Intents outside the contract's list (MACRO_TARGET is over the contract's
# intents): "delete my data".
EXTRA_INTENTS = {"request_forget_me"}
CRISIS_NET = "components.crisis_detector.CrisisDetector"
HISTORY_HEADING = "## History and notes"
AVERAGES = ("macro avg", "weighted avg", "micro avg", "accuracy")
RASA_ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}


def rasa(*args: str) -> None:
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "rasa"), *args], cwd=ROOT, check=True, env=RASA_ENV
    )


def write_config(name: str, with_fallback: bool, with_crisis_net: bool) -> Path:
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    dropped = set() if with_fallback else {"FallbackClassifier"}
    if not with_crisis_net:
        dropped.add(CRISIS_NET)
    config["pipeline"] = [c for c in config["pipeline"] if c["name"] not in dropped]
    path = OUT.parent / f"{name}-config.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def cross_validate(config: Path, folds: int, out: Path) -> float:
    started = time.monotonic()
    rasa(
        "test",
        "nlu",
        "--nlu",
        "data/nlu",
        "--config",
        str(config),
        "--cross-validation",
        "--folds",
        str(folds),
        "--out",
        str(out),
        "--no-plot",
    )
    return time.monotonic() - started


def per_label(report: Dict) -> Dict[str, Dict]:
    return {
        k: v
        for k, v in report.items()
        if isinstance(v, dict) and "f1-score" in v and k not in AVERAGES
    }


def entity_reports(out: Path) -> Dict[str, Dict]:
    """Per learned extractor: {entity: report}; the ruler's (SpacyEntityExtractor) is left out."""
    reports = {}
    for path in sorted(out.glob("*_report.json")):
        extractor = path.name[: -len("_report.json")]
        if extractor in ("intent", "response_selection", "SpacyEntityExtractor"):
            continue
        reports[extractor] = per_label(json.loads(path.read_text()))
    return reports


def training_time() -> float:
    """`rasa train` of the real config.yml from scratch (NLU and dialogue), in seconds."""
    workdir = Path(tempfile.mkdtemp(prefix="nlu-training-"))
    try:
        started = time.monotonic()
        rasa(
            "train",
            "--config",
            "config.yml",
            "--domain",
            "domain.yml",
            "--data",
            "data",
            "--out",
            str(workdir),
            "--force",
        )
        return time.monotonic() - started
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def holdout(
    config: Path, sets: Tuple[Path, ...] = (HOLDOUT, HOLDOUT_ES)
) -> Dict[Path, Tuple[Dict, Dict[str, Dict]]]:
    """Train the measured NLU pipeline on all of data/nlu, test it on each held-out set."""
    sets = tuple(path for path in sets if path.exists())
    if not sets:
        return {}
    workdir = Path(tempfile.mkdtemp(prefix="nlu-holdout-"))
    try:
        rasa(
            "train",
            "nlu",
            "--config",
            str(config),
            "--nlu",
            "data/nlu",
            "--out",
            str(workdir),
            "--fixed-model-name",
            "holdout",
        )
        results = {}
        for path in sets:
            out = OUT.parent / path.stem
            rasa(
                "test",
                "nlu",
                "--model",
                str(workdir / "holdout.tar.gz"),
                "--nlu",
                str(path),
                "--out",
                str(out),
                "--no-plot",
            )
            results[path] = (
                json.loads((out / "intent_report.json").read_text()),
                entity_reports(out),
            )
        return results
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def entity_lines(reports: Dict[str, Dict]) -> List[str]:
    lines = []
    for extractor, labels in reports.items():
        figures = ", ".join(
            f"`{name}` F1 {v['f1-score']:.3f} ({v['support']} spans)"
            for name, v in sorted(labels.items())
        )
        lines.append(f"- Entities ({extractor}): {figures}")
    return lines


def kept_history() -> List[str]:
    if not DOC.exists():
        return []
    text = DOC.read_text()
    start = text.find(HISTORY_HEADING)
    return text[start:].rstrip("\n").splitlines() if start >= 0 else []


def main() -> int:
    folds = int(os.environ.get("FOLDS", "5"))
    with_fallback = os.environ.get("WITH_FALLBACK") == "1"

    seconds = cross_validate(write_config("cross-validation", with_fallback, True), folds, OUT)
    report = json.loads((OUT / "intent_report.json").read_text())
    intents = per_label(report)
    macro = report["macro avg"]["f1-score"]
    weakest = sorted(intents.items(), key=lambda kv: kv[1]["f1-score"])[:8]
    topic_below = [
        k
        for k, v in intents.items()
        if k not in GENERAL_INTENTS | EXTRA_INTENTS and v["f1-score"] < TOPIC_TARGET
    ]
    contract = {k: v for k, v in intents.items() if k not in EXTRA_INTENTS}
    contract_macro = sum(v["f1-score"] for v in contract.values()) / len(contract)

    without_net_out = OUT.parent / "cross-validation-without-crisis-net"
    cross_validate(write_config("without-crisis-net", with_fallback, False), folds, without_net_out)
    without_net = json.loads((without_net_out / "intent_report.json").read_text())

    training_seconds = training_time()
    held_out_sets = holdout(write_config("holdout", with_fallback, True))
    held_out, held_out_entities = held_out_sets.get(HOLDOUT, (None, {}))

    lines = [
        "# NLU quality",
        "",
        f"Measured {datetime.date.today().isoformat()} with `make eval` "
        f"(scripts/nlu_quality.py) on {sum(v['support'] for v in intents.values()):,} "
        "examples in `data/nlu/`.",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}.",
        (
            "What is measured: the whole NLU pipeline of `config.yml`."
            if with_fallback
            else "What is measured: the NLU pipeline of `config.yml` without its "
            "FallbackClassifier, i.e. the intent classifier itself (an uncertain but right "
            "answer counts as right)."
        ),
        "",
        f"## {folds}-fold cross-validation (`rasa test nlu --cross-validation`)",
        "",
        f"- Intent macro-F1: **{macro:.3f}** (target {MACRO_TARGET}); over the issue's 29 "
        f"contract intents only: {contract_macro:.3f}",
        f"- Topic intents under {TOPIC_TARGET}: "
        f"{', '.join(topic_below) if topic_below else 'none'}",
        f"- Without the crisis-language net (`{CRISIS_NET}`): macro-F1 "
        f"{without_net['macro avg']['f1-score']:.3f}, `emergency` F1 "
        f"{per_label(without_net)['emergency']['f1-score']:.3f} (with the net: "
        f"{intents['emergency']['f1-score']:.3f}). The net's patterns were written from the "
        "emergency examples, so the figure with the net overstates unseen wordings; the one "
        "without it is the classifier alone.",
        *entity_lines(entity_reports(OUT)),
        f"- Wall time for the {folds} folds: {seconds / 60:.1f} minutes.",
        "",
        "## Training time",
        "",
        f"- `rasa train` of the whole model (NLU and dialogue) from scratch on all the data: "
        f"**{training_seconds / 60:.1f} minutes** (target under 5).",
        "",
        "## Held-out test set",
        "",
    ]
    if held_out is None:
        lines.append(f"- {HOLDOUT.relative_to(ROOT)} is missing; not measured.")
    else:
        held_out_intents = per_label(held_out)
        lowest = sorted(held_out_intents.items(), key=lambda kv: kv[1]["f1-score"])[:5]
        lines += [
            f"`{HOLDOUT.relative_to(ROOT)}`: "
            f"{sum(v['support'] for v in held_out_intents.values())} messages, written "
            "separately from `data/nlu/` and never trained on; a model trained on all of "
            "`data/nlu/` is tested on it.",
            "",
            f"- Intent accuracy {held_out['accuracy']:.3f}, "
            f"macro-F1 **{held_out['macro avg']['f1-score']:.3f}**",
            "- Lowest: " + ", ".join(f"{k} {v['f1-score']:.2f}" for k, v in lowest),
            *entity_lines(held_out_entities),
        ]
    if HOLDOUT_ES in held_out_sets:
        spanish, spanish_entities = held_out_sets[HOLDOUT_ES]
        spanish_intents = per_label(spanish)
        lowest = sorted(spanish_intents.items(), key=lambda kv: kv[1]["f1-score"])[:5]
        lines += [
            "",
            f"`{HOLDOUT_ES.relative_to(ROOT)}` (Spanish, another writer): "
            f"{sum(v['support'] for v in spanish_intents.values())} messages, same model.",
            "",
            f"- Intent accuracy {spanish['accuracy']:.3f}, "
            f"macro-F1 **{spanish['macro avg']['f1-score']:.3f}**",
            "- Lowest: " + ", ".join(f"{k} {v['f1-score']:.2f}" for k, v in lowest),
            *entity_lines(spanish_entities),
        ]
    lines += [
        "",
        "## Weakest intents in cross-validation",
        "",
        "| intent | precision | recall | F1 | examples | most confused with |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, v in weakest:
        confused = ", ".join(
            f"{k} ({n})" for k, n in list((v.get("confused_with") or {}).items())[:2]
        )
        lines.append(
            f"| {name} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1-score']:.3f} "
            f"| {v['support']} | {confused} |"
        )
    lines += [
        "",
        "## All intents",
        "",
        "| intent | F1 (cross-validation) | F1 (held-out) |",
        "| --- | --- | --- |",
    ]
    held_out_intents = per_label(held_out) if held_out else {}
    for name, v in sorted(intents.items()):
        other = held_out_intents.get(name, {}).get("f1-score")
        lines.append(
            f"| {name} | {v['f1-score']:.3f} | {'' if other is None else f'{other:.3f}'} |"
        )
    history = kept_history()
    if history:
        lines += [""] + history
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:30]))
    ok = macro >= MACRO_TARGET and not topic_below and training_seconds < TRAINING_TARGET_SECONDS
    print("targets met" if ok else "targets MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
