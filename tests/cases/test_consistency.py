"""The consistency checks on claimed numbers, with generated tallies: consistent numbers produce no
finding at all, one perturbed number produces exactly the finding it should, and a number not entered
is unknown (never zero): a partial entry never produces a finding it cannot prove."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.choices import Metric
from cases.consistency import APPLICANT, OFFICIAL, Finding, Rule, Tally, check_rollup, check_tallies, check_tally

KEC = "13.02.03"
TPS_CODES = [f"13.02.03.2002.{i:03d}" for i in range(1, 9)]


@st.composite
def counts(draw, min_participants=1):
    """A consistent tally's numbers: votes per participant, invalid, the registered voters' slack, and
    the ballots damaged and unused."""
    votes = draw(st.lists(st.integers(0, 2_000), min_size=min_participants, max_size=6))
    invalid = draw(st.integers(0, 200))
    slack = draw(st.integers(0, 500))
    dptb = draw(st.integers(0, 30))
    dpk = draw(st.integers(0, 30))
    damaged = draw(st.integers(0, 20))
    unused = draw(st.integers(0, 500))
    return votes, invalid, slack, dptb, dpk, damaged, unused


def tally(side, region, votes, invalid, slack, dptb, dpk, damaged, unused, override=None):
    valid = sum(votes)
    voters = valid + invalid
    figures = {(Metric.VOTES, i + 1): n for i, n in enumerate(votes)}
    figures.update(
        {
            (Metric.VALID, None): valid,
            (Metric.INVALID, None): invalid,
            (Metric.VOTERS, None): voters,
            (Metric.DPT, None): max(voters + slack - dptb - dpk, 0),
            (Metric.DPTB, None): dptb,
            (Metric.DPK, None): dpk,
            (Metric.BALLOTS_USED, None): voters,
            (Metric.BALLOTS_DAMAGED, None): damaged,
            (Metric.BALLOTS_UNUSED, None): unused,
            (Metric.BALLOTS_RECEIVED, None): voters + damaged + unused,
        }
    )
    figures.update(override or {})
    return Tally(side=side, region=region, figures=figures)


def only(**figures):
    """A hand-written official tally of the named aggregates (metric value=count)."""
    return Tally(OFFICIAL, KEC, {(Metric(name), None): n for name, n in figures.items()})


@settings(max_examples=150)
@given(counts())
def test_a_consistent_tally_has_no_findings(numbers):
    votes = numbers[0]
    for side in (APPLICANT, OFFICIAL):
        assert check_tally(tally(side, KEC, *numbers), participant_count=len(votes)) == []


@settings(max_examples=150)
@given(counts(), st.integers(1, 500))
def test_more_invalid_votes_break_voters_equals_valid_plus_invalid(numbers, delta):
    votes, invalid, *_ = numbers
    broken = tally(OFFICIAL, KEC, *numbers, {(Metric.INVALID, None): invalid + delta})
    assert check_tally(broken, participant_count=len(votes)) == [
        Finding(
            rule=Rule.VOTERS_VALID_INVALID,
            region=KEC,
            side=OFFICIAL,
            metric=Metric.VOTERS,
            participant=None,
            expected=sum(votes) + invalid + delta,
            actual=sum(votes) + invalid,
        )
    ]


@settings(max_examples=150)
@given(counts(), st.data())
def test_one_changed_participant_breaks_valid_equals_sum(numbers, data):
    votes = numbers[0]
    index = data.draw(st.integers(0, len(votes) - 1))
    delta = data.draw(st.integers(-votes[index], 300).filter(lambda d: d != 0))
    broken = tally(APPLICANT, KEC, *numbers, {(Metric.VOTES, index + 1): votes[index] + delta})
    assert check_tally(broken, participant_count=len(votes)) == [
        Finding(
            rule=Rule.VALID_SUM,
            region=KEC,
            side=APPLICANT,
            metric=Metric.VALID,
            participant=None,
            expected=sum(votes) + delta,
            actual=sum(votes),
        )
    ]


@settings(max_examples=100)
@given(counts(min_participants=2), st.data())
def test_an_incomplete_sum_only_breaks_when_it_exceeds_the_total(numbers, data):
    votes = numbers[0]
    # One participant missing: the sum of the others never exceeds the valid votes.
    partial = tally(OFFICIAL, KEC, *numbers)
    figures = {k: v for k, v in partial.figures.items() if k != (Metric.VOTES, len(votes))}
    assert check_tally(Tally(OFFICIAL, KEC, figures), participant_count=len(votes)) == []
    # Unless one of them grows past the total.
    delta = votes[-1] + data.draw(st.integers(1, 100))
    figures[(Metric.VOTES, 1)] = votes[0] + delta
    [finding] = check_tally(Tally(OFFICIAL, KEC, figures), participant_count=len(votes))
    assert (finding.rule, finding.complete) == (Rule.VALID_SUM, False)
    assert finding.expected == sum(votes) - votes[-1] + delta


@settings(max_examples=150)
@given(counts(), st.data())
def test_more_voters_than_registered(numbers, data):
    votes, invalid, _slack, dptb, dpk, *_ballots = numbers
    voters = sum(votes) + invalid
    registered = data.draw(st.integers(0, voters - 1)) if voters else None
    if registered is None:
        return  # nobody voted: nobody can exceed the register
    dptb_, dpk_ = min(dptb, registered), min(dpk, registered - min(dptb, registered))
    override = {(Metric.DPT, None): registered - dptb_ - dpk_, (Metric.DPTB, None): dptb_, (Metric.DPK, None): dpk_}
    broken = tally(OFFICIAL, KEC, *numbers, override)
    assert check_tally(broken, participant_count=len(votes)) == [
        Finding(
            rule=Rule.VOTERS_REGISTERED,
            region=KEC,
            side=OFFICIAL,
            metric=Metric.VOTERS,
            participant=None,
            expected=registered,
            actual=voters,
        )
    ]


# --- unknown is not zero ---------------------------------------------------------------------------


def test_only_the_dpt_entered_is_no_finding():
    # 480 voted, the DPT alone is 450: the DPTb and DPK were not entered, so nothing is proved.
    assert check_tally(only(voters=480, dpt=450)) == []


def test_dpt_and_dptb_entered_with_dpk_unknown_is_no_finding():
    assert check_tally(only(voters=480, dpt=450, dptb=20)) == []
    # Once the DPK is entered the register is complete, and 480 > 450 + 20 + 5 is a finding.
    [finding] = check_tally(only(voters=480, dpt=450, dptb=20, dpk=5))
    assert (finding.rule, finding.expected, finding.actual) == (Rule.VOTERS_REGISTERED, 475, 480)
    assert check_tally(only(voters=475, dpt=450, dptb=20, dpk=5)) == []


def test_valid_votes_above_the_voters_break_the_rule_with_invalid_unknown():
    [finding] = check_tally(only(voters=300, valid=310))
    assert (finding.rule, finding.metric, finding.expected, finding.actual, finding.complete) == (
        Rule.VOTERS_VALID_INVALID,
        Metric.VOTERS,
        310,
        300,
        False,
    )
    [finding] = check_tally(only(voters=300, invalid=301))
    assert (finding.rule, finding.complete) == (Rule.VOTERS_VALID_INVALID, False)
    # Not above: the invalid votes may make up the rest.
    assert check_tally(only(voters=300, valid=290)) == []
    assert check_tally(only(voters=300, valid=300)) == []
    # Without the voters nothing is checked.
    assert check_tally(only(valid=310, invalid=5)) == []


def test_a_broken_ballot_balance():
    # 500 received, 300 used + 4 damaged + 190 unused = 494: six ballots unaccounted for.
    assert check_tally(only(ballots_received=500, ballots_used=300, ballots_damaged=4, ballots_unused=190)) == [
        Finding(
            rule=Rule.BALLOTS_BALANCE,
            region=KEC,
            side=OFFICIAL,
            metric=Metric.BALLOTS_RECEIVED,
            participant=None,
            expected=494,
            actual=500,
        )
    ]
    assert check_tally(only(ballots_received=500, ballots_used=300, ballots_damaged=4, ballots_unused=196)) == []


def test_a_partial_ballot_balance_breaks_only_when_the_parts_exceed_the_received():
    # The unused ballots unknown: 300 + 4 below 500 proves nothing, 300 + 210 above it does.
    assert check_tally(only(ballots_received=500, ballots_used=300, ballots_damaged=4)) == []
    [finding] = check_tally(only(ballots_received=500, ballots_used=300, ballots_unused=210))
    assert (finding.rule, finding.expected, finding.actual, finding.complete) == (Rule.BALLOTS_BALANCE, 510, 500, False)


def test_voters_who_voted_must_equal_the_ballots_used():
    assert check_tally(only(voters=300, ballots_used=302)) == [
        Finding(
            rule=Rule.VOTERS_BALLOTS_USED,
            region=KEC,
            side=OFFICIAL,
            metric=Metric.VOTERS,
            participant=None,
            expected=302,
            actual=300,
        )
    ]
    assert check_tally(only(voters=300, ballots_used=300)) == []


def test_unknown_ballots_skip_the_ballot_rules():
    assert check_tally(only(voters=300, valid=290, invalid=10)) == []
    assert check_tally(only(voters=300, ballots_damaged=3, ballots_unused=40)) == []  # received and used unknown
    assert check_tally(only(ballots_used=300, ballots_damaged=3, ballots_unused=40)) == []


@settings(max_examples=200)
@given(counts(), st.data())
def test_a_consistent_tally_with_numbers_removed_never_has_a_finding(numbers, data):
    """Whatever is left out, what remains is consistent and must not be reported."""
    votes = numbers[0]
    full = tally(OFFICIAL, KEC, *numbers)
    keys = sorted(full.figures, key=lambda k: (k[0], k[1] or 0))
    removed = data.draw(st.sets(st.sampled_from(keys)))
    partial = Tally(OFFICIAL, KEC, {k: v for k, v in full.figures.items() if k not in removed})
    assert check_tally(partial, participant_count=len(votes)) == []


@settings(max_examples=100)
@given(st.lists(counts(), min_size=1, max_size=len(TPS_CODES)), st.data())
def test_a_consistent_kecamatan_with_numbers_removed_never_has_a_finding(rows, data):
    """Every metric rolls up, the ballots too; removing numbers anywhere never makes a finding."""
    n_participants = min(len(r[0]) for r in rows)
    rows = [(r[0][:n_participants], *r[1:]) for r in rows]
    tps = [tally(OFFICIAL, TPS_CODES[i], *r) for i, r in enumerate(rows)]
    totals: dict = {}
    for t in tps:
        for key, n in t.figures.items():
            totals[key] = totals.get(key, 0) + n
    tallies = [*tps, Tally(OFFICIAL, KEC, totals)]
    region_counts = {(KEC, 5): len(rows)}
    assert check_tallies(tallies, participant_count=n_participants, region_counts=region_counts) == []
    thinned = []
    for t in tallies:
        keys = sorted(t.figures, key=lambda k: (k[0], k[1] or 0))
        removed = data.draw(st.sets(st.sampled_from(keys)))
        thinned.append(Tally(t.side, t.region, {k: v for k, v in t.figures.items() if k not in removed}))
    assert check_tallies(thinned, participant_count=n_participants, region_counts=region_counts) == []


def test_ballot_figures_roll_up():
    tps = [
        Tally(OFFICIAL, TPS_CODES[0], {(Metric.BALLOTS_RECEIVED, None): 300, (Metric.BALLOTS_DAMAGED, None): 2}),
        Tally(OFFICIAL, TPS_CODES[1], {(Metric.BALLOTS_RECEIVED, None): 310, (Metric.BALLOTS_DAMAGED, None): 1}),
    ]
    kecamatan_ = Tally(OFFICIAL, KEC, {(Metric.BALLOTS_RECEIVED, None): 600, (Metric.BALLOTS_DAMAGED, None): 3})
    assert check_rollup([*tps, kecamatan_], region_counts={(KEC, 5): 2}) == [
        Finding(
            rule=Rule.ROLLUP,
            region=KEC,
            side=OFFICIAL,
            metric=Metric.BALLOTS_RECEIVED,
            participant=None,
            expected=610,
            actual=600,
        )
    ]


@st.composite
def kecamatan(draw):
    """Votes per participant at each TPS of a kecamatan (votes only, so only roll-ups can break)."""
    n_tps = draw(st.integers(1, len(TPS_CODES)))
    n_participants = draw(st.integers(1, 4))
    return [draw(st.lists(st.integers(0, 500), min_size=n_participants, max_size=n_participants)) for _ in range(n_tps)]


def votes_tallies(side, rows, upper_override=None):
    tallies = [
        Tally(side, TPS_CODES[i], {(Metric.VOTES, p + 1): n for p, n in enumerate(row)}) for i, row in enumerate(rows)
    ]
    totals = {(Metric.VOTES, p + 1): sum(row[p] for row in rows) for p in range(len(rows[0]))}
    totals.update(upper_override or {})
    return [*tallies, Tally(side, KEC, totals)]


@settings(max_examples=150)
@given(kecamatan())
def test_a_consistent_rollup_has_no_findings(rows):
    counts_ = {(KEC, 5): len(rows)}
    both = votes_tallies(APPLICANT, rows) + votes_tallies(OFFICIAL, rows)
    assert check_tallies(both, region_counts=counts_) == []


@settings(max_examples=150)
@given(kecamatan(), st.data())
def test_a_changed_kecamatan_total_breaks_the_rollup(rows, data):
    participant = data.draw(st.integers(1, len(rows[0])))
    total = sum(row[participant - 1] for row in rows)
    delta = data.draw(st.integers(-total, 300).filter(lambda d: d != 0))
    tallies = votes_tallies(OFFICIAL, rows, {(Metric.VOTES, participant): total + delta})
    assert check_rollup(tallies, region_counts={(KEC, 5): len(rows)}) == [
        Finding(
            rule=Rule.ROLLUP,
            region=KEC,
            side=OFFICIAL,
            metric=Metric.VOTES,
            participant=participant,
            expected=total,
            actual=total + delta,
        )
    ]


@settings(max_examples=100)
@given(kecamatan(), st.integers(1, 300))
def test_a_partial_rollup_breaks_only_when_the_parts_exceed_the_total(rows, delta):
    total = sum(row[0] for row in rows)
    more_tps_than_entered = {(KEC, 5): len(rows) + 1}
    assert (
        check_rollup(
            votes_tallies(OFFICIAL, rows, {(Metric.VOTES, 1): total + delta}), region_counts=more_tps_than_entered
        )
        == []
    )
    if total:
        [finding] = check_rollup(
            votes_tallies(OFFICIAL, rows, {(Metric.VOTES, 1): total - 1}), region_counts=more_tps_than_entered
        )
        assert (finding.rule, finding.complete, finding.parts) == (Rule.ROLLUP, False, tuple(TPS_CODES[: len(rows)]))


@settings(max_examples=150)
@given(counts(), st.data())
def test_one_contested_number_is_a_difference_and_nothing_else(numbers, data):
    votes = numbers[0]
    index = data.draw(st.integers(0, len(votes) - 1))
    official = tally(OFFICIAL, KEC, *numbers)
    assert check_tallies([tally(APPLICANT, KEC, *numbers), official], participant_count=len(votes)) == []
    # The applicant claims more votes for one participant, with the totals that go with them, so its
    # own tally still adds up: what is left is the difference itself, per number.
    moved = data.draw(st.integers(1, 10_000))
    claimed = dict(tally(APPLICANT, KEC, *numbers).figures)
    changed = [
        (Metric.VOTES, index + 1),
        (Metric.VALID, None),
        (Metric.VOTERS, None),
        (Metric.DPT, None),
        (Metric.BALLOTS_USED, None),
        (Metric.BALLOTS_RECEIVED, None),
    ]
    for key in changed:
        claimed[key] += moved
    findings = check_tallies([Tally(APPLICANT, KEC, claimed), official], participant_count=len(votes))
    assert all(f.rule == Rule.DIFFERENCE and f.delta == moved for f in findings)
    assert {(f.metric, f.participant) for f in findings} == set(changed)


# From the database: a claim's numbers, with the region tree deciding whether a roll-up is complete.

VILLAGE = "13.02.03.2002"  # three TPS in the test regions


@pytest.mark.django_db
def test_claim_consistency_from_stored_numbers():
    from cases.selectors import SYSTEM_SIGHT, claim_consistency
    from regions.models import Region
    from tests.cases.factories import ClaimFactory, ClaimFigureFactory

    claim = ClaimFactory(locations=[Region.objects.get(code=VILLAGE)])
    applicant = claim.case.applicant
    for i, votes in enumerate([100, 120, 90], start=1):
        ClaimFigureFactory(
            claim=claim,
            region_id=f"{VILLAGE}.{i:03d}",
            participant=applicant,
            applicant_value=votes,
            official_value=votes,
        )
    total = ClaimFigureFactory(
        claim=claim, region_id=VILLAGE, participant=applicant, applicant_value=310, official_value=310
    )
    assert claim_consistency(claim=claim, sight=SYSTEM_SIGHT) == []

    total.official_value = 300  # the village's D.Hasil says 300, its three TPS add up to 310
    total.save()
    assert [
        (f.rule, f.side, f.expected, f.actual, f.complete) for f in claim_consistency(claim=claim, sight=SYSTEM_SIGHT)
    ] == [
        (Rule.ROLLUP, OFFICIAL, 310, 300, True),
        (Rule.DIFFERENCE, None, 300, 310, True),
    ]

    # With one TPS missing the parts (220) no longer have to add up to the total: nothing to report.
    claim.figures.filter(region_id=f"{VILLAGE}.003").delete()
    total.official_value = 310
    total.save()
    assert claim_consistency(claim=claim, sight=SYSTEM_SIGHT) == []


@pytest.mark.django_db
def test_ballot_numbers_from_stored_figures():
    from django.utils import translation

    from cases.consistency import describe
    from cases.selectors import SYSTEM_SIGHT, claim_consistency
    from tests.cases.factories import ClaimFactory, ClaimFigureFactory

    claim = ClaimFactory()
    tps = "13.02.03.2002.001"
    for metric, official in [(Metric.VOTERS, 250), (Metric.BALLOTS_USED, 248), (Metric.BALLOTS_RECEIVED, 300)]:
        ClaimFigureFactory(claim=claim, region_id=tps, metric=metric, applicant_value=None, official_value=official)
    # Damaged and unused not entered: the balance is not checked; voters ≠ ballots used is.
    [finding] = claim_consistency(claim=claim, sight=SYSTEM_SIGHT)
    assert (finding.rule, finding.side, finding.expected, finding.actual) == (
        Rule.VOTERS_BALLOTS_USED,
        OFFICIAL,
        248,
        250,
    )
    with translation.override("en"):
        assert describe(finding) == f"Voters who voted ≠ ballots used at {tps}: 250 entered, 248 expected."
