"""Deterministic detection of emergency and crisis language.

This is the safety net under the learned intent classifier: a message that
clearly describes a medical emergency happening now, or thoughts of suicide or
self-harm, must reach the 911 / 988 answer even if the learned classifier
misclassifies it. The patterns are deliberately broad on the crisis side (a
false alarm costs one extra message; a miss can cost a life) and narrower on
the medical side, where people describe past symptoms when asking about a
second opinion.

Spanish has its own patterns, matched on the text without accents ("me
quiero quitar la vida", "no respira", "se desmayo"), so they do not depend
on how the message is typed.

Plain Python, no Rasa import: it is tested on its own (tests/understanding/).
"""

from __future__ import annotations

import re
from typing import Optional

from understanding.text import straight_apostrophes, without_accents

CRISIS = "crisis"
MEDICAL_EMERGENCY = "medical_emergency"
# The intent a detected message gets, whatever the classifier said.
EMERGENCY_INTENT = "emergency"
# Recorded on the parse result so tests and analytics can tell the net fired;
# it carries the category only, never the text.
SAFETY_NET_KEY = "safety_net"

_CRISIS_PATTERNS = [
    r"\bsuicid\w*",
    r"\b(kill|killing|hurt|hurting|harm|harming|cut|cutting)\s+(my\s*self|myself)\b",
    r"\bself[\s-]?harm\w*",
    r"\bend(ing)?\s+(it\s+all|my\s+life|things|my\s+own\s+life)\b",
    r"\btake\s+my\s+(own\s+)?life\b",
    r"\b(wants?|wanted|wanting|wanna|going|gonna|plans?|planning)\s+(to\s+)?die\b",
    r"\b(don'?t|do\s+not|dont)\s+want\s+to\s+(live|be\s+alive|be\s+here|wake\s+up)\b",
    r"\bno\s+(reason|point)\s+(to|in)\s+(live|living|going\s+on)\b",
    r"\bbetter\s+off\s+dead\b",
    r"\bnot\s+worth\s+living\b",
    # Misspellings and indirect wordings, which the learned classifier can miss.
    r"\b(sucid|suicd|sucid|suisid)\w*",
    r"\b(end|ending)\s+it\b",
    r"\b(no|any|the)\s+(reason|point)\s+(to|in|of)\s+(live|living|go(ing)?\s+on|keep(ing)?\s+going|being\s+alive)\b",
    r"\bbetter\s+off\s+without\s+me\b",
    r"\b(isn'?t|is\s+not|ain'?t)\s+worth\s+living\b",
    r"\bdone\s+with\s+(life|living)\b",
    r"\b(take|taking|swallow)\s+all\s+(of\s+)?my\s+(pills|meds|medication|medicine)\b",
    r"\bsaving\s+up\s+(my\s+)?(pills|meds)\b",
    r"\bpills\s+(in\s+my\s+hand|to\s+end)\b",
    r"\b(kill|shoot|hang|hurt)(ing)?\s+(him|her|them)sel(f|ves)\b",
    r"\bjump(ing)?\s+off\s+(a|the)\s+(bridge|building|roof)\b",
    r"\bgoing\s+to\s+jump\b",
    r"\bgoodbye\s+(note|letter)\b",
    r"\bcan'?t\s+go\s+on\b",
    r"\bwant\s+(it\s+all|everything)\s+to\s+stop\b",
    r"\b(nobody|no\s+one)\s+would\s+(care|miss\s+me|notice)\s+if\s+i\b",
    # Methods, and wishing oneself dead or gone.
    r"\b(hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|stab|stabbing)\s+(my\s*self|myself)\b",
    r"\bif\s+i\s+(was|were)\s+(dead|gone)\b",
    r"\bengine\s+running\b[^.?!]{0,40}\bgarage\b",
    r"\bgarage\b[^.?!]{0,40}\bengine\s+running\b",
]

