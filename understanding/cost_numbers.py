"""Amounts for the cost estimate, read deterministically from what the user wrote.

"I'm on an HMO, my copay for specialists is 50 dollars and the visit is 280"
gives a copay of 50 and a visit price of 280; "30% coinsurance, $200 left on my
deductible" a coinsurance of 30 and 200 of deductible left; "deductible met"
0 left. Each amount takes its role from the words around it in its own clause
(the nearest cue wins); a message without cost words gives nothing, so "my 2
kids" or "in 2 weeks" are never read as money.

Spanish is read the same way: "mi copago es de 50", "ya pagué 300 del deducible",
"el 20 %", "20 por ciento", "$1.500" (a dot between thousands), "cincuenta dólares".
The text is matched without accents.

Plain Python, no Rasa: components/cost_numbers.py adds the figures to the
message as entities, and the estimate form asks only for what is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Dict, List, Optional, Tuple

from understanding import number_words
from understanding.text import straight_apostrophes, without_accents

# Entity names, also the slot names of the estimate.
VISIT_PRICE = "visit_price"
COPAY = "copay"
COINSURANCE = "coinsurance"
DEDUCTIBLE_REMAINING = "deductible_remaining"
DEDUCTIBLE_PAID = "deductible_paid"
DEDUCTIBLE_MET = "deductible_met"
# The message asks for the arithmetic in so many words ("can you estimate what I'd
# pay?", "calculate it for me"): the estimate, even before any figure is given.
ESTIMATE_REQUEST = "estimate_request"
# A dollar amount whose role no word names ("it's $700", "about $150 left on it"):
# the answer to the estimate's question just asked, or else the price.
AMOUNT = "amount"
ENTITIES = (
    VISIT_PRICE,
    COPAY,
    COINSURANCE,
    DEDUCTIBLE_REMAINING,
    DEDUCTIBLE_PAID,
    DEDUCTIBLE_MET,
    AMOUNT,
    ESTIMATE_REQUEST,
)

MAX_AMOUNT = Decimal("1000000")

# "1,500" and, as Spanish writes it, "1.500" (groups of exactly three after the dots).
_NUMBER = (
    r"(?P<dollar>\$\s?)?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|(?P<dotted>\d{1,3}(?:\.\d{3})+)(?!\d|,\d)|\d+(?:\.\d+)?)"
    r"(?P<thousand>\s?k\b|\s+mil\b)?"
    r"(?:\s?(?P<percent>%|percent\b|pct\b|por\s?ciento\b)"
    r"|\s(?P<dollars>dollars?|bucks|usd|dolares|dolar|dls|dlls)\b)?"
)
_NUMBER_RE = re.compile(_NUMBER, re.IGNORECASE)
# An ordinal or a word glued to the number: "2nd", "3rd", "4th", "10mg".
_NOT_AMOUNT = re.compile(r"(?:st|nd|rd|th|mg|ml|mm|cm|da|do|ra|er|ro|to)\b", re.IGNORECASE)
# A number of years, weeks or days: "mi hijo de 8 años", "in 2 weeks".
_NOT_AMOUNT_AFTER = re.compile(
    r"\s*(?:anos?|mes(?:es)?|semanas?|dias?|horas?|years?|yrs?|months?|weeks?|days?|hours?)\b"
)
# Clause boundaries: cues in another clause do not give an amount its role.
_BOUNDARY = re.compile(
    r"[.;!?]|,\s|\s-\s|\b(?:and|but|then|plus|so|y|pero|luego|entonces|ademas)\b"
    r"|\bafter\s+that\b|\bdespues\s+de\s+eso\b"
)

_CUES: List[Tuple[str, re.Pattern]] = [
    (COPAY, re.compile(r"\bco-?\s?pay(?:ment)?s?\b|\bco-?pagos?\b")),
    (COINSURANCE, re.compile(r"\bco-?\s?insurance\b|\bco-?asegur[oa]s?\b")),
    ("deductible", re.compile(r"\bdeduct[ai]b[a-z]*\b|\bdeductable\b|\bdeducibles?\b")),
    (VISIT_PRICE, re.compile(
        r"\b(?:visit|consult(?:ation)?|appointment|appt|charges?|charging|costs?|price[ds]?|"
        r"quoted?|bill(?:ed|s)?|fees?|exam|evaluation|review|runs?|"
        r"consulta|visita|cita|cuesta|cuestan|costo|precio|cobran?|cobrar|factura|sale)\b"
    )),
]  # fmt: skip
# How an amount near "deductible" relates to it.
_LEFT = re.compile(
    r"\b(?:left|remaining|remains|to\s+go|still\s+(?:owe|have|need)|more\s+to|away\s+from|"
    r"short\s+of|until|before\s+i\s+(?:meet|hit)|"
    r"faltan?|me\s+quedan?|quedan?|restantes?|pendientes?|por\s+pagar|todavia\s+debo|aun\s+debo)\b"
)
_PAID = re.compile(
    r"\b(?:paid|spent|put|met|hit|used|covered|toward|towards|so\s+far|already|"
    r"pague|pagado|pagamos|llevo|ya|abonado|gastado)\b"
)
_MET = re.compile(
    r"\b(?:(?:cumpli|cumplimos|complete|alcance|pague\s+todo)\s+(?:con\s+)?(?:el|mi|nuestro)"
    r"\s+deducible"
    # "ya pagué el deducible", "si ya hubiera pagado el deducible de la parte B"
    r"|(?:ya\s+(?:(?:he|hemos|ha|hubiera|hubieramos|habia|haya)\s+)?|(?:he|hemos|ha|hubiera|"
    r"hubieramos|habia|haya)\s+)(?:pague|pagamos|pagado|cumplido|completado|alcanzado|cubierto)"
    r"\s+(?:todo\s+|con\s+)?(?:el|mi|nuestro|su)\s+deducible"
    r"|deducible\s+(?:ya\s+)?(?:esta|fue)\s+(?:cubierto|cumplido|pagado|completo)"
    r"|(?:met|hit|reached|maxed(?:\s+out)?|satisfied|finished|done\s+with)\s+(?:my|the|our)"
    r"\s+(?:(?:yearly|annual|part\s+b)\s+)?deduct[ai]b[a-z]*"
    r"|deduct[ai]b[a-z]*(?:'s|\s+is|\s+has\s+been|\s+was|\s+got)?\s*(?:already\s+)?"
    r"(?:met|done|satisfied|covered|maxed|taken\s+care\s+of))\b"
)
_UNMET = re.compile(
    r"\b(?:no\s+(?:he|hemos|ha)\s+(?:pagado|cumplido|alcanzado)\s+(?:nada\s+(?:del?|de\s+mi)\s+|"
    r"(?:el|mi)\s+)deducible"
    r"|no\s+(?:he|hemos|ha)\s+pagado\s+nada"
    r"|(?:haven'?t|have\s+not|didn'?t|did\s+not|not\s+yet|never)\s+(?:met|hit|reached|paid|"
    r"touched|started\s+on)\s+(?:(?:any|anything|any\s+of)\s+)?(?:(?:my|the|our)\s+)?(?:yearly\s+"
    r"|annual\s+|part\s+b\s+)?deduct[ai]b[a-z]*"
    r"|deduct[ai]b[a-z]*\s+(?:isn'?t|is\s+not|hasn'?t\s+been|has\s+not\s+been|not)\s+(?:been\s+)?met"
    r"|(?:haven'?t|have\s+not|hasn'?t|didn'?t|did\s+not|don'?t)\s+(?:paid|pay|put)\s+"
    r"(?:anything|nothing|a\s+thing|any\s+of\s+it|a\s+(?:cent|dime|penny))"
    r"(?:\s+(?:yet|so\s+far))?(?:\s+(?:toward|towards|on|into))?"
    r"|nothing\s+(?:toward|towards|on)\s+(?:it|my|the))"
)  # fmt: skip
_COST_WORDS = re.compile(
    r"\$|%|\b(?:pay|paying|owe|cost|costs|price|charge|charges|bill|copay|co-pay|coinsurance|"
    r"deduct[ai]b[a-z]*|deductable|out\s+of\s+pocket|dollars?|bucks|fee|visit|consult\w*|"
    r"quote[d]?|afford|share|estimate|percent|"
    r"pag\w*|cuest\w*|costo|precio|cobr\w*|copagos?|coasegur\w*|deducibles?|dolares|dls|"
    r"ciento|consulta|visita|cita|estimad\w*|calcul\w*)\b"
)


@dataclass(frozen=True)
class CostFigures:
    """What a message says about the estimate's inputs; None when it says nothing of one."""

    visit_price: Optional[Decimal] = None
    copay: Optional[Decimal] = None
    coinsurance: Optional[Decimal] = None
    deductible_remaining: Optional[Decimal] = None
    deductible_paid: Optional[Decimal] = None
    deductible_met: Optional[bool] = None

    def as_values(self) -> Dict[str, str]:
        """The figures given, as entity values: plain decimal strings, or "yes"/"no" for met."""
        values: Dict[str, str] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value is None:
                continue
            if isinstance(value, bool):
                values[field.name] = "yes" if value else "no"
            else:
                values[field.name] = format(value.normalize(), "f")
        return values

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))


