"""The one place the project's changes to Rasa's server are installed.

A pipeline component that does nothing to messages: loading it (or creating
it for training) calls rasa_extensions.install(), which first checks the Rasa
version and refuses to go on with any other than the one the extensions were
written for. It is first in config.yml's pipeline, so every command that
loads the model (`rasa run`, `rasa shell`, `rasa interactive`, `rasa test`,
`make run`) runs with the extensions, and none runs on another Rasa release.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import rasa_extensions


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class ServerExtensions(GraphComponent):
    """Installs rasa_extensions when the pipeline is built; messages pass through unchanged."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ServerExtensions:
        rasa_extensions.install()
        return cls()

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> ServerExtensions:
        return cls.create(config, model_storage, resource, execution_context)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        return messages

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @staticmethod
    def supported_languages() -> Optional[List[Text]]:
        return None
