"""Which language a message is written in: English or Spanish.

Lingua (lingua-language-detector, its models inside the package: nothing is
downloaded) compares the two languages only. Words that are the same in both
(plan names, numbers, "copay") are left out first, so "el copay es $50" reads
as Spanish. A detection counts only when it is clear: at least two words and
a confidence of DECISIVE or more; "ok", "si", "Medicare" decide nothing, and the
conversation keeps its language. When Lingua is unsure, as on short mixed
messages ("mi copay es $40", "tengo Medicare", "vivo en Texas"), words that
belong to one language only decide, if none of the other's is there. A single
English word decides nothing ("thanks", "yes" come in Spanish chats too); a
single clearly Spanish one does ("hola", "tengo").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, List, Optional

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


# Short messages that are clearly Spanish though one word long ("hola", "tengo Medicare").
_SPANISH_WORDS = frozenset(
    {
        "hola", "gracias", "adios", "adiós", "ayuda", "español", "espanol", "buenas", "buenos",
        "holi", "tengo", "tiene", "tenemos", "necesito", "quiero", "vivo", "vivimos", "sí",
        "claro", "porfa", "cuánto", "cuanto", "cómo", "qué", "ayúdame", "ayudame", "perdón",
    }
)  # fmt: skip
# Words of one language only (the other has no such word, or uses it rarely): they
# decide when Lingua does not. "no", "me", "a", "se" are in both and left out.
_SPANISH_ONLY = _SPANISH_WORDS | frozenset(
    {
        "mi", "mis", "es", "el", "la", "los", "las", "de", "del", "en", "y", "que", "por",
        "para", "con", "un", "una", "su", "sus", "está", "esta", "son", "pero", "muy",
        "también", "tambien", "mamá", "mama", "papá", "papa", "esposo", "esposa", "hijo", "hija",
        "seguro", "aseguranza", "cuesta", "pago", "dólares", "dolares", "copago", "deducible",
        "favor", "inglés", "ingles", "cita", "doctora", "médico", "medico", "yo", "usted",
    }
)  # fmt: skip
_ENGLISH_ONLY = frozenset(
    {
        "my", "is", "the", "i", "i'm", "im", "have", "has", "and", "of", "to", "for", "with",
        "what", "how", "does", "do", "can", "please", "thanks", "thank", "yes", "it", "it's",
        "this", "that", "insurance", "cover", "mom", "dad", "wife", "husband", "son",
        "daughter", "english", "spanish", "you", "we", "our", "need", "want", "live",
    }
)  # fmt: skip


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
        return _by_words(words)
    return Detection(code, float(best.value))


def _by_words(words: List[str]) -> Optional[Detection]:
    """The language of the words only one language has, when the other's are absent."""
    lowered = {word.lower() for word in words}
    spanish, english = lowered & _SPANISH_ONLY, lowered & _ENGLISH_ONLY
    if spanish and not english:
        return Detection(SPANISH, DECISIVE)
    if english and not spanish:
        return Detection(ENGLISH, DECISIVE)
    return None


def normalise(code: Any) -> Optional[str]:
    """'es-MX', 'ES', 'spa' -> 'es'; anything else that is not English or Spanish -> None."""
    if not isinstance(code, str):
        return None
    short = code.strip().lower()[:2]
    return short if short in LANGUAGES else None
