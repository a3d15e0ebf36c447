"""The printable documents' content: details checked, the checklist on paper, previews."""

import datetime as dt
import re

import pytest

from actions.logic import checklist, documents
from actions.logic.documents import Document

CASE = {
    "plan_type": "ppo",
    "condition": "breast cancer",
    "surgery_recommended": "yes",
    "us_state": "OH",
    "person": "mother",
}
TODAY = dt.date(2026, 12, 1)


def all_text(document: Document) -> str:
    lines = [document.title, document.subtitle, document.footer]
    for part in document.parts:
        lines += [part.heading, part.note, *part.paragraphs, *part.items]
        lines += [f"{f.label}: {f.value or '____'}" for f in part.fields]
    return "\n".join(lines)


# ---- details ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("María O'Brien", "María O'Brien"),
        ("  Zoë   Ångström-Núñez ", "Zoë Ångström-Núñez"),
        # Decomposed accents (e + combining acute) are joined; a curly apostrophe is kept.
        ("Jose\u0301 O\u2019Neil", "Jos\u00e9 O\u2019Neil"),
        ("Dr. Lee & Partners, 12 Elm St.", "Dr. Lee & Partners, 12 Elm St."),
    ],
)
def test_names_with_accents_and_apostrophes_are_kept(typed, kept):
    checked = documents.check_detail("patient_name", typed)
    assert checked.problem is None
    assert checked.value == documents.clean_text(kept)


@pytest.mark.parametrize(
    "typed, says",
    [
        ("", "didn't get anything"),
        ("   \n\t ", "didn't get anything"),
        ("x" * 81, "too long"),
        ("<script>alert(1)</script>", "plain words"),
        ("<b>Mary</b>", "plain words"),
        ("see https://evil.example", "plain words"),
        ("王小明", "can only print"),
        ("Mary 😀", "can only print"),
    ],
)
def test_bad_details_get_a_clear_message(typed, says):
    checked = documents.check_detail("patient_name", typed)
    assert checked.value is None
    assert says in checked.problem


@pytest.mark.parametrize(
    "typed, iso",
    [
        ("03/14/1952", "1952-03-14"),
        ("3-14-1952", "1952-03-14"),
        ("1952-03-14", "1952-03-14"),
        ("March 14, 1952", "1952-03-14"),
        ("march 14th 1952", "1952-03-14"),
        ("14 March 1952", "1952-03-14"),
    ],
)
def test_dates_of_birth_as_people_type_them(typed, iso):
    assert documents.check_detail("patient_birth_date", typed, today=TODAY).value == iso


@pytest.mark.parametrize("typed", ["13/14/1952", "yesterday", "02/30/1990", "01/01/2030", "1850"])
def test_a_date_that_is_not_a_birth_date_is_asked_again(typed):
    checked = documents.check_detail("patient_birth_date", typed, today=TODAY)
    assert checked.value is None and "03/14/1952" in checked.problem


def test_a_stored_date_prints_in_words():
    assert documents.format_date("1952-03-14") == "March 14, 1952"
    assert documents.format_date("not a date") is None


def test_unprintable_values_in_the_slots_become_blank_lines():
    slots = {"patient_name": "<b>x</b>", "records_holder": "x" * 500, "patient_birth_date": "soon"}
    for slot in slots:
        assert documents.printable_detail(slots, slot) is None


# ---- the checklist on paper ---------------------------------------------------------


def test_the_printable_checklist_holds_every_section_the_checklist_returns():
    slots = {**CASE, "patient_name": "María O'Brien"}
    document = documents.checklist_document(slots)
    text = all_text(document)
    built = checklist.build("ppo", "breast cancer", "yes", "OH", "mother")
    for section in built.sections:
        assert section.title in text
        for item in section.items:
            assert item in text
    for fact in ("María O'Brien", "Your mother", "breast cancer", "a PPO", "Ohio"):
        assert fact in text
    step_parts = [p for p in document.parts if re.match(r"\d+\. ", p.heading)]
    assert len(step_parts) == len(built.sections)
    assert all(p.item_style == "checkbox" for p in step_parts)
    assert "Call reference number" in text
    sources = next(p for p in document.parts if p.heading == "Sources")
    assert any("45 CFR 164.524" in line for line in sources.items)


def test_the_checklist_renders_sections_and_sources_it_gains_later(monkeypatch):
    # Another section, and a `sources` list, appear in checklist.build: both are printed.
    original = checklist.build

    def build_with_more(*args, **kwargs):
        built = original(*args, **kwargs)

        class WithSources(checklist.Checklist):
            pass

        more = WithSources(
            intro=built.intro,
            sections=built.sections + [checklist.Section("A new section", ["A new step."])],
        )
        object.__setattr__(more, "sources", ["Some source, checked 2026-12-01."])
        return more

    monkeypatch.setattr(checklist, "build", build_with_more)
    text = all_text(documents.checklist_document(CASE))
    assert "8. A new section" in text and "A new step." in text
    assert "Some source, checked 2026-12-01." in text


def test_without_insurance_there_is_no_call_to_note():
    text = all_text(documents.checklist_document({"plan_type": "uninsured"}))
    assert "Call reference number" not in text
    assert "without insurance" in text or "no insurance" in text.lower()


def test_nothing_known_gives_a_checklist_with_blanks():
    document = documents.checklist_document({})
    fields = {f.label: f.value for p in document.parts for f in p.fields}
    assert fields["For"] is None  # a line to write the name on
    assert fields["Condition"] == documents.NOT_TOLD


def test_a_condition_with_markup_or_odd_letters_is_left_out_cleanly():
    document = documents.checklist_document({"condition": "<script>x</script> 😀"})
    fields = {f.label: f.value for p in document.parts for f in p.fields}
    assert fields["Condition"] == documents.NOT_TOLD


def test_checklist_preview_names_what_is_inside():
    lines = documents.preview("checklist", {**CASE, "patient_name": "Ana Ruiz"})
    text = "\n".join(lines)
    assert "For: Ana Ruiz" in text
    assert "breast cancer" in text and "a PPO" in text and "Ohio" in text
    assert "7 steps with check boxes" in text and "reference number" in text
    assert "a blank line" in "\n".join(documents.preview("checklist", CASE))


def test_delivery_by_channel():
    assert documents.delivery("socketio") == "web_button"
    assert documents.delivery("rest") == "link"
    assert documents.delivery("slack") == documents.delivery("telegram") == "file"
    assert documents.delivery(None) == "link"


def test_every_kind_can_be_asked_for_and_built():
    for name, kind in documents.KINDS.items():
        assert documents.offer_button(name)["payload"] == documents.request_payload(name)
        assert set(kind.details) <= set(documents.DETAIL_SLOTS)
        assert documents.build(name, CASE).kind == name
    with pytest.raises(KeyError):
        documents.build("appeal", CASE)
