"""The held-out realistic conversations, played over REST against the real servers.

tests/realistic/holdout.yml was written from tests/realistic/BRIEF.md by a writer
who never read the training data; it is never trained on (checked below) and
never used for tuning (tests/realistic/dev*.yml, by other writers, are).
The issue "Understands people as they really write" sets the targets: at least
95% of its conversations pass, and at most 3% of its turns reach the fallback.
The fallback target is met; the pass target is not yet (docs/quality.md,
"Realistic conversations", has the figures). Until it is, this test holds the
level reached (PASS_FLOOR) so that no change makes it worse, and prints the
report; raise the floor as the figure rises, up to PASS_TARGET.
scripts/realistic_eval.py does the playing and scoring.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from scripts import realistic_eval

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SETS = {
    "holdout": HERE / "holdout.yml",
    "dev": HERE / "dev.yml",
    "dev2": HERE / "dev2.yml",
    "dev3": HERE / "dev3.yml",
}
PASS_TARGET = 0.95  # the target, not yet reached
PASS_FLOOR = 0.85  # reached: 93 of 107 (86.9%) on 2026-12-01
FALLBACK_TARGET = 0.03


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]", " ", text.lower()).split())


@pytest.fixture(scope="module")
def training_sentences():
    return {
        _normalised(m.get("text")) for m in load_data(str(ROOT / "data" / "nlu")).intent_examples
    }


@pytest.mark.parametrize("name", sorted(SETS))
def test_no_realistic_message_is_a_training_example(name, training_sentences):
    # One-word answers ("yes", "Spokane") are unavoidable in both.
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
    minimum = {"holdout": 80, "dev": 60, "dev2": 60, "dev3": 60}[name]
    assert len(conversations) >= minimum
    for conversation in conversations:
        for turn in conversation["turns"]:
            assert turn["expect"]["answers"]


def test_the_held_out_realistic_set_holds_its_level_and_the_fallback_target(servers, capsys):
    conversations = realistic_eval.load_set(SETS["holdout"])
    db = servers.workdir / "conversations.db"
    summary = realistic_eval.summarise(realistic_eval.run_set(servers.rasa_url, db, conversations))
    with capsys.disabled():
        print("\nheld-out realistic set:\n" + realistic_eval.report(summary, verbose=False))
        if summary.pass_rate < PASS_TARGET:
            print(f"pass rate {summary.pass_rate:.1%} is under the target {PASS_TARGET:.0%}")
    assert summary.pass_rate >= PASS_FLOOR, realistic_eval.report(summary, verbose=True)
    assert summary.fallback_share <= FALLBACK_TARGET, realistic_eval.report(summary, verbose=False)
