"""The Pilkada standing check (Pasal 158 UU 10/2016), for the eksepsi on kedudukan hukum.

The vote gap between the applicant and the winner may be at most a share of the total valid votes of
the final count, and the share falls with the population of the province or regency/city:

    provinces:        up to 2,000,000: 2%; over 2M up to 6M: 1.5%; over 6M up to 12M: 1%; over 12M: 0.5%
    regencies/cities: up to 250,000: 2%; over 250k up to 500k: 1.5%; over 500k up to 1M: 1%; over 1M: 0.5%

Each bracket includes its upper bound ("sampai dengan"). The comparison is exact (no rounding):
the gap exceeds the threshold when gap × 100 > share × total valid votes.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from regions.choices import Level

# (population up to and including, share in percent); None: no upper bound.
THRESHOLDS: dict[str, tuple[tuple[int | None, Decimal], ...]] = {
    Level.PROVINCE: (
        (2_000_000, Decimal("2")),
        (6_000_000, Decimal("1.5")),
        (12_000_000, Decimal("1")),
        (None, Decimal("0.5")),
    ),
    Level.REGENCY: (
        (250_000, Decimal("2")),
        (500_000, Decimal("1.5")),
        (1_000_000, Decimal("1")),
        (None, Decimal("0.5")),
    ),
}
SOURCE = "Pasal 158 ayat (1) dan (2) UU 10/2016"


@dataclass(frozen=True)
class StandingResult:
    """The arithmetic of the check, as the eksepsi states it."""

    level: str
    population: int
    threshold_percent: Decimal
    total_valid_votes: int
    applicant_votes: int
    winner_votes: int
    max_gap: Decimal  # share × total valid votes, exact
    gap: int  # winner − applicant
    exceeds: bool
    source: str = SOURCE

    @property
    def max_gap_votes(self) -> int:
        """The largest whole number of votes within the threshold."""
        return int(self.max_gap)  # floor: max_gap is never negative

    @property
    def gap_percent(self) -> Decimal:
        if not self.total_valid_votes:
            return Decimal(0)
        return (Decimal(self.gap) * 100 / self.total_valid_votes).quantize(Decimal("0.01"))

    def explanation(self) -> str:
        return _(
            "Population %(population)s: threshold %(percent)s%% × %(total)s valid votes = %(max)s votes; "
            "gap %(winner)s − %(applicant)s = %(gap)s votes (%(gap_percent)s%%): %(verdict)s."
        ) % {
            "population": f"{self.population:,}".replace(",", "."),
            "percent": str(self.threshold_percent).replace(".", ","),
            "total": f"{self.total_valid_votes:,}".replace(",", "."),
            "max": str(self.max_gap.normalize()).replace(".", ","),
            "winner": f"{self.winner_votes:,}".replace(",", "."),
            "applicant": f"{self.applicant_votes:,}".replace(",", "."),
            "gap": f"{self.gap:,}".replace(",", "."),
            "gap_percent": str(self.gap_percent).replace(".", ","),
            "verdict": _("exceeds the threshold") if self.exceeds else _("within the threshold"),
        }


def threshold_percent(level: str, population: int) -> Decimal:
    if level not in THRESHOLDS:
        raise ValueError(f"Pasal 158 applies to provinces and regencies/cities, not {level}")
    if population < 0:
        raise ValueError("population cannot be negative")
    for upper, share in THRESHOLDS[level]:
        if upper is None or population <= upper:
            return share
    raise AssertionError("unreachable: the last bracket has no upper bound")


def standing_check(
    *, level: str, population: int, total_valid_votes: int, applicant_votes: int, winner_votes: int
) -> StandingResult:
    """Whether the gap between winner and applicant exceeds the Pasal 158 threshold, with the arithmetic."""
    if min(total_valid_votes, applicant_votes, winner_votes) < 0:
        raise ValueError("votes cannot be negative")
    share = threshold_percent(level, population)
    gap = winner_votes - applicant_votes
    return StandingResult(
        level=level,
        population=population,
        threshold_percent=share,
        total_valid_votes=total_valid_votes,
        applicant_votes=applicant_votes,
        winner_votes=winner_votes,
        max_gap=share * total_valid_votes / 100,
        gap=gap,
        exceeds=gap * 100 > share * total_valid_votes,
    )


def population_for(region, year: int | None = None):
    """The latest RegionPopulation of the region up to `year` (any year when None), or None."""
    from cases.models import RegionPopulation

    rows = RegionPopulation.objects.filter(region=region)
    if year is not None:
        rows = rows.filter(year__lte=year)
    return rows.order_by("-year").first()


def standing_check_for_case(case) -> StandingResult | None:
    """The check for a Pilkada case from its contest region's population and the official votes on the
    case; None when it does not apply (Pemilu) or a number is missing."""
    from cases.choices import PILKADA_KINDS

    region = case.contest.region if case.contest_id else None
    if case.kind not in PILKADA_KINDS or region is None:
        return None
    if None in (case.total_valid_votes, case.applicant_votes, case.winner_votes):
        return None
    year = case.contest.election.voting_date.year
    population = population_for(region, year) or population_for(region)
    if population is None:
        return None
    return standing_check(
        level=region.level,
        population=population.population,
        total_valid_votes=case.total_valid_votes,
        applicant_votes=case.applicant_votes,
        winner_votes=case.winner_votes,
    )
