"""Whole conversations through a real Rasa server and a real action server (REST channel)."""

from tests.integration.conftest import Chat


def payloads(messages):
    return [b["payload"] for m in messages for b in m.get("buttons", [])]


def test_greeting_says_what_the_bot_is_and_offers_topics(chat):
    messages = chat.send("hello")
    text = " ".join(m.get("text", "") for m in messages)
    assert "automated helper" in text
    assert "not medical or legal advice" in text
    assert "/request_checklist" in payloads(messages)


def test_coverage_question_asks_for_the_plan_then_answers_and_remembers_it(chat):
    messages = chat.send("does insurance cover a second opinion?")
    assert "Which kind of insurance" in messages[0]["text"]
    assert '/inform{"plan_type": "original_medicare"}' in payloads(messages)
    answer = chat.say('/inform{"plan_type": "original_medicare"}')
    assert "Part B" in answer and "Based on:" in answer
    # Asked once: the plan is used for the rest of the conversation.
    cost = chat.say("how much will it cost me?")
    assert "20%" in cost and "Which kind of insurance" not in cost


def test_plan_and_state_in_the_question_are_used_at_once(chat):
    answer = chat.say("Does my PPO cover a second opinion? I live in California")
    assert "with a PPO in California" in answer
    assert "California law makes plans give a second opinion" in answer


def test_changing_plan_changes_the_answer(chat):
    assert "20%" in chat.say("I have Medicare. What will a second opinion cost?")
    chat.say("actually it's a PPO")
    assert "20%" not in chat.say("how much would I pay for it")


def test_crisis_language_gets_988_at_once(chat):
    answer = chat.say("I want to kill myself")
    assert "988" in answer and "911" in answer


def test_checklist_form_with_a_question_in_the_middle(chat):
    assert "which kind of insurance" in chat.say("can you make me a checklist").lower()
    assert "condition" in chat.say("HMO")
    digression = chat.say("what does medically necessary mean?")
    assert "Medically necessary" in digression or "medically necessary" in digression
    assert "condition" in digression  # the form resumes with the same question
    assert "surgery" in chat.say("breast cancer")
    assert "state" in chat.say("yes")
    messages = chat.send("skip")
    texts = [m.get("text", "") for m in messages]
    assert texts[0].startswith(
        "Here is your checklist. It is for a second opinion about breast cancer. "
        "It uses what you told me: an HMO"
    )
    joined = "\n".join(texts)
    for section in (
        "Talk to your doctor",
        "Gather your records",
        "Check your insurance",
        "Find the doctor",
        "Book the visit",
        "Questions to ask",
        "After the second opinion",
    ):
        assert section in joined
    assert "slides" in joined and "referral" in joined


def test_several_facts_in_one_message_fill_several_questions(chat):
    chat.say("I want a personal checklist")
    reply = chat.say("I have a PPO in New York")
    assert "condition" in reply  # plan and state taken; next missing question
    assert "surgery" in chat.say("lymphoma")
    messages = chat.send("no")
    assert any("in New York" in m.get("text", "") for m in messages)


def test_emergency_inside_the_form_gets_911_and_stops_the_form(chat):
    chat.say("make my checklist")
    answer = chat.say("I have chest pain right now")
    assert "911" in answer
    assert "which kind of insurance" not in chat.say("thanks").lower()


def test_stop_ends_the_form(chat):
    chat.say("make me a checklist please")
    chat.say("Medicaid")
    assert "stopped the checklist" in chat.say("stop")
    assert "Hi" in chat.say("hello")


def test_human_handoff_gives_concrete_routes(chat):
    answer = chat.say("can I talk to a real person")
    assert "member services" in answer and "Consumer Assistance Program" in answer


def test_out_of_scope_and_medical_advice_are_declined(chat):
    answer = chat.say("should I take ibuprofen or tylenol for my back")
    assert "can't diagnose" in answer or "didn't quite understand" in answer


def test_the_conversation_is_stored(servers):
    chat = Chat(servers.rasa_url)
    chat.say("I have Medicare")
    # Stored in the SQLite tracker store configured for the test servers.
    import sqlite3

    db = servers.workdir / "conversations.db"
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "select count(*) from events where sender_id = ?", (chat.sender,)
        ).fetchone()[0]
    assert rows > 0


def test_cost_estimate_shows_the_arithmetic(chat):
    chat.say("I have a PPO")
    messages = chat.send("how much will a second opinion cost me?")
    assert "/request_cost_estimate" in payloads(messages)
    assert "price" in chat.say("/request_cost_estimate")
    # The form's order (cost_estimate.QUESTIONS): the cost share, then the deductible left.
    assert "coinsurance" in chat.say("$500")
    assert "How much of your deductible is left" in chat.say("20%")
    estimate = chat.say("200")
    assert "You pay about $260" in estimate
    assert "Then 20% coinsurance on the remaining $300: $60." in estimate


def test_medicare_estimate_uses_this_years_deductible(chat):
    chat.say('/inform{"plan_type": "original_medicare"}')
    chat.say("/request_cost_estimate")
    # Original Medicare's share and deductible are known: the price is the only question.
    estimate = chat.say("1000")
    assert "Part B deductible" in estimate and "20% coinsurance" in estimate


def test_denial_path_for_an_hmo(chat):
    assert (
        "which kind of insurance"
        in chat.say("my insurance company denied my second opinion").lower()
    )
    answer = chat.say('/inform{"plan_type": "hmo"}')
    assert (
        "180 days" in answer
        and "external review" in answer
        and "Consumer Assistance Program" in answer
    )


def test_referral_question_comes_with_the_call_script(chat):
    answer = chat.say("Do I need a referral for a second opinion with my HMO?")
    assert "referral from your main doctor" in answer
    assert "reference number" in answer


def test_logs_at_info_carry_no_message_text(servers):
    marker = "zebracondition4711"
    Chat(servers.rasa_url).say(f"I have a PPO in Ohio and {marker}")
    # Also as an entity and a slot value: the checklist form stores the condition.
    chat = Chat(servers.rasa_url)
    chat.say("make me a checklist")
    chat.say("PPO")
    assert "surgery" in chat.say(f"{marker} syndrome")  # stored as the condition; the form moves on
    for log in (servers.rasa_log, servers.workdir / "action-server.log"):
        assert marker not in log.read_text(), f"message text or a slot value leaked into {log.name}"
