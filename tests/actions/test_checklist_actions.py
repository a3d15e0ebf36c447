import pytest
from rasa_sdk.interfaces import ActionExecutionRejection

from actions.checklist_actions import ActionBuildChecklist, ValidateChecklistForm


def _slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_a_question_mid_form_rejects_the_turn(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"requested_slot": "condition"},
        intent="ask_cost",
        text="how much will it cost",
        active_loop="checklist_form",
    )
    with pytest.raises(ActionExecutionRejection):
        await ValidateChecklistForm().run(dispatcher, tracker, domain)


async def test_emergency_mid_form_rejects_the_turn(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"requested_slot": "plan_type"},
        intent="emergency",
        text="I have chest pain right now",
        active_loop="checklist_form",
    )
    with pytest.raises(ActionExecutionRejection):
        await ValidateChecklistForm().run(dispatcher, tracker, domain)


async def test_stop_ends_the_form(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"requested_slot": "surgery_recommended", "plan_type": "ppo"},
        intent="deny",
        text="stop",
        active_loop="checklist_form",
    )
    slots = _slots(await ValidateChecklistForm().run(dispatcher, tracker, domain))
    assert slots["form_stopped"] is True
    assert slots["requested_slot"] is None
    assert "surgery_recommended" not in slots


async def test_no_answers_the_surgery_question(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"requested_slot": "surgery_recommended", "plan_type": "ppo", "condition": "lupus"},
        intent="deny",
        text="no",
        active_loop="checklist_form",
    )
    slots = _slots(await ValidateChecklistForm().run(dispatcher, tracker, domain))
    assert slots["surgery_recommended"] == "no"


async def test_skip_the_state_finishes_the_form(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {
            "requested_slot": "us_state",
            "plan_type": "ppo",
            "condition": "lupus",
            "surgery_recommended": "no",
        },
        intent="deny",
        text="skip",
        active_loop="checklist_form",
    )
    slots = _slots(await ValidateChecklistForm().run(dispatcher, tracker, domain))
    assert slots["skipped_questions"] == ["us_state"]
    assert slots["requested_slot"] is None


async def test_several_facts_at_once_skip_to_the_next_missing_question(
    tracker_factory, dispatcher, domain
):
    # Rasa has already mapped the entities to slots; the form asks what is still missing.
    tracker = tracker_factory(
        {"requested_slot": "plan_type"},
        extracted={"plan_type": "hmo", "condition": "lymphoma"},
        intent="inform",
        text="HMO, lymphoma",
        entities=[
            {"entity": "plan_type", "value": "hmo"},
            {"entity": "condition", "value": "lymphoma"},
        ],
        active_loop="checklist_form",
    )
    events = await ValidateChecklistForm().run(dispatcher, tracker, domain)
    slots = _slots(events)
    assert slots["plan_type"] == "hmo" and slots["condition"] == "lymphoma"
    # Not rejected, and nothing skipped: the form goes on to the surgery question.
    assert "skipped_questions" not in slots


async def test_a_rare_condition_the_classifier_is_unsure_of_is_the_answer(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"requested_slot": "condition"},
        extracted={"condition": "Erdheim-Chester disease"},
        intent="nlu_fallback",
        text="Erdheim-Chester disease",
        active_loop="checklist_form",
    )
    slots = _slots(await ValidateChecklistForm().run(dispatcher, tracker, domain))
    assert slots["condition"] == "Erdheim-Chester disease"


async def test_low_confidence_at_another_question_still_hands_over_to_the_fallback(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"requested_slot": "plan_type"},
        intent="nlu_fallback",
        text="blorp",
        active_loop="checklist_form",
    )
    with pytest.raises(ActionExecutionRejection):
        await ValidateChecklistForm().run(dispatcher, tracker, domain)


async def test_a_plan_type_is_not_taken_as_the_condition(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"requested_slot": "condition"},
        extracted={"condition": "I have a PPO", "plan_type": "ppo"},
        intent="inform",
        text="I have a PPO",
        entities=[{"entity": "plan_type", "value": "ppo"}],
        active_loop="checklist_form",
    )
    slots = _slots(await ValidateChecklistForm().run(dispatcher, tracker, domain))
    assert slots["condition"] is None


