"""Dated yearly figures (deductibles, limits) from actions/knowledge/figures.yml."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Optional

from actions.logic import knowledge


@dataclass(frozen=True)
class Figure:
    name: str
    amount: float
    year: int
    requested_year: int
    source: str

    @property
    def is_for_requested_year(self) -> bool:
        return self.year == self.requested_year

    def display(self) -> str:
        """'$283 in 2026'; says when an older year's figure stands in."""
        text = f"{format_usd(self.amount)} in {self.year}"
        if not self.is_for_requested_year:
            text += f"; check the {self.requested_year} amount"
        return text


def format_usd(amount: float) -> str:
    """Dollars as people write them: "$1,700" for whole dollars, "$12.50" otherwise."""
    if float(amount).is_integer():
        return f"${int(amount):,}"
    return f"${amount:,.2f}"


def current_year() -> int:
    return datetime.date.today().year


def get(name: str, year: Optional[int] = None) -> Figure:
    """The figure for `year` (default: this year), else the latest year on file before it."""
    entry = knowledge.load("figures")[name]
    requested = year or current_year()
    values = {int(y): v for y, v in entry["values"].items()}
    candidates = [y for y in values if y <= requested] or [min(values)]
    chosen = max(candidates)
    return Figure(
        name=name,
        amount=values[chosen],
        year=chosen,
        requested_year=requested,
        source=entry["source"],
    )


def names() -> list:
    return list(knowledge.load("figures"))
