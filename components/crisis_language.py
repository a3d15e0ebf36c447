"""Deterministic detection of emergency and crisis language.

This is the safety net under the learned intent classifier: a message that
clearly describes a medical emergency happening now, or thoughts of suicide or
self-harm, must reach the 911 / 988 answer even if DIET misclassifies it. The
patterns are deliberately broad on the crisis side (a false alarm costs one
extra message; a miss can cost a life) and narrower on the medical side, where
people describe past symptoms when asking about a second opinion.

Plain Python, no Rasa import: it is tested on its own (tests/components/).
"""
from __future__ import annotations

import re
from typing import Optional

CRISIS = "crisis"
MEDICAL_EMERGENCY = "medical_emergency"

_CRISIS_PATTERNS = [
    r"\bsuicid\w*",
    r"\b(kill|killing|hurt|hurting|harm|harming|cut|cutting)\s+(my\s*self|myself)\b",
    r"\bself[\s-]?harm\w*",
    r"\bend(ing)?\s+(it\s+all|my\s+life|things|my\s+own\s+life)\b",
    r"\btake\s+my\s+(own\s+)?life\b",
    r"\b(want|wanna|going|gonna|plan|planning)\s+(to\s+)?die\b",
    r"\b(don'?t|do\s+not|dont)\s+want\s+to\s+(live|be\s+alive|be\s+here|wake\s+up)\b",
    r"\bno\s+(reason|point)\s+(to|in)\s+(live|living|going\s+on)\b",
    r"\bbetter\s+off\s+dead\b",
    r"\bnot\s+worth\s+living\b",
]

_MEDICAL_PATTERNS = [
    r"\bchest\s+pains?\s+(right\s+)?now\b",
    r"\b(having|have|got)\s+(bad\s+|severe\s+|crushing\s+)?chest\s+pains?\b",
    r"\bcrushing\s+chest\b",
    r"\b(having|is\s+having|he'?s\s+having|she'?s\s+having)\s+a\s+(heart\s+attack|stroke|seizure)\b",
    r"\b(can'?t|cannot|cant|can\s+not)\s+breath(e)?\b",
    r"\b(not|stopped)\s+breathing\b",
    r"\b(unconscious|unresponsive|passed\s+out|collapsed)\b",
    r"\b(won'?t|will\s+not)\s+stop\s+bleeding\b",
    r"\bbleeding\s+(heavily|badly|a\s+lot)\b",
    r"\boverdos(e|ed|ing)\b",
    r"\b(face|mouth)\s+(is\s+)?droop\w*",
    r"\bslurr(ed|ing)\s+(speech|words)\b",
    r"\bthis\s+is\s+an\s+emergency\b",
    r"\bcall(ing)?\s+911\b",
]

_CRISIS_RE = re.compile("|".join(_CRISIS_PATTERNS), re.IGNORECASE)
_MEDICAL_RE = re.compile("|".join(_MEDICAL_PATTERNS), re.IGNORECASE)


def _normalise(text: str) -> str:
    # Curly apostrophes from phones would defeat the "can't" patterns.
    return text.replace("\u2019", "'").replace("\u2018", "'")


def detect(text: Optional[str]) -> Optional[str]:
    """Return CRISIS, MEDICAL_EMERGENCY or None for one user message."""
    if not text:
        return None
    text = _normalise(text)
    if _CRISIS_RE.search(text):
        return CRISIS
    if _MEDICAL_RE.search(text):
        return MEDICAL_EMERGENCY
    return None