@dataclass(frozen=True)
class Span:
    """One figure found in the text: its entity name (AMOUNT when no word names
    its role), value and where it is."""

    entity: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class _Amount:
    value: Decimal
    percent: bool
    dollar: bool
    start: int
    end: int


def _amounts(text: str) -> List[_Amount]:
    found = []
    for match in _NUMBER_RE.finditer(text):
        if (
            _NOT_AMOUNT.match(text, match.end("number"))
            or _NOT_AMOUNT_AFTER.match(text, match.end())
        ) or (match.start() > 0 and text[match.start() - 1].isalpha()):
            continue  # "2nd opinion", "L4-L5", "b12": no amount
        try:
            digits = match.group("number").replace(",", "")
            if match.group("dotted"):
                digits = digits.replace(".", "")  # Spanish "1.500"
            value = Decimal(digits)
        except InvalidOperation:
            continue
        if match.group("thousand"):
            value *= 1000
        end = match.end()
        if not (match.group("percent") or match.group("dollars")):
            end = match.end("thousand") if match.group("thousand") else match.end("number")
        found.append(
            _Amount(
                value=value,
                percent=bool(match.group("percent")),
                dollar=bool(match.group("dollar") or match.group("dollars")),
                start=match.start(),
                end=end,
            )
        )
    return sorted(found + _word_amounts(text, found), key=lambda a: a.start)