_MEDICAL_PATTERNS = [
    r"\bchest\s+pains?\s+(right\s+)?now\b",
    r"\b(having|have|got)\s+(bad\s+|severe\s+|crushing\s+)?chest\s+pains?\b",
    r"\bcrushing\s+chest\b",
    r"\b(having|is\s+having|he'?s\s+having|she'?s\s+having)\s+a\s+(heart\s+attack|stroke|seizure)\b",
    r"\b(can'?t|cannot|cant|can\s+not)\s+breath(e)?\b",
    r"\b(not|stopped)\s+breathing\b",
    r"\b(unconscious|unresponsive|passed\s+out|collapsed)\b",
    r"\b(won'?t|will\s+not)\s+stop\s+bleeding\b",
    r"\bbleeding\s+(heavily|badly|a\s+lot)\b",
    r"\boverdos(e|ed|ing)\b",
    r"\b(face|mouth)\s+(is\s+)?droop\w*",
    r"\bslurr(ed|ing)\s+(speech|words)\b",
    r"\bslurr(ed|ing)\s+(his|her|my|their)\s+(speech|words)\b",
    r"\bthis\s+is\s+an\s+emergency\b",
    r"\bcall(ing)?\s+911\b",
    # Everyday descriptions of an emergency. Still about something happening
    # now, not a past symptom.
    r"\bchest\b[^.?!]{0,60}\b(right\s+now|at\s+this\s+moment|sweating|numb|being\s+crushed|catch\s+(my|his|her)\s+breath)\b",
    r"\b(isn'?t|is\s+not|isnt)\s+breathing\b",
    r"\b(barely|hardly)\s+breath(e|ing)\b",
    r"\bgasping\s+for\s+(air|breath)\b",
    r"\b(lips?|face|skin)\s+(are\s+|is\s+)?(turning\s+)?blue\b",
    r"\bturning\s+blue\b",
    r"\b(having|is\s+having|'s\s+having)\s+a\s+seizur\w*",
    r"\bthroat\s+(is\s+)?(closing|swelling)\b",
    r"\b(lips?|tongue|face)\s+(is\s+|are\s+)?swelling\b",
    r"\b(bad|severe)\s+allergic\s+reaction\b",
    r"\bhaving\s+an\s+allergic\s+reaction\b",
    r"\bcol+aps?ed\b",
    r"\bnot\s+responding\b",
    r"\b(won'?t|isn'?t|is\s+not|not)\s+wak(e|ing)\s+up\b",
    r"\b(isn'?t|is\s+not)\s+moving\b",
    r"\b(can'?t|cannot)\s+stop\s+the\s+bleeding\b",
    r"\bbleeding\s+won'?t\s+stop\b",
    r"\b(so\s+much\s+blood|blood\s+everywhere)\b",
    r"\bcoughing\s+up\s+(a\s+lot\s+of\s+)?blood\b",
    r"\b(drank|swallowed|ate|drinking)\s+(some\s+)?(bleach|poison|antifreeze|detergent|drain\s+cleaner)\b",
    r"\bgot\s+into\s+the\s+(cleaning|medicine|pills)",
    r"\bswallowed\s+a\s+(whole\s+)?bottle\b",
    r"\bempty\s+pill\s+bottle\b",
    r"\btook\s+(way\s+)?too\s+(many|much)\s+(of\s+(his|her|my|their|the)\s+)?(\w+\s+){0,3}(pills|meds|medicine|medication|insulin|tablets)\b",
    r"\btook\s+a\s+bunch\s+of\s+pills\b",
    r"\boverdos\w*",
    r"\bworst\s+headache\s+of\s+(my|her|his|their)\s+life\b",
    r"\b(suddenly|all\s+of\s+a\s+sudden)\b[^.?!]{0,50}\b(can'?t|cannot)\s+(move|talk|speak|lift)\b",
    r"\b(can'?t|cannot)\s+(move|talk|speak|lift)\b[^.?!]{0,50}\b(suddenly|all\s+of\s+a\s+sudden|minutes\s+ago)\b",
    r"\bhit\s+(his|her|my|their)\s+head\b",
    r"\bbent\s+the\s+wrong\s+way\b",
    r"\b(need|send|call)\s+(an\s+)?ambulance\b",
    r"\bsend\s+help\b",
    r"^\s*emergency\b",
    r"\bgoing\s+to\s+pass\s+out\b",
    # Poisoning by a child or an adult, bleeding, stroke signs described as
    # happening now.
    r"\btook\s+(the|a|an)\s+(whole|entire)\s+(bottle|pack|box|packet)\b",
    r"\b(ate|swallowed|chewed|got\s+into)\s+(some\s+of\s+|a\s+few\s+of\s+|all\s+of\s+)?((my|his|her|the|our|their)\s+)?(\w+'s\s+)?(pills|meds|medicine|medication|tablets)\b",
    r"\b(swallowed|ate)\s+(a\s+|some\s+)?(button\s+)?(battery|batteries|magnets?)\b",
    r"\b(vomiting|throwing\s+up|puking)\s+(up\s+)?blood\b",
    r"\bslurr(ed|ing)\b[^.?!]{0,60}\b(now|minutes?\s+ago|suddenly|just\s+started|went\s+weak)\b",
    r"\b(arm|leg|face|side)\s+(just\s+went|suddenly\s+went|is\s+going|has\s+just\s+gone)\s+(weak|numb|limp)\b",
    r"\b(can'?t|cannot)\s+get\s+(my|his|her)\s+words\s+out\b",
    r"\bbreathing\s+(really\s+|very\s+|so\s+)?(strange(ly)?|weird(ly)?|funny|funnily)\b",
    # Choking, asthma attacks, road accidents, someone slumped over, heavy bleeding.
    r"\b(is|'s|are|'re|am|'m)\s+choking\b",
    r"\b(having|is\s+having|'s\s+having)\s+an?\s+(bad\s+|severe\s+|really\s+bad\s+)?asthma\s+attack\b",
    r"\binhaler\s+(isn'?t|is\s+not|not|doesn'?t)\s+(helping|working|help|work)\b",
    r"\b(just\s+)?(got|been)\s+(hit|run\s+over)\s+by\s+a\s+(car|truck|bus|motorcycle)\b",
    r"\bslumped\s+over\b",
    r"\bthere'?s\s+(a\s+lot\s+of|lots\s+of|so\s+much)\s+blood\b",
]

