"""Consistency checks on the numbers of a claim: the arithmetic of the Model C.Hasil and D.Hasil forms.

A broken rule is a legal ground for a recount, so the answer must know where the entered numbers
break them, on either side (the applicant's and the KPU's):

- voters who voted = valid + invalid;
- valid = the sum of the participants' votes;
- voters who voted <= DPT + DPTb + DPK;
- ballots received = ballots used + damaged (or misused) + unused;
- voters who voted = ballots used;
- a region's figure = the sum of the figures of the regions below it (roll-up, every metric);
- and, per region and participant, where the applicant's number differs from the KPU's.

The core works on plain tallies (no database), so it can be tested with generated numbers; the
functions at the bottom build the tallies from a claim's `ClaimFigure` rows.

A number not entered is UNKNOWN, never zero: partial entries are normal (a claim names the
applicant's and the winner's votes, or only the DPT, or three TPS of a kecamatan). So a rule is
checked only when every number it needs is known, with one exception: counts are never negative,
so an incomplete sum can still break a rule by exceeding its total (valid votes alone above the
voters who voted). An upper bound with unknown parts (DPT entered, DPTb or DPK not) proves nothing.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.choices import Metric
from regions import tree
from regions.choices import LEVEL_BY_DEPTH

APPLICANT = "applicant"
OFFICIAL = "official"
SIDES = (APPLICANT, OFFICIAL)

# A figure's key: (metric, participant id); the participant only for votes.
Key = tuple[str, int | None]
DEPTH_OF_LEVEL = {level: depth for depth, level in LEVEL_BY_DEPTH.items()}


class Rule(models.TextChoices):
    """The checks; `difference` is not a broken rule but the dispute itself, listed with them."""

    VOTERS_VALID_INVALID = "voters_valid_invalid", _("Voters who voted ≠ valid + invalid votes")
    VALID_SUM = "valid_sum", _("Valid votes ≠ sum of the participants' votes")
    VOTERS_REGISTERED = "voters_registered", _("Voters who voted > DPT + DPTb + DPK")
    BALLOTS_BALANCE = "ballots_balance", _("Ballots received ≠ ballots used + damaged + unused")
    VOTERS_BALLOTS_USED = "voters_ballots_used", _("Voters who voted ≠ ballots used")
    ROLLUP = "rollup", _("The figures of the regions below do not add up to this region's figure")
    DIFFERENCE = "difference", _("The applicant's number differs from the KPU's")


@dataclass(frozen=True)
class Tally:
    """One side's numbers for one region: `figures` maps (metric, participant id or None) to a count."""

    side: str
    region: str
    figures: Mapping[Key, int]

    def get(self, metric: str, participant: int | None = None) -> int | None:
        return self.figures.get((metric, participant))

    def votes(self) -> dict[int, int]:
        return {p: n for (m, p), n in self.figures.items() if m == Metric.VOTES and p is not None}


@dataclass(frozen=True)
class Finding:
    """One broken rule (or difference): `actual` is the number entered, `expected` what the rule says
    it should be (for a difference: actual = the applicant's, expected = the KPU's)."""

    rule: str
    region: str
    side: str | None
    metric: str
    participant: int | None
    expected: int
    actual: int
    complete: bool = True  # for sums: whether every part was entered (False: the parts exceed the total)
    parts: tuple[str, ...] = field(default=(), compare=False)  # for roll-ups: the regions summed

    @property
    def delta(self) -> int:
        return self.actual - self.expected

    @property
    def message(self) -> str:
        return Rule(self.rule).label

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "message": str(self.message),
            "region": self.region,
            "side": self.side,
            "metric": self.metric,
            "participant": self.participant,
            "expected": self.expected,
            "actual": self.actual,
            "delta": self.delta,
            "complete": self.complete,
            "parts": list(self.parts),
        }


def _sum_rule(*, rule, tally, metric, total, parts, complete, participant=None) -> Finding | None:
    """`total` must equal the sum of `parts` when complete; an incomplete sum may only not exceed it."""
    if total is None or not parts:
        return None
    got = sum(parts)
    if got == total or (not complete and got < total):
        return None
    return Finding(
        rule=rule,
        region=tally.region,
        side=tally.side,
        metric=metric,
        participant=participant,
        expected=got,
        actual=total,
        complete=complete,
    )


