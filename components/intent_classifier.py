"""Rasa adapter for understanding/intent_model.py (the intent classifier).

It sets `intent` and `intent_ranking` on each message like Rasa's own
classifiers, so the crisis-language net and the FallbackClassifier after it
work unchanged. Entities come from other components (the spaCy entity ruler
and the CRFEntityExtractor, see config.yml).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from understanding import focus
from understanding.intent_model import DEFAULTS, IntentModel
from understanding.multi_intent import SEPARATOR, asked_order, two_questions
from understanding.ranking import decided_first

logger = logging.getLogger(__name__)

# On the parse result: the intents of a combined intent in the order the user asked.
TOPIC_ORDER_KEY = "topic_order"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    """Intent classification with understanding.intent_model.IntentModel."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **{k: list(v) if isinstance(v, tuple) else v for k, v in DEFAULTS.items()},
            "ranking_length": 10,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[IntentModel] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    def _settings(self) -> Dict[Text, Any]:
        return {k: self._config[k] for k in DEFAULTS}

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if len({e.get(INTENT) for e in examples}) < 2:
            logger.warning(
                "LinearIntentClassifier: fewer than two intents in the data; not trained."
            )
            return self._resource
        self._model = IntentModel.fit(
            [e.get(TEXT) for e in examples], [e.get(INTENT) for e in examples], **self._settings()
        )
        with self._model_storage.write_to(self._resource) as directory:
            self._model.save(directory)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                model = IntentModel.load(directory)
        except (ValueError, FileNotFoundError, KeyError):
            # Rasa's own classifiers do the same: an untrained component
            # (no intents in the data) predicts nothing instead of failing.
            logger.warning("LinearIntentClassifier: no trained model found; it will not classify.")
            model = None
        return cls(config, model_storage, resource, model)

    def process(self, messages: List[Message]) -> List[Message]:
        texts = [m.get(TEXT) or "" for m in messages]
        rankings = (
            self._model.rank(texts, self._config["ranking_length"])
            if self._model
            else [[] for _ in texts]
        )
        for message, text, ranking in zip(messages, texts, rankings, strict=True):
            if not text.strip() or not ranking:
                # Nothing to classify (an empty or blank text, or no trained
                # model): no intent with confidence 0, as Rasa's own classifiers
                # report it, so the FallbackClassifier turns it into nlu_fallback.
                message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            intent_ranking = [
                {"name": name, "confidence": confidence} for name, confidence in ranking
            ]
            combined = self._model and two_questions(self._model, text)
            if combined:
                # Two questions on two topics: the combined intent, in the order asked.
                # Its parts stay below it: one more confident than the pair would
                # read to the FallbackClassifier as two intents too close to choose.
                intent_ranking = decided_first(combined.name, combined.confidence, ranking)
                message.set(TOPIC_ORDER_KEY, combined.order, add_to_output=True)
            elif self._model and SEPARATOR in ranking[0][0]:
                order = asked_order(self._model, text, ranking[0][0].split(SEPARATOR))
                message.set(TOPIC_ORDER_KEY, order, add_to_output=True)
            elif self._model and focus.is_unsure(ranking):
                # A story around one question: the question read alone decides, if it is clear.
                focused = focus.focused_ranking(self._model, text)
                if focused:
                    intent_ranking = [
                        {"name": name, "confidence": confidence}
                        for name, confidence in focused[: self._config["ranking_length"]]
                    ]
            message.set(INTENT, intent_ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, intent_ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
