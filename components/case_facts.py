"""Rasa NLU component: the facts of the user's case, settled after the other extractors.

- Who it is for: "my 82 year old dad", "our 8-year-old son" (understanding/people.py).
- One plan type: "a PPO through work" names the PPO and the job; the specific
  type wins over "an employer plan" (Rasa fills a slot from the last value).
- The state a city or a state's Medicaid program implies ("I have Medi-Cal and
  live in Los Angeles" -> CA), when the message names none
  (understanding/implied_states.py).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from understanding import implied_states, people

# Plan types that only say where the insurance comes from: a named type wins over them.
GENERIC_PLANS = frozenset({"employer_unknown", "unknown"})
# A program's plan named with its kind close by is that kind of plan: "Medicare
# Advantage, un PPO de Humana", "Medicaid, it's an HMO". Farther apart they may be
# two people's plans ("I have Medicaid. My husband's job gives him an HMO").
COMBINED_PLANS = {
    ("medicare_advantage", "hmo"): "medicare_advantage_hmo",
    ("medicare_advantage", "ppo"): "medicare_advantage_ppo",
    ("medicare_advantage_hmo", "hmo"): "medicare_advantage_hmo",
    ("medicare_advantage_ppo", "ppo"): "medicare_advantage_ppo",
    ("medicaid", "hmo"): "medicaid_managed_care",
    ("medicaid_managed_care", "hmo"): "medicaid_managed_care",
}
COMBINE_WITHIN = 30  # characters between the two names, in one sentence


def _entity(kind: str, value: str, start: int, end: int) -> Dict[str, Any]:
    return {
        ENTITY_ATTRIBUTE_TYPE: kind,
        ENTITY_ATTRIBUTE_VALUE: value,
        ENTITY_ATTRIBUTE_START: start,
        ENTITY_ATTRIBUTE_END: end,
    }


def _combined_plans(text: str, entities: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """A program's plan and its kind named close together become one plan (COMBINED_PLANS)."""
    plans = [e for e in entities if e.get(ENTITY_ATTRIBUTE_TYPE) == "plan_type"]
    for program in plans:
        for kind in plans:
            combined = COMBINED_PLANS.get(
                (str(program.get(ENTITY_ATTRIBUTE_VALUE)), str(kind.get(ENTITY_ATTRIBUTE_VALUE)))
            )
            if combined is None or kind is program:
                continue
            first, second = sorted((program, kind), key=lambda e: e[ENTITY_ATTRIBUTE_START])
            between = text[first[ENTITY_ATTRIBUTE_END] : second[ENTITY_ATTRIBUTE_START]]
            if len(between) > COMBINE_WITHIN or re.search(r"[.!?\n]", between):
                continue
            program[ENTITY_ATTRIBUTE_VALUE] = combined
            return _combined_plans(text, [e for e in entities if e is not kind])
    return entities


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class CaseFactsExtractor(GraphComponent, EntityExtractorMixin):
    """Settles person, plan type and state entities from the message's words."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CaseFactsExtractor:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and not text.startswith("/"):
                message.set(
                    ENTITIES, self.settle(text, message.get(ENTITIES, [])), add_to_output=True
                )
        return messages

    def settle(self, text: str, entities: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        """The message's entities with the case facts settled."""
        settled = [e for e in entities if e.get(ENTITY_ATTRIBUTE_TYPE) != "person"]
        # The person it is for: the first named ("my daughter... her husband's HMO"),
        # unless the words show another is the patient (understanding/people.py).
        who = people.patient(text)
        settled += self.add_extractor_name(
            [_entity("person", who.value, who.start, who.end)] if who else []
        )
        plans = {
            e.get(ENTITY_ATTRIBUTE_VALUE)
            for e in settled
            if e.get(ENTITY_ATTRIBUTE_TYPE) == "plan_type"
        }
        if plans - GENERIC_PLANS:
            settled = [
                e
                for e in settled
                if not (
                    e.get(ENTITY_ATTRIBUTE_TYPE) == "plan_type"
                    and e.get(ENTITY_ATTRIBUTE_VALUE) in GENERIC_PLANS
                )
            ]
        settled = _combined_plans(text, settled)
        if not any(e.get(ENTITY_ATTRIBUTE_TYPE) == "us_state" for e in settled):
            implied = implied_states.find(text)[:1]
            settled += self.add_extractor_name(
                [_entity("us_state", s.code, s.start, s.end) for s in implied]
            )
        return sorted(settled, key=lambda e: e.get(ENTITY_ATTRIBUTE_START) or 0)

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @staticmethod
    def supported_languages() -> Optional[List[Text]]:
        return None
