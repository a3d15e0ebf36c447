import re
from pathlib import Path

import pytest
import yaml

from actions.logic import knowledge, specialties

VOCABULARY = Path(__file__).resolve().parents[3] / "data" / "nlu" / "vocabulary" / "specialties.yml"


def _vocabulary_values():
    data = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    return [item["synonym"] for item in data["nlu"] if "synonym" in item]


def test_every_vocabulary_value_has_a_label_and_taxonomy():
    values = _vocabulary_values()
    assert len(values) >= 20
    for value in values:
        assert specialties.taxonomy(value).strip(), value
        assert specialties.label(value).strip(), value
    # Chest (thoracic) surgeons are suggested for lung and esophageal cancer;
    # the words users type for them still map to cardiac_surgery in the
    # NLU vocabulary (data/, owned apart from this module).
    reached_from_conditions_only = {"thoracic_surgery"}
    assert sorted(specialties.all_values()) == sorted(set(values) | reached_from_conditions_only)


def test_known_taxonomies():
    assert specialties.taxonomy("cardiology") == "Cardiovascular Disease"
    assert specialties.taxonomy("orthopedic_surgery") == "Orthopaedic Surgery"
    assert specialties.taxonomy("neurosurgery") == "Neurological Surgery"
    assert specialties.taxonomy("medical_oncology") == "Medical Oncology"
    assert specialties.label("cardiology") == "cardiologist"


def test_lookup_tolerates_spacing_and_case():
    assert specialties.taxonomy("Medical Oncology") == "Medical Oncology"


@pytest.mark.parametrize("value", ["astrology", "", None])
def test_unknown_specialty_is_value_error(value):
    with pytest.raises(ValueError):
        specialties.taxonomy(value)
    with pytest.raises(ValueError):
        specialties.label(value)


def test_condition_rules_refer_to_known_values_and_kinds():
    data = knowledge.load("specialties")
    values = set(specialties.all_values())
    kinds = set(knowledge.load("conditions"))
    assert set(data["by_condition"]) == kinds
    for listed in data["by_condition"].values():
        assert set(listed) <= values
    for rule in data["by_condition_word"]:
        assert rule["specialties"] and set(rule["specialties"]) <= values, rule
        assert set(rule.get("when") or []) <= kinds and set(rule.get("unless") or []) <= kinds, rule
        for word in rule["words"]:
            assert re.fullmatch(r"[a-z][a-z' -]*", word), word


def test_source_and_date():
    data = knowledge.load("specialties")
    assert "NUCC" in data["source"] and data["as_of"] == "2026-11-01"


def test_breast_cancer():
    found = specialties.for_condition("breast cancer")
    assert "medical_oncology" in found and "surgical_oncology" in found


def test_heart_valve_problem_is_cardiology_first():
    assert specialties.for_condition("heart valve problem")[0] == "cardiology"
    assert "cardiac_surgery" in specialties.for_condition("heart valve problem")


def test_torn_acl():
    assert specialties.for_condition("torn ACL")[0] == "orthopedic_surgery"


def test_lupus_is_rheumatology():
    assert specialties.for_condition("lupus") == ["rheumatology"]


@pytest.mark.parametrize(
    "text, first",
    [
        ("leukemia", "hematology"),
        ("melanoma", "dermatology"),
        ("kidney disease", "nephrology"),
        ("kidney cancer", "urology"),
        ("prostate cancer", "urology"),
        ("herniated disc in my back", "orthopedic_surgery"),
        ("glaucoma", "ophthalmology"),
        ("thyroid problem", "endocrinology"),
        ("ovarian cancer", "gynecologic_oncology"),
        ("high blood pressure", "cardiology"),
        ("stroke", "neurology"),
    ],
)
def test_finer_matches(text, first):
    assert specialties.for_condition(text)[0] == first


def test_blood_cancers_skip_surgery_and_spine_gets_neurosurgery():
    assert "surgical_oncology" not in specialties.for_condition("multiple myeloma")
    assert "neurosurgery" in specialties.for_condition("spinal stenosis")


def test_no_repeats_and_nothing_fits():
    found = specialties.for_condition("breast cancer tumor")
    assert len(found) == len(set(found))
    assert specialties.for_condition("feeling tired") == []
    assert specialties.for_condition("") == []
    assert specialties.for_condition(None) == []
