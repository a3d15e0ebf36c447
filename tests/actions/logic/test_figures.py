import pytest

from actions.logic import figures


@pytest.mark.parametrize("year,amount", [(2024, 240), (2025, 257), (2026, 283)])
def test_medicare_part_b_deductible_by_year(year, amount):
    figure = figures.get("medicare_part_b_deductible", year)
    assert figure.amount == amount
    assert figure.year == year
    assert figure.display() == f"${amount} in {year}"


def test_a_year_not_on_file_uses_the_latest_and_says_so():
    figure = figures.get("medicare_part_b_deductible", 2031)
    assert figure.year == 2026
    assert "check the 2031 amount" in figure.display()


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
