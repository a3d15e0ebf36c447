import pytest

from actions import specialist_actions
from actions.specialist_actions import ActionSearchSpecialists, ValidateSpecialistSearchForm
from tests.fakes.npi_registry_server import FakeNpiRegistry


@pytest.fixture
def registry(monkeypatch):
    fake = FakeNpiRegistry().start()
    monkeypatch.setenv("NPPES_API_URL", fake.url)
    monkeypatch.setattr(specialist_actions, "_client", None)
    yield fake
    fake.stop()


def _slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_search_lists_providers_and_sets_the_next_page(
    registry, tracker_factory, dispatcher, domain
):
    tracker = tracker_factory({"specialty": "cardiology", "location": "02115"})
    events = await ActionSearchSpecialists().run(dispatcher, tracker, domain)
    await specialist_actions.registry_client().close()
    text = dispatcher.messages[0]["text"]
    assert text.startswith("Cardiologists listed near 02115")
    assert "Licensed" not in text and "state medical board" in text
    assert "1. Amara Okafor, MD, Cardiovascular Disease" in text
    assert "certificationmatters.org" in dispatcher.messages[1]["text"]
    assert _slots(events)["search_skip"] == 5
    assert registry.queries[0]["postal_code"] == "02115"


async def test_a_city_is_searched_with_its_state(registry, tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"specialty": "orthopedic_surgery", "location": "Worcester", "us_state": "MA"}
    )
    await ActionSearchSpecialists().run(dispatcher, tracker, domain)
    await specialist_actions.registry_client().close()
    assert "Dev Patel" in dispatcher.messages[0]["text"]
    assert registry.queries[0]["city"] == "Worcester" and registry.queries[0]["state"] == "MA"


async def test_registry_failure_gives_the_fallback(registry, tracker_factory, dispatcher, domain):
    registry.mode = "http500"
    tracker = tracker_factory({"specialty": "cardiology", "location": "02115"})
    await ActionSearchSpecialists().run(dispatcher, tracker, domain)
    await specialist_actions.registry_client().close()
    assert dispatcher.messages[0]["response"] == "utter_registry_unavailable"


async def test_nothing_anywhere_says_so(registry, tracker_factory, dispatcher, domain):
    tracker = tracker_factory({"specialty": "dermatology", "location": "99501", "us_state": "AK"})
    await ActionSearchSpecialists().run(dispatcher, tracker, domain)
    await specialist_actions.registry_client().close()
    assert dispatcher.messages[0]["response"] == "utter_no_specialists_found"


async def test_stopped_search_gives_tips(tracker_factory, dispatcher, domain):
    await ActionSearchSpecialists().run(dispatcher, tracker_factory({"form_stopped": True}), domain)
    assert dispatcher.messages[0]["response"] == "utter_find_doctor"


async def test_form_derives_the_specialty_from_the_condition(tracker_factory, dispatcher, domain):
    domain = {
        **domain,
        "forms": {
            **domain["forms"],
            "specialist_search_form": {"required_slots": ["specialty", "location"]},
        },
    }
    tracker = tracker_factory(
        {"condition": "heart valve problem"}, intent="ask_find_doctor", text="find a doctor"
    )
    slots = _slots(await ValidateSpecialistSearchForm().run(dispatcher, tracker, domain))
    assert slots["specialty"] == "cardiology"


async def test_form_derives_the_specialty_from_the_request_s_words(
    tracker_factory, dispatcher, domain
):
    domain = {
        **domain,
        "forms": {
            **domain["forms"],
            "specialist_search_form": {"required_slots": ["specialty", "location"]},
        },
    }
    tracker = tracker_factory(
        intent="ask_find_doctor", text="ok so how do I find a sarcoma specialist then"
    )
    slots = _slots(await ValidateSpecialistSearchForm().run(dispatcher, tracker, domain))
    assert slots["specialty"] == "medical_oncology"
    plain = tracker_factory(intent="ask_find_doctor", text="how do I find a doctor for my mom")
    slots = _slots(await ValidateSpecialistSearchForm().run(dispatcher, plain, domain))
    assert "specialty" not in slots


