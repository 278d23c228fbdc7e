"""The Pilkada standing check (Pasal 158 UU 10/2016), for the eksepsi on kedudukan hukum.

The vote gap between the applicant and the winner may be at most a share of the total valid votes of
the final count, and the share falls with the population of the province or regency/city:

    provinces:        up to 2,000,000: 2%; over 2M up to 6M: 1.5%; over 6M up to 12M: 1%; over 12M: 0.5%
    regencies/cities: up to 250,000: 2%; over 250k up to 500k: 1.5%; over 500k up to 1M: 1%; over 1M: 0.5%

Each bracket includes its upper bound ("sampai dengan"). As the MK states it, the threshold is a whole
number of votes rounded UP (2% of 143,083 valid votes = 2,861.66 → 2,862 votes), and the gap exceeds it
only when it is MORE than that number (a gap of 2,862 is within). The arithmetic is exact (Decimal,
never floats).

The result is not a verdict: since the 2024 Pilkada the MK may set the threshold aside and weigh it
with the merits, so an exceeded threshold is what the Termohon ARGUES in its eksepsi on kedudukan
hukum, and the wording says so.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

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
SOURCE = "Pasal 158 ayat (1) dan ayat (2) Undang-Undang Nomor 10 Tahun 2016"


def _id_number(value: int | Decimal) -> str:
    """A number as Indonesian writes it: 143.083 and 2.861,66 (a Decimal as precise as it is given;
    the "f" format writes 2E+3 out as 2,000)."""
    text = format(value, ",f") if isinstance(value, Decimal) else format(value, ",")
    return text.translate(str.maketrans(",.", ".,"))


@dataclass(frozen=True)
class StandingResult:
    """The arithmetic of the check, as the eksepsi states it."""

    level: str
    population: int
    threshold_percent: Decimal
    total_valid_votes: int
    applicant_votes: int
    winner_votes: int
    max_gap: Decimal  # share × total valid votes / 100, exact (may have a fraction)
    gap: int  # winner − applicant
    source: str = SOURCE

    @property
    def max_gap_votes(self) -> int:
        """The threshold in whole votes, rounded up as the MK states it (2.861,66 → 2.862 suara)."""
        return int(self.max_gap.to_integral_value(rounding=ROUND_CEILING))

    @property
    def exceeds(self) -> bool:
        """Whether the gap is MORE than the rounded-up threshold: the ground of the Termohon's eksepsi."""
        return self.gap > self.max_gap_votes

    @property
    def rounded(self) -> bool:
        """Whether the exact threshold has a fraction (then the arithmetic shows the rounding)."""
        return self.max_gap != self.max_gap_votes

    @property
    def gap_percent(self) -> Decimal:
        if not self.total_valid_votes:
            return Decimal(0)
        return (Decimal(self.gap) * 100 / self.total_valid_votes).quantize(Decimal("0.01"))

    def verdict(self) -> str:
        """The conclusion as the Termohon's argument, never as a finding of the court."""
        if self.exceeds:
            return _(
                "the gap exceeds the threshold of Pasal 158: the Termohon argues in its eksepsi that the "
                "applicant lacks standing (kedudukan hukum)"
            )
        return _("the gap is within the threshold of Pasal 158")

    def explanation(self) -> str:
        """The arithmetic and the conclusion in one sentence, numbers written the Indonesian way."""
        numbers = {
            "population": _id_number(self.population),
            "percent": _id_number(self.threshold_percent.normalize()),
            "total": _id_number(self.total_valid_votes),
            "exact": _id_number(self.max_gap.normalize()),
            "max": _id_number(self.max_gap_votes),
            "winner": _id_number(self.winner_votes),
            "applicant": _id_number(self.applicant_votes),
            "gap": _id_number(self.gap),
            "gap_percent": _id_number(self.gap_percent),
            "verdict": self.verdict(),
        }
        if self.rounded:
            text = _(
                "Population %(population)s: threshold %(percent)s%% × %(total)s valid votes = %(exact)s, rounded "
                "up to %(max)s votes; gap %(winner)s − %(applicant)s = %(gap)s votes (%(gap_percent)s%%): "
                "%(verdict)s."
            )
        else:
            text = _(
                "Population %(population)s: threshold %(percent)s%% × %(total)s valid votes = %(max)s votes; "
                "gap %(winner)s − %(applicant)s = %(gap)s votes (%(gap_percent)s%%): %(verdict)s."
            )
        return text % numbers


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
    """The Pasal 158 arithmetic: whether the gap between winner and applicant is more than the threshold
    (in whole votes, rounded up), the ground on which the Termohon may argue the applicant lacks standing."""
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
        max_gap=(share * total_valid_votes).scaleb(-2),  # exact: a shift of the exponent, no division
        gap=gap,
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
