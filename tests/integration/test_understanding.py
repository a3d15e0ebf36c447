"""People as they really write, over REST against the real servers: one-message
estimates, caregivers, two questions, follow-ups and the two-stage fallback."""


def texts(replies):
    return "\n".join(r.get("text") or "" for r in replies)


def test_a_message_with_every_figure_gets_the_estimate_at_once(chat):
    reply = chat.say(
        "I'm on an HMO, my copay for specialists is $50 and the visit is $280, "
        "how much would I pay?"
    )
    assert "You pay about $50;" in reply
    assert "with an HMO" in reply


def test_a_missing_figure_is_the_only_question(chat):
    reply = chat.say("My PPO has 20% coinsurance and the second opinion costs $600. What do I pay?")
    assert "deductible" in reply and "left to pay" in reply
    reply = chat.say("I've met it already")
    assert "You pay about $120;" in reply


def test_a_caregiver_checklist_speaks_of_the_person(chat):
    chat.say("can you make a checklist for getting my mom a second opinion?")
    chat.say("she has a PPO")
    chat.say("breast cancer")
    chat.say("yes")
    reply = chat.say("Ohio")
    assert "your mother's second opinion about breast cancer" in reply
    assert "Gather your mother's records" in reply


def test_two_questions_are_both_answered_in_order(chat):
    replies = chat.send("I have a PPO. Does it cover a second opinion, and do I need a referral?")
    text = texts(replies)
    assert text.index("Here's how coverage works with a PPO") < text.index(
        "Here's what approval you may need with a PPO"
    )


def test_a_new_fact_reanswers_the_last_topic(chat):
    chat.say("my plan denied my second opinion. it's a PPO. what can I do?")
    reply = chat.say("and what if it were Medicaid?")
    assert "with Medicaid" in reply and "fair hearing" in reply


def test_a_topic_button_from_the_fallback_carries_the_facts(chat):
    # "Did you mean: The doctors disagree?" with the person understood in the unclear message.
    reply = chat.say('/inform_opinions_differ{"person": "husband"}')
    assert "third opinion" in reply
    assert "your husband" in reply


def test_the_fallback_asks_to_rephrase_then_gives_the_menu_and_a_person(chat):
    first = chat.send("/nlu_fallback")
    assert "say it another way" in texts(first)
    second = chat.send("/nlu_fallback")
    assert "Here's what I can help with" in texts(second)
    titles = [b["title"] for r in second for b in r.get("buttons") or []]
    assert "Talk to a person" in titles


def test_a_question_mid_checklist_is_answered_and_the_checklist_goes_on(chat):
    chat.say("make me a checklist")
    chat.say("ppo")
    reply = chat.say("what does medically necessary mean?")
    assert '"Medically necessary" means' in reply
    assert "couldn't understand" not in reply
    assert "What condition or diagnosis" in reply
    assert "Has a doctor said you should have surgery" in chat.say("knee surgery")


def test_emergency_guidance_comes_first_and_speaks_of_the_person_named(chat):
    replies = chat.send(
        "my husband has a cardiology second opinion on friday but right now his chest "
        "feels crushed and he is sweating, what do I do?"
    )
    first = replies[0].get("text") or ""
    assert first.startswith("If your husband may be having a medical emergency, call 911")
    # A later message without a person gets the general wording again.
    replies = chat.send("I can't breathe and my chest hurts")
    assert (replies[0].get("text") or "").startswith("If this is a medical emergency, call 911")
