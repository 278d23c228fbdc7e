"""The rules of elections, contests and participants, as the services enforce them."""

import pytest

from accounts.choices import Role
from core.errors import ApplicationError
from elections.choices import ContestType, ParticipantKind
from elections.services import contest_create, dapil_create, participant_create, participant_update
from regions.models import Region

pytestmark = pytest.mark.django_db


def region(code):
    return Region.objects.get(code=code)


@pytest.mark.parametrize(
    ("contest_type", "code", "ok"),
    [
        (ContestType.PPWP, None, True),
        (ContestType.PPWP, "13", False),
        (ContestType.DPR, None, True),
        (ContestType.DPD, "13", True),
        (ContestType.DPD, None, False),
        (ContestType.DPRD_PROVINSI, "13", True),
        (ContestType.DPRD_PROVINSI, "13.02", False),
        (ContestType.DPRD_KABKO, "13.02", True),
        (ContestType.GUBERNUR, "13", True),
        (ContestType.GUBERNUR, "13.02", False),
        (ContestType.BUPATI, "13.02", True),
        (ContestType.BUPATI, "13", False),
        (ContestType.BUPATI, "13.02.03", False),
        (ContestType.BUPATI, None, False),
        (ContestType.WALIKOTA, "13.71", True),
    ],
)
def test_contest_type_matches_the_region_level(pemilu, contest_type, code, ok):
    create = lambda: contest_create(  # noqa: E731
        actor=None, election=pemilu, contest_type=contest_type, region=region(code) if code else None
    )
    if ok:
        assert create().pk
    else:
        with pytest.raises(ApplicationError) as refused:
            create()
        assert "region" in refused.value.extra


def test_national_contests_are_unique(pemilu):
    contest_create(actor=None, election=pemilu, contest_type=ContestType.PPWP)
    with pytest.raises(ApplicationError):
        contest_create(actor=None, election=pemilu, contest_type=ContestType.PPWP)


def test_regional_contests_are_unique(pilkada, bupati_solok):
    with pytest.raises(ApplicationError):
        contest_create(actor=None, election=pilkada, contest_type=ContestType.BUPATI, region=region("13.02"))


def test_dapil_only_for_legislative_contests(pemilu, pilkada):
    with pytest.raises(ApplicationError):
        dapil_create(actor=None, election=pilkada, contest_type=ContestType.BUPATI, name="Solok", regions=[])

    dapil = dapil_create(
        actor=None,
        election=pemilu,
        contest_type=ContestType.DPRD_KABKO,
        name="Solok 1",
        regions=[region("13.02.03"), region("13.02.04")],
    )
    assert set(dapil.regions.values_list("code", flat=True)) == {"13.02.03", "13.02.04"}
    contest = contest_create(
        actor=None, election=pemilu, contest_type=ContestType.DPRD_KABKO, region=region("13.02"), dapil=dapil
    )
    assert contest.dapil == dapil

    with pytest.raises(ApplicationError) as refused:
        contest_create(actor=None, election=pemilu, contest_type=ContestType.DPD, region=region("13"), dapil=dapil)
    assert "dapil" in refused.value.extra
    with pytest.raises(ApplicationError) as refused:  # a dapil of another contest type
        contest_create(actor=None, election=pemilu, contest_type=ContestType.DPR, dapil=dapil)
    assert "dapil" in refused.value.extra


def test_dapil_of_another_election_is_refused(pemilu, pilkada):
    from elections.models import Election

    other = Election.objects.create(name="Pemilu 2029", kind="pemilu", voting_date="2029-02-14")
    dapil = dapil_create(actor=None, election=other, contest_type=ContestType.DPR, name="Sumbar I", regions=[])
    with pytest.raises(ApplicationError) as refused:
        contest_create(actor=None, election=pemilu, contest_type=ContestType.DPR, dapil=dapil)
    assert "dapil" in refused.value.extra


def test_dapil_regions_need_manage_elections_there(pemilu, make_user):
    office = make_user(Role.COMMISSIONER, "13.02")
    with pytest.raises(ApplicationError) as refused:
        dapil_create(
            actor=office,
            election=pemilu,
            contest_type=ContestType.DPRD_KABKO,
            name="Campur",
            regions=[region("13.02.03"), region("13.01.01")],
        )
    assert "regions" in refused.value.extra


@pytest.fixture
def dprd(pemilu):
    return contest_create(actor=None, election=pemilu, contest_type=ContestType.DPRD_KABKO, region=region("13.02"))


def test_candidate_belongs_to_a_party_of_the_same_contest(dprd, pemilu):
    party = participant_create(actor=None, contest=dprd, kind=ParticipantKind.PARTY, name="Partai A", ballot_number=1)
    candidate = participant_create(
        actor=None, contest=dprd, kind=ParticipantKind.CANDIDATE, name="Caleg 1", ballot_number=1, party=party
    )
    assert candidate.party == party

    other_contest = contest_create(actor=None, election=pemilu, contest_type=ContestType.DPD, region=region("13"))
    with pytest.raises(ApplicationError) as refused:
        participant_create(
            actor=None, contest=other_contest, kind=ParticipantKind.CANDIDATE, name="X", ballot_number=1, party=party
        )
    assert "party" in refused.value.extra

    with pytest.raises(ApplicationError) as refused:  # only candidates belong to parties
        participant_create(actor=None, contest=dprd, kind=ParticipantKind.PAIR, name="Y", ballot_number=9, party=party)
    assert "party" in refused.value.extra

    with pytest.raises(ApplicationError) as refused:  # a candidate is not a party
        participant_create(
            actor=None, contest=dprd, kind=ParticipantKind.CANDIDATE, name="Z", ballot_number=2, party=candidate
        )
    assert "party" in refused.value.extra


def test_ballot_numbers_are_unique_per_contest_and_party_list(dprd):
    a = participant_create(actor=None, contest=dprd, kind=ParticipantKind.PARTY, name="Partai A", ballot_number=1)
    b = participant_create(actor=None, contest=dprd, kind=ParticipantKind.PARTY, name="Partai B", ballot_number=2)
    with pytest.raises(ApplicationError):
        participant_create(actor=None, contest=dprd, kind=ParticipantKind.PARTY, name="Partai C", ballot_number=2)

    # Candidates are numbered per party list: number 1 on both lists is fine, twice on one list is not.
    participant_create(actor=None, contest=dprd, kind=ParticipantKind.CANDIDATE, name="A1", ballot_number=1, party=a)
    participant_create(actor=None, contest=dprd, kind=ParticipantKind.CANDIDATE, name="B1", ballot_number=1, party=b)
    with pytest.raises(ApplicationError):
        participant_create(
            actor=None, contest=dprd, kind=ParticipantKind.CANDIDATE, name="A1bis", ballot_number=1, party=a
        )
    assert dprd.participants.count() == 4


def test_participant_update_is_checked_and_scoped(dprd, make_user):
    party = participant_create(actor=None, contest=dprd, kind=ParticipantKind.PARTY, name="Partai A", ballot_number=1)
    participant_create(actor=None, contest=dprd, kind=ParticipantKind.PARTY, name="Partai B", ballot_number=2)
    with pytest.raises(ApplicationError):
        participant_update(actor=None, participant=party, ballot_number=2)

    with pytest.raises(ApplicationError):
        participant_update(actor=make_user(Role.COMMISSIONER, "13.01"), participant=party, name="Renamed")
    party.refresh_from_db()
    assert party.name == "Partai A"

    participant_update(actor=make_user(Role.COMMISSIONER, "13.02"), participant=party, name="Partai A Baru")
    party.refresh_from_db()
    assert party.name == "Partai A Baru"