# Spanish, written without accents (the text is matched without them). Near
# misses stay out: "me muero de ganas de...", "me mato trabajando", "un dolor
# de cabeza leve", "tuve dolor de pecho el mes pasado".
_SPANISH_CRISIS_PATTERNS = [
    r"\b(quiero|quisiera|queria|ganas\s+de|pienso\s+en|pensando\s+en)\s+(morir(me)?|matarme|"
    r"suicidarme|quitarme\s+la\s+vida|desaparecer\s+para\s+siempre)\b",
    r"\bme\s+(quiero|voy\s+a)\s+(morir|matar|suicidar|quitar\s+la\s+vida)\b",
    r"\b(se|te)\s+(quiere|va\s+a)\s+(matar|suicidar|quitar\s+la\s+vida)\b",
    r"\bquitar(me|se|te)\s+la\s+vida\b",
    r"\bno\s+quiero\s+(vivir|seguir\s+viviendo|seguir\s+aqui|estar\s+viv[oa]|despertar)\b",
    r"\bya\s+no\s+(quiero|aguanto)\s+(vivir|la\s+vida|seguir)\b",
    r"\b(acabar|terminar)\s+con\s+(todo|mi\s+vida|mi\s+propia\s+vida)\b",
    r"\b(hacerme|hacerse|me\s+quiero\s+hacer)\s+dano\b",
    r"\bme\s+quiero\s+cortar\b(?!\s+(el|la|las|los|mi|mis)\s)",
    r"\bcortar(me|se)\s+las\s+venas\b",
    r"\b(estaria|estaria\s+mejor|estariamos\s+mejor)\s+(mejor\s+)?muert[oa]s?\b",
    r"\bmejor\s+muert[oa]\b",
    r"\bnadie\s+me\s+(extranaria|va\s+a\s+extranar)\b",
    r"\bno\s+vale\s+la\s+pena\s+(vivir|seguir\s+viviendo)\b",
    r"\b(tomar(me)?|me\s+voy\s+a\s+tomar)\s+todas\s+(las|mis)\s+(pastillas|medicinas)\b",
    r"\b(ahorcarme|colgarme|tirarme\s+(de|del|por)\s+(un|el|la)\s+(puente|edificio|ventana))\b",
    r"\bcarta\s+de\s+despedida\b",
]

