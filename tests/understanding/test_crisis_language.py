"""The deterministic safety net: crisis and emergency language is caught, questions are not."""

import pytest

from understanding.crisis_language import CRISIS, MEDICAL_EMERGENCY, detect


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "i want to kill my self",
        "I've been thinking about suicide",
        "feeling suicidal tonight",
        "I don't want to live anymore",
        "I don\u2019t want to be alive",
        "there's no point in living",
        "I'm going to end it all",
        "I want to end my life",
        "I might hurt myself",
        "everyone would be better off dead without me... I'd be better off dead",
        "I WANT TO DIE",
        "thinking about self-harm again",
    ],
)
def test_crisis_language_is_caught(text):
    assert detect(text) == CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "I have chest pain right now",
        "my husband is having a heart attack",
        "she's having a stroke",
        "I can't breathe",
        "my dad collapsed and is unresponsive",
        "he took an overdose",
        "the bleeding won't stop, it's bleeding heavily",
        "her face is drooping and her speech is slurred, slurred speech",
        "this is an emergency",
    ],
)
def test_medical_emergencies_are_caught(text):
    assert detect(text) == MEDICAL_EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "does medicare cover a second opinion",
        "I had chest pain last year and my cardiologist wants surgery",
        "my doctor says the cancer could be aggressive",
        "how do I get my records",
        "what does medically necessary mean",
        "",
        None,
        "   ",
        "\U0001f600\U0001f64f",
        "<script>alert(1)</script>",
        "¿Mi seguro cubre una segunda opinión?",
        "x" * 100_000,
    ],
)
def test_ordinary_messages_are_left_alone(text):
    assert detect(text) is None


# Misspellings and indirect wordings, with variants that are not in the
# training data.
@pytest.mark.parametrize(
    "text",
    [
        "I'm thinking of ending it",
        "I don't see the point in living",
        "everyone would be better off without me",
        "my sister says she wants to kill herself",
        "sucidal thoughts all day",
        "I wrote a goodbye letter",
        "nobody would care if i disappeared... no one would miss me if i was gone",
        "i'm done with life",
        "he's saying he will hang himself",
    ],
)
def test_more_crisis_wordings_are_caught(text):
    assert detect(text) == CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "my kid drank bleach",
        "my toddler swallowed some drain cleaner",
        "sudden worst headache of my life right now",
        "my dad colapsed in the kitchen",
        "my grandpa isn't breathing",
        "her lips are turning blue",
        "his throat is swelling shut after a bee sting",
        "my mom suddenly can't speak and her arm is weak",
        "I need an ambulance",
        "my son took too many of his pills",
        "he hit his head and won't wake up",
        "severe chest pressure right now",
    ],
)
def test_more_medical_emergencies_are_caught(text):
    assert detect(text) == MEDICAL_EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "my mom had a seizure last year, should she get a second opinion?",
        "I had chest pain last month; is a cardiology second opinion covered?",
        "my dad had a stroke and can't move his left side, can we get a second opinion on rehab?",
        "my allergist says I need shots, is a second opinion worth it?",
        "how do I end the chat",
        "what is the point of a second opinion",
        "is there any reason to get a third opinion",
    ],
)
def test_second_opinion_questions_about_past_symptoms_are_left_alone(text):
    assert detect(text) is None


