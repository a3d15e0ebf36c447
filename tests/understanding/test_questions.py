"""Finding the questions of a message: two questions at once, or one after some background."""

import pytest

from understanding.questions import question_segments


@pytest.mark.parametrize(
    "text,segments",
    [
        (
            "Does my HMO cover a second opinion, and do I need a referral from my PCP first?",
            ["Does my HMO cover a second opinion", "do I need a referral from my PCP first?"],
        ),
        (
            "How do I get my CT scans sent? And can the second opinion be done over video?",
            ["How do I get my CT scans sent?", "can the second opinion be done over video?"],
        ),
        (
            "does insurance cover it and how do I find a specialist",
            ["does insurance cover it", "how do I find a specialist"],
        ),
        (
            "My two doctors disagree about my thyroid. What should I do now, and will Medicare "
            "pay for a third opinion?",
            [
                "My two doctors disagree about my thyroid. What should I do now",
                "will Medicare pay for a third opinion?",
            ],
        ),
        (
            "I have a POS plan. Roughly what would it cost, and what do I do once I have the "
            "report?",
            [
                "I have a POS plan. Roughly what would it cost",
                "what do I do once I have the report?",
            ],
        ),
    ],
)
def test_two_questions(text, segments):
    assert question_segments(text) == segments


@pytest.mark.parametrize(
    "text",
    [
        "my dad has medicare and his cardiologist wants to put in a pacemaker, can he get someone "
        "else to check first?",
        "We're in New Jersey. My gynecologist says I need a hysterectomy. Will the HMO pay for it?",
        "is it covered",
    ],
)
def test_one_question_with_its_background(text):
    assert question_segments(text) == [text]


def test_no_question():
    assert question_segments("hi") == []
    assert question_segments("I have a PPO") == []


@pytest.mark.parametrize(
    "text,segments",
    [
        (
            "¿mi seguro cubre una segunda opinión y cómo encuentro un especialista?",
            ["¿mi seguro cubre una segunda opinión", "cómo encuentro un especialista?"],
        ),
        ("necesito referido? y cuanto me cuesta?", ["necesito referido?", "cuanto me cuesta?"]),
        (
            "tengo un HMO. ¿Cuánto cuesta y además necesito autorización?",
            ["tengo un HMO. ¿Cuánto cuesta", "necesito autorización?"],
        ),
        (
            "el seguro me negó la cirugía ¿cómo apelo? ¿y cuánto tiempo tengo?",
            ["el seguro me negó la cirugía ¿cómo apelo?", "¿y cuánto tiempo tengo?"],
        ),
        (
            "que es una segunda opinion y tambien como la pido",
            ["que es una segunda opinion", "como la pido"],
        ),
    ],
)
def test_two_questions_in_spanish(text, segments):
    assert question_segments(text) == segments


@pytest.mark.parametrize(
    "text",
    [
        "mi mamá tiene Medicare y el cardiólogo quiere operarla, ¿le cubren otra opinión?",
        "vivo en Texas y no tengo seguro, cuanto cuesta una segunda opinion?",
    ],
)
def test_one_spanish_question_with_its_background(text):
    assert question_segments(text) == [text]


def test_a_spanish_statement_is_no_question():
    assert question_segments("tengo un PPO y vivo en Florida") == []
