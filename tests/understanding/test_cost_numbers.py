"""Cost figures read from what people write: each amount gets its role from the words around it."""

from decimal import Decimal

import pytest

from understanding.cost_numbers import find, read


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "I'm on an HMO, my copay for specialists is 50 dollars and the visit is 280, "
            "how much would I pay",
            {"copay": "50", "visit_price": "280"},
        ),
        (
            "my deductible is $1,500 and I still have $300 left, the visit is $400",
            {"deductible_remaining": "300", "visit_price": "400"},
        ),
        (
            "My PPO has a $50 specialist copay. The visit is $300.",
            {"copay": "50", "visit_price": "300"},
        ),
        (
            "HMO, 30% coinsurance, I have $200 left on my deductible, and the visit is $500",
            {"coinsurance": "30", "deductible_remaining": "200", "visit_price": "500"},
        ),
        (
            "deductible's already met for the year",
            {"deductible_remaining": "0", "deductible_met": "yes"},
        ),
        (
            "I've met my deductible on my EPO",
            {"deductible_remaining": "0", "deductible_met": "yes"},
        ),
        (
            "$1,500 deductible and I haven't paid anything toward it yet, then 20% after that. "
            "The visit is $450.",
            {
                "deductible_remaining": "1500",
                "deductible_met": "no",
                "coinsurance": "20",
                "visit_price": "450",
            },
        ),
        (
            "a $1,000 deductible and I've paid $600 of it so far. After that it's 20%. "
            "The second opinion is $700",
            {
                "deductible_remaining": "400",
                "deductible_paid": "600",
                "coinsurance": "20",
                "visit_price": "700",
            },
        ),
        ("I've already paid $183 toward my Part B deductible", {"deductible_paid": "183"}),
        ("They told me $380", {"visit_price": "380"}),
        ("the specialist charges 1.2k", {"visit_price": "1200"}),
        ("25% coinsurance", {"coinsurance": "25"}),
        ("coinsurance of 20", {"coinsurance": "20"}),
        (
            "I still owe $150 on my deductible, copay 40",
            {"deductible_remaining": "150", "copay": "40"},
        ),
    ],
)
def test_figures_and_their_roles(text, expected):
    assert read(text).as_values() == expected


@pytest.mark.parametrize(
    "text",
    [
        "my 2 kids and I have medicare, can we get a second opinion in 2 weeks",
        "My son is 16 and the surgeon wants to operate",
        "we live at 1200 Main Street",
        "does a second opinion cost anything",
        "",
    ],
)
def test_numbers_that_are_not_cost_figures_are_left_alone(text):
    assert not read(text)


def test_a_named_price_wins_over_an_amount_without_a_word():
    figures = read("I paid $40 last time, and this visit costs $250")
    assert figures.visit_price == Decimal("250")


def test_spans_point_at_the_amounts():
    text = "my copay is $50 and the visit is $280"
    spans = {s.entity: text[s.start : s.end] for s in find(text)}
    assert spans == {"copay": "$50", "visit_price": "$280"}


def test_a_percentage_over_100_is_not_coinsurance():
    assert read("it went up 150% this year, what will it cost").coinsurance is None


