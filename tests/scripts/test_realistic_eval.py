"""Scoring a realistic conversation from the events the assistant stored."""

from scripts.realistic_eval import check_turn, score_conversation, split_turns, summarise


def user(text):
    return {"event": "user", "text": text}


def bot(text, **metadata):
    return {"event": "bot", "text": text, "metadata": metadata}


def slot(name, value):
    return {"event": "slot", "name": name, "value": value}


def action(name):
    return {"event": "action", "name": name}


COVERAGE_FOR_MOM = [
    user("my mom has medicaid in ohio, does it cover a second opinion?"),
    slot("plan_type", "medicaid"),
    slot("us_state", "OH"),
    slot("person", "mother"),
    action("action_answer_topic"),
    bot("Here's how coverage works for your mother, with Medicaid in Ohio: ...", topic="coverage"),
    action("action_listen"),
]


def test_a_turn_that_does_everything_passes():
    turn = split_turns(COVERAGE_FOR_MOM)[0]
    expect = {"answers": ["coverage"], "plan": "medicaid", "state": "OH", "person": "mother"}
    assert check_turn(expect, turn, {}) == []


def test_the_wrong_topic_fails():
    turn = split_turns(COVERAGE_FOR_MOM)[0]
    assert check_turn({"answers": ["cost"]}, turn, {})


def test_a_plan_not_named_in_the_reply_fails():
    events = COVERAGE_FOR_MOM[:5] + [bot("Here's how coverage works: ...", topic="coverage")]
    problems = check_turn({"answers": ["coverage"], "plan": "medicaid"}, split_turns(events)[0], {})
    assert problems == ["the reply does not name the plan (medicaid)"]


def test_asking_for_the_plan_first_addresses_a_plan_question():
    events = [
        user("does insurance cover it?"),
        bot("Which kind of insurance?", utter_action="utter_ask_plan_type"),
    ]
    assert (
        check_turn({"answers": ["coverage"], "asks_for": "plan"}, split_turns(events)[0], {}) == []
    )


def test_the_fallback_counts_unless_expected():
    events = [
        user("hmm"),
        action("action_two_stage_fallback"),
        bot("Did you mean...", topic="clarify"),
    ]
    turn = split_turns(events)[0]
    assert turn.fallback
    assert "reached the fallback" in check_turn({"answers": ["help"]}, turn, {})


def test_a_clear_message_during_the_fallback_is_a_normal_turn():
    events = [
        user("unclear"),
        action("action_two_stage_fallback"),
        bot("Did you mean...", topic="clarify"),
        action("action_listen"),
        user("does medicare cover it"),
        action("action_two_stage_fallback"),
        {"event": "rewind"},
        action("action_listen"),
        user("does medicare cover it"),
        action("action_answer_topic"),
        bot("Here's how coverage works with Original Medicare", topic="coverage"),
    ]
    turns = split_turns(events)
    assert len(turns) == 2
    assert turns[0].fallback and not turns[1].fallback
    assert turns[1].topics == ["coverage"]


def test_the_estimate_total_must_be_given():
    events = [
        user("copay 50, visit 300"),
        bot("You pay about $50.00; the plan pays about $250.00.", topic="estimate"),
    ]
    turn = split_turns(events)[0]
    assert check_turn({"answers": ["estimate"], "you_pay": 50}, turn, {}) == []
    assert check_turn({"answers": ["estimate"], "you_pay": 75}, turn, {})


def test_an_unexpected_emergency_answer_fails():
    events = [user("i had chest pain last year"), bot("call 911", utter_action="utter_emergency")]
    assert "an unexpected emergency answer" in check_turn(
        {"answers": ["why"]}, split_turns(events)[0], {}
    )


def test_summary_counts_conversations_and_fallback_turns():
    good = score_conversation(
        {"id": "a", "group": "g", "turns": [{"user": "x", "expect": {"answers": ["coverage"]}}]},
        [user("x"), bot("...", topic="coverage")],
    )
    bad = score_conversation(
        {"id": "b", "group": "g", "turns": [{"user": "y", "expect": {"answers": ["records"]}}]},
        [user("y"), action("action_two_stage_fallback")],
    )
    summary = summarise(good + bad)
    assert (summary.conversations, summary.passed, summary.turns, summary.fallback_turns) == (
        2,
        1,
        2,
        1,
    )
    assert summary.by_group == {"g": [1, 2]}


def test_spanish_words_for_the_plan_person_and_state_count():
    events = [
        user("mi mamá tiene medicaid en nueva york, ¿le cubren otra opinión?"),
        slot("plan_type", "medicaid"),
        slot("us_state", "NY"),
        slot("person", "mother"),
        bot(
            "Así funciona la cobertura para su mamá, con Medicaid en Nueva York: ...",
            topic="coverage",
        ),
    ]
    expect = {"answers": ["coverage"], "plan": "medicaid", "state": "NY", "person": "mother"}
    assert check_turn(expect, split_turns(events)[0], {}) == []


def test_a_spanish_estimate_is_read():
    events = [
        user("la consulta cuesta $1.500 y tengo copago de 40"),
        bot("Usted pagaría unos $40 (su copago).", topic="estimate"),
    ]
    assert check_turn({"answers": ["estimate"], "you_pay": 40}, split_turns(events)[0], {}) == []
    events[1] = bot("Con TRICARE For Life usted no paga nada.", topic="estimate")
    assert check_turn({"answers": ["estimate"], "you_pay": 0}, split_turns(events)[0], {}) == []


def test_the_language_switch_is_an_answer():
    events = [
        user("¿puede contestarme en español?"),
        slot("language", "es"),
        slot("language_chosen", True),
        bot("Claro, seguimos en español.", utter_action="utter_language_switched"),
    ]
    assert check_turn({"answers": ["switch_language"]}, split_turns(events)[0], {}) == []
    no_choice = [e for e in events if e.get("name") != "language_chosen"]
    assert check_turn({"answers": ["switch_language"]}, split_turns(no_choice)[0], {}) == [
        "the user's choice of language was not kept"
    ]
