"""Where the answers come from: the coverage rules' bases and the topic sources file."""

from actions.logic import coverage, sources


def test_every_response_topic_source_is_complete():
    for topic in ("records", "why", "find_doctor", "how_to_get"):
        entries = sources.for_topic(topic)
        assert entries
        for entry in entries:
            assert entry.statement and entry.source and entry.as_of[:2] == "20"


def test_a_topic_without_sources():
    assert sources.for_topic("appointment") == []
    assert sources.for_topic(None) == []


def test_a_coverage_basis_becomes_an_entry():
    answer = coverage.answer("coverage", coverage.Situation(plan_type="hmo", us_state="CA"))
    basis = next(b for b in answer.bases if b.kind == "state")
    entry = sources.from_basis(basis)
    assert "California" in entry.statement and entry.as_of == basis.as_of
    assert entry.url and entry.url.startswith("https://")
    assert entry.law and "§1383.15" in entry.law
    assert entry.checked_on == "December 1, 2026"


def test_an_answer_lists_each_source_once_without_the_assistants_own_guidance():
    answer = coverage.answer("coverage", coverage.Situation(plan_type="ppo", us_state="TX"))
    entries = sources.for_answer(answer)
    keys = [e.key for e in entries]
    assert len(keys) == len(set(keys))
    assert sources.OWN_GUIDANCE not in keys
    assert "no_federal_mandate" in keys


def test_every_source_key_in_the_knowledge_is_known():
    known = set(sources.knowledge.load("sources"))
    for entries in sources.knowledge.load("topic_sources").values():
        assert {e["source"] for e in entries} <= known
    for entry in sources.knowledge.load("sources").values():
        assert entry["name"]
        assert not entry.get("url") or entry["url"].startswith("https://")