_WORD_UNIT = re.compile(
    r"\s*(?:(?P<percent>%|percent\b|per\s*cent\b|por\s?ciento\b)"
    r"|(?P<dollars>dollars?\b|bucks\b|dolares\b|dolar\b))"
)


def _word_amounts(text: str, digits: List[_Amount]) -> List[_Amount]:
    """Amounts in words ("forty dollars", "twenty percent"); small ones ("two") only
    with "dollars" or "percent" after them, so "my two kids" is no amount."""
    found = []
    for words in number_words.find(text):
        if any(a.start < words.end and words.start < a.end for a in digits):
            continue
        unit = _WORD_UNIT.match(text, words.end)
        percent = bool(unit and unit.group("percent"))
        dollar = bool(unit and unit.group("dollars"))
        if words.value < 10 and not (percent or dollar):
            continue
        end = unit.end() if unit else words.end
        found.append(_Amount(words.value, percent, dollar, words.start, end))
    return found


def _clause(text: str, start: int, end: int) -> Tuple[int, int]:
    """The bounds of the clause around [start, end)."""
    left, right = 0, len(text)
    for boundary in _BOUNDARY.finditer(text):
        if boundary.end() <= start and not _inside_number(text, boundary.start()):
            left = boundary.end()
        elif boundary.start() >= end and not _inside_number(text, boundary.start()):
            right = boundary.start()
            break
    return left, right


def _inside_number(text: str, position: int) -> bool:
    """A comma or dot between digits ("1,500", "316.40") is no clause boundary."""
    return (
        0 < position < len(text) - 1
        and text[position - 1].isdigit()
        and text[position + 1].isdigit()
    )


def _nearest_cue(text: str, amount: _Amount) -> Optional[Tuple[str, int, int]]:
    """The cue nearest to the amount in its clause: (role, cue start, cue end)."""
    left, right = _clause(text, amount.start, amount.end)
    best: Optional[Tuple[int, str, int, int]] = None
    for role, pattern in _CUES:
        for cue in pattern.finditer(text, left, right):
            if role == "deductible" and cue.start() >= amount.end and _MET.match(text, cue.start()):
                continue  # "visit is $300 deductible met": the deductible's status, not this amount
            distance = (
                amount.start - cue.end() if cue.end() <= amount.start else cue.start() - amount.end
            )
            distance = max(distance, 0)
            # Words before the amount win ties: "copay of $40 for the visit".
            key = distance * 2 + (0 if cue.end() <= amount.start else 1)
            if best is None or key < best[0]:
                best = (key, role, cue.start(), cue.end())
    return (best[1], best[2], best[3]) if best else None


def _deductible_role(text: str, amount: _Amount) -> str:
    left, right = _clause(text, amount.start, amount.end)
    clause = text[left:right]
    if _UNMET.search(clause):
        return "deductible_total"  # "nothing paid toward my $1,500 deductible": all of it left
    if _LEFT.search(clause):
        return DEDUCTIBLE_REMAINING
    if _PAID.search(clause):
        return DEDUCTIBLE_PAID
    return "deductible_total"


