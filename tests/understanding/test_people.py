"""Who the second opinion is for, as people write it."""

import pytest

from understanding.people import find, patient


@pytest.mark.parametrize(
    "text,value",
    [
        ("my mom has medicare", "mother"),
        ("our 8-year-old son has Medicaid", "son"),
        ("My 8 year old has MassHealth", "child"),
        ("my elderly dad", "father"),
        ("my 82 yo father", "father"),
        ("My wife's neurologist thinks", "wife"),
        ("our little boy", "son"),
        ("my doctor told my husband", "husband"),
    ],
)
def test_people(text, value):
    assert [m.value for m in find(text)] == [value]


@pytest.mark.parametrize(
    "text", ["my insurance covers it", "the mother of all bills", "I have a PPO", ""]
)
def test_no_person(text):
    assert find(text) == []


def test_the_mention_starts_at_the_nearest_my():
    text = "my doctor told my husband"
    mention = find(text)[0]
    assert text[mention.start : mention.end] == "my husband"


@pytest.mark.parametrize(
    "text,value",
    [
        # The insurance comes through one person; the medical words are about another.
        (
            "my husband is active duty at Fort Hood. "
            "Our daughter's orthopedist wants to do spinal fusion",
            "daughter",
        ),
        ("my wife's job gives us a PPO and my son was diagnosed with leukemia", "son"),
        ("my dad has Medicare and my mom needs a knee replacement", "mother"),
        # Nothing says otherwise: the first person named.
        ("my daughter and her husband have an HMO", "daughter"),
        ("my mom has cancer and my sister wants to help", "mother"),
    ],
)
def test_the_patient_among_several_people(text, value):
    assert patient(text).value == value


def test_no_patient_without_a_person():
    assert patient("does my plan cover it?") is None


@pytest.mark.parametrize(
    "text,value",
    [
        ("mi mamá tiene Medicare", "mother"),
        ("mi mama tiene medicare", "mother"),
        ("es para mi papá de 82 años", "father"),
        ("nuestro hijo de 8 años tiene Medicaid", "son"),
        ("mi esposo tiene cáncer de colon", "husband"),
        ("mi esposa", "wife"),
        ("mis papás tienen medicare", "parent"),
        ("mi abuelita tiene 90 años", "grandmother"),
        ("Mamá tiene cáncer", "mother"),
    ],
)
def test_spanish_people(text, value):
    assert patient(text).value == value


@pytest.mark.parametrize(
    "text,value",
    [
        (
            "mi esposo es militar activo y el ortopedista de nuestra hija quiere operarla",
            "daughter",
        ),
        ("tengo seguro por el trabajo de mi esposo y mi hija necesita otra opinión", "daughter"),
        ("mi esposo tiene un PPO y mi mamá tiene cáncer", "mother"),
    ],
)
def test_the_spanish_patient_among_several_people(text, value):
    assert patient(text).value == value


def test_spanish_words_that_are_no_person():
    assert patient("mi mamá no, yo") is not None
    assert patient("la mama de la doctora") is None
    assert patient("el papa francisco") is None


@pytest.mark.parametrize(
    "text",
    [
        "I've got a PPO through my husband's job. They found a tumor on my MRI.",
        "my wife's employer plan is an HMO and I need a second opinion on my back",
        "My husband is active duty and I was told I need surgery",
    ],
)
def test_the_one_the_insurance_comes_through_is_not_the_patient(text):
    assert patient(text) is None


@pytest.mark.parametrize(
    "text,value",
    [
        ("my wife's employer plan is an HMO, can she see another surgeon?", "wife"),
        ("My husband is active duty and he was told he needs surgery", "husband"),
    ],
)
def test_the_sponsor_is_the_patient_when_the_message_goes_on_about_them(text, value):
    assert patient(text).value == value
