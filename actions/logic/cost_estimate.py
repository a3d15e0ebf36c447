"""What a second-opinion visit may cost the user, with the arithmetic shown.

Plain values in, a plain Estimate out. The rules of thumb are the usual ones
for a specialist visit: the deductible is paid first, then coinsurance (a
percentage) on the rest; or a flat copay. Plans differ (some charge a copay
without the deductible, high-deductible plans apply the deductible first), so
the estimate always says it is an estimate and shows each step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import List, Optional

from actions.logic import figures, knowledge

MAX_AMOUNT = Decimal("1000000")
MEDICARE_COINSURANCE_PERCENT = Decimal("20")


class EstimateInputError(ValueError):
    """An input the estimate cannot use; the message is fit to show the user."""


@dataclass(frozen=True)
class Estimate:
    you_pay: Decimal
    plan_pays: Decimal
    steps: List[str] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)


def money(value: Decimal) -> str:
    """A dollar amount rounded to cents, shown as "$1,200" or "$12.50"."""
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return figures.format_usd(float(value))


def parse_amount(text, what: str = "amount") -> Decimal:
    """'$1,200', '1200.50', 300 -> Decimal. Raises EstimateInputError with a plain message."""
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        value = Decimal(str(text))
    else:
        match = re.search(r"-?\d[\d,]*(\.\d+)?", str(text or ""))
        if not match:
            raise EstimateInputError(
                f"I couldn't find a dollar amount for the {what}. Please type a number, like 300."
            )
        try:
            value = Decimal(match.group(0).replace(",", ""))
        except InvalidOperation as error:
            raise EstimateInputError(f"I couldn't read the {what} as a number.") from error
    if value < 0:
        raise EstimateInputError(f"The {what} can't be negative.")
    if value > MAX_AMOUNT:
        raise EstimateInputError(f"That {what} looks too large. Please check the number.")
    return value


def parse_percent(text) -> Decimal:
    """'20%', '20', 0.2 -> Decimal('20')."""
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        value = Decimal(str(text))
    else:
        match = re.search(r"\d+(\.\d+)?", str(text or ""))
        if not match:
            raise EstimateInputError("I couldn't find a percentage. Please type it like 20%.")
        value = Decimal(match.group(0))
    if Decimal("0") < value < Decimal("1"):
        value = value * 100  # 0.2 means 20%
    if value < 0 or value > 100:
        raise EstimateInputError("Coinsurance is a percentage between 0 and 100.")
    return value


def estimate(
    price: Decimal,
    deductible_remaining: Decimal = Decimal("0"),
    coinsurance_percent: Optional[Decimal] = None,
    copay: Optional[Decimal] = None,
) -> Estimate:
    """The user's share of one visit.

    With coinsurance: the deductible left is paid first (up to the price),
    then the percentage of the rest. With a copay: the copay (never more than
    the price); if a deductible is also given, it is paid first and the copay
    applies to what remains, as in plans that apply the deductible to visits.
    """
    if price <= 0:
        raise EstimateInputError("The visit's price must be more than $0.")
    if coinsurance_percent is not None and copay is not None:
        raise EstimateInputError("Give either a coinsurance percentage or a copay, not both.")
    steps = [f"Visit price: {money(price)}."]
    toward_deductible = min(price, deductible_remaining)
    rest = price - toward_deductible
    if deductible_remaining > 0:
        steps.append(
            f"You pay toward your deductible first: {money(toward_deductible)} "
            f"(deductible left {money(deductible_remaining)})."
        )
    if copay is not None:
        share = min(copay, rest)
        if rest > 0:
            steps.append(f"Then your copay: {money(share)}.")
    elif coinsurance_percent is not None:
        share = rest * coinsurance_percent / 100
        if rest > 0:
            steps.append(
                f"Then {coinsurance_percent.normalize():f}% coinsurance on the remaining "
                f"{money(rest)}: {money(share)}."
            )
    else:
        share = Decimal("0")
    you_pay = (toward_deductible + share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    plan_pays = (price - you_pay).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    steps.append(f"You pay about {money(you_pay)}; the plan pays about {money(plan_pays)}.")
    notes = [
        "This is an estimate. Your plan's own rules and the doctor's actual bill decide the "
        "final amount."
    ]
    if copay is not None and deductible_remaining > 0:
        notes.append(
            "Some plans charge only the copay for specialist visits, without the deductible; "
            "ask your plan."
        )
    return Estimate(you_pay=you_pay, plan_pays=plan_pays, steps=steps, notes=notes)


def estimate_for_plan(
    plan_type: Optional[str],
    price: Decimal,
    deductible_remaining: Optional[Decimal] = None,
    coinsurance_percent: Optional[Decimal] = None,
    copay: Optional[Decimal] = None,
    year: Optional[int] = None,
) -> Estimate:
    """Fill in what the plan type tells us, then estimate.

    Original Medicare: 20% coinsurance and, unless the user says otherwise, the
    whole Part B deductible of the year still to pay. No insurance: all of it.
    """
    family = knowledge.plan_family(plan_type)
    if family == "uninsured":
        return Estimate(
            you_pay=price,
            plan_pays=Decimal("0"),
            steps=[
                f"Visit price: {money(price)}.",
                f"Without insurance you pay all of it: {money(price)}.",
            ],
            notes=[
                "Ask the office for its self-pay price and whether it offers a discount or a "
                "payment plan."
            ],
        )
    notes: List[str] = []
    if knowledge.follows_medicare_rules(plan_type):
        if deductible_remaining is None:
            deductible = figures.get("medicare_part_b_deductible", year)
            deductible_remaining = Decimal(str(deductible.amount))
            notes.append(
                f"I assumed none of your Part B deductible ({deductible.display()}) is met yet."
            )
        if coinsurance_percent is None and copay is None:
            coinsurance_percent = MEDICARE_COINSURANCE_PERCENT
        notes.append(
            "Medicare's share is of the Medicare-approved amount, which can be less than the "
            "price asked."
        )
    result = estimate(price, deductible_remaining or Decimal("0"), coinsurance_percent, copay)
    return Estimate(
        you_pay=result.you_pay,
        plan_pays=result.plan_pays,
        steps=result.steps,
        notes=result.notes + notes,
    )
