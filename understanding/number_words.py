"""Numbers written in words, as people type them: "forty dollars", "twenty percent",
"fifteen hundred", "a hundred and fifty", "two thousand five hundred"; in Spanish
"cincuenta dólares", "veinte por ciento", "ciento cincuenta", "mil quinientos",
"cuarenta y cinco" (accents optional).

Plain Python: `find` gives each number's value and where it is, so the cost
figures' reader (understanding/cost_numbers.py) treats "forty dollars" like "$40".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import List, Optional

from understanding.text import without_accents

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
# Spanish, written without accents (the text is matched without them). "once" (11) is
# left out: it is also the English word. The hundreds add up ("ciento cincuenta").
_SPANISH_UNITS = {
    "cero": 0, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "doce": 12, "trece": 13, "catorce": 14,
    "quince": 15, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19,
    "veintiuno": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24,
    "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28,
    "veintinueve": 29,
}  # fmt: skip
_SPANISH_TENS = {
    "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90,
}  # fmt: skip
_SPANISH_HUNDREDS = {
    "cien": 100, "ciento": 100, "doscientos": 200, "trescientos": 300, "cuatrocientos": 400,
    "quinientos": 500, "seiscientos": 600, "setecientos": 700, "ochocientos": 800,
    "novecientos": 900,
}  # fmt: skip
_UNITS.update(_SPANISH_UNITS)
_TENS.update(_SPANISH_TENS)
_THOUSAND = ("thousand", "mil")
_WORD = "|".join(
    sorted(
        list(_UNITS) + list(_TENS) + list(_SCALES) + list(_SPANISH_HUNDREDS) + ["mil"],
        key=len,
        reverse=True,
    )
)
# A run of number words, joined by spaces, hyphens, "and" or "y"; "a hundred" counts.
_RUN = re.compile(
    rf"\b(?<!por\s)(?:a\s+(?=hundred|thousand))?(?:{_WORD})(?:(?:\s+(?:and|y)\s+|[\s-]+)(?:{_WORD}))*\b",
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
    for word in re.split(r"[\s-]+", without_accents(words.lower())):
        if word in ("a", "and", "y"):
            if word == "a":
                current = max(current, 1)
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SPANISH_HUNDREDS:
            current += _SPANISH_HUNDREDS[word]
        elif word in _THOUSAND:
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def find(text: str) -> List[NumberWords]:
    """Every number written in words, in order (single "one" left out: "one of them")."""
    found = []
    folded = "".join(c if len(f := without_accents(c)) != 1 else f for c in text)
    for match in _RUN.finditer(folded):
        words = match.group(0)
        if words.lower() in ("one", "a"):
            continue
        value = value_of(words)
        if value is not None:
            found.append(NumberWords(Decimal(value), match.start(), match.end()))
    return found
