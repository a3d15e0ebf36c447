import pytest

from actions.logic import replies


@pytest.mark.parametrize(
    "text",
    [
        "stop",
        "Stop please",
        "cancel",
        "never mind",
        "nevermind",
        "quit",
        "forget it",
        "please stop",
        "stop the checklist",
        "cancel this form",
        "I don't want a checklist",
    ],
)
def test_stop_requests(text):
    assert replies.is_stop_request(text)


@pytest.mark.parametrize(
    "text",
    [
        "no",
        "nope",
        "skip",
        "I'd rather not say",
        "not sure",
        "stopped working",
        "my treatment stopped helping",
        "",
    ],
)
def test_not_stop_requests(text):
    assert not replies.is_stop_request(text)


@pytest.mark.parametrize(
    "intent,text,expected",
    [
        ("affirm", "yes", "yes"),
        ("affirm", "yeah they did", "yes"),
        ("deny", "no", "no"),
        ("deny", "nope", "no"),
        ("deny", "not sure", "unsure"),
        ("inform", "I don't know yet", "unsure"),
        ("affirm", "maybe", "unsure"),
        ("deny", "stop", None),
        ("inform", "lymphoma", None),
        (None, None, None),
        # A description of the plan instead of yes/no (classified as inform).
        ("inform", "the surgeon wants to operate next month", "yes"),
        ("inform", "they recommended a hysterectomy", "yes"),
        ("inform", "a knee replacement", "yes"),
        ("inform", "PPO in Ohio, they want to do a spinal fusion", "yes"),
        ("inform", "no surgery, just chemo", "no"),
        ("inform", "they don't want to operate yet", "no"),
        ("inform", "no insurance, but the surgeon wants to operate", "yes"),
        ("inform", "not sure if they'll operate", "unsure"),
        # Outside the surgery question's intents a procedure word means nothing.
        ("ask_cost", "how much is the surgery", None),
    ],
)
def test_yes_no_unsure(intent, text, expected):
    assert replies.yes_no_unsure(intent, text) == expected


def test_skip_words():
    assert replies.is_skip("skip")
    assert replies.is_skip("I'd rather not say")
    assert not replies.is_skip("Ohio")


@pytest.mark.parametrize(
    "text,urgent",
    [
        ("it's urgent, my plan denied it", True),
        ("they said no and surgery is scheduled for Monday", True),
        ("I need it asap", True),
        ("we can't wait months", True),
        ("my plan denied the second opinion", False),
        ("", False),
        (None, False),
    ],
)
def test_urgency(text, urgent):
    assert replies.is_urgent(text) is urgent


@pytest.mark.parametrize(
    "check,text",
    [
        (replies.is_stop_request, "I don\u2019t want a checklist"),
        (replies.is_unsure, "I don\u2019t know"),
        (replies.is_urgent, "it can\u2019t wait"),
    ],
)
def test_curly_apostrophes_read_like_straight_ones(check, text):
    assert check(text)


@pytest.mark.parametrize(
    "intent,text,expected",
    [
        ("inform", "sí, la quieren operar", "yes"),
        ("inform", "el cirujano quiere hacerle una histerectomía", "yes"),
        ("inform", "no, sin cirugía, solo pastillas", "no"),
        ("inform", "no sé si la van a operar", "unsure"),
        ("affirm", "sí", "yes"),
        ("deny", "no", "no"),
        ("inform", "todavía no sabemos", "unsure"),
    ],
)
def test_spanish_yes_no_unsure(intent, text, expected):
    assert replies.yes_no_unsure(intent, text) == expected


@pytest.mark.parametrize(
    "text", ["cancelar", "ya no quiero la lista", "olvídalo", "ya no quiero seguir"]
)
def test_spanish_stop_requests(text):
    assert replies.is_stop_request(text)


@pytest.mark.parametrize("text", ["para mi mamá", "ya no tengo seguro", "Texas"])
def test_spanish_words_that_are_no_stop_request(text):
    assert not replies.is_stop_request(text)


def test_spanish_skip_and_urgency():
    assert replies.is_skip("prefiero no decir")
    assert replies.is_skip("siguiente pregunta")
    assert replies.is_urgent("es urgente, la operación está programada para el lunes")
    assert not replies.is_urgent("vivo en Texas")


@pytest.mark.parametrize(
    "intent, text, answer",
    [
        ("affirm", "/affirm", "yes"),
        ("affirm", "yes", "yes"),
        ("inform", "it's urgent, surgery is scheduled for Monday", "yes"),
        ("deny", "/deny", "no"),
        ("deny", "no", "no"),
        ("inform", "it's not urgent", "no"),
        ("affirm", "yes it can wait", "no"),
        ("deny", "not sure", "unsure"),
        ("inform", "skip", "unsure"),
        ("inform", "my cat", None),
        ("deny", "stop", None),
    ],
)
def test_urgency_answer(intent, text, answer):
    assert replies.urgency_answer(intent, text) == answer
