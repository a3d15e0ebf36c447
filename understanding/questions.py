"""Finding the questions in a message, for two questions asked at once.

"Does my HMO cover it, and do I need a referral?" holds two questions; "My
dad has Medicare and his cardiologist wants a pacemaker, can he get someone
else to check first?" holds one, after some background. A question is a
sentence that ends with "?" or opens with a question word, or a part joined
by "and" / "also" that opens with one. Background sentences before a question
stay with it, as context for the classifier. Spanish the same way: "¿" opens a
question, and so do its question words ("cuánto", "cómo", "necesito"...), after
"y", "también" or "además" too; accents are optional.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from understanding.text import straight_apostrophes, without_accents

# Spanish words are written without accents: the text is matched without them.
_QUESTION_WORDS = (
    r"how|what|whats|what's|do|does|did|can|could|will|would|is|are|should|shall|where|who|"
    r"whom|when|why|which|may|might|am|wat|whats|cn|shud|"
    r"que|como|cuanto|cuanta|cuantos|cuantas|cual|cuales|cuando|donde|adonde|quien|quienes|"
    r"por\s*que|xq|puedo|puede|puedes|pueden|podria|podemos|necesito|necesita|necesitamos|ocupo|"
    r"hay|debo|deberia|debemos|cubre|cubren|paga|pagan|vale|sirve|existe|se\s+puede|"
    r"tengo\s+que|tiene\s+que|me\s+(?:cubre|cubren|paga|pagan|conviene)|es\s+(?:necesario|normal|posible)|"
    r"esta\s+cubiert[oa]"
)
_OPENERS = (
    r"and|also|plus|so|but|oh|ok|okay|then|y|tambien|ademas|pero|entonces|oye|oiga|bueno|pues|"
    r"roughly|approximately|realistically|honestly|basically|first|firstly|second|secondly|"
    r"quick\s+question"
)
_OPENS_QUESTION = re.compile(
    rf"^\s*¿|^\s*(?:(?:{_OPENERS})\b[\s,:]*)*(?:{_QUESTION_WORDS})\b", re.I
)
# Sentence ends; "?" stays with its sentence.
_SENTENCE_END = re.compile(r"(?<=[?!.])\s+|(?<=\?)(?=\S)|\s*(?=¿)")
# "..., and how do I ..." / "... also what ..." inside one sentence.
_JOINED_QUESTION = re.compile(
    rf"(?:,\s*|\s+)(?:and|also|plus|&|y\s+tambien|y\s+ademas|y|tambien|ademas)\s+"
    rf"(?=(?:also\s+|tambien\s+)?¿?(?:{_QUESTION_WORDS})\b)",
    re.I,
)


def _folded(text: str) -> str:
    """The text without accents, each character in its place."""
    return "".join(c if len(f := without_accents(c)) != 1 else f for c in text)


def parts(text: str) -> List[Tuple[int, int]]:
    """(start, end) of each sentence or joined part of the text, in order, without spaces."""
    folded = _folded(text)
    cuts = sorted(
        {0, len(text)}
        | {m.end() for m in _SENTENCE_END.finditer(folded)}
        | {m.start() for m in _JOINED_QUESTION.finditer(folded)}
        | {m.end() for m in _JOINED_QUESTION.finditer(folded)}
    )
    spans = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = folded[start:end]
        if _JOINED_QUESTION.fullmatch(piece) or not piece.strip():
            continue  # the joining words themselves (", and ")
        left = start + len(piece) - len(piece.lstrip())
        right = end - (len(piece) - len(piece.rstrip()))
        spans.append((left, right))
    return spans


def is_question(piece: str) -> bool:
    return piece.rstrip().endswith("?") or bool(_OPENS_QUESTION.match(_folded(piece)))


def question_segments(text: str) -> List[str]:
    """The questions of a message, each with the background that came before it.

    A message with one question (or none) gives one segment or none; only the
    first question carries the background, so that each later one is read on
    its own.
    """
    text = straight_apostrophes(text)
    segments: List[str] = []
    context_start: Optional[int] = None
    for start, end in parts(text):
        if is_question(text[start:end]):
            first = context_start if context_start is not None and not segments else start
            segments.append(text[first:end])
            context_start = None
        elif context_start is None:
            context_start = start
    return segments
