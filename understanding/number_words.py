"""Numbers written in words, as people type them: "forty dollars", "twenty percent",
"fifteen hundred", "a hundred and fifty", "two thousand five hundred".

Plain Python: `find` gives each number's value and where it is, so the cost
figures' reader (understanding/cost_numbers.py) treats "forty dollars" like "$40".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import List, Optional

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000}
_WORD = "|".join(sorted(list(_UNITS) + list(_TENS) + list(_SCALES), key=len, reverse=True))
# A run of number words, joined by spaces, hyphens or "and"; "a hundred" counts.
_RUN = re.compile(
    rf"\b(?:a\s+(?=hundred|thousand))?(?:{_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_WORD}))*\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberWords:
    value: Decimal
    start: int
    end: int


def value_of(words: str) -> Optional[int]:
    """The number a run of number words says; None if it is not one number."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", words.lower()):
        if word in ("a", "and"):
            if word == "a":
                current = max(current, 1)
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def find(text: str) -> List[NumberWords]:
    """Every number written in words, in order (single "one" left out: "one of them")."""
    found = []
    for match in _RUN.finditer(text):
        words = match.group(0)
        if words.lower() in ("one", "a"):
            continue
        value = value_of(words)
        if value is not None:
            found.append(NumberWords(Decimal(value), match.start(), match.end()))
    return found
