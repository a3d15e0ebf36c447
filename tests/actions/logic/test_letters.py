"""The medical-records request letter: the HIPAA right-of-access facts, plain words, blanks."""

import re

from actions.logic import letters
from tests.actions.logic.test_documents import all_text

FILLED = {
    "condition": "lung cancer",
    "patient_name": "María O'Brien",
    "patient_birth_date": "1952-03-14",
    "records_holder": "Riverside Clinic, 12 Elm St, Columbus OH",
    "records_recipient": "Dr. Ana Patel, Ohio Cancer Center, Cleveland OH",
}


def fields(document) -> dict:
    return {f.label: f.value for p in document.parts for f in p.fields if f.label}


def test_the_letter_states_the_right_of_access_facts():
    text = all_text(letters.records_request(FILLED))
    assert "45 CFR 164.524" in text and "HIPAA" in text
    assert "within 30 days" in text
    assert "one more 30 days, one time only, if you tell me in writing" in text
    assert "reasonable, cost-based fee" in text
    assert "electronic copies" in text


def test_the_letter_carries_the_details_the_user_gave():
    document = letters.records_request(FILLED)
    values = fields(document)
    assert values["From (the patient)"] == "María O'Brien"
    assert values["Date of birth"] == "March 14, 1952"
    assert values["To (the office that has my records)"] == FILLED["records_holder"]
    assert values["Doctor and address"] == FILLED["records_recipient"]
    assert values["Signature"] is None  # signed by hand


def test_skipped_details_are_blank_lines_to_write_on():
    values = fields(letters.records_request({}))
    for label in (
        "From (the patient)",
        "Date of birth",
        "To (the office that has my records)",
        "Doctor and address",
        "Printed name",
    ):
        assert values[label] is None


def test_cancer_asks_for_pathology_slides_other_conditions_do_not():
    assert "slides or tissue blocks" in all_text(letters.records_request(FILLED))
    knee = all_text(letters.records_request({"condition": "knee pain"}))
    assert "slides" not in knee and "Pathology" not in knee
    for record in ("Imaging reports and the image files", "Lab and test results", "treatment plan"):
        assert record in knee


def test_legal_names_are_explained_beside_them():
    text = all_text(letters.records_request(FILLED))
    assert "HIPAA (the Health Insurance Portability and Accountability Act, the federal law" in text
    assert "cost-based fee (a fee based on what it costs you to make and send the copies)" in text
    assert "right of access (the federal rule 45 CFR 164.524)" in text


def _syllables(word: str) -> int:
    word = word.lower()
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and len(groups) > 1 else 0)
    return max(1, count)


def flesch_kincaid_grade(text: str) -> float:
    sentences = [s for s in re.split(r"[.!?:]+\s", text) if s.strip()]
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    syllables = sum(_syllables(w) for w in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllables / len(words) - 15.59


def test_the_letter_reads_at_grade_8_or_lower():
    document = letters.records_request(FILLED)
    # Every sentence of the letter, the legal names and their explanations included.
    body = " ".join(
        line
        for part in document.parts
        for line in (*part.paragraphs, *part.items, part.note)
        if line
    )
    assert flesch_kincaid_grade(body) <= 8.0


def test_preview_says_what_the_letter_holds():
    text = "\n".join(letters.records_request_preview(FILLED))
    assert "From: María O'Brien, born March 14, 1952" in text
    assert "To: Riverside Clinic" in text and "Send the records to: Dr. Ana Patel" in text
    assert "pathology reports and slides" in text
    assert "30 days" in text and "cost-based" in text
    blank = "\n".join(letters.records_request_preview({}))
    assert "blank line for the patient's name" in blank
