"""The intent model on its own: plain texts in, ranked intents out; saved without pickle."""

import json

import numpy as np
import pytest

from understanding.intent_model import IntentModel, negated_words

TEXTS = {
    "ask_cost": [
        "how much does a second opinion cost",
        "what will i pay out of pocket",
        "is there a copay for the visit",
        "what does a second opinion usually cost",
        "price of a second opinion",
        "how expensive is it",
    ],
    "greet": ["hi", "hello there", "good morning", "hey", "hiya", "good evening"],
    "ask_find_doctor": [
        "how do i find a specialist",
        "who is the best oncologist near me",
        "find me a cardiologist",
        "where can i find an expert for my cancer",
        "help me find a doctor for a second opinion",
        "which specialist should i see",
    ],
}


def _data():
    texts, labels = [], []
    for label, examples in TEXTS.items():
        texts += examples
        labels += [label] * len(examples)
    return texts, labels


@pytest.fixture(scope="module")
def model():
    return IntentModel.fit(*_data())


def test_ranks_unseen_wordings_by_their_topic(model):
    ranked = model.rank(["how much would the copay be", "hello!", "can you find me a specialist"])
    assert [r[0][0] for r in ranked] == ["ask_cost", "greet", "ask_find_doctor"]


def test_typos_still_reach_the_topic_through_character_ngrams(model):
    assert model.rank(["how much dose it cots"])[0][0][0] == "ask_cost"


def test_ranking_is_a_probability_distribution_best_first(model):
    ranking = model.rank(["what does it cost"], top=10)[0]
    confidences = [c for _, c in ranking]
    assert len(ranking) == 3  # never more than the number of intents
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0)
    assert all(0.0 <= c <= 1.0 for c in confidences)


def test_top_limits_the_ranking(model):
    assert len(model.rank(["hi"], top=2)[0]) == 2


def test_text_without_known_words_is_not_confident(model):
    # Nothing in common with any example: the confidence stays low, so the
    # FallbackClassifier can step in.
    assert model.rank(["zqxj"])[0][0][1] < 0.6


def test_save_and_load_give_the_same_predictions(model, tmp_path):
    model.save(tmp_path)
    loaded = IntentModel.load(tmp_path)
    texts = ["how much is it", "good morning", "find an expert", "completely unrelated words"]
    assert loaded.labels == model.labels
    np.testing.assert_allclose(loaded.probabilities(texts), model.probabilities(texts), rtol=1e-6)


def test_saved_files_are_json_and_plain_arrays(model, tmp_path):
    model.save(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["intent_model.json", "intent_model.npz"]
    meta = json.loads((tmp_path / "intent_model.json").read_text())
    assert meta["labels"] == sorted(TEXTS)
    with np.load(tmp_path / "intent_model.npz", allow_pickle=False) as arrays:
        features = sum(
            len(meta[f"{name}_vocabulary"] or {}) for name in ("word", "char", "negation")
        )
        assert arrays["coef"].shape == (3, features)


def test_settings_are_kept_with_the_model(tmp_path):
    model = IntentModel.fit(*_data(), word_ngrams=(1, 1), c=5.0)
    model.save(tmp_path)
    loaded = IntentModel.load(tmp_path)
    assert loaded.settings["word_ngrams"] == [1, 1]
    assert loaded.settings["c"] == 5.0
    assert not any(" " in term for term in loaded.word.vocabulary_)  # no bigrams


def test_rejects_mismatched_data():
    with pytest.raises(ValueError):
        IntentModel.fit(["a", "b"], ["x"])


def test_needs_two_intents():
    with pytest.raises(ValueError):
        IntentModel.fit(["hi", "hello"], ["greet", "greet"])


def test_two_intents_give_two_probabilities():
    # scikit-learn stores a binary model as one weight row; both intents must still be ranked.
    model = IntentModel.fit(
        ["hi", "hello", "bye", "goodbye"], ["greet", "greet", "goodbye", "goodbye"]
    )
    ranking = model.rank(["hello there"])[0]
    assert [name for name, _ in ranking] == ["greet", "goodbye"]
    assert sum(c for _, c in ranking) == pytest.approx(1.0)
    assert ranking[0][1] > 0.5


@pytest.mark.parametrize(
    "text,window,expected",
    [
        ("they didn't agree with each other", 2, ["NEG_agree", "NEG_with"]),
        ("they don\u2019t agree", 2, ["NEG_agree"]),  # a phone's curly apostrophe
        ("not the same, they agree", 3, ["NEG_the", "NEG_same"]),  # the scope ends at punctuation
        ("they agree", 2, []),
        ("no", 2, []),
    ],
)
def test_negated_words(text, window, expected):
    assert negated_words(text, window) == expected


def test_negation_separates_agree_from_disagree(tmp_path):
    texts = [
        "they agree",
        "both doctors agree",
        "the doctors agree with each other",
        "they said the same",
        "they don't agree",
        "the doctors do not agree",
        "they didn't agree with each other",
        "they did not say the same",
    ]
    labels = ["agree"] * 4 + ["differ"] * 4
    with_negation = IntentModel.fit(texts, labels)
    assert [
        r[0][0] for r in with_negation.rank(["my doctors agree", "my doctors don't agree"])
    ] == ["agree", "differ"]
    with_negation.save(tmp_path)
    loaded = IntentModel.load(tmp_path)
    np.testing.assert_allclose(
        loaded.probabilities(["they don't agree"]),
        with_negation.probabilities(["they don't agree"]),
        rtol=1e-6,
    )
    assert loaded.negation is not None
    assert IntentModel.fit(texts, labels, negation_window=0).negation is None