def _known(tally: Tally, metrics) -> tuple[list[int], bool]:
    """The entered numbers among `metrics`, and whether all of them were entered."""
    values = [tally.get(m) for m in metrics]
    known = [v for v in values if v is not None]
    return known, len(known) == len(values)


def _equal_rule(*, rule, tally, metric, actual, expected) -> Finding | None:
    """Two numbers that must be equal; nothing to say unless both are known."""
    if actual is None or expected is None or actual == expected:
        return None
    return Finding(
        rule=rule,
        region=tally.region,
        side=tally.side,
        metric=metric,
        participant=None,
        expected=expected,
        actual=actual,
    )


def check_tally(tally: Tally, *, participant_count: int | None = None) -> list[Finding]:
    """The rules inside one region's numbers. `participant_count`: how many participants the contest has
    (the valid-votes sum is complete only when every one of them has a number)."""
    voters = tally.get(Metric.VOTERS)
    votes = tally.votes()
    found: list[Finding | None] = []

    parts, complete = _known(tally, (Metric.VALID, Metric.INVALID))
    found.append(
        _sum_rule(
            rule=Rule.VOTERS_VALID_INVALID,
            tally=tally,
            metric=Metric.VOTERS,
            total=voters,
            parts=parts,
            complete=complete,
        )
    )
    found.append(
        _sum_rule(
            rule=Rule.VALID_SUM,
            tally=tally,
            metric=Metric.VALID,
            total=tally.get(Metric.VALID),
            parts=list(votes.values()),
            complete=participant_count is not None and len(votes) >= participant_count,
        )
    )
    # An upper bound: only the complete register says anything (DPTb and DPK unknown are not zero).
    registered, complete = _known(tally, (Metric.DPT, Metric.DPTB, Metric.DPK))
    if voters is not None and complete and voters > sum(registered):
        found.append(
            Finding(
                rule=Rule.VOTERS_REGISTERED,
                region=tally.region,
                side=tally.side,
                metric=Metric.VOTERS,
                participant=None,
                expected=sum(registered),
                actual=voters,
            )
        )
    parts, complete = _known(tally, (Metric.BALLOTS_USED, Metric.BALLOTS_DAMAGED, Metric.BALLOTS_UNUSED))
    found.append(
        _sum_rule(
            rule=Rule.BALLOTS_BALANCE,
            tally=tally,
            metric=Metric.BALLOTS_RECEIVED,
            total=tally.get(Metric.BALLOTS_RECEIVED),
            parts=parts,
            complete=complete,
        )
    )
    found.append(
        _equal_rule(
            rule=Rule.VOTERS_BALLOTS_USED,
            tally=tally,
            metric=Metric.VOTERS,
            actual=voters,
            expected=tally.get(Metric.BALLOTS_USED),
        )
    )
    return [f for f in found if f is not None]


