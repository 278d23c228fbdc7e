"""The elections API: who sees which contest, and who may create contests and participants."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from elections.choices import ContestType, ElectionKind, ParticipantKind
from elections.models import Contest, Dapil, Election, Participant

pytestmark = pytest.mark.django_db


def contest_ids(response):
    assert response.status_code == 200, response.content
    return {c["id"] for c in response.json()["results"]}


def test_ppk_sees_the_contests_above_it_and_not_its_neighbours(
    api, make_user, ppwp, bupati_solok, bupati_pesisir, gubernur_sumbar
):
    api.force_authenticate(make_user(Role.PPK, "13.02.03"))
    seen = contest_ids(api.get(reverse("contest-list")))
    assert seen == {ppwp.pk, bupati_solok.pk, gubernur_sumbar.pk}
    assert api.get(reverse("contest-detail", args=[bupati_pesisir.pk])).status_code == 404
    assert api.get(reverse("contest-detail", args=[bupati_solok.pk])).status_code == 200


def test_province_office_sees_the_contests_below_it(
    api, make_user, ppwp, bupati_solok, bupati_pesisir, gubernur_sumbar
):
    api.force_authenticate(make_user(Role.TECHNICAL, "13"))
    assert contest_ids(api.get(reverse("contest-list"))) == {
        ppwp.pk,
        bupati_solok.pk,
        bupati_pesisir.pk,
        gubernur_sumbar.pk,
    }


def test_aceh_does_not_see_sumatera_barat(api, make_user, ppwp, bupati_solok, gubernur_sumbar):
    api.force_authenticate(make_user(Role.COMMISSIONER, "11.01"))
    assert contest_ids(api.get(reverse("contest-list"))) == {ppwp.pk}


def test_contest_filters(api, make_user, ppwp, bupati_solok, gubernur_sumbar, pilkada):
    api.force_authenticate(make_user(Role.PPK, "13.02.03"))
    url = reverse("contest-list")
    assert contest_ids(api.get(url, {"election": pilkada.pk})) == {bupati_solok.pk, gubernur_sumbar.pk}
    assert contest_ids(api.get(url, {"contest_type": ContestType.PPWP})) == {ppwp.pk}
    assert contest_ids(api.get(url, {"region": "13.02"})) == {bupati_solok.pk}


def test_participants_follow_their_contest(api, make_user, bupati_solok, bupati_pesisir):
    mine = Participant.objects.create(contest=bupati_solok, kind=ParticipantKind.PAIR, name="Paslon 1", ballot_number=1)
    Participant.objects.create(contest=bupati_pesisir, kind=ParticipantKind.PAIR, name="Paslon A", ballot_number=1)
    api.force_authenticate(make_user(Role.PPS, "13.02.03.2002"))
    listed = api.get(reverse("participant-list")).json()["results"]
    assert [p["id"] for p in listed] == [mine.pk]


def test_anonymous_gets_401(api, ppwp):
    for url in (reverse("contest-list"), reverse("election-list"), reverse("dapil-list"), reverse("participant-list")):
        assert api.get(url).status_code == 401


# Creating contests and participants needs manage-elections over the contest's region.


def test_regency_commissioner_creates_its_own_contest(api, make_user, pilkada):
    api.force_authenticate(make_user(Role.COMMISSIONER, "13.02"))
    payload = {"election": pilkada.pk, "contest_type": ContestType.BUPATI, "region": "13.02"}
    response = api.post(reverse("contest-list"), payload, format="json")
    assert response.status_code == 201, response.content
    contest = Contest.objects.get(pk=response.json()["id"])
    assert contest.region_id == "13.02"
    assert contest.history.count() == 1


@pytest.mark.parametrize(
    ("role", "code", "region", "contest_type"),
    [
        (Role.COMMISSIONER, "13.02", "13.01", ContestType.BUPATI),  # another regency
        (Role.COMMISSIONER, "13.02", "13", ContestType.GUBERNUR),  # above its reach
        (Role.COMMISSIONER, "13.02", None, ContestType.PPWP),  # national
        (Role.TECHNICAL, "13.02", "13.02", ContestType.BUPATI),  # no manage-elections
        (Role.LEGAL, "13", "13.02", ContestType.BUPATI),
        (Role.PPK, "13.02.03", "13.02", ContestType.BUPATI),
    ],
)
def test_contest_create_refused_without_manage_elections_there(
    api, make_user, pilkada, role, code, region, contest_type
):
    api.force_authenticate(make_user(role, code))
    payload = {"election": pilkada.pk, "contest_type": contest_type, "region": region}
    response = api.post(reverse("contest-list"), payload, format="json")
    assert response.status_code == 400
    assert "region" in response.json()["extra"]
    assert not Contest.objects.exists()


def test_national_commissioner_creates_national_contests(api, make_user, pemilu):
    api.force_authenticate(make_user(Role.COMMISSIONER, None))
    response = api.post(
        reverse("contest-list"), {"election": pemilu.pk, "contest_type": ContestType.PPWP}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Contest.objects.get().region is None


def test_contest_create_checks_the_model_rules(api, make_user, pilkada):
    api.force_authenticate(make_user(Role.COMMISSIONER, "13.02"))
    payload = {"election": pilkada.pk, "contest_type": ContestType.BUPATI, "region": "13.02.03"}
    response = api.post(reverse("contest-list"), payload, format="json")
    assert response.status_code == 400
    assert "region" in response.json()["extra"]
    assert not Contest.objects.exists()


def test_participant_create_needs_manage_elections_in_the_contest_region(api, make_user, bupati_solok):
    payload = {"contest": bupati_solok.pk, "kind": ParticipantKind.PAIR, "name": "Paslon 1", "ballot_number": 1}

    api.force_authenticate(make_user(Role.TECHNICAL, "13.02"))
    assert api.post(reverse("participant-list"), payload, format="json").status_code == 400
    api.force_authenticate(make_user(Role.COMMISSIONER, "13.01"))
    response = api.post(reverse("participant-list"), payload, format="json")
    assert response.status_code == 400  # the contest is outside its reach: it reads as unknown
    assert not Participant.objects.exists()

    api.force_authenticate(make_user(Role.COMMISSIONER, "13.02"))
    response = api.post(reverse("participant-list"), payload, format="json")
    assert response.status_code == 201, response.content
    assert Participant.objects.get().name == "Paslon 1"


def test_province_commissioner_adds_participants_to_regency_contests(api, make_user, bupati_solok):
    api.force_authenticate(make_user(Role.COMMISSIONER, "13"))
    payload = {"contest": bupati_solok.pk, "kind": ParticipantKind.PAIR, "name": "Paslon 2", "ballot_number": 2}
    assert api.post(reverse("participant-list"), payload, format="json").status_code == 201


def test_participant_ballot_number_is_unique_per_contest(api, make_user, bupati_solok):
    api.force_authenticate(make_user(Role.COMMISSIONER, "13.02"))
    payload = {"contest": bupati_solok.pk, "kind": ParticipantKind.PAIR, "name": "Paslon 1", "ballot_number": 1}
    assert api.post(reverse("participant-list"), payload, format="json").status_code == 201
    response = api.post(reverse("participant-list"), {**payload, "name": "Paslon Lain"}, format="json")
    assert response.status_code == 400
    assert Participant.objects.count() == 1


def test_election_create_needs_national_reach(api, make_user, superuser):
    payload = {"name": "Pilkada Ulang 2025", "kind": ElectionKind.PILKADA, "voting_date": "2025-08-27"}
    api.force_authenticate(make_user(Role.COMMISSIONER, "13"))
    assert api.post(reverse("election-list"), payload, format="json").status_code == 400
    assert not Election.objects.filter(name="Pilkada Ulang 2025").exists()

    api.force_authenticate(superuser)
    assert api.post(reverse("election-list"), payload, format="json").status_code == 201
    assert Election.objects.get(name="Pilkada Ulang 2025").history.count() == 1


def test_elections_and_dapils_are_read_by_everyone_signed_in(api, make_user, pemilu):
    dapil = Dapil.objects.create(election=pemilu, contest_type=ContestType.DPR, name="Sumatera Barat I")
    dapil.regions.set(["13.01", "13.02"])
    api.force_authenticate(make_user(Role.VIEWER, "11.01"))
    assert [e["name"] for e in api.get(reverse("election-list")).json()] == ["Pemilu 2024"]
    body = api.get(reverse("dapil-detail", args=[dapil.pk])).json()
    assert sorted(body["regions"]) == ["13.01", "13.02"]


def test_dapil_list_query_count(api, make_user, pemilu, django_assert_max_num_queries):
    for i in range(20):
        dapil = Dapil.objects.create(election=pemilu, contest_type=ContestType.DPRD_KABKO, name=f"Solok {i}")
        dapil.regions.set(["13.02.03", "13.02.04"])
    api.force_authenticate(make_user(Role.VIEWER, "13.02"))
    with django_assert_max_num_queries(3):  # count, page, regions (one prefetch)
        response = api.get(reverse("dapil-list"), {"page_size": 100})
    assert response.json()["count"] == 20
