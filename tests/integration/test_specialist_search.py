"""Specialist search end to end: Rasa server -> action server -> a local NPI registry stand-in."""

import pytest

from tests.integration.conftest import Chat


def test_cardiologist_near_a_zip_code(servers):
    chat = Chat(servers.rasa_url)
    before = len(servers.registry.queries)
    answer = chat.say("I need a cardiologist near 02115")
    assert "Amara Okafor, MD" in answer
    assert "Liam Brennan, MD, FACC" in answer
    assert "617-555-0101" in answer and "02115" in answer
    assert "Retired" not in answer  # deactivated records are skipped
    assert "certificationmatters.org" in answer and "in network" in answer
    query = servers.registry.queries[before]
    assert query["taxonomy_description"] == "Cardiovascular Disease"
    assert query["postal_code"] == "02115"
    assert query["version"] == "2.1" and query["enumeration_type"] == "NPI-1"


def test_the_form_asks_what_is_missing_and_derives_the_specialty(servers):
    chat = Chat(servers.rasa_url)
    chat.say("my diagnosis is breast cancer")
    reply = chat.say("how do I find a doctor for a second opinion?")
    assert "ZIP code or city" in reply  # specialty derived from the condition
    answer = chat.say("02215")
    assert "Hannah Weiss, MD" in answer
    assert "National Cancer Institute (NCI)" in answer


def test_no_exact_match_widens_and_says_so(servers):
    chat = Chat(servers.rasa_url)
    answer = chat.say("find me a cardiologist near 02116")
    assert "I found none right at 02116, so I searched nearby ZIP codes" in answer
    assert "Amara Okafor" in answer


@pytest.mark.parametrize("mode", ["http500", "errors"])
def test_registry_failing_gives_the_manual_routes_and_the_chat_goes_on(servers, mode):
    # http500: the registry is down; errors: it answers HTTP 200 {"Errors": [...]}.
    chat = Chat(servers.rasa_url)
    servers.registry.mode = mode
    try:
        answer = chat.say("I need a cardiologist near 02115")
    finally:
        servers.registry.mode = "ok"
    assert "can't reach the NPI Registry" in answer and "npiregistry.cms.hhs.gov" in answer
    assert "Hi" in chat.say("hello")
