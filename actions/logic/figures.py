"""Dated figures (deductibles, limits, percentages) from actions/knowledge/figures.yml.

A yearly figure is chosen by today's date: this year's value, or, when this
year has none on file yet, the latest earlier year's, and its display then
says which year it is and to check the current one. Tests pin the date by
passing `year` or by replacing `today`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from actions.logic import i18n, knowledge

UNITS = ("usd", "percent")


@dataclass(frozen=True)
class Figure:
    """One figure as used in an answer."""

    name: str
    amount: float
    unit: str  # "usd" or "percent"
    year: int  # the year of the value used
    requested_year: int  # the year asked for (this year unless pinned)
    yearly: bool  # whether the figure changes every year
    source: str  # key into sources.yml

    @property
    def is_for_requested_year(self) -> bool:
        """False when an older year's value stands in for the year asked."""
        return not self.yearly or self.year >= self.requested_year

    def amount_text(self) -> str:
        """The value alone: "$283", "20%"."""
        if self.unit == "percent":
            return f"{self.amount:g}%"
        return format_usd(self.amount)

    def display(self) -> str:
        """The value with its year when it changes yearly: "$283 in 2026".

        When this year has no value on file yet: "$283 in 2026 (check the 2027 amount)".
        """
        if not self.yearly:
            return self.amount_text()
        text = i18n.text("{amount} in {year}", amount=self.amount_text(), year=self.year)
        if not self.is_for_requested_year:
            text += i18n.text(" (check the {year} amount)", year=self.requested_year)
        return text


def format_usd(amount: float) -> str:
    """Dollars as people write them: "$1,700" for whole dollars, "$12.50" otherwise."""
    if float(amount).is_integer():
        return f"${int(amount):,}"
    return f"${amount:,.2f}"


def today() -> datetime.date:
    """Today's date; the one place the figures read the clock (tests replace it)."""
    return datetime.date.today()


def current_year() -> int:
    """The calendar year of today()."""
    return today().year


def _values(entry: dict) -> Dict[int, Tuple[float, Optional[str]]]:
    """year -> (amount, source of that year's value, or None for the entry's source)."""
    values: Dict[int, Tuple[float, Optional[str]]] = {}
    for year, value in entry["values"].items():
        if isinstance(value, dict):
            values[int(year)] = (value["amount"], value.get("source"))
        else:
            values[int(year)] = (value, None)
    return values


def get(name: str, year: Optional[int] = None) -> Figure:
    """The figure for `year` (default: this year), else the latest year on file before it.

    A year before every value on file gets the earliest value.
    """
    entry = knowledge.load("figures")[name]
    requested = year or current_year()
    values = _values(entry)
    candidates = [y for y in values if y <= requested] or [min(values)]
    chosen = max(candidates)
    amount, source = values[chosen]
    return Figure(
        name=name,
        amount=amount,
        unit=entry["unit"],
        year=chosen,
        requested_year=requested,
        yearly=bool(entry.get("yearly", True)),
        source=source or entry["source"],
    )


def names() -> List[str]:
    """Every figure's name in figures.yml."""
    return list(knowledge.load("figures"))


def validate() -> List[str]:
    """Problems in figures.yml (used by the tests); empty when sound."""
    problems = []
    known_sources = knowledge.load("sources")
    for name, entry in knowledge.load("figures").items():
        for key in ("description", "unit", "values", "source", "as_of"):
            if key not in entry:
                problems.append(f"{name}: missing {key}")
        if entry.get("unit") not in UNITS:
            problems.append(f"{name}: unit must be one of {UNITS}")
        for year, (amount, source) in _values(entry).items():
            if not isinstance(amount, (int, float)) or amount <= 0:
                problems.append(f"{name} {year}: the amount must be a positive number")
            if (source or entry.get("source")) not in known_sources:
                problems.append(f"{name} {year}: unknown source {source or entry.get('source')!r}")
        if not entry.get("yearly", True) and len(entry.get("values") or {}) != 1:
            problems.append(f"{name}: a figure that is not yearly has one value")
    return problems