async def test_a_huge_condition_is_refused_politely(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"requested_slot": "condition"},
        extracted={"condition": "x" * 5000},
        intent="inform",
        text="x" * 5000,
        active_loop="checklist_form",
    )
    slots = _slots(await ValidateChecklistForm().run(dispatcher, tracker, domain))
    assert slots["condition"] is None
    assert "a few words" in dispatcher.messages[0]["text"]


async def test_unknown_state_is_refused(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {
            "requested_slot": "us_state",
            "plan_type": "ppo",
            "condition": "lupus",
            "surgery_recommended": "no",
        },
        extracted={"us_state": "ZZ"},
        intent="inform",
        text="ZZ",
        active_loop="checklist_form",
    )
    slots = _slots(await ValidateChecklistForm().run(dispatcher, tracker, domain))
    assert slots["us_state"] is None


async def test_build_checklist_sends_every_section(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {
            "plan_type": "original_medicare",
            "condition": "prostate cancer",
            "surgery_recommended": "yes",
            "us_state": "MO",
            "skipped_questions": ["x"],
        }
    )
    events = await ActionBuildChecklist().run(dispatcher, tracker, domain)
    texts = [m["text"] for m in dispatcher.messages]
    assert len(texts) == 9
    assert texts[0].startswith(
        "Here is your checklist. It is for a second opinion about prostate cancer. "
        "It uses what you told me: Original Medicare, in Missouri."
    )
    assert texts[1].startswith("1. Talk to your doctor")
    assert any("takes Medicare" in t for t in texts)
    assert texts[-1].startswith("Where this comes from:")
    assert _slots(events) == {
        "form_stopped": None,
        "skipped_questions": None,
        "last_topic": "checklist",
    }


async def test_build_checklist_after_stop_only_confirms(tracker_factory, dispatcher, domain):
    tracker = tracker_factory({"form_stopped": True, "plan_type": "ppo"})
    await ActionBuildChecklist().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_checklist_stopped"]


async def test_stop_words_win_over_a_checklist_intent(tracker_factory, dispatcher, domain):
    # "stop the checklist" is often classified as request_checklist.
    tracker = tracker_factory(
        {"requested_slot": "condition", "plan_type": "ppo"},
        intent="request_checklist",
        text="stop the checklist",
        active_loop="checklist_form",
    )
    slots = _slots(await ValidateChecklistForm().run(dispatcher, tracker, domain))
    assert slots["form_stopped"] is True


async def test_a_coverage_question_asked_mid_form_is_answered_when_the_plan_comes(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"requested_slot": "plan_type", "pending_topic": "cost"},
        extracted={"plan_type": "ppo"},
        intent="inform",
        text="PPO",
        entities=[{"entity": "plan_type", "value": "ppo"}],
        active_loop="checklist_form",
    )
    slots = _slots(await ValidateChecklistForm().run(dispatcher, tracker, domain))
    assert slots["plan_type"] == "ppo" and slots["pending_topic"] is None
    assert "Here's what you may pay with a PPO" in dispatcher.messages[0]["text"]


async def test_the_form_asks_again_after_a_question_answered_mid_way(
    tracker_factory, dispatcher, domain
):
    # "what does medically necessary mean?" at the condition question: the topic's
    # rule answered it; Rasa then runs the form again with the same message.
    from rasa_sdk import Tracker

    from actions.checklist_actions import ValidateChecklistForm

    base = tracker_factory(
        {"requested_slot": "condition", "plan_type": "ppo"},
        intent="ask_medical_necessity",
        text="what does medically necessary mean?",
        active_loop="checklist_form",
    )
    state = base.current_state()
    state["events"] = state["events"] + [
        {"event": "action", "name": "action_answer_topic"},
        {"event": "slot", "name": "last_topic", "value": "medical_necessity"},
    ]
    tracker = Tracker.from_dict(state)
    events = await ValidateChecklistForm().run(dispatcher, tracker, domain)
    # No rejection (that would end in the fallback) and no answer taken from the question.
    assert all(e.get("name") != "condition" for e in events)
