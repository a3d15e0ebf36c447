"""Pipeline components used only by scripts/compare_classifiers.py (not by config.yml).

- `LogisticRegressionWithC`: Rasa's built-in LogisticRegressionClassifier with
  its regularisation strength made configurable. Rasa's class fixes
  scikit-learn's default C=1 and exposes only max_iter, solver, tol and
  random_state. Training, saving (skops) and prediction are Rasa's own.
- `NegationFeaturizer`: the custom intent model's negation feature
  (understanding.intent_model.negated_words: "they didn't agree" -> NEG_agree)
  as a Rasa sparse featurizer, so Rasa's classifier can be given it too. It
  adds sentence features only (counts of the negated words seen in training),
  which is all LogisticRegressionClassifier reads.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from typing import Any, Dict, List, Optional, Text

import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from understanding.intent_model import DEFAULTS, negated_words

logger = logging.getLogger(__name__)
_VOCABULARY_FILE = "negated_words.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LogisticRegressionWithC(LogisticRegressionClassifier):
    """Rasa's LogisticRegressionClassifier with a `C` setting (inverse regularisation)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(
        self,
        config: Dict[Text, Any],
        name: Text,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=float(self.config["C"]))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class NegationFeaturizer(SparseFeaturizer, GraphComponent):
    """Sentence features: how often each negated word ("NEG_agree") occurs in the text."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**SparseFeaturizer.get_default_config(), "window": DEFAULTS["negation_window"]}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        name: Text,
        vocabulary: Optional[List[str]] = None,
    ) -> None:
        super().__init__(name, {**self.get_default_config(), **config})
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary or []

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NegationFeaturizer:
        return cls(config, model_storage, resource, execution_context.node_name)

    def _negated(self, text: str) -> List[str]:
        return negated_words(text, self._config["window"])

    def train(self, training_data: TrainingData) -> Resource:
        texts = [m.get(TEXT) or "" for m in training_data.training_examples]
        self.vocabulary = sorted({word for text in texts for word in self._negated(text)})
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _VOCABULARY_FILE).write_text(json.dumps(self.vocabulary))
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> NegationFeaturizer:
        vocabulary = None
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = json.loads((directory / _VOCABULARY_FILE).read_text())
        except (ValueError, FileNotFoundError):
            logger.warning("NegationFeaturizer: no vocabulary found; it adds no features.")
        return cls(config, model_storage, resource, execution_context.node_name, vocabulary)

    def features(self, text: str) -> scipy.sparse.coo_matrix:
        """A 1 x vocabulary row: the count of each known negated word in `text`."""
        index = {word: i for i, word in enumerate(self.vocabulary)}
        counts = Counter(index[w] for w in self._negated(text) if w in index)
        columns = sorted(counts)
        return scipy.sparse.coo_matrix(
            ([float(counts[c]) for c in columns], ([0] * len(columns), columns)),
            shape=(1, len(self.vocabulary)),
        )

    def process(self, messages: List[Message]) -> List[Message]:
        if not self.vocabulary:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if text:
                self.add_features_to_message(None, self.features(text), TEXT, message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
