"""Reading short replies to the checklist questions: stop, skip, not sure, yes/no.

The intent classifier tells "yes" from "no"; these patterns settle the cases
where one intent (deny) means different things: "no" answers a question,
"stop" ends the checklist, "skip" leaves one question out. Spanish replies too
("no sé", "ya no quiero la lista", "sí, la quieren operar"), matched without accents.
"""

from __future__ import annotations

import re
from typing import Optional

from understanding.text import straight_apostrophes, without_accents

_STOP = re.compile(
    r"^\s*(please\s+)?(stop|cancel|quit|exit|end|abort|forget\s+it|never\s*mind|nevermind)\b"
    r"|\b(stop|cancel|quit|end)\s+(the\s+|this\s+|my\s+)?(checklist|form|questions?)\b"
    r"|\b(don'?t|do\s+not)\s+want\s+(a|the|this)\s+checklist\b"
    # Spanish; not "para" alone ("para mi mamá") nor "ya no" alone ("ya no tengo seguro").
    r"|^\s*(por\s+favor\s+)?(parale|para\s+ya|cancela\w*|basta|olvidalo|olvidelo|dejalo|dejelo)\b"
    r"|\bya\s+no\s+quiero\s+(seguir|continuar|contestar)\b"
    r"|\b(cancela\w*|para|termina\w*)\s+(la\s+|esta\s+)?(lista|checklist|preguntas)\b"
    r"|\bno\s+quiero\s+(la|una|esta)\s+(lista|checklist)\b",
    re.IGNORECASE,
)
_UNSURE = re.compile(
    r"\b(not\s+sure|unsure|don'?t\s+know|do\s+not\s+know|dunno|no\s+idea|maybe|not\s+yet|undecided|"
    r"no\s+se|no\s+estoy\s+segur[oa]|tal\s+vez|quizas?|a\s+lo\s+mejor|todavia\s+no|aun\s+no|"
    r"no\s+sabemos|ni\s+idea)\b",
    re.IGNORECASE,
)
_URGENT = re.compile(
    r"\b(urgent\w*|asap|as\s+soon\s+as\s+possible|right\s+away|can'?t\s+wait|cannot\s+wait|"
    r"next\s+few\s+days|this\s+week|scheduled\s+for\s+(tomorrow|monday|tuesday|wednesday|thursday|friday)|"
    r"urgente|lo\s+antes\s+posible|cuanto\s+antes|no\s+puede\s+esperar|esta\s+semana|"
    r"(programad[oa]|agendad[oa])\s+para\s+(manana|el\s+lunes|el\s+martes|el\s+miercoles|el\s+jueves|"
    r"el\s+viernes))\b",
    re.IGNORECASE,
)
_SKIP = re.compile(
    r"\b(skip|pass|rather\s+not|prefer\s+not|next\s+question|"
    r"saltar?|salta\s+esa|paso|siguiente\s+pregunta|prefiero\s+no|mejor\s+no\s+digo)\b",
    re.IGNORECASE,
)
# At the surgery question people often describe the plan instead of saying
# yes or no ("the surgeon wants to operate", "they recommended a
# hysterectomy"); the classifier calls that `inform`.
_PROCEDURE_WORDS = (
    r"(surger(y|ies)|operat(e|ion|ing)|procedures?|transplant|bypass|fusion|replacement|"
    r"removal|implant|amputat\w*|\w+ectomy|\w+otomy|\w+plasty|"
    r"cirugias?|operar\w*|operacion(es)?|procedimientos?|trasplante|bypass|reemplazo|amputar\w*|"
    r"quitar(le|la|lo|me)?|extirpar\w*|\w+ectomia|\w+plastia)"
)
_PROCEDURE = re.compile(r"\b" + _PROCEDURE_WORDS + r"\b", re.IGNORECASE)
# A negation shortly before the procedure: "no surgery", "they don't want to operate".
_NEGATED_PROCEDURE = re.compile(
    r"(\b(no|not|never|without|nunca|sin|ni)\b|n't\b)(\W+\w+){0,3}?\W+" + _PROCEDURE_WORDS + r"\b",
    re.IGNORECASE,
)


def _plain(text: Optional[str]) -> str:
    return without_accents(straight_apostrophes(text))


def is_stop_request(text: Optional[str]) -> bool:
    """'stop', 'cancel the checklist', 'never mind' ..."""
    return bool(_STOP.search(_plain(text)))


def is_unsure(text: Optional[str]) -> bool:
    """'not sure', 'I don't know', 'maybe' ..."""
    return bool(_UNSURE.search(_plain(text)))


def is_urgent(text: Optional[str]) -> bool:
    """The user says time is short ("it's urgent", "surgery is scheduled for Monday")."""
    return bool(_URGENT.search(_plain(text)))


def is_skip(text: Optional[str]) -> bool:
    """'skip', 'pass', 'I'd rather not say' ..."""
    return bool(_SKIP.search(_plain(text)))


def yes_no_unsure(intent: Optional[str], text: Optional[str]) -> Optional[str]:
    """Read a reply to a yes/no question.

    Args:
        intent: the classifier's intent for the reply.
        text: the reply as typed.

    Returns:
        "yes", "no", "unsure", or None when the reply is none of these.
    """
    if is_unsure(text):
        return "unsure"
    if intent == "affirm":
        return "yes"
    if intent == "deny" and not is_stop_request(text):
        return "no"
    if intent == "inform":
        return procedure_statement(text)
    return None


_NOT_URGENT = re.compile(
    r"\b(not|isn'?t|is\s+not|no)\s+(very\s+|that\s+|really\s+)?(urgent|rush|hurry)\b"
    r"|\bcan\s+wait\b|\bno\s+rush\b",
    re.IGNORECASE,
)


def urgency_answer(intent: Optional[str], text: Optional[str]) -> Optional[str]:
    """Read a reply to "is it urgent?" (the appeal letter's question).

    Returns:
        "yes", "no", "unsure" (also for "skip"), or None when the reply is none of these.
    """
    text = straight_apostrophes(text)
    if is_unsure(text) or is_skip(text):
        return "unsure"
    if _NOT_URGENT.search(text):
        return "no"
    if intent == "affirm" or is_urgent(text):
        return "yes"
    if intent == "deny" and not is_stop_request(text):
        return "no"
    return None


def procedure_statement(text: Optional[str]) -> Optional[str]:
    """Whether a description of the plan says surgery or a procedure was recommended.

    'they want to operate' -> "yes", 'no surgery, just meds' -> "no", and None
    when no procedure is named.
    """
    text = _plain(text)
    if not _PROCEDURE.search(text):
        return None
    return "no" if _NEGATED_PROCEDURE.search(text) else "yes"
