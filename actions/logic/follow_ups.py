"""Follow-up questions about the last answer: what kind of detail is asked for.

"how long do they have?" asks about time, "why?" for the reason, "what does
that mean?" for the meaning; in Spanish "¿cuánto tiempo tienen?", "¿por qué?",
"¿qué significa eso?" (matched without accents). Each topic may have a response per kind
(utter_more_<topic>_<kind>) or one for any detail (utter_more_<topic>); without
one, the topic is answered again.
"""

from __future__ import annotations

import re
from typing import List, Optional

from understanding.text import straight_apostrophes, without_accents

TIME, WHY, MEANING, OTHER = "time", "why", "meaning", "other"

_KINDS = [
    (TIME, re.compile(
        r"\bhow\s+(?:long|soon|quick(?:ly)?|fast|many\s+days)\b|\bdeadline|\bwhen\b|\bin\s+time\b|"
        r"\bwait\b|\btake\b.*\b(?:days|weeks)\b|"
        r"\bcuanto\s+(?:tiempo|tardan?|se\s+tardan?)\b|\bcuantos\s+dias\b|\bplazo|\bfecha\s+limite\b|"
        r"\bcuando\b|\besperar\b|\ba\s+tiempo\b"
    )),
    (WHY, re.compile(
        r"\bwhy\b|\bwhat\s+for\b|\bhow\s+come\b|\bthe\s+point\b|\breason\b|"
        r"\bpor\s*que\b|\bpara\s+que\b|\brazon\b|\bmotivo\b"
    )),
    (MEANING, re.compile(
        r"\bmean\w*\b|\bexplain\b|\bwhat\s+(?:is|'s|are)\s+(?:that|this|a|an|the)\b|"
        r"\bin\s+plain\b|\bdon't\s+understand\b|\bconfus\w+|\bsimpler\b|"
        r"\bsignifica\w*|\bquiere\s+decir\b|\bexplica\w*|\bque\s+es\s+(?:eso|esto|un|una|el|la)\b|"
        r"\bno\s+entiendo\b|\bno\s+entendi\b|\bmas\s+(?:facil|sencillo|simple)\b"
    )),
]  # fmt: skip


def kind_of(text: Optional[str]) -> str:
    """TIME, WHY, MEANING or OTHER for one follow-up question."""
    lowered = without_accents(straight_apostrophes(text).lower())
    for kind, pattern in _KINDS:
        if pattern.search(lowered):
            return kind
    return OTHER


# "What if they say no?" after an answer about coverage, approval or cost: the
# answer about denials and appeals.
_REFUSAL = re.compile(
    r"\b(?:say(?:s)?\s+no|den(?:y|ies|ied)|refus\w*|reject\w*|turn(?:s|ed)?\s+(?:me|it|us|him|her)"
    r"\s+down|won'?t\s+(?:pay|cover|approve)|don'?t\s+(?:pay|cover|approve)|not\s+approved|"
    r"dicen?\s+que\s+no|nieg\w+|negar\w*|niegan|rechaz\w+|no\s+(?:me\s+|lo\s+|la\s+)?"
    r"(?:quieren?\s+)?(?:pagan?|cubren?|aprueban?|autorizan?)|no\s+(?:lo\s+|la\s+)?aprobad[oa])\b"
)
_LEADS_TO_DENIAL = ("coverage", "authorization", "cost", "estimate")


def next_topic(last: str, text: Optional[str]) -> Optional[str]:
    """The topic a follow-up moves on to, if it does: a refusal after a coverage,
    approval or cost answer is about denials."""
    lowered = without_accents(straight_apostrophes(text).lower())
    if last in _LEADS_TO_DENIAL and _REFUSAL.search(lowered):
        return "denial"
    return None


def response_names(topic: str, kind: str) -> List[str]:
    """The detail responses to look for, most specific first."""
    return [f"utter_more_{topic}_{kind}", f"utter_more_{topic}"]
