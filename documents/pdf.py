"""Laying out a Document (actions/logic/documents.py) as a PDF with ReportLab.

Every piece of text is escaped before ReportLab's Paragraph sees it (its
mini-markup would otherwise read "<b>" or "<script>" typed by a user). The
font is Bitstream Vera, shipped inside ReportLab and embedded in each file,
so the page looks the same in every viewer and printer, accented letters
and apostrophes included; it covers Windows-1252, the rule the details are
checked against. Check boxes are drawn, not typed characters. The output is
invariant (no creation time or random id inside), so the same document gives
the same bytes.
"""

from __future__ import annotations

import io
import os
from typing import List
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from actions.logic.documents import Document, Field, Part

FONT = "GuideSans"
FONT_BOLD = "GuideSans-Bold"
_FONT_FILES = {FONT: "Vera.ttf", FONT_BOLD: "VeraBd.ttf"}
INK = colors.HexColor("#1d1d1b")
MUTED = colors.HexColor("#4a4a46")
RULE = colors.HexColor("#6b6b66")
MARGIN = 0.75 * inch
# The frame's own padding (6 pt each side) comes off the writable width.
WIDTH = LETTER[0] - 2 * MARGIN - 12


def _register_fonts() -> None:
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    for name, filename in _FONT_FILES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, os.path.join(folder, filename)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT)


_register_fonts()

_BASE = ParagraphStyle("base", fontName=FONT, fontSize=10.5, leading=14, textColor=INK)
STYLES = {
    "title": ParagraphStyle("title", _BASE, fontName=FONT_BOLD, fontSize=17, leading=21),
    "subtitle": ParagraphStyle("subtitle", _BASE, fontSize=9, leading=12, textColor=MUTED),
    "heading": ParagraphStyle(
        "heading",
        _BASE,
        fontName=FONT_BOLD,
        fontSize=12,
        leading=15,
        spaceBefore=10,
        spaceAfter=3,
        keepWithNext=1,
    ),
    "body": ParagraphStyle("body", _BASE, spaceAfter=5, alignment=TA_LEFT),
    "item": ParagraphStyle("item", _BASE, leading=13.5),
    "bullet": ParagraphStyle("bullet", _BASE, leading=13.5, leftIndent=11, bulletIndent=0),
    "label": ParagraphStyle("label", _BASE, fontName=FONT_BOLD, fontSize=10, leading=13),
    "small": ParagraphStyle("small", _BASE, fontSize=8.5, leading=11, textColor=MUTED),
}


def text(value: str) -> str:
    """Plain text made safe for Paragraph: markup characters shown as typed."""
    return escape(value)


class CheckBox(Flowable):
    """An empty square to tick with a pen."""

    def __init__(self, size: float = 9.5):
        super().__init__()
        self.size = size

    def wrap(self, available_width: float, available_height: float):  # noqa: ARG002
        return self.size, self.size + 2

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.9)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


def _items(part: Part) -> List[Flowable]:
    if not part.items:
        return []
    if part.item_style == "checkbox":
        # One table per item, so a page can break between any two items.
        style = TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
        tables: List[Flowable] = []
        for item in part.items:
            table = Table(
                [[CheckBox(), Paragraph(text(item), STYLES["item"])]], colWidths=[18, WIDTH - 18]
            )
            table.setStyle(style)
            tables.append(table)
        return tables
    return [Paragraph(text(item), STYLES["bullet"], bulletText="\u2022") for item in part.items] + [
        Spacer(1, 3)
    ]


def _fields(fields: tuple) -> List[Flowable]:
    if not fields:
        return []
    label_width = 2.6 * inch
    rows = []
    blanks = []
    for row, item in enumerate(fields):
        assert isinstance(item, Field)
        label = Paragraph(text(item.label + ":") if item.label else "", STYLES["label"])
        value = Paragraph(text(item.value), STYLES["body"]) if item.value else ""
        rows.append([label, value])
        if not item.value:
            blanks.append(row)
    table = Table(rows, colWidths=[label_width, WIDTH - label_width])
    style: List[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for row in blanks:
        # A line to write on; a row without a label is a whole-width line.
        start = 0 if not fields[row].label else 1
        style.append(("LINEBELOW", (start, row), (1, row), 0.6, RULE))
        style.append(("TOPPADDING", (0, row), (-1, row), 13))
    table.setStyle(TableStyle(style))
    return [table, Spacer(1, 4)]


def _part(part: Part) -> List[Flowable]:
    flowables: List[Flowable] = []
    if part.heading:
        flowables.append(Paragraph(text(part.heading), STYLES["heading"]))
    flowables += [Paragraph(text(p), STYLES["body"]) for p in part.paragraphs]
    flowables += _items(part)
    flowables += _fields(part.fields)
    if part.note:
        flowables.append(Paragraph(text(part.note), STYLES["small"]))
    flowables.append(Spacer(1, 4))
    # Fields and their explanation stay together; lists may break between items
    # (a heading keeps with its first item).
    return [KeepTogether(flowables)] if part.fields else flowables


def render(document: Document) -> bytes:
    """The document as the bytes of a PDF file (US Letter)."""
    buffer = io.BytesIO()

    def footer(canvas, template) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 0.45 * inch, document.footer)
        canvas.drawRightString(LETTER[0] - MARGIN, 0.45 * inch, f"Page {template.page}")
        canvas.restoreState()

    template = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=0.8 * inch,
        title=document.title,
        author="Second Opinion Guide",
        subject=document.title,
        creator="Second Opinion Guide",
        invariant=1,
    )
    story: List[Flowable] = [Paragraph(text(document.title), STYLES["title"])]
    if document.subtitle:
        story.append(Paragraph(text(document.subtitle), STYLES["subtitle"]))
    story.append(Spacer(1, 8))
    for part in document.parts:
        story += _part(part)
    template.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
