"""Every plan type the vocabularies can give is one the guide knows.

The entity ruler finds a plan's words (data/nlu/vocabulary/plan_types*.yml)
and Rasa's EntitySynonymMapper turns them into a `plan_type` value; a value
the guide does not know (actions/logic/knowledge: plan_types.yml) is answered
with "I didn't recognise that kind of plan" however plainly the user named it.
"""

from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from actions.logic import knowledge

VOCABULARY = Path(__file__).resolve().parents[2] / "data" / "nlu" / "vocabulary"


@pytest.mark.parametrize("name", ["plan_types.yml", "plan_types_es.yml"])
def test_every_plan_word_maps_to_a_known_plan_type(name):
    data = load_data(str(VOCABULARY / name))
    synonyms = data.entity_synonyms
    known = set(knowledge.plan_types())
    words = [
        element
        for table in data.lookup_tables
        if table["name"] == "plan_type"
        for element in table["elements"]
    ]
    assert words
    unknown = {
        word: synonyms.get(word.lower(), synonyms.get(word, word))
        for word in words
        if synonyms.get(word.lower(), synonyms.get(word, word)) not in known
    }
    assert unknown == {}
