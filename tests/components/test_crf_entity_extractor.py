"""The CRF entity extractor loads its stored CRFs instead of fitting them again,
and extracts exactly what the trained one did."""

from __future__ import annotations

import gc
import os

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.crf_entity_extractor import MODEL_SUFFIX, StoredCRFEntityExtractor

CONDITIONS = ["lymphoma", "breast cancer", "heart failure", "lupus", "a brain tumor", "ms"]
TEMPLATES = [
    "my mom has {}",
    "they found {} last week",
    "I was told I have {}",
    "second opinion for {} please",
    "what about {}",
]
UNSEEN = ["my dad has lymphoma", "they found breast cancer", "is lupus covered", "hello there"]


def _example(template: str, condition: str) -> Message:
    text = template.format(condition)
    start = text.index(condition)
    entity = {
        "entity": "condition",
        "value": condition,
        "start": start,
        "end": start + len(condition),
    }
    return Message(data={"text": text, "intent": "inform", "entities": [entity]})


class Pipeline:
    """Tokenizer and features as in a Rasa pipeline, then the extractor."""

    def __init__(self, tmp_path):
        self.storage = LocalModelStorage(tmp_path)
        self.context = ExecutionContext(graph_schema=None)
        self.tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
        self.featurizer = CountVectorsFeaturizer.create(
            CountVectorsFeaturizer.get_default_config(),
            self.storage,
            Resource("features"),
            self.context,
        )
        self.config = StoredCRFEntityExtractor.get_default_config()
        self.resource = Resource("crf")

    def prepare(self, messages):
        self.tokenizer.process(messages)
        self.featurizer.process(messages)
        return messages

    def train(self) -> StoredCRFEntityExtractor:
        data = TrainingData([_example(t, c) for t in TEMPLATES for c in CONDITIONS])
        self.tokenizer.process_training_data(data)
        self.featurizer.train(data)
        self.featurizer.process_training_data(data)
        extractor = StoredCRFEntityExtractor.create(
            self.config, self.storage, self.resource, self.context
        )
        extractor.train(data)
        return extractor

    def load(self) -> CRFEntityExtractor:
        return StoredCRFEntityExtractor.load(self.config, self.storage, self.resource, self.context)

    def extract(self, extractor, texts):
        messages = self.prepare([Message(data={"text": text}) for text in texts])
        extractor.process(messages)
        return [message.get("entities") for message in messages]


def _reuse_freed_memory() -> None:
    # A model read into memory and then freed would be overwritten here (CRFsuite
    # keeps reading the bytes it was opened on).
    gc.collect()
    churn = [os.urandom(size) for size in range(1_000, 400_000, 997) for _ in range(2)]
    del churn


@pytest.fixture
def pipeline(tmp_path):
    return Pipeline(tmp_path)


def test_the_trained_crfs_are_stored_in_crfsuite_format(pipeline):
    pipeline.train()
    with pipeline.storage.read_from(pipeline.resource) as model_dir:
        stored = sorted(path.name for path in model_dir.glob(f"*{MODEL_SUFFIX}"))
        assert stored == [f"entity{MODEL_SUFFIX}"]
        # CRFsuite's own binary format, not a pickle.
        assert (model_dir / stored[0]).read_bytes()[:4] == b"lCRF"


def test_loading_fits_nothing_and_extracts_what_the_trained_one_did(pipeline, monkeypatch):
    trained = pipeline.train()
    expected = pipeline.extract(trained, UNSEEN)
    assert [e["value"] for e in expected[0]] == ["lymphoma"]  # the CRF learned something

    def no_fitting(*args, **kwargs):
        raise AssertionError("the CRFs were fitted again at load")

    monkeypatch.setattr(CRFEntityExtractor, "train_model", classmethod(no_fitting))
    loaded = pipeline.load()
    _reuse_freed_memory()
    assert pipeline.extract(loaded, UNSEEN) == expected
    assert {e["extractor"] for found in expected for e in found} == {"CRFEntityExtractor"}


def test_a_model_without_stored_crfs_is_fitted_at_load_as_before(pipeline, monkeypatch):
    trained = pipeline.train()
    expected = pipeline.extract(trained, UNSEEN)
    with pipeline.storage.write_to(pipeline.resource) as model_dir:
        for path in model_dir.glob(f"*{MODEL_SUFFIX}"):
            path.unlink()
    fitted = []
    original = CRFEntityExtractor.train_model.__func__

    def counting(cls, *args, **kwargs):
        fitted.append(True)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(CRFEntityExtractor, "train_model", classmethod(counting))
    loaded = pipeline.load()
    assert fitted
    assert pipeline.extract(loaded, UNSEEN) == expected