@pytest.mark.parametrize(
    "text, expected",
    [
        # An ordinal is no amount; the deductible's status after the price is no role for it.
        (
            "wat would a 2nd opinon cost me w medicare. visit is $300 deductable met",
            {"visit_price": "300", "deductible_remaining": "0", "deductible_met": "yes"},
        ),
        # Texting without apostrophes still says the deductible is not met.
        (
            "I havent met my deductable, visit 200, 20% coinsurance",
            {"visit_price": "200", "coinsurance": "20", "deductible_met": "no"},
        ),
        (
            "i didnt pay anything toward my $1500 deductible, visit 300, 20%",
            {
                "visit_price": "300",
                "coinsurance": "20",
                "deductible_remaining": "1500",
                "deductible_met": "no",
            },
        ),
        ("L4-L5 fusion, my 3rd opinion visit is $250", {"visit_price": "250"}),
    ],
)
def test_texting_and_ordinals(text, expected):
    assert read(text).as_values() == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my copay is forty dollars, how much would it cost me", {"copay": "40"}),
        ("I pay twenty percent after my deductible, what would it cost", {"coinsurance": "20"}),
        (
            "the visit is three hundred fifty and I have fifteen hundred left on my deductible",
            {"visit_price": "350", "deductible_remaining": "1500"},
        ),
        # Small numbers in words count only with "dollars" or "percent".
        ("my two kids need a visit and my copay is $20", {"copay": "20"}),
    ],
)
def test_numbers_in_words(text, expected):
    assert read(text).as_values() == expected


def test_asking_for_the_estimate_in_words_is_marked_but_is_no_figure():
    spans = find("Can you estimate what I'd pay? I have Original Medicare.")
    assert [(s.entity, s.value) for s in spans] == [("estimate_request", "yes")]
    assert read("Can you estimate what I'd pay?").as_values() == {}
    assert find("what would it cost me") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("el 20 % de coaseguro", {"coinsurance": "20"}),
        ("pago 20 por ciento", {"coinsurance": "20"}),
        ("coaseguro del veinte por ciento", {"coinsurance": "20"}),
        ("la consulta cuesta $1.500", {"visit_price": "1500"}),
        ("me cobran 1.500 dólares por la consulta", {"visit_price": "1500"}),
        ("mi copago es de cincuenta dólares", {"copay": "50"}),
        ("mi copago es de 50", {"copay": "50"}),
        ("ya pagué 300 del deducible", {"deductible_paid": "300"}),
        ("me faltan $500 del deducible", {"deductible_remaining": "500"}),
        ("ya cumplí el deducible", {"deductible_remaining": "0", "deductible_met": "yes"}),
        (
            "el deducible es de $1.500 y ya pagué 600",
            {"deductible_remaining": "900", "deductible_paid": "600"},
        ),
        (
            "no he pagado nada de mi deducible de $1.000, coaseguro del 20% y la consulta "
            "cuesta 400",
            {
                "deductible_remaining": "1000",
                "deductible_met": "no",
                "coinsurance": "20",
                "visit_price": "400",
            },
        ),
        (
            "mi copago es de 40 dls y la cita cuesta doscientos",
            {"copay": "40", "visit_price": "200"},
        ),
        ("la visita cuesta 2 mil", {"visit_price": "2000"}),
        ("me dijeron que son $350", {"visit_price": "350"}),
        ("ya pagué el deducible este año", {"deductible_remaining": "0", "deductible_met": "yes"}),
        (
            "¿y si ya hubiera pagado el deducible de la parte B?",
            {"deductible_remaining": "0", "deductible_met": "yes"},
        ),
        ("no he pagado el deducible", {"deductible_met": "no"}),
        # The amount left in a clause of its own, the deductible named in another.
        (
            "el deductible es de $1.500 y me faltan $200 para cumplirlo, después pago el 20 %",
            {"deductible_remaining": "200", "coinsurance": "20"},
        ),
    ],
)
def test_spanish_figures_and_their_roles(text, expected):
    assert read(text).as_values() == expected


@pytest.mark.parametrize(
    "text",
    [
        "mi hijo de 8 años necesita una consulta",
        "tengo una 2da opinión en 3 semanas, ¿cuánto cuesta?",
        "¿cuánto cuesta una segunda opinión?",
    ],
)
def test_spanish_numbers_that_are_not_cost_figures(text):
    assert not read(text)


def test_spanish_estimate_request_and_positions():
    text = "¿me calculas cuánto pago? la consulta cuesta $1.500"
    spans = {s.entity: text[s.start : s.end] for s in find(text)}
    assert spans["estimate_request"].startswith("calcul")
    assert spans["visit_price"] == "$1.500"
