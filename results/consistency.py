"""The arithmetic of the KPU's own figures, at each location and across the recapitulation levels.

Pure functions over plain numbers (no database), so each rule is tested with hand-checked figures and
the national report can stream: `results.selectors` feeds them the stored tallies.

A figure not in the store is UNKNOWN, never zero: a rule that needs an unknown figure is not checked
(it is counted as "cannot check"), and never raises a finding. At one location (TPS or recapitulation):

- the participants' votes add up to the valid votes;
- valid + invalid votes = the votes counted; votes counted = voters who voted;
- voters who voted = voters from the DPT + DPTb + DPK;
- voters from the DPT <= the DPT; voters who voted <= DPT + DPTb + DPK voters;
- ballots received = used + damaged + unused; ballots used = voters who voted;
- at a TPS, the DPT at most the legal maximum of voters per TPS for that election.

Across levels: each recapitulated figure (D.Hasil of a kecamatan, kabupaten/kota, province, the nation)
equals the sum of the same figure over every location of the level below (the TPS of the kecamatan, the
kecamatan of the kabupaten ...), per participant; when a location below has no figure, it cannot be checked.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from elections.choices import ElectionKind
from regions import tree
from results.choices import FIGURES

VOTES = "votes"  # the metric of a participant's votes

# The most voters one TPS may have, per election (PKPU on voting and counting): Pemilu 2024 at most 300,
# Pilkada 2024 at most 600.
TPS_MAXIMUM = {ElectionKind.PEMILU: 300, ElectionKind.PILKADA: 600}

# Recapitulation levels by depth of the code: what a level sums (TPS = 5 under a kecamatan = 3 ...).
LEVEL_BELOW = {3: 5, 2: 3, 1: 2, 0: 1}


class Rule(models.TextChoices):
    VOTES_VALID = "votes_valid", _("The participants' votes do not add up to the valid votes")
    VALID_INVALID = "valid_invalid", _("Valid + invalid votes differ from the votes counted")
    COUNTED_VOTERS = "counted_voters", _("The votes counted differ from the voters who voted")
    VOTERS_SUM = "voters_sum", _("Voters who voted differ from the voters from the DPT + DPTb + DPK")
    DPT_USERS = "dpt_users", _("More voters from the DPT than registered in the DPT")
    VOTERS_REGISTERED = "voters_registered", _("More voters than registered (DPT + DPTb) plus DPK voters")
    BALLOTS_BALANCE = "ballots_balance", _("Ballots received differ from used + damaged + unused")
    BALLOTS_USED = "ballots_used", _("Ballots used differ from the voters who voted")
    TPS_MAXIMUM = "tps_maximum", _("More registered voters than a TPS may have")
    ROLLUP = "rollup", _("The figures of the level below do not add up to this recapitulation")


def depth_of(code: str | None) -> int:
    return 0 if code is None else tree.depth(code)


@dataclass(frozen=True)
class Location:
    """One location's current figures: `figures` maps a Figure to its value (absent or None: unknown),
    `votes` a participant pk to its votes (absent: unknown)."""

    region: str | None
    figures: Mapping[str, int | None] = field(default_factory=dict)
    votes: Mapping[int, int] = field(default_factory=dict)

    def get(self, name: str) -> int | None:
        return self.figures.get(name)


@dataclass(frozen=True)
class Finding:
    """A broken rule: `actual` is the stored figure, `expected` what the rule says it should be."""

    rule: str
    region: str | None
    metric: str
    expected: int
    actual: int
    participant: int | None = None
    parts: int = 0  # for roll-ups: how many locations below were summed

    @property
    def delta(self) -> int:
        return self.actual - self.expected

    @property
    def message(self) -> str:
        return Rule(self.rule).label


@dataclass
class Outcome:
    """What the checks found, and how many checks could not be made for want of a figure, per rule."""

    findings: list[Finding] = field(default_factory=list)
    checked: Counter = field(default_factory=Counter)
    unchecked: Counter = field(default_factory=Counter)

    def merge(self, other: "Outcome") -> None:
        self.findings += other.findings
        self.checked.update(other.checked)
        self.unchecked.update(other.unchecked)


def _equal(out: Outcome, rule, loc: Location, metric: str, actual: int | None, expected_parts: list) -> None:
    """`actual` must equal the sum of `expected_parts`; any unknown: cannot check."""
    if actual is None or None in expected_parts:
        out.unchecked[rule] += 1
        return
    out.checked[rule] += 1
    expected = sum(expected_parts)
    if actual != expected:
        out.findings.append(Finding(rule=rule, region=loc.region, metric=metric, expected=expected, actual=actual))


def _at_most(out: Outcome, rule, loc: Location, metric: str, actual: int | None, bound_parts: list) -> None:
    """`actual` must not exceed the sum of `bound_parts`; any unknown: cannot check."""
    if actual is None or None in bound_parts:
        out.unchecked[rule] += 1
        return
    out.checked[rule] += 1
    bound = sum(bound_parts)
    if actual > bound:
        out.findings.append(Finding(rule=rule, region=loc.region, metric=metric, expected=bound, actual=actual))


def check_location(
    loc: Location, *, participants: frozenset[int], tps_maximum: int | None = None, out: Outcome | None = None
) -> Outcome:
    """The rules inside one location's figures. `participants`: the contest's participants with votes
    on the ballot (the sum of votes is known only when each has a figure). The result is added to `out`
    when given (a report over 800,000 TPS keeps one outcome rather than merging one per TPS)."""
    out = Outcome() if out is None else out
    g = loc.figures.get
    votes = [loc.votes.get(p) for p in sorted(participants)] if participants else [None]
    _equal(out, Rule.VOTES_VALID, loc, "valid", g("valid"), votes)
    _equal(out, Rule.VALID_INVALID, loc, "counted", g("counted"), [g("valid"), g("invalid")])
    _equal(out, Rule.COUNTED_VOTERS, loc, "voters", g("voters"), [g("counted")])
    _equal(out, Rule.VOTERS_SUM, loc, "voters", g("voters"), [g("voters_dpt"), g("voters_dptb"), g("voters_dpk")])
    _at_most(out, Rule.DPT_USERS, loc, "voters_dpt", g("voters_dpt"), [g("dpt")])
    _at_most(out, Rule.VOTERS_REGISTERED, loc, "voters", g("voters"), [g("dpt"), g("dptb"), g("voters_dpk")])
    parts = [g("ballots_used"), g("ballots_damaged"), g("ballots_unused")]
    _equal(out, Rule.BALLOTS_BALANCE, loc, "ballots_received", g("ballots_received"), parts)
    _equal(out, Rule.BALLOTS_USED, loc, "ballots_used", g("ballots_used"), [g("voters")])
    if depth_of(loc.region) == 5:
        _at_most(out, Rule.TPS_MAXIMUM, loc, "dpt", g("dpt"), [tps_maximum])
    return out


@dataclass
class PartSums:
    """The figures of the locations below one recapitulation, summed as they stream by: per key (a
    Figure name, or a participant pk for votes) the sum and how many locations had it; a key is complete
    when every location below had it."""

    count: int = 0
    sums: dict = field(default_factory=dict)
    having: dict = field(default_factory=dict)

    def add(self, loc: Location) -> None:
        self.count += 1
        sums, having = self.sums, self.having
        for items in (loc.figures.items(), loc.votes.items()):
            for key, value in items:
                if value is not None:
                    sums[key] = sums.get(key, 0) + value
                    having[key] = having.get(key, 0) + 1


def check_rollup(upper: Location, below: PartSums | None, *, expected_parts: int) -> Outcome:
    """Each figure of a recapitulation against the sum over the `expected_parts` locations below it;
    a figure some location below lacks (or a location below missing altogether) cannot be checked."""
    out = Outcome()
    keys = [name for name in FIGURES if upper.figures.get(name) is not None] + sorted(upper.votes)
    complete = below is not None and expected_parts > 0 and below.count == expected_parts
    for key in keys:
        if not complete or below.having.get(key) != expected_parts:
            out.unchecked[Rule.ROLLUP] += 1
            continue
        out.checked[Rule.ROLLUP] += 1
        is_votes = isinstance(key, int)
        actual = upper.votes[key] if is_votes else upper.figures[key]
        expected = below.sums[key]
        if actual != expected:
            out.findings.append(
                Finding(
                    rule=Rule.ROLLUP,
                    region=upper.region,
                    metric=VOTES if is_votes else key,
                    participant=key if is_votes else None,
                    expected=expected,
                    actual=actual,
                    parts=expected_parts,
                )
            )
    return out


def parent_recap(code: str | None) -> str | bool | None:
    """The recapitulation a location's figures roll up into (its kecamatan for a TPS, its kabupaten for a
    kecamatan ...); False for a location that rolls up into nothing (the nation, or a village)."""
    depth = depth_of(code)
    if depth == 5:  # the common case first: a TPS rolls up into its kecamatan
        return code[:8]
    for upper, lower in LEVEL_BELOW.items():
        if lower == depth:
            return tree.truncate(code, upper) if upper else None
    return False
