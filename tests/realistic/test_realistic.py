"""The held-out realistic conversations, played over REST against the real servers.

tests/realistic/holdout.yml was written from tests/realistic/BRIEF.md by a writer
who never read the training data; it is never trained on (checked below) and
never used for tuning (tests/realistic/dev*.yml, by other writers, are). The
same in Spanish: holdout_es.yml (another writer, never read for tuning) and
dev_es.yml (the tuning set). The issues "Understands people as they really
write" and "En español" set the targets: at least 95% of the held-out
conversations pass, and at most 3% of their turns reach the fallback. The
fallback targets are met; the pass targets are not yet (docs/quality.md has
the figures). Until they are, this test holds the level reached (PASS_FLOOR)
so that no change makes it worse, and prints the report and the gap; raise
each floor as its figure rises, up to PASS_TARGET.
scripts/realistic_eval.py does the playing and scoring.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from scripts import realistic_eval
from understanding.text import without_accents

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SETS = {
    "holdout": HERE / "holdout.yml",
    "dev": HERE / "dev.yml",
    "dev2": HERE / "dev2.yml",
    "dev3": HERE / "dev3.yml",
    "dev4": HERE / "dev4.yml",
    "holdout_es": HERE / "holdout_es.yml",
    "dev_es": HERE / "dev_es.yml",
    "dev_es2": HERE / "dev_es2.yml",
}
MINIMUM_CONVERSATIONS = {
    "holdout": 80,
    "dev": 60,
    "dev2": 60,
    "dev3": 60,
    "dev4": 60,
    "holdout_es": 80,
    "dev_es": 40,
    "dev_es2": 40,
}
PASS_TARGET = 0.95
# Just under the levels reached (docs/quality.md, "Realistic conversations").
PASS_FLOOR = {"holdout": 0.86, "holdout_es": 0.83}
FALLBACK_TARGET = 0.03


def _normalised(text: str) -> str:
    # Without accents: "¿cuánto cuesta?" and "cuanto cuesta" are the same sentence.
    return " ".join(re.sub(r"[^a-z0-9' ]", " ", without_accents(text.lower())).split())


@pytest.fixture(scope="module")
def training_sentences():
    data = load_data(str(ROOT / "data" / "nlu"))
    # A bare name from the vocabulary ("Medicare Advantage", "Nueva York") answers the
    # bot's question in both: as unavoidable as a one-word answer.
    names = {
        _normalised(form) for table in data.lookup_tables for form in table.get("elements", [])
    }
    return {_normalised(m.get("text")) for m in data.intent_examples} - names


@pytest.mark.parametrize("name", sorted(SETS))
def test_no_realistic_message_is_a_training_example(name, training_sentences):
    # One-word answers ("yes", "Spokane", "hola") are unavoidable in both.
    copied = [
        text
        for text in realistic_eval.user_messages(SETS[name])
        if len(_normalised(text).split()) > 1 and _normalised(text) in training_sentences
    ]
    assert copied == []


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_sets_are_well_formed(name):
    conversations = realistic_eval.load_set(SETS[name])
    assert len({c["id"] for c in conversations}) == len(conversations)
    assert len(conversations) >= MINIMUM_CONVERSATIONS[name]
    for conversation in conversations:
        for turn in conversation["turns"]:
            assert turn["expect"]["answers"]


@pytest.mark.parametrize("name", ["holdout", "holdout_es"])
def test_the_held_out_realistic_set_holds_its_level_and_the_fallback_target(name, servers, capsys):
    conversations = realistic_eval.load_set(SETS[name])
    db = servers.workdir / "conversations.db"
    summary = realistic_eval.summarise(realistic_eval.run_set(servers.rasa_url, db, conversations))
    with capsys.disabled():
        print(f"\n{name} realistic set:\n" + realistic_eval.report(summary, verbose=False))
        if summary.pass_rate < PASS_TARGET:
            print(f"pass rate {summary.pass_rate:.1%} is under the target {PASS_TARGET:.0%}")
    assert summary.pass_rate >= PASS_FLOOR[name], realistic_eval.report(summary, verbose=True)
    assert summary.fallback_share <= FALLBACK_TARGET, realistic_eval.report(summary, verbose=False)
