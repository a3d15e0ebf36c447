import pytest

from actions.logic import checklist, conditions


def _text(built):
    return " ".join([built.intro] + [i for s in built.sections for i in s.items])


def _section(built, title):
    return next(s for s in built.sections if s.title == title)


def test_sections_in_order():
    built = checklist.build("ppo", "breast cancer", "yes", "CA")
    assert [s.title for s in built.sections] == [
        "Talk to your doctor",
        "Gather your records",
        "Check your insurance",
        "Find the doctor",
        "Book the visit",
        "Questions to ask at the visit",
        "After the second opinion",
    ]
    assert all(s.items for s in built.sections)


def test_cancer_records_include_pathology_slides_and_cancer_centers():
    built = checklist.build("ppo", "breast cancer", "yes", None)
    records = " ".join(_section(built, "Gather your records").items)
    assert "slides" in records and "Pathology" in records
    assert "National Cancer Institute (NCI)" in " ".join(_section(built, "Find the doctor").items)


def test_knee_records_are_imaging_not_pathology():
    built = checklist.build("hmo", "torn ACL", "yes", None)
    records = " ".join(_section(built, "Gather your records").items)
    assert "X-ray and MRI" in records
    assert "slides" not in records
    assert "NCI" not in _text(built)


def test_insurance_steps_follow_the_plan():
    hmo = " ".join(
        _section(checklist.build("hmo", "lymphoma", "no", None), "Check your insurance").items
    )
    medicare = " ".join(
        _section(
            checklist.build("original_medicare", "lymphoma", "no", None), "Check your insurance"
        ).items
    )
    uninsured = " ".join(
        _section(checklist.build("uninsured", "lymphoma", "no", None), "Check your insurance").items
    )
    assert "referral from your main doctor" in hmo and "reference number" in hmo
    assert "don't need a referral" in medicare
    assert "No approval is needed" in uninsured and "member services" not in uninsured


def test_state_law_appears_for_a_state_with_one():
    built = checklist.build("hmo", "lymphoma", "no", "CA")
    assert "In California" in " ".join(_section(built, "Check your insurance").items)
    assert "in California" in built.intro


def test_surgery_recommended_adds_the_emergency_warning():
    yes = " ".join(_section(checklist.build("ppo", "hernia", "yes", None), "Book the visit").items)
    no = " ".join(_section(checklist.build("ppo", "hernia", "no", None), "Book the visit").items)
    assert "emergency" in yes and "emergency" not in no


def test_third_opinion_line_follows_the_plan():
    after = " ".join(
        _section(
            checklist.build("original_medicare", "hernia", "yes", None), "After the second opinion"
        ).items
    )
    assert "Medicare covers a third" in after


@pytest.mark.parametrize(
    "plan,condition,surgery,state",
    [
        (None, None, None, None),
        ("unknown", "", "unsure", None),
        ("va", "something rare", None, "ZZ"),
    ],
)
def test_missing_facts_still_give_a_checklist(plan, condition, surgery, state):
    built = checklist.build(plan, condition, surgery, state)
    assert len(built.sections) == 7
    assert "not medical advice" in built.intro


@pytest.mark.parametrize(
    "text,kind",
    [
        ("breast cancer", "cancer"),
        ("Non-Hodgkin lymphoma", "cancer"),
        ("aortic valve", "heart"),
        ("torn ACL", "orthopedic"),
        ("multiple sclerosis", "neurological"),
        ("lupus", "other"),
        ("", None),
        (None, None),
    ],
)
def test_condition_kinds(text, kind):
    assert conditions.categorize(text) == kind


@pytest.mark.parametrize(
    "plan_type,network",
    [
        ("ppo", "Make sure the doctor is in your plan's network."),
        ("original_medicare", "Make sure the doctor takes Medicare."),
        ("tricare_for_life", "Make sure the doctor takes Medicare."),
        ("medicaid", "Make sure the doctor takes Medicaid or is in your plan's network."),
        (
            None,
            "Call your plan or check its list of doctors to make sure the doctor is in network.",
        ),
    ],
)
def test_doctor_checks_follow_the_plan(plan_type, network):
    checks = checklist.doctor_checks(False, plan_type)
    assert checks == [
        "Check the doctor's license with your state medical board.",
        "Check board certification at certificationmatters.org.",
        network,
    ]


def test_doctor_checks_without_insurance_name_no_network_and_add_cancer_centers():
    checks = checklist.doctor_checks(True, "uninsured")
    assert checks == [
        "Check the doctor's license with your state medical board.",
        "Check board certification at certificationmatters.org.",
        "Think about a cancer center named by the National Cancer Institute (NCI).",
    ]


def test_the_checklist_uses_the_doctor_checks():
    built = checklist.build("original_medicare", "breast cancer", "yes", None)
    items = _section(built, "Find the doctor").items
    assert items[-4:] == checklist.doctor_checks(True, "original_medicare")


def test_the_checklist_ends_with_its_sources():
    built = checklist.build("hmo", "breast cancer", "yes", "CA")
    keys = [e.key for e in built.sources]
    assert "california" in keys and "hipaa_access" in keys and "nppes" in keys
    assert len(keys) == len(set(keys))
    assert all(e.as_of for e in built.sources)