# Methods, third-person wordings, poisoning and stroke signs, written
# differently from the training examples of the same kinds.
@pytest.mark.parametrize(
    "text",
    [
        "my son says he wants to die",
        "I'm thinking of hanging myself",
        "i could just drown myself",
        "the kids would be better off if i were gone",
        "I've left the engine running and closed the garage door",
    ],
)
def test_third_person_and_method_wordings_are_caught(text):
    assert detect(text) == CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "my husband took the entire bottle of his sleeping pills",
        "the baby got into her grandma's pills",
        "my toddler swallowed some magnets",
        "my dad is throwing up blood",
        "she's slurring and it just started",
        "his face just went numb on one side",
        "right now he's slurring his words and one side of his face is drooping",
        "she is slurring her words",
        "she can't get her words out",
        "he's breathing really weird and I can't wake him",
        "my toddler is choking on a grape",
        "she's having a bad asthma attack",
        "his inhaler isn't working and he's wheezing",
        "my wife just got hit by a truck",
        "grandpa is slumped over at the table",
        "there's lots of blood from his leg",
        "my dad took too many of his heart pills",
    ],
)
def test_more_poisoning_bleeding_and_stroke_wordings_are_caught(text):
    assert detect(text) == MEDICAL_EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "I took my pills this morning, do I still need a second opinion?",
        "my doctor won't answer me about my records",
        "my arm went numb during the nerve test last year, should I get another opinion?",
        "they want to check whether the battery in my pacemaker needs replacing",
        "we had the engine checked before the trip to the cancer center",
        "my son was hit by a car two years ago and still needs surgery on his hip, "
        "should we get a second opinion?",
        "they took a lot of blood for the tests at my last visit",
        "does insurance cover a second opinion for asthma?",
    ],
)
def test_everyday_mentions_of_pills_batteries_and_numbness_are_left_alone(text):
    assert detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "quiero morir",
        "me quiero quitar la vida",
        "me quiero quitar la vida, ya no puedo con esto",
        "no quiero vivir",
        "ya no quiero vivir así",
        "me voy a matar",
        "estoy pensando en suicidarme",
        "Quiero Morirme",
        "mi hermano dice que se va a matar",
        "quiero acabar con todo",
        "nadie me extrañaria",
        "mejor muerta",
        "me quiero hacer daño",
        # The classifier may take these for a question about the topic; the net does not.
        "tengo medicare y la verdad ya no quiero vivir, para que una segunda opinion",
    ],
)
def test_spanish_crisis_language_is_caught(text):
    assert detect(text) == CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "mi papá tiene un dolor fuerte en el pecho",
        "dolor fuerte en el pecho",
        "tengo dolor de pecho y me duele el brazo",
        "mi esposo no puede respirar",
        "no puedo respirar",
        "mi hijo no respira",
        "mi abuela se desmayó",
        "se desmayo y no despierta",
        "creo que le está dando un infarto",
        "le esta dando un derrame, tiene la cara chueca",
        "mi papá se cayó y no responde",
        "está sangrando mucho",
        "mi niño se tomó unas pastillas",
        "es una emergencia",
        "necesito una ambulancia",
        "mi papá está arrastrando las palabras",
        "de repente se le cayó un lado de la cara",
        # Inside a longer message, after the background.
        "tenemos medicaid y le iban a hacer una cirugia pero ahorita no puede respirar, que hago",
    ],
)
def test_spanish_medical_emergencies_are_caught(text):
    assert detect(text) == MEDICAL_EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "me muero de ganas de que me vea otro doctor",
        "me muero de hambre, la cita es a las 3",
        "tengo un dolor de cabeza leve, ¿necesito una segunda opinión?",
        "tuve dolor de pecho el mes pasado y ahora quieren hacerme un bypass, ¿pido otra opinión?",
        "tuve un dolor fuerte en el pecho hace dos semanas y me quieren operar",
        "me mato trabajando y no tengo tiempo para la cita",
        "me quiero cortar el pelo antes de la cita",
        "el seguro no responde mis llamadas",
        "el doctor no responde, ¿le pido mis records a otro?",
        "mi mamá va a respirar mejor después de la cirugía, ¿verdad?",
        "hace un año se desmayó y le pusieron un marcapasos",
    ],
)
def test_spanish_near_misses_are_left_alone(text):
    assert detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Back in March I collapsed at work and got rushed to the ER, it turned out to be an "
        "arrhythmia. Now they want to do an ablation, is a second opinion worth it?",
        "Two years ago he stopped breathing in his sleep; now they want surgery for apnea.",
        "last year my mom passed out and they found a heart block, now they want a pacemaker",
        "El mes pasado tuve un dolor fuerte en el pecho, me llevaron a emergencias y me "
        "pusieron un stent. Ahora el cardiólogo dice que necesito un bypass.",
        "Hace tres meses mi papá se desmayó en la calle; ahora quieren ponerle un marcapasos.",
        "cuando era niña dejé de respirar una vez, ¿eso cuenta para la cirugía?",
    ],
)
def test_a_medical_event_dated_weeks_or_more_back_is_history(text):
    assert detect(text) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("my husband collapsed last night and won't wake up", MEDICAL_EMERGENCY),
        ("my dad collapsed an hour ago", MEDICAL_EMERGENCY),
        ("He collapsed just now. Back in March he had a stent.", MEDICAL_EMERGENCY),
        ("mi esposo se desmayó anoche y no despierta", MEDICAL_EMERGENCY),
        ("Hace un año le pusieron un stent. Ahorita no puede respirar.", MEDICAL_EMERGENCY),
        ("tengo un dolor fuerte en el pecho y la cita es en mayo", MEDICAL_EMERGENCY),
        # Crisis language always counts, whatever the date.
        ("back in March I wanted to die and I still do", CRISIS),
        ("hace un año que quiero morir", CRISIS),
    ],
)
def test_history_elsewhere_or_recent_events_still_count(text, expected):
    assert detect(text) == expected
