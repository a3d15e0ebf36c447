"""Who the second opinion is for: words to speak about them ("your mother", "her records").

The `person` slot holds one relation value (data/nlu/vocabulary/person.yml);
None means the user asks for themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

# Relation -> (the words after "your", the pronoun set: "she", "he" or "they").
_RELATIONS = {
    "mother": ("mother", "she"),
    "father": ("father", "he"),
    "husband": ("husband", "he"),
    "wife": ("wife", "she"),
    "partner": ("partner", "they"),
    "spouse": ("spouse", "they"),
    "son": ("son", "he"),
    "daughter": ("daughter", "she"),
    "child": ("child", "they"),
    "parent": ("parent", "they"),
    "brother": ("brother", "he"),
    "sister": ("sister", "she"),
    "grandmother": ("grandmother", "she"),
    "grandfather": ("grandfather", "he"),
    "grandchild": ("grandchild", "they"),
    "friend": ("friend", "they"),
    "aunt": ("aunt", "she"),
    "uncle": ("uncle", "he"),
}
_POSSESSIVE_PRONOUN = {"she": "her", "he": "his", "they": "their"}


@dataclass(frozen=True)
class Person:
    """Words for the patient, seen from the user: themselves or someone they care for."""

    relation: Optional[str]

    @property
    def is_user(self) -> bool:
        return self.relation is None

    @property
    def name(self) -> str:
        """'you', or 'your mother'."""
        return f"your {_RELATIONS[self.relation][0]}" if self.relation else "you"

    @property
    def whose(self) -> str:
        """'your', or "your mother's"."""
        return f"your {_RELATIONS[self.relation][0]}'s" if self.relation else "your"

    @property
    def pronoun_possessive(self) -> str:
        """'your', or 'her' / 'his' / 'their' (after the person was named once)."""
        if not self.relation:
            return "your"
        return _POSSESSIVE_PRONOUN[_RELATIONS[self.relation][1]]


def person(relation: Optional[str]) -> Person:
    """The Person for a slot value; an unknown value counts as the user."""
    return Person(relation if relation in _RELATIONS else None)