_ASKS_FOR_ESTIMATE = re.compile(
    r"\b(?:estimate|estimat(?:e|ing)\s+(?:my|the|what)|calculate|calc|work\s+out|figure\s+out\s+"
    r"(?:how\s+much|what|my)|do\s+the\s+math|ballpark|calcul[a-z]+|estimado|haz(?:me)?\s+la\s+cuenta|break\s+(?:it\s+)?down|exact\s+(?:amount|cost))\b"
)


def find(text: Optional[str]) -> List[Span]:
    """Every figure in `text`, with where it stands; [] when the message is not about cost."""
    if not text:
        return []
    lowered = _folded(straight_apostrophes(text).lower())
    if not _COST_WORDS.search(lowered):
        return []
    spans: List[Span] = []
    totals: List[Tuple[Decimal, int, int]] = []
    paid: List[Decimal] = []
    for amount in _amounts(lowered):
        if amount.value > MAX_AMOUNT:
            continue
        cue = _nearest_cue(lowered, amount)
        role = cue[0] if cue else None
        if amount.percent:
            if amount.value <= 100:
                spans.append(Span(COINSURANCE, _plain(amount.value), amount.start, amount.end))
            continue
        if role is None:
            clause = lowered[slice(*_clause(lowered, amount.start, amount.end))]
            deductible_named = re.search(r"deduct[ai]b|deducible", lowered)
            if _LEFT.search(clause) and deductible_named and not _UNMET.search(clause):
                # "the deductible is $1,500 and I have $200 left", "me faltan $200 para cumplirlo"
                spans.append(
                    Span(DEDUCTIBLE_REMAINING, _plain(amount.value), amount.start, amount.end)
                )
                continue
            if _PAID.search(clause) and deductible_named:
                # "a $1,000 deductible and I've paid $600 of it so far"
                paid.append(amount.value)
                spans.append(Span(DEDUCTIBLE_PAID, _plain(amount.value), amount.start, amount.end))
                continue
            # A lone dollar amount: the answer to the question asked, or the price.
            if amount.dollar:
                spans.append(Span(AMOUNT, _plain(amount.value), amount.start, amount.end))
            continue
        if role == COINSURANCE:
            # "coinsurance of 20" without a % sign is still a percentage.
            if amount.value <= 100 and not amount.dollar:
                spans.append(Span(COINSURANCE, _plain(amount.value), amount.start, amount.end))
            continue
        if role == "deductible":
            role = _deductible_role(lowered, amount)
            if role == "deductible_total":
                totals.append((amount.value, amount.start, amount.end))
                continue
            if role == DEDUCTIBLE_PAID:
                paid.append(amount.value)
        spans.append(Span(role, _plain(amount.value), amount.start, amount.end))
    met = _MET.search(lowered)
    unmet = _UNMET.search(lowered)
    has_remaining = any(s.entity == DEDUCTIBLE_REMAINING for s in spans)
    if unmet:
        spans.append(Span(DEDUCTIBLE_MET, "no", unmet.start(), unmet.end()))
    elif met and not has_remaining:
        spans.append(Span(DEDUCTIBLE_MET, "yes", met.start(), met.end()))
        spans.append(Span(DEDUCTIBLE_REMAINING, "0", met.start(), met.end()))
        has_remaining = True
    if totals and not has_remaining:
        total, start, end = totals[0]
        if paid:
            remaining = max(total - sum(paid), Decimal(0))
            spans.append(Span(DEDUCTIBLE_REMAINING, _plain(remaining), start, end))
        elif unmet:
            spans.append(Span(DEDUCTIBLE_REMAINING, _plain(total), start, end))
    request = _ASKS_FOR_ESTIMATE.search(lowered)
    if request:
        spans.append(Span(ESTIMATE_REQUEST, "yes", request.start(), request.end()))
    return sorted(spans, key=lambda s: s.start)


def read(text: Optional[str]) -> CostFigures:
    """The figures of one message, as values (the first of each kind); an amount
    no word names is the price when no price is named."""
    values: Dict[str, object] = {}
    for span in find(text):
        if span.entity in values:
            continue
        if span.entity == ESTIMATE_REQUEST:
            continue  # a request, not a figure
        if span.entity == DEDUCTIBLE_MET:
            values[span.entity] = span.value == "yes"
        else:
            values[span.entity] = Decimal(span.value)
    amount = values.pop(AMOUNT, None)
    if amount is not None:
        values.setdefault(VISIT_PRICE, amount)
    return CostFigures(**values)  # type: ignore[arg-type]


def _folded(text: str) -> str:
    """The text without accents, each character kept in its place (spans stay right)."""
    return "".join(folded if len(folded := without_accents(c)) == 1 else c for c in text)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")
