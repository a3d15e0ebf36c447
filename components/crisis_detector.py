"""Rasa NLU component that forces the `emergency` intent on crisis language.

It runs after the intent classifier and before the FallbackClassifier, so a
message caught by understanding.crisis_language is answered with the 911 / 988
guidance whatever the intent classifier predicted, inside a form or not.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from understanding.crisis_language import EMERGENCY_INTENT, SAFETY_NET_KEY, detect
from understanding.ranking import decided_first


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisDetector(GraphComponent):
    """Sets the `emergency` intent (confidence 1, first in the ranking) on crisis language."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisDetector:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            category = detect(message.get(TEXT))
            if category is None:
                continue
            # The others stay below it, so the FallbackClassifier can never undo the net.
            ranking = decided_first(
                EMERGENCY_INTENT,
                1.0,
                [
                    (r.get("name"), float(r.get("confidence") or 0.0))
                    for r in (message.get(INTENT_RANKING_KEY) or [])
                ],
            )
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            message.set(SAFETY_NET_KEY, category, add_to_output=True)
        return messages

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def required_components(cls) -> List[type]:
        return []

    @staticmethod
    def supported_languages() -> Optional[List[Text]]:
        return None
