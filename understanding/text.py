"""Text clean-up that the Rasa server and the action server share.

Standard library only: the action server imports it too, from its own
environment without Rasa (.venv-actions).
"""

from __future__ import annotations

import unicodedata
from typing import Optional

# Phones and word processors type curly apostrophes (’ ‘); the patterns and the
# negation scope are written with the straight one ("can't", "don't").
_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'"})


def straight_apostrophes(text: Optional[str]) -> str:
    """The text with curly apostrophes made straight: "can’t" -> "can't".

    Args:
        text: a user's message, or None.

    Returns:
        The text, "" for None.
    """
    return (text or "").translate(_APOSTROPHES)


def without_accents(text: str) -> str:
    """The text without accents and tildes, as many people type Spanish.

    Args:
        text: any text.

    Returns:
        "¿cuánto cuesta la cirugía?" -> "¿cuanto cuesta la cirugia?"; "año" -> "ano".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
