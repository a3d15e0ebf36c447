"""Text clean-up that the Rasa server and the action server share.

Standard library only: the action server imports it too, from its own
environment without Rasa (.venv-actions).
"""

from __future__ import annotations

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
