"""The conversation's language: the user's choice, then a clear message, then the channel's hint."""

import pytest

from actions.language_actions import ValidatePredefinedSlots, chosen_language, names_a_person

SPANISH_TEXT = {"language": "es", "confidence": 0.99}
ENGLISH_TEXT = {"language": "en", "confidence": 0.99}


def test_asking_for_a_language_sets_it_and_keeps_it():
    assert chosen_language("en", False, "switch_to_spanish", None, None) == {
        "language": "es",
        "language_chosen": True,
    }
    # Later English messages do not undo the user's own choice.
    assert chosen_language("es", True, "ask_cost", ENGLISH_TEXT, "en") == {}
    # Asking again for the other one does.
    assert chosen_language("es", True, "switch_to_english", None, None)["language"] == "en"


def test_a_clear_message_changes_the_language_until_the_user_chooses():
    assert chosen_language("en", False, "ask_cost", SPANISH_TEXT, "en") == {"language": "es"}
    assert chosen_language("es", False, "ask_cost", SPANISH_TEXT, "en") == {}
    assert chosen_language("es", False, "ask_cost", ENGLISH_TEXT, None) == {"language": "en"}


@pytest.mark.parametrize("hint", ["es", "es-419", "ES"])
def test_the_channel_hint_counts_only_at_the_start(hint):
    assert chosen_language(None, False, "greet", None, hint) == {"language": "es"}
    assert chosen_language("en", False, "greet", None, hint) == {}


@pytest.mark.parametrize("question", ["patient_name", "records_holder", "condition", "location"])
def test_a_name_or_place_typed_at_a_form_question_does_not_change_the_language(question):
    # "Zoë O'Brien-Núñez" at the name question is no sign the user reads Spanish.
    assert chosen_language("en", False, "inform", SPANISH_TEXT, None, answering=question) == {}
    # A question about the plan is answered in words that do say the language.
    assert chosen_language("en", False, "inform", SPANISH_TEXT, None, answering="plan_type") == {
        "language": "es"
    }


def test_unknown_hints_and_languages_are_ignored():
    assert chosen_language(None, False, "greet", {"language": "fr"}, "de") == {}
    assert chosen_language(None, False, "greet", "not a dict", None) == {}


async def test_the_action_sets_the_slot_from_the_latest_message(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"language": "en"},
        intent="ask_coverage",
        text="mi seguro cubre una segunda opinion?",
        parse={"language_detected": SPANISH_TEXT, "metadata": {}},
    )
    events = await ValidatePredefinedSlots().run(dispatcher, tracker, domain)
    assert events == [{"event": "slot", "timestamp": None, "name": "language", "value": "es"}]
    assert dispatcher.messages == []


async def test_the_action_leaves_other_slots_alone(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"language": "en"},
        intent="inform",
        text="an HMO",
        extracted={"plan_type": "hmo"},
        parse={"language_detected": None},
    )
    assert await ValidatePredefinedSlots().run(dispatcher, tracker, domain) == []


def test_only_a_person_entity_in_this_message_counts_as_naming_someone():
    assert names_a_person({"entities": [{"entity": "person", "value": "husband"}]})
    assert not names_a_person({"entities": [{"entity": "plan_type", "value": "ppo"}]})
    assert not names_a_person({"entities": [{"entity": "person", "value": None}]})
    assert not names_a_person({})
    assert not names_a_person(None)


async def test_the_action_notes_a_person_named_and_forgets_it_next_message(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"language": "en"},
        intent="emergency",
        text="my husband can't breathe",
        parse={"language_detected": None, "entities": [{"entity": "person", "value": "husband"}]},
    )
    events = await ValidatePredefinedSlots().run(dispatcher, tracker, domain)
    assert {
        "event": "slot",
        "timestamp": None,
        "name": "person_in_message",
        "value": True,
    } in events
    tracker = tracker_factory(
        {"language": "en", "person_in_message": True},
        intent="emergency",
        text="I can't breathe",
        parse={"language_detected": None},
    )
    events = await ValidatePredefinedSlots().run(dispatcher, tracker, domain)
    assert {
        "event": "slot",
        "timestamp": None,
        "name": "person_in_message",
        "value": False,
    } in events


async def test_the_person_named_gets_its_spanish_words_for_the_emergency_guidance(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"language": "es"},
        intent="emergency",
        text="mi esposo no puede respirar",
        parse={"language_detected": "es", "entities": [{"entity": "person", "value": "husband"}]},
    )
    events = await ValidatePredefinedSlots().run(dispatcher, tracker, domain)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["person_in_message"] is True
    assert slots["person_es"] == "esposo"
