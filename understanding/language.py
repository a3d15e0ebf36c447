"""Which language a message is written in: English or Spanish.

Lingua (lingua-language-detector, its models inside the package: nothing is
downloaded) compares the two languages only. Words that are the same in both
(plan names, numbers, "copay") are left out first, so "el copay es $50" reads
as Spanish. A detection counts only when it is clear: at least two words and
a confidence of DECISIVE or more; "ok", "si", "Medicare" decide nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

ENGLISH, SPANISH = "en", "es"
LANGUAGES = (ENGLISH, SPANISH)
DECISIVE = 0.85
MIN_WORDS = 2

# Words people use in both languages: they say nothing about the language.
_SHARED = re.compile(
    r"\b(?:medicare|medicaid|medi-cal|masshealth|tricare|hmo|ppo|epo|pos|hdhp|hsa|va|"
    r"copay|copays|co-pay|deductible|ok|okay|doctor|plan|email|app)\b|[$%\d.,:;!?¿¡()\"'-]+",
    re.IGNORECASE,
)


# Short messages that are clearly Spanish though one word long ("hola").
_SPANISH_WORDS = frozenset(
    {"hola", "gracias", "adios", "adiós", "ayuda", "español", "espanol", "buenas", "buenos", "holi"}
)


@dataclass(frozen=True)
class Detection:
    language: str
    confidence: float


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH).build()


def detect(text: Optional[str]) -> Optional[Detection]:
    """The message's language when it is clear; None for short, neutral or mixed messages."""
    if not text or text.startswith("/"):
        return None
    words = _SHARED.sub(" ", text).split()
    if len(words) < MIN_WORDS:
        if words and words[0].lower() in _SPANISH_WORDS:
            return Detection(SPANISH, 1.0)
        return None
    values = _detector().compute_language_confidence_values(" ".join(words))
    best = values[0]
    code = SPANISH if best.language.name == "SPANISH" else ENGLISH
    if best.value < DECISIVE:
        return None
    return Detection(code, float(best.value))


def normalise(code: Any) -> Optional[str]:
    """'es-MX', 'ES', 'spa' -> 'es'; anything else that is not English or Spanish -> None."""
    if not isinstance(code, str):
        return None
    short = code.strip().lower()[:2]
    return short if short in LANGUAGES else None
