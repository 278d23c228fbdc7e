"""Each rule of results/consistency.py on hand-checked figures: found where the numbers break it, silent
on a clean location, and "cannot check" (never a finding) where a figure it needs is unknown."""

import pytest

from results.consistency import (
    VOTES,
    Location,
    PartSums,
    Rule,
    check_location,
    check_rollup,
    parent_recap,
)

TPS = "13.02.03.2001.001"
P = frozenset({1, 2, 3})
CLEAN = {
    "dpt": 250,
    "dptb": 10,
    "voters_dpt": 190,
    "voters_dptb": 6,
    "voters_dpk": 4,
    "voters": 200,
    "valid": 195,
    "invalid": 5,
    "counted": 200,
    "ballots_received": 260,
    "ballots_used": 200,
    "ballots_damaged": 2,
    "ballots_unused": 58,
}
CLEAN_VOTES = {1: 40, 2: 120, 3: 35}


def rules(location, **kwargs):
    out = check_location(location, participants=P, tps_maximum=300, **kwargs)
    return [(f.rule, f.metric, f.actual, f.expected) for f in out.findings], out


def with_(**changes):
    return Location(region=TPS, figures={**CLEAN, **changes}, votes=CLEAN_VOTES)


def test_a_clean_tps_gives_no_finding_and_every_rule_is_checked():
    found, out = rules(Location(region=TPS, figures=CLEAN, votes=CLEAN_VOTES))
    assert found == []
    assert set(out.checked) == set(Rule) - {Rule.ROLLUP}
    assert not out.unchecked


@pytest.mark.parametrize(
    ("changes", "votes", "expected"),
    [
        (
            {"valid": 190},
            CLEAN_VOTES,
            [(Rule.VOTES_VALID, "valid", 190, 195), (Rule.VALID_INVALID, "counted", 200, 195)],
        ),
        (
            {"counted": 201},
            CLEAN_VOTES,
            [(Rule.VALID_INVALID, "counted", 201, 200), (Rule.COUNTED_VOTERS, "voters", 200, 201)],
        ),
        ({"voters_dpk": 9}, CLEAN_VOTES, [(Rule.VOTERS_SUM, "voters", 200, 205)]),
        ({"dpt": 188}, CLEAN_VOTES, [(Rule.DPT_USERS, "voters_dpt", 190, 188)]),
        ({"ballots_unused": 50}, CLEAN_VOTES, [(Rule.BALLOTS_BALANCE, "ballots_received", 260, 252)]),
        ({"ballots_used": 199, "ballots_unused": 59}, CLEAN_VOTES, [(Rule.BALLOTS_USED, "ballots_used", 199, 200)]),
        ({"dpt": 301}, CLEAN_VOTES, [(Rule.TPS_MAXIMUM, "dpt", 301, 300)]),
    ],
)
def test_each_rule_finds_what_breaks_it(changes, votes, expected):
    found, _out = rules(Location(region=TPS, figures={**CLEAN, **changes}, votes=votes))
    assert found == expected


def test_more_voters_than_registered_and_dpk():
    # 150 registered + 10 DPTb + 4 DPK = 164 may vote; 200 did (and 190 from a DPT of 150).
    found, _out = rules(with_(dpt=150))
    assert (Rule.VOTERS_REGISTERED, "voters", 200, 164) in found
    assert (Rule.DPT_USERS, "voters_dpt", 190, 150) in found


def test_unknown_figures_are_never_zero():
    """Valid votes unknown, one participant unknown, DPTb unknown: those rules cannot be checked."""
    figures = {**CLEAN, "valid": None}
    del figures["dptb"]
    found, out = rules(Location(region=TPS, figures=figures, votes={1: 40, 2: 120}))
    assert found == []
    assert out.unchecked[Rule.VOTES_VALID] == 1
    assert out.unchecked[Rule.VALID_INVALID] == 1
    assert out.unchecked[Rule.VOTERS_REGISTERED] == 1


def test_a_missing_participant_cannot_break_the_sum():
    """Two of three pairs known and already above the valid votes: still not checked (unknown is unknown)."""
    found, out = rules(Location(region=TPS, figures={"valid": 100}, votes={1: 90, 2: 60}))
    assert found == []
    assert out.unchecked[Rule.VOTES_VALID] == 1


def test_nothing_known_nothing_found():
    found, out = rules(Location(region=TPS))
    assert found == []
    assert out.unchecked[Rule.TPS_MAXIMUM] == 1
    assert not out.checked


def test_no_legal_maximum_known_cannot_check_it():
    out = check_location(Location(region=TPS, figures={"dpt": 900}), participants=P, tps_maximum=None)
    assert out.findings == []
    assert out.unchecked[Rule.TPS_MAXIMUM] == 1


def test_the_maximum_applies_to_a_tps_only():
    out = check_location(Location(region="13.02.03", figures={"dpt": 900}), participants=P, tps_maximum=300)
    assert out.findings == []
    assert Rule.TPS_MAXIMUM not in out.unchecked


def _sums(*locations):
    sums = PartSums()
    for location in locations:
        sums.add(location)
    return sums


def test_rollup_per_participant_and_figure():
    below = _sums(
        Location(region=f"{TPS[:-1]}1", figures={"valid": 100, "dpt": 200}, votes={1: 60, 2: 40}),
        Location(region=f"{TPS[:-1]}2", figures={"valid": 50, "dpt": 150}, votes={1: 20, 2: 30}),
    )
    upper = Location(region="13.02.03", figures={"valid": 150, "dpt": 360}, votes={1: 80, 2: 75})
    out = check_rollup(upper, below, expected_parts=2)
    assert [(f.metric, f.participant, f.actual, f.expected, f.parts) for f in out.findings] == [
        ("dpt", None, 360, 350, 2),
        (VOTES, 2, 75, 70, 2),
    ]
    assert out.checked[Rule.ROLLUP] == 4


def test_rollup_with_a_tps_missing_cannot_check():
    below = _sums(Location(region=TPS, figures={"valid": 100}, votes={1: 60}))
    upper = Location(region="13.02.03", figures={"valid": 999}, votes={1: 1})
    out = check_rollup(upper, below, expected_parts=6)
    assert out.findings == []
    assert out.unchecked[Rule.ROLLUP] == 2


def test_rollup_with_a_figure_unknown_below_cannot_check_that_figure():
    below = _sums(
        Location(region=f"{TPS[:-1]}1", figures={"valid": 100, "dpt": 200}),
        Location(region=f"{TPS[:-1]}2", figures={"valid": 50}),
    )
    upper = Location(region="13.02.03", figures={"valid": 150, "dpt": 999})
    out = check_rollup(upper, below, expected_parts=2)
    assert out.findings == []
    assert out.checked[Rule.ROLLUP] == 1
    assert out.unchecked[Rule.ROLLUP] == 1


def test_what_rolls_up_into_what():
    assert parent_recap("13.02.03.2001.001") == "13.02.03"
    assert parent_recap("13.02.03") == "13.02"
    assert parent_recap("13.02") == "13"
    assert parent_recap("13") is None
    assert parent_recap(None) is False
    assert parent_recap("13.02.03.2001") is False
