import datetime

import pytest

from actions.logic import coverage, figures
from actions.logic.coverage import Situation


@pytest.mark.parametrize("year,amount", [(2024, 240), (2025, 257), (2026, 283)])
def test_medicare_part_b_deductible_by_year(year, amount):
    figure = figures.get("medicare_part_b_deductible", year)
    assert figure.amount == amount
    assert figure.year == year
    assert figure.display() == f"${amount} in {year}"


def test_a_year_not_on_file_uses_the_latest_and_says_so():
    figure = figures.get("medicare_part_b_deductible", 2031)
    assert figure.year == 2026
    assert figure.display() == "$283 in 2026 (check the 2031 amount)"


def test_a_year_before_the_data_uses_the_earliest():
    assert figures.get("medicare_part_b_deductible", 2001).year == 2024


def test_every_figure_has_a_source_and_values():
    for name in figures.names():
        figure = figures.get(name, 2026)
        assert figure.source
        assert figure.amount > 0


@pytest.mark.parametrize(
    "amount,text", [(283, "$283"), (1700, "$1,700"), (17000, "$17,000"), (12.5, "$12.50")]
)
def test_format_usd(amount, text):
    assert figures.format_usd(amount) == text


def test_figures_follow_todays_date(monkeypatch):
    monkeypatch.setattr(figures, "today", lambda: datetime.date(2027, 3, 1))
    assert figures.get("hsa_out_of_pocket_max_self").display() == "$8,700 in 2027"
    # No 2027 Part B deductible on file: the 2026 one, saying so.
    assert (
        figures.get("medicare_part_b_deductible").display()
        == "$283 in 2026 (check the 2027 amount)"
    )
    text = " ".join(coverage.answer("cost", Situation(plan_type="hdhp")).facts)
    assert "$8,700 in 2027" in text and "$10,600 in 2026 (check the 2027 amount)" in text


def test_a_figure_that_does_not_change_yearly_shows_no_year(monkeypatch):
    monkeypatch.setattr(figures, "today", lambda: datetime.date(2030, 1, 1))
    assert figures.get("medicare_part_b_coinsurance").display() == "20%"
    assert figures.get("mayo_study_changed").display() == "21%"


def test_each_years_value_names_its_own_source():
    assert figures.get("hsa_minimum_deductible_self", 2025).source == "irs_rp_2024_25"
    assert figures.get("hsa_minimum_deductible_self", 2026).source == "irs_rp_2025_19"
    assert figures.get("aca_out_of_pocket_max_self", 2026).source == "aca_out_of_pocket_2026"


def test_the_figures_data_is_sound():
    assert figures.validate() == []
