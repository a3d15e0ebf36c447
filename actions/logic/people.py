"""Who the second opinion is for: words to speak about them ("your mother", "her records").

The `person` slot holds one relation value (data/nlu/vocabulary/person.yml);
None means the user asks for themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional

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
# Relation -> the Spanish words after "su" ("su madre").
_RELATIONS_ES = {
    "mother": "madre",
    "father": "padre",
    "husband": "esposo",
    "wife": "esposa",
    "partner": "pareja",
    "spouse": "cónyuge",
    "son": "hijo",
    "daughter": "hija",
    "child": "hijo o hija",
    "parent": "padre o madre",
    "brother": "hermano",
    "sister": "hermana",
    "grandmother": "abuela",
    "grandfather": "abuelo",
    "grandchild": "nieto o nieta",
    "friend": "amigo o amiga",
    "aunt": "tía",
    "uncle": "tío",
}


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
    def words(self) -> Dict[str, str]:
        """Every form, for a text's {fields} in either language.

        English: name ("you" / "your mother"), whose ("your" / "your mother's"),
        pronoun_possessive ("your" / "her"). Spanish, which puts the owner after
        the noun: quien ("usted" / "su madre"), de_quien ("" / " de su madre"),
        su ("su" / "el": "su médico", "el médico de su madre"), sus ("sus" / "los").
        """
        other = self.relation is not None
        es_name = f"su {_RELATIONS_ES[self.relation]}" if self.relation else "usted"
        return {
            "name": self.name,
            "whose": self.whose,
            "pronoun_possessive": self.pronoun_possessive,
            "quien": es_name,
            "de_quien": f" de {es_name}" if other else "",
            "su": "el" if other else "su",
            "sus": "los" if other else "sus",
        }

    @property
    def pronoun_possessive(self) -> str:
        """'your', or 'her' / 'his' / 'their' (after the person was named once)."""
        if not self.relation:
            return "your"
        return _POSSESSIVE_PRONOUN[_RELATIONS[self.relation][1]]


def spanish_relation(relation: Optional[str]) -> Optional[str]:
    """The Spanish words after "su" for a relation value ("husband" -> "esposo"), or None."""
    return _RELATIONS_ES.get(relation or "")


def person(relation: Optional[str]) -> Person:
    """The Person for a slot value; an unknown value counts as the user."""
    return Person(relation if relation in _RELATIONS else None)
