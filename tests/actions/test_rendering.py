from actions import rendering
from actions.logic.npi_registry import Provider, SearchResult


def _provider(number: int, phone=None) -> Provider:
    return Provider(
        npi=str(number),
        name=f"Doc {number}, MD",
        specialty="Cardiovascular Disease",
        address=f"{number} Main St, Boston, MA 02115",
        phone=phone,
    )


def test_specialist_results_are_numbered_on_from_earlier_pages():
    result = SearchResult(providers=[_provider(1, "617-555-0101"), _provider(2)], result_count=2)
    message = rendering.specialist_results_message(result, "cardiologist", "02115", skip=5)
    assert message == {
        "text": "Cardiologists listed near 02115 in the NPI Registry:\n"
        "6. Doc 1, MD, Cardiovascular Disease\n   1 Main St, Boston, MA 02115, phone 617-555-0101\n"
        "7. Doc 2, MD, Cardiovascular Disease\n   2 Main St, Boston, MA 02115\n"
        "Doctors add their own details to this list. It does not check licenses. "
        "Your state medical board can."
    }


def test_a_widened_search_says_where_it_looked():
    result = SearchResult(providers=[_provider(1)], result_count=1, widened="nearby ZIP codes 021*")
    text = rendering.specialist_results_message(result, "cardiologist", "02116", skip=0)["text"]
    assert text.startswith(
        "I found none right at 02116, so I searched nearby ZIP codes 021*. "
        "Cardiologists listed there:\n1. Doc 1"
    )


def test_no_providers_is_no_message():
    result = SearchResult(providers=[], result_count=0)
    assert rendering.specialist_results_message(result, "cardiologist", "02115", 0) is None


def test_before_booking_offers_more_only_when_asked():
    checks = ["Check board certification at certificationmatters.org."]
    more = rendering.before_booking_message(checks, more_results=True)
    last = rendering.before_booking_message(checks, more_results=False)
    assert (
        more["text"] == "Before you book:\n• Check board certification at certificationmatters.org."
    )
    assert [b["payload"] for b in more["buttons"]] == [
        "/request_more_results",
        "/ask_make_appointment",
    ]
    assert [b["payload"] for b in last["buttons"]] == ["/ask_make_appointment"]