_SPANISH_MEDICAL_PATTERNS = [
    r"\bdolor\s+(muy\s+)?(fuerte|intenso|terrible|horrible|aplastante|insoportable)\s+"
    r"(en\s+el|de|del)\s+pecho\b(?![^.?!]{0,40}\b(pasad[oa]|hace\s+\w+\s+(dias|semanas|meses|anos)|ayer)\b)",
    r"\b(tengo|tiene|siento|estoy\s+con|esta\s+con)\s+(un\s+)?(dolor|presion)\s+(muy\s+)?"
    r"(fuerte\s+|intens[oa]\s+)?(en\s+el|de|del)\s+pecho\b",
    r"\b(me|le)\s+duele\s+(mucho\s+)?el\s+pecho\b[^.?!]{0,50}\b(ahora|ahorita|brazo|sudando|respirar)\b",
    r"\bno\s+(puedo|puede|podemos|pueden|puedes)\s+respirar\b",
    r"\bno\s+(respira|esta\s+respirando|respiraba)\b",
    r"\b(dejo|ha\s+dejado)\s+de\s+respirar\b",
    r"\bapenas\s+(puede\s+|puedo\s+)?respira(r)?\b",
    r"\b(se|me)\s+(esta|estoy)\s+ahogando\b|\bme\s+estoy\s+ahogando\b|\bse\s+atraganto\b",
    r"\b(se\s+desmayo|se\s+desvanecio|se\s+desplomo|perdio\s+el\s+conocimiento)\b",
    r"\b(esta|sigue)\s+inconsciente\b",
    # "no responde" alone is also the insurer or the office: only after a fall or faint.
    r"\bno\s+(reacciona|despierta|se\s+mueve)\b",
    r"\b(se\s+cayo|se\s+golpeo|en\s+el\s+piso|en\s+el\s+suelo)\b[^.?!]{0,40}\bno\s+responde\b",
    r"\b(le|me)\s+esta\s+dando\s+(un\s+)?(infarto|ataque\s+al\s+corazon|derrame|"
    r"ataque\s+cerebral|embolia|convulsion)\b",
    r"\b(esta|sigue)\s+convulsionando\b",
    r"\b(tiene|tengo)\s+(la\s+)?(cara|boca)\s+(chueca|torcida|caida)\b",
    # Stroke signs: words dragged, one side of the face fallen.
    r"\b(arrastra|arrastrando|arrastrado)\s+las\s+palabras\b|\bhabla\s+arrastrad[oa]\b",
    r"\bse\s+le\s+(cayo|cae|esta\s+cayendo)\s+(un\s+lado\s+de\s+|media\s+)?(la\s+)?(cara|boca)\b",
    r"\bde\s+repente\b[^.?!]{0,50}\bno\s+(puede|puedo)\s+(hablar|mover)\b",
    r"\bno\s+(puede|puedo)\s+(hablar|mover\s+el\s+brazo)\b[^.?!]{0,50}\bde\s+repente\b",
    r"\blabios\s+(morados|azules)\b|\bse\s+esta\s+poniendo\s+(morad[oa]|azul)\b",
    r"\b(esta\s+)?sangrando\s+mucho\b|\bno\s+(para|deja)\s+de\s+sangrar\b",
    r"\bsobredosis\b",
    r"\b(se|me)\s+(tomo|tome|trago|trague|comio)\s+(todas\s+)?(las|unas|muchas|un\s+monton\s+de)\s+"
    r"(pastillas|medicinas|pildoras)\b",
    r"\b(se|me)\s+(tomo|tome|trago|trague)\s+(cloro|veneno|lejia)\b",
    r"\b(es|esto\s+es)\s+una\s+emergencia\b|^\s*emergencia\b",
    r"\b(llamen|llama|llame)\s+al\s+911\b",
    r"\b(necesito|necesitamos|manden|mande)\s+una\s+ambulancia\b",
]

_CRISIS_RE = re.compile("|".join(_CRISIS_PATTERNS + _SPANISH_CRISIS_PATTERNS), re.IGNORECASE)
_MEDICAL_RE = re.compile("|".join(_MEDICAL_PATTERNS + _SPANISH_MEDICAL_PATTERNS), re.IGNORECASE)

# A medical event told as history: its sentence dates it weeks, months or years
# back ("Back in March I collapsed...", "two years ago he stopped breathing").
# Only for the medical side: crisis language always counts. "last night",
# "an hour ago" and "today" are not history.
_MONTHS = r"january|february|march|april|may|june|july|august|september|october|november|december"
_LONG_AGO = re.compile(
    rf"\b(?:back\s+in|in|last|this\s+past)\s+(?:{_MONTHS}|spring|summer|fall|autumn|winter|"
    r"year|month|(?:19|20)\d\d)\b"
    r"|\b(?:\d+|a|an|one|two|three|four|five|six|several|a\s+few|a\s+couple\s+of|couple\s+of)"
    r"\s+(?:weeks?|months?|years?)\s+ago\b"
    r"|\byears?\s+back\b|\bwhen\s+(?:i|he|she)\s+was\s+(?:a\s+)?(?:kid|child|young|\d+)\b"
    # The same in Spanish, without accents: "el mes pasado", "hace dos semanas",
    # "hace un ano", "cuando era nino". Months are left out: "en mayo" is as often
    # the date of an appointment to come.
    r"|\b(?:el|este)\s+(?:mes|ano)\s+pasado\b"
    r"|\bhace\s+(?:\d+|un|una|unos|unas|dos|tres|cuatro|cinco|seis|varios|varias|algunos|algunas|"
    r"un\s+par\s+de)\s+(?:semanas?|mes(?:es)?|anos?)\b"
    r"|\bcuando\s+(?:era|estaba)\s+(?:un\s+|una\s+)?(?:nin[oa]|joven|chic[oa])\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?\n]")


def _told_as_history(text: str, start: int, end: int) -> bool:
    """Whether the sentence around text[start:end] dates it weeks or more back."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    sentence = text[before[-1] if before else 0 : after.start() if after else len(text)]
    return bool(_LONG_AGO.search(sentence))


def detect(text: Optional[str]) -> Optional[str]:
    """Return CRISIS, MEDICAL_EMERGENCY or None for one user message."""
    if not text:
        return None
    text = without_accents(straight_apostrophes(text))
    if _CRISIS_RE.search(text):
        return CRISIS
    for match in _MEDICAL_RE.finditer(text):
        if not _told_as_history(text, match.start(), match.end()):
            return MEDICAL_EMERGENCY
    return None
