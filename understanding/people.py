"""Who a message says the second opinion is for: "my mom", "our 8-year-old son", "mi esposo".

The relation words and their values come from the `person` vocabulary
(data/nlu/vocabulary/person*.yml: "my mom" -> mother). A mention is "my" or
"our" (or Spanish "mi", "nuestro") then up to three other words, then a
relation word: "my elderly dad", "my 82 year old father". "my 8 year old"
without a relation word is a child.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Pattern

import yaml

from understanding.text import straight_apostrophes, without_accents

VOCABULARY = Path(__file__).resolve().parents[1] / "data" / "nlu" / "vocabulary"
_DETERMINERS = ("my", "our", "mi", "mis", "nuestro", "nuestra", "nuestros", "nuestras")
_AGE = r"\d{1,2}(?:\s|-)?(?:year|yr)s?(?:\s|-)?old|\d{1,2}\s?(?:yo|y/o)"


@dataclass(frozen=True)
class Mention:
    value: str
    start: int
    end: int


@lru_cache(maxsize=1)
def relations() -> Dict[str, str]:
    """Relation word (lower case, without "my") -> value, from the person vocabularies."""
    words: Dict[str, str] = {}
    for path in sorted(VOCABULARY.glob("person*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in content.get("nlu", []):
            if "synonym" not in block:
                continue
            for line in block["examples"].splitlines():
                form = line.strip()[2:].strip().lower() if line.strip().startswith("- ") else ""
                first, _, rest = form.partition(" ")
                if first in _DETERMINERS and rest and not re.match(r"\d", rest):
                    words[rest] = block["synonym"]
    return words


@lru_cache(maxsize=1)
def _pattern() -> Pattern[str]:
    names = sorted(relations(), key=len, reverse=True)
    relation = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in names)
    determiner = "|".join(_DETERMINERS)
    other_word = rf"(?!(?:{determiner})\b)[\w'-]+\s+"
    return re.compile(
        rf"\b(?:{determiner})\s+(?:(?P<age>{_AGE})\s+)?(?:{other_word}){{0,3}}?"
        rf"(?P<relation>{relation})(?![\w-])"
        rf"|\b(?:{determiner})\s+(?P<child>{_AGE})(?![\w-])"
        # Texting drops the "my": "mom has medicare", "son is 12 and..." at a sentence's start.
        rf"|(?:^|(?<=[.!?;]\s))(?P<bare>{relation})(?='s\b|\s+(?:has|had|is|was|needs|got|just|gets|tiene|tuvo|necesita|esta|está))",
        re.IGNORECASE,
    )


def find(text: Optional[str]) -> List[Mention]:
    """The people the message names, in order."""
    if not text:
        return []
    text = straight_apostrophes(text)
    mentions = []
    for match in _pattern().finditer(text):
        found = match.group("relation") or match.group("bare")
        if found:
            word = " ".join(found.lower().split())
            mentions.append(Mention(relations()[word], match.start(), match.end()))
        else:
            mentions.append(Mention("child", match.start(), match.end()))
    return mentions


# After a mention, words that make that person the patient ("our daughter's
# orthopedist", "my dad has...", "my wife was diagnosed") or only the one the
# insurance comes through ("my husband is active duty", "my wife's job").
_AS_PATIENT = re.compile(
    r"^(?:'s?\s+(?:[\w-]+\s+)?(?:doctors?|dr|docs?|surgeons?|specialists?|pcp|\w+(?:ist|ian)s?|"
    r"diagnosis|cancer|tumou?r|surgery|heart|back|knee|hip|spine|scan|biopsy|mri|condition)\b"
    r"|\s+(?:\w+\s+)?(?:has|had|was|is|got|gets|needs|just)\s+(?:been\s+)?"
    r"(?:diagnosed|told|found|scheduled|recommended|having|sick|ill|\w*(?:cancer|tumou?r|surgery))\b"
    r"|\s+(?:has|had|needs|got)\s+(?!(?:a|an|the|his|her|their|original|traditional)?\s*"
    r"(?:medicare|medicaid|medi-cal|insurance|ppo|hmo|epo|pos|hdhp|plan|tricare|va|coverage|"
    r"job|kaiser|aetna|cigna|humana|bcbs|blue|united|anthem)\b)\w+)",
    re.IGNORECASE,
)
# Spanish, on the text without accents: "mi hija tiene...", "el ortopedista de nuestra
# hija" (the patient); "mi esposo es militar", "el trabajo de mi esposo" (the sponsor).
_AS_PATIENT_ES = re.compile(
    r"^(?:\s+(?:\w+\s+)?(?:necesita|fue\s+diagnosticad[oa]|esta\s+enferm[oa]|esta\s+malit[oa]|"
    r"le\s+(?:diagnosticaron|encontraron|dijeron|quieren)|lo\s+quieren|la\s+quieren)\b"
    r"|\s+tiene\s+(?!(?:un|una|el|la|su)?\s*(?:medicare|medicaid|medi-cal|seguro|aseguranza|ppo|hmo|"
    r"epo|pos|plan|tricare|va|cobertura|trabajo)\b)\w+)",
    re.IGNORECASE,
)
_PATIENT_BEFORE_ES = re.compile(
    r"\b(?:doctor|doctora|dr|dra|medico|medica|cirujan[oa]|especialista|\w+(?:ologo|ologa|ista|atra)|"
    r"diagnostico|cancer|tumor|cirugia|operacion|corazon|espalda|rodilla|cadera|columna|estudios|"
    r"biopsia|resonancia|caso)\s+(?:de|del)\s+$",
    re.IGNORECASE,
)
_AS_SPONSOR_ES = re.compile(
    r"^(?:\s+(?:es|esta|era|fue)\s+(?:militar|veterano|soldado|activo|retirado|en\s+(?:el\s+ejercito|"
    r"la\s+marina|la\s+fuerza\s+aerea|los\s+marines|servicio\s+activo|la\s+guardia))"
    r"|\s+trabaja\b)",
    re.IGNORECASE,
)
_SPONSOR_BEFORE_ES = re.compile(
    r"\b(?:trabajo|empleo|empleador|compania|empresa|sindicato|seguro|aseguranza|beneficios|"
    r"poliza)\s+(?:de|del)\s+$",
    re.IGNORECASE,
)
_AS_SPONSOR = re.compile(
    r"^(?:\s+(?:is|was)\s+(?:on\s+)?(?:active\s+duty|retired|a\s+veteran|a\s+vet|in\s+the\s+"
    r"(?:army|navy|air\s+force|marines|military|guard)|deployed|stationed)"
    r"|'s?\s+(?:job|work|employer|company|union|insurance|plan|coverage|benefits|policy)"
    r"|\s+works\b)",
    re.IGNORECASE,
)


_THIRD_PERSON = re.compile(r"\b(?:she|he|her|his|him|hers|ella|él)\b", re.IGNORECASE)


def patient(text: Optional[str]) -> Optional[Mention]:
    """The person the second opinion is for: the first one named, unless the message
    shows another one is the patient ("my husband is active duty... our daughter's
    orthopedist wants to operate": the daughter). Someone named only as the one the
    insurance comes through ("a PPO through my husband's job ... my MRI") is not the
    patient unless the message goes on to speak of him or her ("... she needs surgery")."""
    found = find(text)
    if not found or not text:
        return None
    text = straight_apostrophes(text)
    folded = "".join(c if len(f := without_accents(c)) != 1 else f for c in text)

    def score(mention: Mention) -> int:
        after = folded[mention.end : mention.end + 60]
        before = folded[max(0, mention.start - 40) : mention.start]
        patient_words = (
            _AS_PATIENT.match(after)
            or _AS_PATIENT_ES.match(after)
            or _PATIENT_BEFORE_ES.search(before)
        )
        sponsor_words = (
            _AS_SPONSOR.match(after)
            or _AS_SPONSOR_ES.match(after)
            or _SPONSOR_BEFORE_ES.search(before)
        )
        return bool(patient_words) - bool(sponsor_words)

    best = max(score(mention) for mention in found)
    chosen = next(mention for mention in found if score(mention) == best)
    if best < 0 and not _THIRD_PERSON.search(text, chosen.end):
        return None
    return chosen
