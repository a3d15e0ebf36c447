"""The documents as PDF files: valid, their text extracted (pypdf and pdftotext) holds the right
facts, pages render (pdftoppm), and bad input gives a clean file.

UPDATE_DOCUMENT_IMAGES=1 pytest tests/documents -k images rewrites the page images in docs/.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from actions.logic import documents
from documents import pdf

ROOT = Path(__file__).resolve().parents[2]
PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(
    not (PDFTOTEXT and PDFTOPPM), reason="poppler-utils is missing: run `make poppler`"
)

CASE = {
    "plan_type": "medicare_advantage",
    "condition": "lung cancer",
    "surgery_recommended": "yes",
    "us_state": "CA",
    "person": "mother",
    "patient_name": "María O'Brien",
    "patient_birth_date": "1952-03-14",
    "records_holder": "Riverside Clinic, 12 Elm St, Columbus OH",
    "records_recipient": "Dr. Ana Patel, Ohio Cancer Center, 3 Main St, Cleveland OH",
    "member_id": "XZ-4471-09",
    "denial_reason": "Not medically necessary. Your doctor can treat this.",
    "why_necessary": "My surgeon wants to remove part of my lung. It is major surgery, and I want "
    "a lung cancer expert to check the diagnosis and the plan first.",
    "appeal_urgent": "yes",
}
IMAGES = {
    "checklist": ROOT / "docs" / "document-checklist.png",
    "records_request": ROOT / "docs" / "document-records-request.png",
    "appeal_letter": ROOT / "docs" / "document-appeal-letter.png",
}


def make(kind: str, slots: dict) -> bytes:
    return pdf.render(documents.build(kind, slots))


def pypdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data), strict=True)
    return "\n".join(page.extract_text() for page in reader.pages)


def poppler_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_valid_pdf(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert 1 <= len(reader.pages) <= 6
    return reader


@pytest.mark.parametrize("kind", sorted(documents.KINDS))
def test_every_kind_is_a_valid_pdf_with_its_title(kind):
    data = make(kind, CASE)
    reader = assert_valid_pdf(data)
    assert reader.metadata.title == documents.build(kind, CASE).title


def test_checklist_text_holds_the_case_and_each_section():
    text = flat(pypdf_text(make("checklist", CASE)))
    for fact in (
        "María O'Brien",
        "Your mother",
        "lung cancer",
        "a Medicare Advantage plan",
        "California",
        "Gather your mother's records",
        "Questions to ask at the visit",
        "Call reference number",
        "Sources",
    ):
        assert fact in text, fact
    # Medicare Advantage's rule, not another family's.
    assert "Medicare Advantage" in text
    assert "Original Medicare" not in text.replace("Original Medicare covers", "")


@needs_poppler
def test_records_letter_text_through_pdftotext(tmp_path):
    text = flat(poppler_text(make("records_request", CASE), tmp_path))
    for fact in (
        "Request for copies of my medical records",
        "María O'Brien",
        "March 14, 1952",
        "Riverside Clinic, 12 Elm St, Columbus OH",
        "Dr. Ana Patel, Ohio Cancer Center",
        "45 CFR 164.524",
        "within 30 days",
        "one more 30 days, one time only",
        "reasonable, cost-based fee",
        "slides or tissue blocks",
        "electronic copies",
    ):
        assert fact in text, fact


@needs_poppler
def test_pages_render_to_images(tmp_path):
    for kind in documents.KINDS:
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(make(kind, CASE))
        subprocess.run(
            [PDFTOPPM, "-r", "40", "-png", str(path), str(tmp_path / kind)],
            check=True,
            capture_output=True,
        )
        pages = sorted(tmp_path.glob(f"{kind}-*.png"))
        assert pages and all(p.stat().st_size > 2000 for p in pages)


@needs_poppler
def test_page_images_in_docs(tmp_path):
    """The first page of each document, committed in docs/ (UPDATE_DOCUMENT_IMAGES=1 rewrites)."""
    for kind, image in IMAGES.items():
        if os.environ.get("UPDATE_DOCUMENT_IMAGES"):
            path = tmp_path / f"{kind}.pdf"
            path.write_bytes(make(kind, CASE))
            subprocess.run(
                [
                    PDFTOPPM,
                    "-r",
                    "80",
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(path),
                    str(image.with_suffix("")),
                ],
                check=True,
            )
        assert image.exists() and 10_000 < image.stat().st_size < 500_000, image


# The appeal letter of each plan family: its route's words, and none of another family's.
APPEAL_FAMILIES = {
    "ppo": ("internal appeal", "180 days from the date of the denial notice", "external review"),
    "medicare_advantage_ppo": ("reconsideration", "independent review entity", "72 hours"),
    "original_medicare": ("redetermination", "Medicare Summary Notice", "1-800-MEDICARE"),
    "medicaid_managed_care": ("plan appeal", "state fair hearing"),
    "medicaid_ffs": ("my request for a state fair hearing",),
    "tricare_prime": ("TRICARE regional contractor",),
}
NOT_FOR = {
    "ppo": ("reconsideration", "redetermination", "fair hearing", "Medicare", "TRICARE"),
    "medicare_advantage_ppo": ("internal appeal", "redetermination", "fair hearing", "180 days"),
    "original_medicare": ("internal appeal", "reconsideration", "fair hearing", "180 days"),
    "medicaid_managed_care": ("internal appeal", "reconsideration", "Medicare", "180 days"),
    "medicaid_ffs": ("internal appeal", "reconsideration", "Medicare", "180 days", "72 hours"),
    "tricare_prime": ("internal appeal", "reconsideration", "Medicare", "180 days", "VA medical"),
}


@pytest.mark.parametrize("plan_type", sorted(APPEAL_FAMILIES))
def test_appeal_letter_text_holds_its_familys_route_only(plan_type):
    slots = {**CASE, "plan_type": plan_type}
    text = flat(pypdf_text(make("appeal_letter", slots)))
    for fact in ("María O'Brien", "XZ-4471-09", "Not medically necessary", "lung cancer expert"):
        assert fact in text, fact
    for fact in APPEAL_FAMILIES[plan_type]:
        assert fact in text, (plan_type, fact)
    for other in NOT_FOR[plan_type]:
        assert other not in text, (plan_type, other)


def test_appeal_letter_asks_for_a_fast_decision_only_when_urgent():
    urgent = flat(pypdf_text(make("appeal_letter", {**CASE, "plan_type": "ppo"})))
    assert "Please decide fast" in urgent and "Please decide within 72 hours" in urgent
    for answer in ("no", "unsure", None):
        text = flat(
            pypdf_text(make("appeal_letter", {**CASE, "plan_type": "ppo", "appeal_urgent": answer}))
        )
        assert "Please decide fast" not in text and "expedited) appeal" not in text, answer


@needs_poppler
def test_appeal_letter_text_through_pdftotext(tmp_path):
    text = flat(poppler_text(make("appeal_letter", {**CASE, "plan_type": "ppo"}), tmp_path))
    for fact in (
        "Appeal: please cover my second opinion",
        "María O'Brien",
        "This letter is my request for an internal appeal.",
        "Send it in time: 180 days from the date of the denial notice.",
        "how the next step works: the external review",
        "1-866-444-3272",
    ):
        assert fact in text, fact


BAD_INPUT = [
    {
        "patient_name": "<script>alert('x')</script>",
        "condition": "<b>knee</b> & <i>hip</i>",
        "denial_reason": "<script>alert('x')</script>",
        "why_necessary": "<img src=x onerror=alert(1)>",
        "plan_type": "ppo",
        "appeal_urgent": "<b>yes</b>",
    },
    {
        "patient_name": "x" * 5000,
        "records_holder": "y" * 100_000,
        "condition": "z" * 10_000,
        "why_necessary": "x" * 100_000,
        "denial_reason": "y " * 50_000,
        "member_id": "y" * 1000,
        "plan_type": "medicaid",
    },
    {
        "patient_name": "",
        "patient_birth_date": "",
        "records_holder": "   ",
        "condition": "",
        "denial_reason": "",
        "why_necessary": "   ",
        "member_id": "",
        "appeal_urgent": "",
    },
    {
        "patient_name": "王小明 😀",
        "records_recipient": "\x00\x07\u202e evil",
        "condition": "\u202e",
        "denial_reason": "\x00\x07\u202e evil",
        "why_necessary": "我需要第二意见 😀",
        "plan_type": "original_medicare",
    },
    {"patient_birth_date": "not a date", "plan_type": "no-such-plan", "us_state": "ZZ"},
    {"person": "<script>", "surgery_recommended": "<b>", "patient_name": 12345},
    {"why_necessary": 12345, "denial_reason": ["a", "list"], "appeal_urgent": True},
]


@pytest.mark.parametrize("slots", BAD_INPUT)
@pytest.mark.parametrize("kind", sorted(documents.KINDS))
def test_bad_input_gives_a_clean_document(kind, slots):
    data = make(kind, slots)
    text = pypdf_text(assert_valid_pdf(data) and data)
    assert "<script>" not in text and "alert" not in text
    assert "\x00" not in text and "\u202e" not in text
    assert "x" * 100 not in text and "y" * 100 not in text
    assert documents.build(kind, slots).title in flat(text)


def test_markup_in_a_value_is_printed_as_typed_never_interpreted():
    # A value that reached the slots unchecked (e.g. an old conversation) is escaped.
    document = documents.build("checklist", {"condition": "knee & hip"})
    text = flat(pypdf_text(pdf.render(document)))
    assert "knee & hip" in text


def test_the_same_document_gives_the_same_bytes():
    assert make("records_request", CASE) == make("records_request", CASE)
