"""Intent names that the classifier and the answering actions must agree on.

Plain constants (no model code), so the slim action server can import them.
"""

# Rasa's multi-intent convention: "ask_cost+ask_find_doctor" (config.yml's
# intent_split_symbol).
SEPARATOR = "+"
# Questions about the last answer ("where is that from?", "what does that
# mean?"): asked together with a topic, they are answered after it.
ABOUT_THE_ANSWER = ("ask_sources", "ask_more_detail")
# Their rules start a form (data/rules/topics.yml, forms.yml): they can be
# answered together with another topic, but their own rule would not answer it.
STARTS_A_FORM = ("ask_find_doctor", "request_checklist")
# The intents that ask about one of the guide's topics (actions/logic/topics.py
# maps each to its topic): two of them in one message can be answered together.
TOPIC_INTENTS = (
    "ask_what_is_second_opinion",
    "ask_why_second_opinion",
    "ask_insurance_coverage",
    "ask_preauthorization",
    "ask_cost",
    "ask_coverage_denied",
    "inform_opinions_differ",
    "ask_medical_necessity",
    "ask_how_to_get",
    "ask_tell_doctor",
    "ask_medical_records",
    "ask_find_doctor",
    "ask_make_appointment",
    "ask_what_to_expect",
    "ask_after_second_opinion",
    "inform_opinions_agree",
    "ask_virtual_second_opinion",
    "request_checklist",
)
