"""The question inside a long message, when the whole message leaves the classifier unsure.

"Our daughter is 4 and was diagnosed with a heart defect. The cardiologist
wants open-heart surgery. What should we ask the second cardiologist when we
go in?" spreads the intent model's probability over several topics: the story
speaks of surgery, doctors and a diagnosis. Read alone, the question is clear.
When the whole message's best intent is unsure (below UNSURE), each question
sentence is read on its own, without the story; the clearest one, if it is sure
(at least SURE), gives the message its intent.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from understanding.intent_model import IntentModel
from understanding.multi_intent import single_intent_ranking
from understanding.questions import is_question, parts
from understanding.text import straight_apostrophes

# The whole message is unsure below this confidence, or when its best two are this close.
UNSURE = 0.4
CLOSE = 0.05
# A question read alone must be at least this sure to decide.
SURE = 0.5


def questions_alone(text: str) -> List[str]:
    """The question sentences of a message of several sentences, each without the rest."""
    text = straight_apostrophes(text)
    spans = parts(text)
    if len(spans) < 2:
        return []
    return [text[start:end] for start, end in spans if is_question(text[start:end])]


def is_unsure(ranking: List[Tuple[str, float]]) -> bool:
    if not ranking:
        return False
    best = ranking[0][1]
    second = ranking[1][1] if len(ranking) > 1 else 0.0
    return best < UNSURE or best - second < CLOSE


def focused_intent(model: IntentModel, text: str) -> Optional[Tuple[str, float]]:
    """(intent, confidence) of the clearest question read alone, if it is sure; else None."""
    questions = questions_alone(text)
    if not questions:
        return None
    best = max(
        (ranking[0] for ranking in single_intent_ranking(model, questions)), key=lambda r: r[1]
    )
    return best if best[1] >= SURE else None
