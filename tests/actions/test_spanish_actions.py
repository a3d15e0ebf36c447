"""The actions in a Spanish conversation (`language` slot "es"): what they write is Spanish.

Spanish understanding is not assumed here: the trackers carry intents and
entities as the NLU would give them, and the `language` slot as
action_validate_slot_mappings sets it. In English (or with no language
chosen) the same actions write English: see the other action tests.
"""

from decimal import Decimal

from rasa_sdk.executor import CollectingDispatcher

from actions.checklist_actions import ActionBuildChecklist
from actions.estimate_actions import ActionShowCostEstimate, ValidateCostEstimateForm
from actions.fallback_actions import ActionAskAffirmation
from actions.form_validation import GuidedFormValidation
from actions.inform_actions import ActionHandleInform
from actions.logic import i18n
from actions.specialist_actions import ValidateSpecialistSearchForm
from actions.topic_actions import ActionAnswerTopic, ActionShowSources

SPANISH = {"language": "es"}


def texts(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


async def test_a_coverage_answer_in_spanish(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {**SPANISH, "plan_type": "hmo", "us_state": "CA"}, intent="ask_insurance_coverage"
    )
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert message["text"].startswith("Así funciona la cobertura con un plan HMO en California:")
    assert "Se basa en:" in message["text"] and "§1383.15" in message["text"]
    assert {"title": "¿De dónde viene esto?", "payload": "/ask_sources"} in message["buttons"]


async def test_the_same_action_answers_in_english_without_the_slot(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory({"plan_type": "hmo"}, intent="ask_insurance_coverage")
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("Here's how coverage works with an HMO")
    assert i18n.language() == i18n.ENGLISH  # nothing left set after the action


async def test_the_cost_answer_keeps_the_figures(tracker_factory, dispatcher, domain):
    tracker = tracker_factory({**SPANISH, "plan_type": "original_medicare"}, intent="ask_cost")
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "Usted paga el 20% de la cantidad aprobada por Medicare" in text
    assert "$283 en 2026" in text
    assert dispatcher.messages[0]["buttons"][0]["title"] == "Tengo Medicare Advantage"


async def test_sources_in_spanish_with_the_date(tracker_factory, dispatcher, domain):
    tracker = tracker_factory({**SPANISH, "plan_type": "ppo", "last_topic": "denial"})
    await ActionShowSources().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert text.startswith("De dónde viene esto:")
    assert "Revisado el 1 de diciembre de 2026." in text and "45 CFR 147.136" in text


async def test_a_topic_answered_by_a_response_waits_for_rasa_to_choose_spanish(
    tracker_factory, dispatcher, domain
):
    # Responses are chosen by Rasa from the language slot (conditional variations);
    # the action only names the response and fills its figures.
    tracker = tracker_factory(SPANISH, intent="ask_why_second_opinion")
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_why_second_opinion"
    assert dispatcher.messages[0]["mayo_study_changed"] == "21%"


async def test_the_estimate_in_spanish(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {
            **SPANISH,
            "plan_type": "ppo",
            "visit_price": "500",
            "coinsurance": "20",
            "deductible_remaining": "200",
        }
    )
    await ActionShowCostEstimate().run(dispatcher, tracker, domain)
    text = texts(dispatcher)
    assert "Este es el estimado con un plan PPO, paso a paso:" in text
    assert "• Precio de la visita: $500." in text
    assert "• Primero paga para su deducible: $200 (le quedaba $200 de deducible)." in text
    assert "• Luego el 20% de coseguro sobre el resto de $300: $60." in text
    assert "• Usted paga unos $260; el plan paga unos $240." in text


async def test_an_estimate_answer_error_in_spanish(tracker_factory, dispatcher, domain):
    # Validation methods run inside the form action's run(), which sets the language.
    tracker = tracker_factory(SPANISH, text="0", active_loop="cost_estimate_form")
    with i18n.speaking("es"):
        result = ValidateCostEstimateForm().validate_visit_price("0", dispatcher, tracker, domain)
    assert result == {"visit_price": None}
    assert texts(dispatcher) == (
        "El precio debe ser más de cero. Si todavía no lo sabe, elija una cantidad de ejemplo."
    )


async def test_the_checklist_in_spanish_for_a_mother(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {
            **SPANISH,
            "plan_type": "medicare_advantage",
            "condition": "cáncer de seno",
            "surgery_recommended": "yes",
            "us_state": "MO",
            "person": "mother",
        }
    )
    await ActionBuildChecklist().run(dispatcher, tracker, domain)
    text = texts(dispatcher)
    assert text.startswith(
        "Esta es su lista. Es para la segunda opinión de su madre sobre cáncer de seno. "
        "Usa lo que usted me dijo: un plan Medicare Advantage, en Missouri."
    )
    assert "1. Hable con el médico de su madre" in text
    assert "2. Reúna los expedientes médicos de su madre" in text
    assert "Pregunte: ¿Necesito antes una remisión o una autorización previa?" in text
    assert dispatcher.messages[-1]["buttons"][0]["title"] == "Buscar un especialista"


async def test_the_acknowledgement_in_spanish(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {**SPANISH, "plan_type": "medicaid", "us_state": "OH", "person": "father"},
        entities=[
            {"entity": "plan_type", "value": "medicaid"},
            {"entity": "us_state", "value": "OH"},
            {"entity": "person", "value": "father"},
        ],
    )
    await ActionHandleInform().run(dispatcher, tracker, domain)
    assert texts(dispatcher) == (
        "Entendido: su padre tiene Medicaid, en Ohio. "
        "Lo voy a usar en el resto de nuestra conversación."
    )
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == [
        "¿Mi plan la cubre?",
        "Hacer mi lista",
    ]


async def test_did_you_mean_offers_spanish_titles(tracker_factory, dispatcher, domain):
    ranking = [{"name": "ask_cost", "confidence": 0.4}]
    tracker = tracker_factory(SPANISH, intent="nlu_fallback", parse={"intent_ranking": ranking})
    await ActionAskAffirmation().run(dispatcher, tracker, domain)
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles == ["¿Cuánto va a costar?", "Ninguna de estas"]


async def test_form_messages_in_spanish(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(SPANISH, active_loop="specialist_search_form")
    with i18n.speaking("es"):
        ValidateSpecialistSearchForm().validate_location("!!", dispatcher, tracker, domain)
        GuidedFormValidation().validate_plan_type("gold", dispatcher, tracker, domain)
    assert texts(dispatcher) == (
        "Por favor dé un código postal (ZIP) de 5 dígitos, o el nombre de una ciudad.\n"
        "Lo siento, no reconocí ese tipo de plan. Por favor elija uno de los botones."
    )


def test_the_estimate_arithmetic_is_the_same_in_both_languages():
    from actions.logic import cost_estimate

    inputs = cost_estimate.EstimateInputs(
        plan_type="ppo", visit_price=Decimal(300), copay=Decimal(40)
    )
    english = cost_estimate.estimate_from(inputs)
    with i18n.speaking("es"):
        spanish = cost_estimate.estimate_from(inputs)
    assert (english.you_pay, english.plan_pays) == (spanish.you_pay, spanish.plan_pays)
    assert spanish.steps == ["Precio de la visita: $300.", "Luego su copago: $40.",
                             "Usted paga unos $40; el plan paga unos $260."]  # fmt: skip


def _all_text(document) -> str:
    parts = [document.title, document.subtitle, document.footer]
    for part in document.parts:
        parts += [part.heading, *part.paragraphs, *part.items, part.note]
        parts += [f"{f.label} {f.value or ''}" for f in part.fields]
    return "\n".join(parts)


def test_the_printable_checklist_is_in_the_conversation_language():
    from actions.logic import documents

    slots = {"language": "es", "plan_type": "ppo", "person": "mother", "surgery_recommended": "no"}
    document = documents.build("checklist", slots)
    assert document.title == "Mi lista para la segunda opinión"
    facts = {f.label: f.value for f in document.parts[0].fields}
    assert facts["Quién"] == "Su madre" and facts["Seguro"] == "un plan PPO"
    assert facts["Le recomendaron una cirugía o un procedimiento grande"] == "No"
    text = _all_text(document)
    assert "2. Reúna los expedientes médicos de su madre" in text
    assert documents.is_printable(text.replace("\n", " "))  # the PDF font has every letter
    assert documents.preview("checklist", slots)[0] == (
        "Para: una línea en blanco para escribir el nombre"
    )


def test_the_records_letter_stays_in_english_for_the_office():
    from actions.logic import documents

    slots = {"language": "es", "plan_type": "ppo"}
    assert documents.build("records_request", slots).title == (
        "Request for copies of my medical records"
    )
    assert i18n.language() == i18n.ENGLISH
