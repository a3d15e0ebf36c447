"""The held-out NLU set stays held out: complete, and not copied into the training data.

docs/quality.md reports how a model trained on data/nlu/ does on
tests/nlu/holdout.yml (and tests/nlu/holdout_es.yml); that figure only means
something while no held-out message is also a training example.
"""

import re
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.loading import load_data

ROOT = Path(__file__).resolve().parents[2]
# English, and Spanish (written by another writer, from the same intent definitions).
HOLDOUTS = [ROOT / "tests" / "nlu" / "holdout.yml", ROOT / "tests" / "nlu" / "holdout_es.yml"]


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]", " ", text.lower()).split())


@pytest.fixture(scope="module")
def holdout():
    return [m for path in HOLDOUTS for m in load_data(str(path)).intent_examples]


@pytest.fixture(scope="module")
def training():
    return load_data(str(ROOT / "data" / "nlu")).intent_examples


def test_every_trained_intent_is_in_the_holdout(holdout, training):
    # Combined intents ("a+b", two questions in one message) are measured on the
    # realistic held-out conversations (tests/realistic/), where two questions
    # come in context; this set holds one question per message.
    domain_intents = set(yaml.safe_load((ROOT / "domain.yml").read_text())["intents"])
    trained = {m.get("intent") for m in training if "+" not in m.get("intent")}
    held_out = {m.get("intent") for m in holdout}
    assert held_out == trained
    assert held_out <= domain_intents


def test_no_held_out_sentence_is_a_training_example(holdout, training):
    # One-word messages ("hi", "yes", "PPO") are unavoidable in both; anything
    # longer in both would make the held-out figure a training figure.
    trained = {_normalised(m.get("text")) for m in training}
    copied = [
        m.get("text")
        for m in holdout
        if len(_normalised(m.get("text")).split()) > 1 and _normalised(m.get("text")) in trained
    ]
    assert copied == []
