"""Pasal 158 UU 10/2016: the threshold at each population boundary and the gap at each vote boundary."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from cases.models import RegionPopulation
from cases.standing import population_for, standing_check, standing_check_for_case, threshold_percent
from regions.choices import Level
from tests.cases.factories import CaseFactory, pemilu_case

P, R = Level.PROVINCE, Level.REGENCY


@pytest.mark.parametrize(
    ("level", "population", "percent"),
    [
        (P, 0, "2"),
        (P, 1_999_999, "2"),
        (P, 2_000_000, "2"),
        (P, 2_000_001, "1.5"),
        (P, 5_999_999, "1.5"),
        (P, 6_000_000, "1.5"),
        (P, 6_000_001, "1"),
        (P, 11_999_999, "1"),
        (P, 12_000_000, "1"),
        (P, 12_000_001, "0.5"),
        (P, 50_000_000, "0.5"),
        (R, 0, "2"),
        (R, 249_999, "2"),
        (R, 250_000, "2"),
        (R, 250_001, "1.5"),
        (R, 499_999, "1.5"),
        (R, 500_000, "1.5"),
        (R, 500_001, "1"),
        (R, 999_999, "1"),
        (R, 1_000_000, "1"),
        (R, 1_000_001, "0.5"),
        (R, 5_000_000, "0.5"),
    ],
)
def test_threshold_at_each_population_boundary(level, population, percent):
    assert threshold_percent(level, population) == Decimal(percent)


def test_other_levels_and_negative_population_are_refused():
    with pytest.raises(ValueError, match="provinces and regencies"):
        threshold_percent(Level.DISTRICT, 10_000)
    with pytest.raises(ValueError, match="negative"):
        threshold_percent(P, -1)
    with pytest.raises(ValueError, match="negative"):
        standing_check(level=R, population=1, total_valid_votes=10, applicant_votes=-1, winner_votes=5)


@pytest.mark.parametrize(
    ("level", "population", "total", "max_gap"),
    [
        (R, 250_000, 100_000, 2_000),  # 2%
        (R, 250_001, 100_000, 1_500),  # 1.5%
        (R, 500_001, 100_000, 1_000),  # 1%
        (R, 1_000_001, 100_000, 500),  # 0.5%
        (P, 2_000_000, 1_000_000, 20_000),
        (P, 6_000_000, 1_000_000, 15_000),
        (P, 12_000_000, 1_000_000, 10_000),
        (P, 12_000_001, 1_000_000, 5_000),
    ],
)
@pytest.mark.parametrize(("offset", "exceeds"), [(-1, False), (0, False), (1, True)])
def test_gap_just_below_at_and_above_the_threshold(level, population, total, max_gap, offset, exceeds):
    winner = 50_000
    result = standing_check(
        level=level,
        population=population,
        total_valid_votes=total,
        applicant_votes=winner - (max_gap + offset),
        winner_votes=winner,
    )
    assert result.max_gap == max_gap
    assert result.gap == max_gap + offset
    assert result.exceeds is exceeds


def test_a_fractional_threshold_is_compared_exactly():
    # 1.5% of 123,457 valid votes is 1,851.855 votes: 1,851 is within, 1,852 exceeds.
    def check(gap):
        return standing_check(
            level=R, population=300_000, total_valid_votes=123_457, applicant_votes=10_000, winner_votes=10_000 + gap
        )

    within, over = check(1_851), check(1_852)
    assert within.max_gap == Decimal("1851.855")
    assert within.max_gap_votes == 1_851
    assert not within.exceeds
    assert over.exceeds


@translation.override("en")  # asserts on the English source wording
def test_the_arithmetic_is_spelled_out_for_the_eksepsi():
    result = standing_check(
        level=R, population=389_000, total_valid_votes=197_620, applicant_votes=80_000, winner_votes=90_000
    )
    assert result.threshold_percent == Decimal("1.5")
    assert result.max_gap == Decimal("2964.3")
    assert result.gap == 10_000
    assert result.gap_percent == Decimal("5.06")
    assert result.exceeds
    text = str(result.explanation())
    assert "1,5% × 197.620 valid votes = 2964,3 votes" in text
    assert "90.000 − 80.000 = 10.000 votes (5,06%)" in text
    assert "exceeds the threshold" in text
    assert result.source == "Pasal 158 ayat (1) dan (2) UU 10/2016"


def test_an_applicant_ahead_of_the_winner_never_exceeds():
    result = standing_check(level=R, population=1, total_valid_votes=100, applicant_votes=60, winner_votes=40)
    assert result.gap == -20
    assert not result.exceeds


@given(
    level=st.sampled_from([P, R]),
    population=st.integers(min_value=0, max_value=60_000_000),
    total=st.integers(min_value=0, max_value=30_000_000),
    gap=st.integers(min_value=0, max_value=1_000_000),
)
def test_exceeds_agrees_with_the_exact_fraction(level, population, total, gap):
    result = standing_check(
        level=level, population=population, total_valid_votes=total, applicant_votes=0, winner_votes=gap
    )
    assert result.exceeds is (Decimal(gap) > result.threshold_percent * total / 100)
    assert result.exceeds is (gap > result.max_gap_votes)


@pytest.mark.django_db
def test_for_a_case_from_population_data_and_official_votes():
    case = CaseFactory(total_valid_votes=200_000, applicant_votes=95_000, winner_votes=99_000)
    assert standing_check_for_case(case) is None  # no population yet
    RegionPopulation.objects.create(region_id="13.02", year=2023, population=420_000, source="DAK2 2023")
    RegionPopulation.objects.create(region_id="13.02", year=2026, population=620_000, source="later")
    assert population_for("13.02", 2024).year == 2023
    result = standing_check_for_case(case)
    assert result.population == 420_000  # the latest figure up to the election year
    assert result.threshold_percent == Decimal("1.5")
    assert result.max_gap == 3_000
    assert result.gap == 4_000
    assert result.exceeds


@pytest.mark.django_db
def test_not_for_pemilu_cases_or_missing_votes():
    assert standing_check_for_case(pemilu_case(total_valid_votes=10, applicant_votes=1, winner_votes=2)) is None
    case = CaseFactory(total_valid_votes=None, result_decree_at=dt.datetime(2024, 12, 16, tzinfo=dt.UTC))
    RegionPopulation.objects.create(region_id="13.02", year=2024, population=420_000)
    assert standing_check_for_case(case) is None
