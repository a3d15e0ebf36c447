"""Texting style and the usual misspellings, written out before the intent model reads a message.

"need a refferal for 2nd opinon w my hmo??" is read as "need a referral for
second opinion with my hmo??". Spanish is written without accents, the way
many people type it ("cuánto" and "cuanto" are one word), with its own
abbreviations ("xq", "q", "2da"). Only the intent model's features use this:
the message itself, and the entity positions in it, are unchanged.
"""

from __future__ import annotations

import re
from typing import Dict

from understanding.text import straight_apostrophes, without_accents

# Whole words (lower case) and what they stand for.
SPELLED_OUT: Dict[str, str] = {
    # abbreviations
    "2nd": "second",
    "3rd": "third",
    "dr": "doctor",
    "drs": "doctors",
    "doc": "doctor",
    "docs": "doctors",
    "ins": "insurance",
    "insur": "insurance",
    "thru": "through",
    "pcp": "primary care doctor",
    "oon": "out of network",
    "appt": "appointment",
    "appts": "appointments",
    "w/": "with",
    "w": "with",
    "w/o": "without",
    "bc": "because",
    "b/c": "because",
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "dx": "diagnosis",
    "rx": "prescription",
    "preauth": "prior authorization",
    "pre-auth": "prior authorization",
    "auth": "authorization",
    "wat": "what",
    "wht": "what",
    "hw": "how",
    "shud": "should",
    "cn": "can",
    "ppl": "people",
    "cuz": "because",
    "info": "information",
    # misspellings of the domain's words
    "opinon": "opinion",
    "opnion": "opinion",
    "opinoin": "opinion",
    "oppinion": "opinion",
    "opinions": "opinions",
    "secnd": "second",
    "seccond": "second",
    "secound": "second",
    "medicaire": "medicare",
    "medicar": "medicare",
    "medicre": "medicare",
    "medacare": "medicare",
    "medicade": "medicaid",
    "medicaide": "medicaid",
    "medicad": "medicaid",
    "insurence": "insurance",
    "insurnace": "insurance",
    "insuranse": "insurance",
    "insurnce": "insurance",
    "insurane": "insurance",
    "refferal": "referral",
    "referal": "referral",
    "refferral": "referral",
    "reffer": "refer",
    "oncologyst": "oncologist",
    "onocologist": "oncologist",
    "oncolgist": "oncologist",
    "oncologest": "oncologist",
    "autherization": "authorization",
    "authorisation": "authorization",
    "authorazation": "authorization",
    "authrization": "authorization",
    "athorization": "authorization",
    "deductable": "deductible",
    "deductibel": "deductible",
    "appointmnet": "appointment",
    "apointment": "appointment",
    "specalist": "specialist",
    "specialst": "specialist",
    "surgen": "surgeon",
    "sergeon": "surgeon",
    "surgury": "surgery",
    "sugery": "surgery",
    "recrods": "records",
    "reocrds": "records",
    "covr": "cover",
    "coverd": "covered",
    # Spanish texting (accents are already gone)
    "q": "que",
    "k": "que",
    "ke": "que",
    "xq": "porque",
    "pq": "porque",
    "porq": "porque",
    "tb": "tambien",
    "tmb": "tambien",
    "tbn": "tambien",
    "porfa": "por favor",
    "porfis": "por favor",
    "xfa": "por favor",
    "xfavor": "por favor",
    "dra": "doctora",
    "2da": "segunda",
    "2do": "segundo",
    "3ra": "tercera",
    "3er": "tercer",
    "tons": "entonces",
    "aki": "aqui",
    "ocupo": "necesito",
    "ocupa": "necesita",
    "ocupamos": "necesitamos",
    "aseguransa": "aseguranza",
    "segnda": "segunda",
    "autorisacion": "autorizacion",
    "autorizasion": "autorizacion",
    "deducibe": "deducible",
    "espesialista": "especialista",
    "especilista": "especialista",
    "expedente": "expediente",
    "onkologo": "oncologo",
}

_WORD = re.compile(r"[a-z0-9][a-z0-9/'-]*")


def spell_out(text: str) -> str:
    """The text in lower case with abbreviations and misspellings written out."""
    lowered = without_accents(straight_apostrophes(text).lower())
    return _WORD.sub(lambda m: SPELLED_OUT.get(m.group(0), m.group(0)), lowered)
