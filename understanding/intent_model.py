"""The intent model: logistic regression over TF-IDF word, character and negated-word features.

Plain Python (scikit-learn, scipy and numpy, no Rasa): it takes texts and labels and
returns ranked (intent, confidence) pairs, so it can be tested on its own.
`components/intent_classifier.py` adapts it to the Rasa pipeline.

Why a linear model and not DIET for intents: with a few thousand examples and
no pretrained embeddings (spaCy's pretrained models cannot be downloaded
here), this model scored higher than DIET in 5-fold cross-validation on the
same data, and trains in seconds instead of minutes (docs/quality.md has the
figures).

It is saved as JSON (vocabularies, labels) plus a numpy .npz (weights, idf),
not as a pickle: loading a model file never runs code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import scipy.sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from understanding import softmax_regression
from understanding.text import straight_apostrophes
from understanding.texting import spell_out

DEFAULTS = {
    # Word unigrams and bigrams carry the topic ("prior authorization",
    # "dont agree"); character 1-4 grams within words cope with typos
    # ("secnd opinon") and unseen word forms.
    "word_ngrams": (1, 2),
    "char_ngrams": (1, 4),
    # Inverse regularisation strength. Weak regularisation gives sharp
    # confidences, which the FallbackClassifier's threshold suits; within the
    # range that cross-validates alike, a middle value keeps them a little less
    # extreme (docs/quality.md).
    "c": 30.0,
    # L-BFGS stops when the largest gradient component of the objective
    # (divided by C * examples) is below `tol`, or after `max_iter` steps
    # (understanding/softmax_regression.py).
    "max_iter": 500,
    "tol": 1e-5,
    # Words within this many tokens after a negation ("didn't agree", "not
    # the same") also count as negated words (NEG_agree). Bags of n-grams
    # otherwise hardly tell "they agree" from "they don't agree", i.e.
    # inform_opinions_agree from _differ (docs/quality.md). 0 turns it off.
    "negation_window": 2,
    # Texting style and the domain's usual misspellings are written out
    # (understanding/texting.py) before the features are taken: "2nd opinon"
    # reads as "second opinion".
    "spell_out": True,
}

_TOKEN = re.compile(r"[\w']+|[.,!?;:]")
_NEGATION = re.compile(
    r"^(not|no|never|nothing|neither|nor|cannot|without|\w+n't|dont|didnt|doesnt|"
    r"isnt|wasnt|arent|werent|wont|cant|havent|hasnt|nunca|ni|tampoco|nadie|sin)$"
)

_MODEL_FILE = "intent_model.json"
_ARRAYS_FILE = "intent_model.npz"


def _vectorizers(
    word_ngrams: Sequence[int], char_ngrams: Sequence[int]
) -> Tuple[TfidfVectorizer, TfidfVectorizer]:
    word = TfidfVectorizer(
        ngram_range=tuple(word_ngrams),
        sublinear_tf=True,
        lowercase=True,
        token_pattern=r"(?u)\b\w+\b",
    )
    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=tuple(char_ngrams), sublinear_tf=True, lowercase=True
    )
    return word, char


def negated_words(text: str, window: int) -> List[str]:
    """The words in the scope of a negation, marked: "they didn't agree" -> ["NEG_agree"].

    The scope is the next `window` words, ended early by punctuation.
    """
    marked, left = [], 0
    for token in _TOKEN.findall(straight_apostrophes(text).lower()):
        if not token[0].isalnum() and token[0] != "'":
            left = 0
            continue
        if left:
            marked.append("NEG_" + token)
            left -= 1
        if _NEGATION.match(token):
            left = window
    return marked


def _negation_vectorizer(window: int) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=partial(negated_words, window=window), sublinear_tf=True)


@dataclass
class IntentModel:
    word: TfidfVectorizer
    char: TfidfVectorizer
    negation: Optional[TfidfVectorizer]
    labels: List[str]
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray  # (labels,)
    settings: Dict

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str], **settings) -> IntentModel:
        """Train a model.

        Args:
            texts: the training examples.
            labels: their intents, in the same order; at least two different ones.
            **settings: any of DEFAULTS to change.

        Returns:
            The trained model.
        """
        settings = {**DEFAULTS, **settings}
        if len(texts) != len(labels):
            raise ValueError("texts and labels differ in length")
        if settings["spell_out"]:
            texts = [spell_out(t) for t in texts]
        if len(set(labels)) < 2:
            raise ValueError("an intent model needs at least two intents")
        word, char = _vectorizers(settings["word_ngrams"], settings["char_ngrams"])
        blocks = [word.fit_transform(texts), char.fit_transform(texts)]
        negation = None
        if settings["negation_window"] and any(
            negated_words(t, settings["negation_window"]) for t in texts
        ):
            negation = _negation_vectorizer(settings["negation_window"])
            blocks.append(negation.fit_transform(texts))
        features = scipy.sparse.hstack(blocks).tocsr()
        names = sorted({str(label) for label in labels})
        index = {name: i for i, name in enumerate(names)}
        coef, intercept = softmax_regression.fit(
            features,
            np.array([index[str(label)] for label in labels]),
            len(names),
            c=settings["c"],
            max_iter=settings["max_iter"],
            tol=settings["tol"],
        )
        return cls(
            word=word,
            char=char,
            negation=negation,
            labels=names,
            coef=coef,
            intercept=intercept,
            settings=settings,
        )

    @cached_property
    def _weights(self) -> np.ndarray:
        # (features, labels), C-contiguous: scipy copies a transposed view
        # (`coef.T`, Fortran order) on every sparse product, megabytes per message.
        return np.ascontiguousarray(self.coef.T)

    def _features(self, texts: Sequence[str]) -> scipy.sparse.csr_matrix:
        if self.settings.get("spell_out"):
            texts = [spell_out(t) for t in texts]
        blocks = [self.word.transform(texts), self.char.transform(texts)]
        if self.negation is not None:
            blocks.append(self.negation.transform(texts))
        return scipy.sparse.hstack(blocks).tocsr()

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """(texts, labels) softmax probabilities, columns in `self.labels` order."""
        # In the weights' float32: a float64 sparse matrix would make scipy
        # convert the whole weight matrix on every call.
        scores = self._features(texts).astype(np.float32) @ self._weights + self.intercept
        scores = np.asarray(scores, dtype=np.float64)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def rank(self, texts: Sequence[str], top: int = 10) -> List[List[Tuple[str, float]]]:
        """For each text, the `top` intents with their confidence, best first."""
        ranked = []
        for row in self.probabilities(texts):
            order = np.argsort(-row, kind="stable")[:top]
            ranked.append([(self.labels[i], float(row[i])) for i in order])
        return ranked

    def save(self, directory: Path) -> None:
        """Write the model to `directory` as JSON and a numpy .npz file (no pickle)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        meta = {
            "labels": self.labels,
            "settings": {
                k: list(v) if isinstance(v, tuple) else v for k, v in self.settings.items()
            },
            "word_vocabulary": {term: int(i) for term, i in self.word.vocabulary_.items()},
            "char_vocabulary": {term: int(i) for term, i in self.char.vocabulary_.items()},
            "negation_vocabulary": (
                {term: int(i) for term, i in self.negation.vocabulary_.items()}
                if self.negation is not None
                else None
            ),
        }
        (directory / _MODEL_FILE).write_text(json.dumps(meta, ensure_ascii=False))
        arrays = {
            "coef": self.coef,
            "intercept": self.intercept,
            "word_idf": self.word.idf_,
            "char_idf": self.char.idf_,
        }
        if self.negation is not None:
            arrays["negation_idf"] = self.negation.idf_
        np.savez_compressed(directory / _ARRAYS_FILE, **arrays)

    @classmethod
    def load(cls, directory: Path) -> IntentModel:
        """Read a model written by save(); loading runs no code from the files."""
        directory = Path(directory)
        meta = json.loads((directory / _MODEL_FILE).read_text())
        settings = {**DEFAULTS, **meta["settings"]}
        with np.load(directory / _ARRAYS_FILE, allow_pickle=False) as arrays:
            arrays = {name: arrays[name] for name in arrays.files}
        word, char = _vectorizers(settings["word_ngrams"], settings["char_ngrams"])
        negation = None
        if meta.get("negation_vocabulary") is not None:
            negation = _negation_vectorizer(settings["negation_window"])
        for vectorizer, name in ((word, "word"), (char, "char"), (negation, "negation")):
            if vectorizer is None:
                continue
            # A fixed vocabulary needs no fitting; the idf weights are restored as saved.
            vectorizer.vocabulary = meta[f"{name}_vocabulary"]
            vectorizer._validate_vocabulary()
            vectorizer.idf_ = arrays[f"{name}_idf"]
        return cls(
            word=word,
            char=char,
            negation=negation,
            labels=list(meta["labels"]),
            coef=arrays["coef"],
            intercept=arrays["intercept"],
            settings=settings,
        )
