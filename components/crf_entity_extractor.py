"""Rasa's CRFEntityExtractor, with the trained CRFs stored in the model instead of
trained again each time the model is loaded.

Rasa 3.6's CRFEntityExtractor keeps only its training set in the model
(crf_dataset.json) and fits the CRFs again in `load`: every `rasa run`,
`rasa shell`, `rasa test` and replica start spent most of its start-up fitting
them (a server that has crashed and restarts is down for that long too).
This subclass also writes each trained CRF in CRFsuite's own model format
(`<tag>.crfsuite`, read by CRFsuite's C library; no pickle, which is why
Rasa moved away from storing the estimators) and loads those. A model trained
before has no such files and is loaded the old way. What it extracts is the
same: the fit is deterministic, and the entities still name
"CRFEntityExtractor" as their extractor.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import rasa.shared.utils.io
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor, CRFToken

MODEL_SUFFIX = ".crfsuite"


def _stored_tagger(config: Dict[Text, Any], model: bytes) -> Any:
    """A fitted sklearn_crfsuite.CRF whose tagger is read from CRFsuite model bytes."""
    import pycrfsuite
    import sklearn_crfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(model)
    crf = sklearn_crfsuite.CRF(
        algorithm="lbfgs",
        c1=config["L1_c"],
        c2=config["L2_c"],
        max_iterations=config["max_iterations"],
        all_possible_transitions=True,
    )
    # sklearn_crfsuite opens its tagger lazily from a file; give it the one read here.
    crf._tagger = tagger
    # CRFsuite reads the model in place, without a copy: the bytes must live as long as it.
    crf._model_bytes = model
    return crf


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class StoredCRFEntityExtractor(CRFEntityExtractor):
    """CRFEntityExtractor that stores its trained CRFs (see the module's docstring)."""

    @property
    def name(self) -> Text:
        # The extractor named in the entities and in `rasa test`'s reports.
        return CRFEntityExtractor.__name__

    def persist(self, dataset: List[List[CRFToken]]) -> None:
        super().persist(dataset)
        with self._model_storage.write_to(self._resource) as model_dir:
            for tag_name, crf in (self.entity_taggers or {}).items():
                trained = Path(crf.modelfile.name)
                (model_dir / f"{tag_name}{MODEL_SUFFIX}").write_bytes(trained.read_bytes())

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> CRFEntityExtractor:
        stored = cls._load_stored(config, model_storage, resource)
        if stored is not None:
            return stored
        return super().load(config, model_storage, resource, execution_context, **kwargs)

    @classmethod
    def _load_stored(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource
    ) -> Optional[StoredCRFEntityExtractor]:
        try:
            with model_storage.read_from(resource) as model_dir:
                crf_order = rasa.shared.utils.io.read_json_file(model_dir / "crf_order.json")
                files = [model_dir / f"{tag_name}{MODEL_SUFFIX}" for tag_name in crf_order]
                if not all(path.is_file() for path in files):
                    return None
                taggers = OrderedDict(
                    (tag_name, _stored_tagger(config, path.read_bytes()))
                    for tag_name, path in zip(crf_order, files, strict=True)
                )
        except ValueError:
            # No such resource: the parent's load says so and returns an untrained extractor.
            return None
        extractor = cls(config, model_storage, resource, taggers)
        extractor.crf_order = crf_order
        return extractor
