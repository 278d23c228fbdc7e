"""The consistency checks on claimed numbers, with generated tallies: consistent numbers produce no
finding at all, and one perturbed number produces exactly the finding it should."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.choices import Metric
from cases.consistency import APPLICANT, OFFICIAL, Finding, Rule, Tally, check_rollup, check_tallies, check_tally

KEC = "13.02.03"
TPS_CODES = [f"13.02.03.2002.{i:03d}" for i in range(1, 9)]


@st.composite
def counts(draw, min_participants=1):
    """A consistent tally's numbers: votes per participant, invalid, and the registered voters' slack."""
    votes = draw(st.lists(st.integers(0, 2_000), min_size=min_participants, max_size=6))
    invalid = draw(st.integers(0, 200))
    slack = draw(st.integers(0, 500))
    dptb = draw(st.integers(0, 30))
    dpk = draw(st.integers(0, 30))
    return votes, invalid, slack, dptb, dpk


def tally(side, region, votes, invalid, slack, dptb, dpk, override=None):
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
        }
    )
    figures.update(override or {})
    return Tally(side=side, region=region, figures=figures)


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
    votes, invalid, _slack, dptb, dpk = numbers
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
    for key in [(Metric.VOTES, index + 1), (Metric.VALID, None), (Metric.VOTERS, None), (Metric.DPT, None)]:
        claimed[key] += moved
    findings = check_tallies([Tally(APPLICANT, KEC, claimed), official], participant_count=len(votes))
    assert all(f.rule == Rule.DIFFERENCE and f.delta == moved for f in findings)
    assert {(f.metric, f.participant) for f in findings} == {
        (Metric.VOTES, index + 1),
        (Metric.VALID, None),
        (Metric.VOTERS, None),
        (Metric.DPT, None),
    }


# From the database: a claim's numbers, with the region tree deciding whether a roll-up is complete.

VILLAGE = "13.02.03.2002"  # three TPS in the test regions


@pytest.mark.django_db
def test_claim_consistency_from_stored_numbers():
    from cases.selectors import claim_consistency
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
    assert claim_consistency(claim=claim) == []

    total.official_value = 300  # the village's D.Hasil says 300, its three TPS add up to 310
    total.save()
    assert [(f.rule, f.side, f.expected, f.actual, f.complete) for f in claim_consistency(claim=claim)] == [
        (Rule.ROLLUP, OFFICIAL, 310, 300, True),
        (Rule.DIFFERENCE, None, 300, 310, True),
    ]

    # With one TPS missing the parts (220) no longer have to add up to the total: nothing to report.
    claim.figures.filter(region_id=f"{VILLAGE}.003").delete()
    total.official_value = 310
    total.save()
    assert claim_consistency(claim=claim) == []
