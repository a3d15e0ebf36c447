"""Two questions in one message, as Rasa's combined intents ("ask_cost+ask_find_doctor").

The intent model learns the combined intents that have training examples.
For a message with two questions (understanding/questions.py) it also reads
each question on its own: when they ask about two different topics that form
a combined intent the model knows, that combined intent is the message's, and
the order the questions came in is kept, so they are answered in that order.

Two topics with no combined intent of their own are still both answered:
the message gets the first one's intent (so its rule answers it) and the
order of both; the answering action answers every topic in that order. The
topics qualify, and "where is that from?" / "what does that mean?" after a
topic; an intent whose rule starts a form (a search, the checklist) does not
carry the pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence

import numpy as np

from understanding.intent_model import IntentModel
from understanding.intent_names import ABOUT_THE_ANSWER, SEPARATOR, STARTS_A_FORM, TOPIC_INTENTS
from understanding.questions import question_segments

# Each question must be this sure of its own intent for the pair to count.
MIN_QUESTION_CONFIDENCE = 0.4


@dataclass(frozen=True)
class CombinedIntent:
    name: str
    confidence: float
    order: List[str]  # the parts' intents in the order the user asked
    known: bool = True  # a combined intent of the model; else `name` is the first part's


def combined_name(first: str, second: str, known: Sequence[str]) -> Optional[str]:
    """The known combined intent of two intents, in either order; None if there is none."""
    for name in (f"{first}{SEPARATOR}{second}", f"{second}{SEPARATOR}{first}"):
        if name in known:
            return name
    return None


def single_intent_ranking(model: IntentModel, texts: Sequence[str]) -> List[List[tuple]]:
    """Each text's intents without the combined ones, best first, renormalised."""
    if not texts:
        return []  # a message with no question in it ("I have an HMO and need a referral.")
    single = [i for i, label in enumerate(model.labels) if SEPARATOR not in label]
    rows = model.probabilities(texts)[:, single]
    rows = rows / np.clip(rows.sum(axis=1, keepdims=True), 1e-12, None)
    ranked = []
    for row in rows:
        order = np.argsort(-row, kind="stable")
        ranked.append([(model.labels[single[i]], float(row[i])) for i in order])
    return ranked


def two_questions(model: IntentModel, text: str) -> Optional[CombinedIntent]:
    """The combined intent of a message that asks two questions on two topics, if any."""
    known = [label for label in model.labels if SEPARATOR in label]
    segments = question_segments(text)
    if len(segments) < 2:
        return None
    tops = [ranking[0] for ranking in single_intent_ranking(model, segments)]
    asked: List[tuple] = []
    for intent, confidence in tops:
        if confidence < MIN_QUESTION_CONFIDENCE or any(intent == seen for seen, _ in asked):
            continue
        asked.append((intent, confidence))
    for i in range(len(asked)):
        for j in range(i + 1, len(asked)):
            name = combined_name(asked[i][0], asked[j][0], known)
            if name:
                return CombinedIntent(
                    name=name,
                    confidence=min(asked[i][1], asked[j][1]),
                    order=[asked[i][0], asked[j][0]],
                )
    return _unknown_pair(asked[:2])


def _unknown_pair(asked: Sequence[tuple]) -> Optional[CombinedIntent]:
    """Two topics without a combined intent, carried by the first one's own intent."""
    if len(asked) < 2:
        return None
    (first, first_confidence), (second, second_confidence) = asked
    if first not in TOPIC_INTENTS or second not in TOPIC_INTENTS + ABOUT_THE_ANSWER:
        return None
    carrier = next((i for i in (first, second) if i not in STARTS_A_FORM + ABOUT_THE_ANSWER), None)
    if carrier is None:
        return None
    return CombinedIntent(
        name=carrier,
        confidence=min(first_confidence, second_confidence),
        order=[first, second],
        known=False,
    )


def asked_order(model: IntentModel, text: str, parts: Sequence[str]) -> List[str]:
    """A combined intent's parts in the order the message asks them.

    Each question of the message is read on its own; a part is placed where
    the first question about it is. Parts no question is about keep their
    order, after the others.
    """
    tops = [ranking[0][0] for ranking in single_intent_ranking(model, question_segments(text))]
    position = {part: tops.index(part) if part in tops else len(tops) for part in parts}
    return sorted(parts, key=lambda part: position[part])
