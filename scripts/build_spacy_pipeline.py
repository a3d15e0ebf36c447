"""Build the project's spaCy pipeline: a blank English model plus an entity ruler.

Pretrained spaCy models cannot be downloaded where this project is built, and the
assistant does not need their vectors: its classifiers learn from our own data. What spaCy
gives us is a tokenizer and a deterministic entity ruler for the closed
vocabularies (plan types, US states, specialties, ZIP codes), so these entities
do not depend on a learned extractor.

The vocabulary comes from the Rasa lookup tables in data/nlu/vocabulary/, the
same files that hold the synonyms, so there is one list to maintain.

Usage: python scripts/build_spacy_pipeline.py [OUTPUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, Iterable, List, Mapping

import spacy
import yaml
from spacy.pipeline import EntityRuler

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VOCABULARY_DIR = PROJECT_ROOT / "data" / "nlu" / "vocabulary"
DEFAULT_OUTPUT = PROJECT_ROOT / "build" / "spacy" / "en_second_opinion"

# Entities the ruler owns; they are not annotated in the NLU data, so no learned extractor
# duplicates them. Lookup table -> entity label.
RULER_ENTITIES = {
    "plan_type": "plan_type",
    "us_state": "us_state",
    "specialty": "specialty",
}
ZIP_CODE_PATTERN = {"label": "location", "pattern": [{"TEXT": {"REGEX": r"^\d{5}$"}}]}


def read_lookup_tables(vocabulary_dir: Path) -> Dict[str, List[str]]:
    """Return {lookup name: [surface forms]} from Rasa YAML training files."""
    tables: Dict[str, List[str]] = {}
    for path in sorted(vocabulary_dir.glob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in content.get("nlu", []):
            if "lookup" in block:
                forms = [
                    line.strip()[2:].strip()
                    for line in block["examples"].splitlines()
                    if line.strip().startswith("- ")
                ]
                tables.setdefault(block["lookup"], []).extend(forms)
    return tables


def token_pattern(nlp: spacy.language.Language, form: str) -> List[dict]:
    """A token pattern for one surface form.

    Short forms written in capitals in the vocabulary (the codes CA, NY; VA and
    POS, which are also Spanish words: "mi mamá va a...", "pos no sé") match
    only in capitals, so "ca", "va" or "pos" typed in lower case are left
    alone; everything else matches case-insensitively, token by token, with
    spaCy's own tokenisation.
    """
    if len(form) <= 3 and form.isupper():
        return [{"ORTH": form}]
    return [{"LOWER": token.lower_} for token in nlp.make_doc(form)]


def build_patterns(nlp: spacy.language.Language, tables: Mapping[str, Iterable[str]]) -> List[dict]:
    """Entity-ruler patterns for the ruler's entities' surface forms, and ZIP codes."""
    patterns = []
    for table, label in RULER_ENTITIES.items():
        for form in tables.get(table, []):
            patterns.append({"label": label, "pattern": token_pattern(nlp, form)})
    patterns.append(ZIP_CODE_PATTERN)
    return patterns


def build(output_dir: Path = DEFAULT_OUTPUT) -> Path:
    nlp = spacy.blank("en")
    tables = read_lookup_tables(VOCABULARY_DIR)
    missing = [label for label in RULER_ENTITIES if not tables.get(label)]
    if missing:
        raise SystemExit(f"no lookup table for {missing} in {VOCABULARY_DIR}")
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    assert isinstance(ruler, EntityRuler)
    ruler.add_patterns(build_patterns(nlp, tables))
    nlp.meta["name"] = "second_opinion"
    nlp.meta["description"] = "Blank English + entity ruler for the second-opinion assistant"
    output_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output_dir)
    return output_dir


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT
    print(f"spaCy pipeline written to {build(target)}")