async def test_a_city_needs_a_state(tracker_factory, dispatcher, domain):
    domain = {
        **domain,
        "forms": {
            **domain["forms"],
            "specialist_search_form": {"required_slots": ["specialty", "location"]},
        },
    }
    tracker = tracker_factory(
        {"requested_slot": "location", "specialty": "cardiology"},
        intent="inform",
        text="Springfield",
    )
    slots = _slots(await ValidateSpecialistSearchForm().run(dispatcher, tracker, domain))
    assert slots["location"] == "Springfield"
    assert slots["requested_slot"] == "us_state"


async def test_show_more_pages_with_skip(monkeypatch, tracker_factory, domain):
    from rasa_sdk.executor import CollectingDispatcher

    from tests.fakes.npi_registry_server import _provider

    many = [
        _provider(
            2000000000 + i,
            f"DOC{i}",
            "TEST",
            "MD",
            "Cardiovascular Disease",
            f"{i} Elm St",
            "BOSTON",
            "MA",
            "02115",
            "6175550000",
        )
        for i in range(7)
    ]
    fake = FakeNpiRegistry(providers=many).start()
    monkeypatch.setenv("NPPES_API_URL", fake.url)
    monkeypatch.setattr(specialist_actions, "_client", None)
    try:
        first = CollectingDispatcher()
        events = await ActionSearchSpecialists().run(
            first,
            tracker_factory(
                {"specialty": "cardiology", "location": "02115"}, intent="ask_find_doctor"
            ),
            domain,
        )
        assert "/request_more_results" in [b["payload"] for b in first.messages[1]["buttons"]]
        second = CollectingDispatcher()
        await ActionSearchSpecialists().run(
            second,
            tracker_factory(
                {
                    "specialty": "cardiology",
                    "location": "02115",
                    "search_skip": _slots(events)["search_skip"],
                },
                intent="request_more_results",
            ),
            domain,
        )
        assert (
            second.messages[0]["text"].count("\n6. ") == 1 and "7. " in second.messages[0]["text"]
        )
        assert fake.queries[-1]["skip"] == "5"
    finally:
        await specialist_actions.registry_client().close()
        fake.stop()


async def test_the_checks_before_booking_follow_the_plan(
    registry, tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"specialty": "cardiology", "location": "02115", "plan_type": "original_medicare"}
    )
    await ActionSearchSpecialists().run(dispatcher, tracker, domain)
    await specialist_actions.registry_client().close()
    checks = dispatcher.messages[1]["text"]
    assert "takes Medicare" in checks and "in network" not in checks


async def test_no_show_more_past_the_registry_s_last_page(
    monkeypatch, tracker_factory, dispatcher, domain
):
    from tests.fakes.npi_registry_server import _provider

    many = [
        _provider(
            2000000000 + i,
            f"DOC{i}",
            "TEST",
            "MD",
            "Cardiovascular Disease",
            f"{i} Elm St",
            "BOSTON",
            "MA",
            "02115",
            "6175550000",
        )
        for i in range(1000)
    ]
    fake = FakeNpiRegistry(providers=many).start()
    monkeypatch.setenv("NPPES_API_URL", fake.url)
    monkeypatch.setattr(specialist_actions, "_client", None)
    try:
        tracker = tracker_factory(
            {"specialty": "cardiology", "location": "02115", "search_skip": 995},
            intent="request_more_results",
        )
        await ActionSearchSpecialists().run(dispatcher, tracker, domain)
    finally:
        await specialist_actions.registry_client().close()
        fake.stop()
    assert "996. " in dispatcher.messages[0]["text"]
    assert [b["payload"] for b in dispatcher.messages[1]["buttons"]] == ["/ask_make_appointment"]
