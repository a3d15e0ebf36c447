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
from typing import FrozenSet, List, Optional

from actions.logic import figures, i18n, knowledge
from actions.logic.i18n import t

MAX_AMOUNT = Decimal("1000000")


def medicare_coinsurance(year: Optional[int] = None) -> Decimal:
    """Original Medicare's Part B coinsurance, in percent (figures.yml)."""
    return Decimal(str(figures.get("medicare_part_b_coinsurance", year).amount))


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
                i18n.text(
                    "I couldn't find a dollar amount for the {what}. "
                    "Please type a number, like 300.",
                    what=t(what),
                )
            )
        try:
            value = Decimal(match.group(0).replace(",", ""))
        except InvalidOperation as error:
            raise EstimateInputError(
                i18n.text("I couldn't read the {what} as a number.", what=t(what))
            ) from error
    if value < 0:
        raise EstimateInputError(i18n.text("The {what} can't be negative.", what=t(what)))
    if value > MAX_AMOUNT:
        raise EstimateInputError(
            i18n.text("That {what} looks too large. Please check the number.", what=t(what))
        )
    return value


def parse_percent(text) -> Decimal:
    """'20%', '20', 0.2 -> Decimal('20')."""
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        value = Decimal(str(text))
    else:
        match = re.search(r"\d+(\.\d+)?", str(text or ""))
        if not match:
            raise EstimateInputError(t("I couldn't find a percentage. Please type it like 20%."))
        value = Decimal(match.group(0))
    if Decimal("0") < value < Decimal("1"):
        value = value * 100  # 0.2 means 20%
    if value < 0 or value > 100:
        raise EstimateInputError(t("Coinsurance is a percentage between 0 and 100."))
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
        raise EstimateInputError(t("The visit's price must be more than zero."))
    if coinsurance_percent is not None and copay is not None:
        raise EstimateInputError(t("Give either a coinsurance percentage or a copay, not both."))
    steps = [i18n.text("Visit price: {price}.", price=money(price))]
    toward_deductible = min(price, deductible_remaining)
    rest = price - toward_deductible
    if deductible_remaining > 0:
        steps.append(
            i18n.text(
                "You pay toward your deductible first: {paid} (deductible left {left}).",
                paid=money(toward_deductible),
                left=money(deductible_remaining),
            )
        )
    if copay is not None:
        share = min(copay, rest)
        if rest > 0:
            steps.append(i18n.text("Then your copay: {share}.", share=money(share)))
    elif coinsurance_percent is not None:
        share = rest * coinsurance_percent / 100
        if rest > 0:
            steps.append(
                i18n.text(
                    "Then {percent} coinsurance on the remaining {rest}: {share}.",
                    percent=f"{coinsurance_percent.normalize():f}%",
                    rest=money(rest),
                    share=money(share),
                )
            )
    else:
        share = Decimal("0")
    you_pay = (toward_deductible + share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    plan_pays = (price - you_pay).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    steps.append(
        i18n.text(
            "You pay about {you_pay}; the plan pays about {plan_pays}.",
            you_pay=money(you_pay),
            plan_pays=money(plan_pays),
        )
    )
    notes = [
        t(
            "This is an estimate. Your plan's rules and the doctor's real bill decide the final "
            "amount."
        )
    ]
    if copay is not None and deductible_remaining > 0:
        notes.append(
            t(
                "Some plans charge only the copay for a specialist visit, with no deductible. Ask "
                "your plan."
            )
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

    Original Medicare: its Part B coinsurance and, unless the user says
    otherwise, the whole Part B deductible of the year still to pay. TRICARE
    For Life: nothing, when Medicare and TRICARE both cover the visit. No
    insurance: all of it.
    """
    family = knowledge.plan_family(plan_type)
    if family == "uninsured":
        return Estimate(
            you_pay=price,
            plan_pays=Decimal("0"),
            steps=[
                i18n.text("Visit price: {price}.", price=money(price)),
                i18n.text("Without insurance, you pay all of it: {price}.", price=money(price)),
            ],
            notes=[
                t("Ask for the self-pay price. Ask about a discount or a payment plan."),
                t("Before a planned visit, you have a right to a written Good Faith Estimate."),
            ],
        )
    if plan_type == "tricare_for_life":
        return Estimate(
            you_pay=Decimal("0.00"),
            plan_pays=price.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            steps=[
                i18n.text("Visit price: {price}.", price=money(price)),
                t(
                    "Medicare pays first. TRICARE For Life pays the deductible and the share "
                    "Medicare leaves."
                ),
                t("You pay nothing."),
            ],
            notes=[t(TRICARE_FOR_LIFE_NOTE)],
        )
    notes: List[str] = []
    if knowledge.pays_medicare_cost_sharing(plan_type):
        if deductible_remaining is None:
            deductible = figures.get("medicare_part_b_deductible", year)
            deductible_remaining = Decimal(str(deductible.amount))
            notes.append(
                i18n.text(
                    "I assumed none of your Part B deductible ({deductible}) is paid yet.",
                    deductible=deductible.display(),
                )
            )
        if coinsurance_percent is None and copay is None:
            coinsurance_percent = medicare_coinsurance(year)
        share = figures.get("medicare_part_b_coinsurance", year).amount_text()
        notes.append(
            t("Medicare's share is of the Medicare-approved amount. It can be less than the price.")
        )
        notes.append(
            i18n.text(
                "A Medigap policy or Medicaid may pay some or all of your {share}. A Medicare "
                "Advantage plan has its own copays instead. Tell me if you have one.",
                share=share,
            )
        )
    result = estimate(price, deductible_remaining or Decimal("0"), coinsurance_percent, copay)
    return Estimate(
        you_pay=result.you_pay,
        plan_pays=result.plan_pays,
        steps=result.steps,
        notes=result.notes + notes,
    )


TRICARE_FOR_LIFE_NOTE = (
    "This is when Medicare and TRICARE both cover the visit. Check that the doctor takes Medicare."
)

# The estimate form's questions, in the order they are asked.
QUESTIONS = ("plan_type", "visit_price", "cost_share", "deductible_remaining")
# Plans whose member pays nothing for a covered second opinion, or whose cost only the
# plan can say: their estimate needs no numbers.
_NO_ARITHMETIC_FAMILIES = ("medicaid", "va")
_NO_ARITHMETIC_PLANS = ("tricare_for_life",)


@dataclass(frozen=True)
class EstimateInputs:
    """What the conversation knows for an estimate; None is not told yet."""

    plan_type: Optional[str] = None
    visit_price: Optional[Decimal] = None
    copay: Optional[Decimal] = None
    coinsurance: Optional[Decimal] = None
    deductible_remaining: Optional[Decimal] = None
    deductible_paid: Optional[Decimal] = None
    deductible_met: Optional[bool] = None
    # Questions the user skipped ("not sure"): not asked again.
    skipped: FrozenSet[str] = frozenset()

    @property
    def has_cost_share(self) -> bool:
        return self.copay is not None or self.coinsurance is not None

    @property
    def deductible_known(self) -> bool:
        return (
            self.deductible_remaining is not None
            or self.deductible_met is True
            or self.deductible_paid is not None
        )


def needs_no_arithmetic(plan_type: Optional[str]) -> bool:
    """Medicaid, the VA and TRICARE For Life: the estimate is a sentence, not a sum."""
    return plan_type in _NO_ARITHMETIC_PLANS or (
        bool(plan_type) and knowledge.plan_family(plan_type) in _NO_ARITHMETIC_FAMILIES
    )


def questions(inputs: EstimateInputs) -> List[str]:
    """The form's questions that matter for this case, answered or not, in the order asked.

    The plan is asked only when nothing else tells how the visit is paid; a
    copay needs no deductible; Original Medicare's share and deductible are
    known; plans that need no arithmetic need no numbers. Questions the user
    skipped are left out.
    """
    wanted: List[str] = []
    if inputs.plan_type or not inputs.has_cost_share:
        wanted.append("plan_type")
    if not needs_no_arithmetic(inputs.plan_type):
        wanted.append("visit_price")
        medicare = knowledge.pays_medicare_cost_sharing(inputs.plan_type)
        uninsured = (
            bool(inputs.plan_type) and knowledge.plan_family(inputs.plan_type) == "uninsured"
        )
        if not (medicare or uninsured):
            wanted.append("cost_share")
            if inputs.copay is None:
                wanted.append("deductible_remaining")
    return [q for q in wanted if q not in inputs.skipped]


def answered(question: str, inputs: EstimateInputs) -> bool:
    """Whether what the user said already answers one of the form's questions."""
    if question == "plan_type":
        return bool(inputs.plan_type)
    if question == "visit_price":
        return inputs.visit_price is not None
    if question == "cost_share":
        return inputs.has_cost_share
    return deductible_left(inputs) is not None


def questions_left(inputs: EstimateInputs) -> List[str]:
    """The questions still to ask, in order; [] when the estimate can be made."""
    return [q for q in questions(inputs) if not answered(q, inputs)]


def no_arithmetic_answer(plan_type: str) -> str:
    """The estimate for Medicaid, the VA and TRICARE For Life, in words."""
    if plan_type == "tricare_for_life":
        return t(
            "With TRICARE For Life, you pay nothing when Medicare and TRICARE both cover the "
            "visit. TRICARE pays Medicare's deductible and your share. Check that the doctor "
            "takes Medicare."
        )
    if knowledge.plan_family(plan_type) == "va":
        return t(
            "With VA health care, ask your VA care team if a second opinion would cost you "
            "anything. I could not confirm a published VA rule on it."
        )
    return t(
        "With a Medicaid managed care plan, you pay nothing. The plan must give the second "
        "opinion at no cost to you. With fee-for-service Medicaid, it depends on your state. "
        "It is usually little or nothing if the doctor takes Medicaid."
    )


def deductible_left(inputs: EstimateInputs, year: Optional[int] = None) -> Optional[Decimal]:
    """How much deductible is still to pay, from what was said; None when unknown.

    Original Medicare: the Part B deductible of the year less what was paid;
    all of it when nothing was said.
    """
    if inputs.deductible_remaining is not None:
        return inputs.deductible_remaining
    if inputs.deductible_met is True:
        return Decimal("0")
    if knowledge.pays_medicare_cost_sharing(inputs.plan_type):
        full = Decimal(str(figures.get("medicare_part_b_deductible", year).amount))
        return max(full - (inputs.deductible_paid or Decimal("0")), Decimal("0"))
    return None


def estimate_from(inputs: EstimateInputs, year: Optional[int] = None) -> Estimate:
    """The estimate for what is known (questions_left(inputs) must be empty, price given)."""
    if inputs.visit_price is None:
        raise EstimateInputError(t("The estimate needs the visit's price."))
    # Nothing said about a Medicare deductible: estimate_for_plan assumes all of it, and says so.
    remaining = deductible_left(inputs, year) if inputs.deductible_known else None
    result = estimate_for_plan(
        inputs.plan_type,
        inputs.visit_price,
        remaining,
        inputs.coinsurance,
        inputs.copay,
        year,
    )
    notes = list(result.notes)
    if remaining is None and inputs.copay is None and inputs.has_cost_share:
        notes.append(
            t("I assumed your deductible is already paid. If it isn't, you would pay more.")
        )
    if inputs.copay is not None and remaining is None:
        notes.append(
            t(
                "Many plans charge only the copay for a specialist visit. If yours takes the "
                "deductible first, you would pay more."
            )
        )
    if not inputs.has_cost_share and not (
        knowledge.follows_medicare_rules(inputs.plan_type)
        or knowledge.plan_family(inputs.plan_type) == "uninsured"
    ):
        notes.append(
            t("I left out your copay or coinsurance, since I don't know it. Ask your plan.")
        )
    return Estimate(
        you_pay=result.you_pay, plan_pays=result.plan_pays, steps=result.steps, notes=notes
    )