def check_rollup(tallies: Iterable[Tally], *, region_counts: Mapping[tuple[str, int], int] | None = None):
    """Roll-up per side: each region's figure against the sum of the nearest regions below it that have
    that figure. `region_counts[(code, depth)]` is how many regions of that depth lie under `code`;
    when the parts are all of one depth and cover every such region, the sum must equal the figure,
    otherwise it must only not exceed it."""
    region_counts = region_counts or {}
    findings = []
    by_side: dict[str, dict[str, Tally]] = defaultdict(dict)
    for tally in tallies:
        by_side[tally.side][tally.region] = tally
    for side_tallies in by_side.values():
        codes = sorted(side_tallies)
        for code in codes:
            upper = side_tallies[code]
            below = [c for c in codes if tree.below(c, code)]
            for key, total in sorted(upper.figures.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
                having = [c for c in below if key in side_tallies[c].figures]
                # The nearest ones: no other region having the figure lies between them and `code`.
                nearest = [c for c in having if not any(tree.below(c, o) for o in having if o != c)]
                if not nearest:
                    continue
                depths = {tree.depth(c) for c in nearest}
                complete = len(depths) == 1 and region_counts.get((code, depths.pop())) == len(nearest)
                found = _sum_rule(
                    rule=Rule.ROLLUP,
                    tally=upper,
                    metric=key[0],
                    participant=key[1],
                    total=total,
                    parts=[side_tallies[c].figures[key] for c in nearest],
                    complete=complete,
                )
                if found:
                    findings.append(replace(found, parts=tuple(nearest)))  # name the regions summed
    return findings


def differences(tallies: Iterable[Tally]) -> list[Finding]:
    """Where both sides have a number for the same region and key and they differ."""
    sides: dict[str, dict[str, Tally]] = defaultdict(dict)
    for tally in tallies:
        sides[tally.side][tally.region] = tally
    findings = []
    for code in sorted(sides[APPLICANT]):
        applicant, official = sides[APPLICANT][code], sides[OFFICIAL].get(code)
        if official is None:
            continue
        for key in sorted(applicant.figures, key=lambda k: (k[0], k[1] or 0)):
            if key in official.figures and applicant.figures[key] != official.figures[key]:
                findings.append(
                    Finding(
                        rule=Rule.DIFFERENCE,
                        region=code,
                        side=None,
                        metric=key[0],
                        participant=key[1],
                        expected=official.figures[key],
                        actual=applicant.figures[key],
                    )
                )
    return findings


def check_tallies(
    tallies: Iterable[Tally],
    *,
    participant_count: int | None = None,
    region_counts: Mapping[tuple[str, int], int] | None = None,
) -> list[Finding]:
    """Every check over a set of tallies (both sides, any regions): rules, roll-ups, then differences."""
    tallies = list(tallies)
    findings = []
    for tally in sorted(tallies, key=lambda t: (t.region, t.side)):
        findings += check_tally(tally, participant_count=participant_count)
    findings += check_rollup(tallies, region_counts=region_counts)
    findings += differences(tallies)
    return findings


# --- from the database ----------------------------------------------------------------------------


def tallies_from_figures(figures: Iterable) -> list[Tally]:
    """Group `ClaimFigure` rows (region_id, metric, participant_id, applicant, official) into tallies."""
    grouped: dict[tuple[str, str], dict[Key, int]] = defaultdict(dict)
    for figure in figures:
        key = (figure.metric, figure.participant_id if figure.metric == Metric.VOTES else None)
        for side in SIDES:
            value = getattr(figure, f"{side}_value")
            if value is not None:
                grouped[(side, figure.region_id)][key] = value
    return [Tally(side=side, region=region, figures=values) for (side, region), values in grouped.items()]


def region_counts_for(codes: Iterable[str]) -> dict[tuple[str, int], int]:
    """How many regions of each deeper level lie under each code: one grouped query per code."""
    from django.db.models import Count

    from regions.models import Region

    codes = sorted(set(codes))
    counts: dict[tuple[str, int], int] = {}
    for code in codes:
        if not any(tree.below(other, code) for other in codes):
            continue  # nothing entered below it: no roll-up to check
        rows = Region.objects.filter(tree.descendants_q(code)).values("level").annotate(n=Count("code")).order_by()
        for row in rows:
            counts[(code, DEPTH_OF_LEVEL[row["level"]])] = row["n"]
    return counts


def consistency_findings(figures: Iterable, *, participant_count: int | None = None) -> list[Finding]:
    """All findings for a list of `ClaimFigure` rows (one claim, or every claim of a case)."""
    tallies = tallies_from_figures(figures)
    return check_tallies(
        tallies, participant_count=participant_count, region_counts=region_counts_for(t.region for t in tallies)
    )


def describe(finding: Finding) -> str:
    """A sentence for pages and the brief: the rule, where, and the numbers."""
    return gettext("%(rule)s at %(region)s: %(actual)s entered, %(expected)s expected.") % {
        "rule": finding.message,
        "region": finding.region,
        "actual": finding.actual,
        "expected": finding.expected,
    }
