"""Every message the bot can send from its knowledge, for the plain-language checks.

- every response in domain.yml (figures it shows filled in, as the actions do);
- every coverage, approval, cost, denial and third-opinion answer, for every
  plan type, in no state, in each state that has a law of its own, and in one
  state without (Missouri with a cancer, another condition and none said;
  denials urgent and not said), with their "Where is this from?" answers;
- the cost estimate for every plan type, and the answer of those without sums;
- the checklist for every plan type, state, surgery answer and kind of condition;
- the other sentences the actions write (plan steps, call script, specialist
  search, the topics' sources).

The figures are those of the date the caller pins (figures.today). Each
message can be rendered in English or Spanish (`language`).
"""

from __future__ import annotations

import itertools
import string
from decimal import Decimal
from typing import Iterator, List, Tuple

import yaml

from actions import rendering
from actions.logic import (
    call_script,
    checklist,
    cost_estimate,
    coverage,
    figures,
    i18n,
    knowledge,
    sources,
    topics,
)
from actions.logic.coverage import Situation
from actions.logic.npi_registry import Provider, SearchResult
from tests.actions.conftest import DOMAIN_FILE

Labelled = Tuple[str, str]

# A state without a law of its own, beside those with one.
STATE_WITHOUT_LAW = "TX"
CONDITIONS = ("breast cancer", "heart valve disease", "torn ACL", "epilepsy", "migraine", None)


# Placeholders of responses that Rasa fills from a slot, not from the figures.
SLOT_EXAMPLES = {"person": "husband", "person_es": "esposo"}


class _Figures(dict):
    def __missing__(self, key: str) -> str:
        if key in SLOT_EXAMPLES:
            return SLOT_EXAMPLES[key]
        return figures.get(key).display()


def language_of(variant: dict) -> str:
    """The language a response variation is for: its `language` condition, else English."""
    for condition in variant.get("condition") or []:
        if condition.get("name") == "language" and condition.get("value") == i18n.SPANISH:
            return i18n.SPANISH
    return i18n.ENGLISH


def domain_responses() -> Iterator[Labelled]:
    """The responses' variations in the language being written, figures filled in."""
    responses = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"]
    for name, variants in responses.items():
        for variant in variants:
            text = variant.get("text")
            if text and language_of(variant) == i18n.language():
                yield name, string.Formatter().vformat(text, (), _Figures())


def states() -> List:
    return [None, STATE_WITHOUT_LAW] + coverage.states_with_law()


def coverage_answers() -> Iterator[Labelled]:
    for plan, topic, state in itertools.product(knowledge.plan_types(), coverage.TOPICS, states()):
        conditions = ("breast cancer", "torn ACL", None) if state == "MO" else (None,)
        urgency = (None, True) if topic == "denial" else (None,)
        for condition, urgent in itertools.product(conditions, urgency):
            situation = Situation(
                plan_type=plan, us_state=state, condition=condition, urgent=urgent
            )
            answer = coverage.answer(topic, situation)
            label = f"{topic}/{plan}/{state}/{condition}/{urgent}"
            yield label, str(rendering.coverage_message(answer)["text"])
            entries = sources.for_answer(answer)
            if entries:
                yield "sources/" + label, str(rendering.sources_message(entries)["text"])


def estimates() -> Iterator[Labelled]:
    for plan in knowledge.plan_types():
        if cost_estimate.needs_no_arithmetic(plan):
            yield f"estimate/{plan}", cost_estimate.no_arithmetic_answer(plan)
        inputs = [
            cost_estimate.EstimateInputs(plan_type=plan, visit_price=Decimal(500)),
            cost_estimate.EstimateInputs(
                plan_type=plan,
                visit_price=Decimal(500),
                coinsurance=Decimal(20),
                deductible_remaining=Decimal(200),
            ),
            cost_estimate.EstimateInputs(
                plan_type=plan, visit_price=Decimal(300), copay=Decimal(40)
            ),
        ]
        for each in inputs:
            result = cost_estimate.estimate_from(each)
            yield (
                f"estimate/{plan}",
                rendering.estimate_text(result.steps, result.notes, Situation(plan_type=plan)),
            )


def checklists() -> Iterator[Labelled]:
    for plan, state, surgery, condition in itertools.product(
        knowledge.plan_types(), states(), ("yes", "no", "unsure"), CONDITIONS
    ):
        built = checklist.build(plan, condition, surgery, state)
        for message in rendering.checklist_messages(built):
            yield f"checklist/{plan}/{state}/{surgery}/{condition}", str(message["text"])


def other_sentences() -> Iterator[Labelled]:
    for plan in knowledge.plan_types():
        facts = coverage.answer("authorization", Situation(plan_type=plan)).facts[:2]
        yield f"plan_steps/{plan}", str(rendering.plan_steps_message(plan, facts)["text"])
        script = rendering.call_script_message(call_script.questions(plan))
        if script:
            yield f"call_script/{plan}", str(script["text"])
    for topic in topics.RESPONSES:
        entries = sources.for_topic(topic)
        if entries:
            yield f"sources/{topic}", str(rendering.sources_message(entries)["text"])
    provider = Provider(
        npi="1",
        name="Jane Doe, MD",
        specialty="Cardiovascular Disease",
        address="1 Main St, Boston, MA 02115",
        phone="617-555-0100",
    )
    result = SearchResult(providers=[provider], result_count=1)
    message = rendering.specialist_results_message(result, "cardiologist", "02115", 0)
    assert message is not None
    yield "specialists", str(message["text"])


def labelled_messages(language: str = i18n.ENGLISH) -> List[Labelled]:
    """Every message in one language, in a fixed order (the same order in each language)."""
    with i18n.speaking(language):
        return list(
            itertools.chain(
                domain_responses(),
                coverage_answers(),
                estimates(),
                checklists(),
                other_sentences(),
            )
        )


def all_messages(language: str = i18n.ENGLISH) -> List[Labelled]:
    """Every message in one language, each distinct text once (with the first label it had)."""
    seen: dict = {}
    for label, text in labelled_messages(language):
        seen.setdefault(text, label)
    return [(label, text) for text, label in seen.items()]
