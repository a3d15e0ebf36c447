"""The project's spaCy pipeline: blank English + an entity ruler built from the vocabulary files."""

import pytest
import spacy

from scripts.build_spacy_pipeline import build


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    return spacy.load(build(tmp_path_factory.mktemp("spacy") / "pipeline"))


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "I have Medicare Advantage HMO in CA",
            [("Medicare Advantage HMO", "plan_type"), ("CA", "us_state")],
        ),
        ("we live in new york, zip 10027.", [("new york", "us_state"), ("10027", "location")]),
        ("need a heart surgeon", [("heart surgeon", "specialty")]),
        ("I dont have any insurance", [("dont have any insurance", "plan_type")]),
        ("medi-cal in california", [("medi-cal", "plan_type"), ("california", "us_state")]),
    ],
)
def test_closed_vocabularies_are_recognised(nlp, text, expected):
    assert ents(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I had a CT scan",
        "MS runs in my family",
        "we flew to LA",
        "ok in or out",
        "hi there",
        "my MD said so",
        "ca is lowercase",
        "a mass on my lung",
    ],
)
def test_ambiguous_abbreviations_and_words_are_not_states(nlp, text):
    assert not [e for e in ents(nlp, text) if e[1] == "us_state"]


def test_pipeline_is_blank_english_plus_ruler(nlp):
    assert nlp.lang == "en"
    assert nlp.pipe_names == ["entity_ruler"]


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "tengo el seguro de mi trabajo y vivo en Carolina del Norte",
            [("seguro de mi trabajo", "plan_type"), ("Carolina del Norte", "us_state")],
        ),
        (
            "mi mamá tiene Medi-Cal en Nuevo México",
            [("Medi-Cal", "plan_type"), ("Nuevo México", "us_state")],
        ),
        (
            "necesito un cardiólogo en Nueva York",
            [("cardiólogo", "specialty"), ("Nueva York", "us_state")],
        ),
        ("el VA no me cubre", [("VA", "plan_type")]),
        ("soy veterano y voy al va", [("al va", "plan_type")]),
        ("no tengo seguro", [("no tengo seguro", "plan_type")]),
        (
            "tengo medical y vivo en Luisiana",
            [("tengo medical", "plan_type"), ("Luisiana", "us_state")],
        ),
        (
            "busco un oncólogo en Pensilvania",
            [("oncólogo", "specialty"), ("Pensilvania", "us_state")],
        ),
        ("I go to the VA", [("the VA", "plan_type")]),
        ("it's a POS plan", [("POS plan", "plan_type")]),
    ],
)
def test_spanish_closed_vocabularies_are_recognised(nlp, text, expected):
    assert ents(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "mi mamá va a ver al doctor",
        "pos no sé qué tipo de seguro",
        "el va a pedir otra opinión",
        "my medical records",
    ],
)
def test_spanish_words_are_not_plan_types(nlp, text):
    assert not [e for e in ents(nlp, text) if e[1] == "plan_type"]
