"""The scoping test base on every elections route.

Elections and dapils are national reference data (the KPU's own decrees): every signed-in user reads
them, wherever they work, so there is no wrong role and out of region still sees them; anonymous is
still refused. Contests and participants are seen from the caller's reach: those of their regions
and of the regions above them.
"""

from accounts.choices import Role
from elections.choices import ContestType, ElectionKind, ParticipantKind
from elections.models import Contest, Dapil, Election, Participant
from tests.scoping.base import ScopedRouteTests


class NationalReferenceData:
    api = True
    wrong_role = None
    role = Role.KPPS
    in_region = "13.02.03.2002.001"
    out_region = "11.01"

    def test_out_of_region(self, client, make_user):
        obj = self.make_object(make_user)
        response = self.call(self.client_for(client, make_user(self.role, self.out_region)), obj)
        assert response.status_code == 200
        if self.kind == "list":
            assert self.listed(response, obj)


def make_election():
    return Election.objects.create(name="Pemilu 2024", kind=ElectionKind.PEMILU, voting_date="2024-02-14")


class ElectionObject(NationalReferenceData):
    def make_object(self, make_user):
        return make_election()

    def url_args(self, obj):
        return [obj.pk]


class TestElectionListApi(ElectionObject, ScopedRouteTests):
    url_name = "election-list"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return obj.pk in [e["id"] for e in response.json()]


class TestElectionDetailApi(ElectionObject, ScopedRouteTests):
    url_name = "election-detail"


class DapilObject(NationalReferenceData):
    def make_object(self, make_user):
        dapil = Dapil.objects.create(election=make_election(), contest_type=ContestType.DPR, name="Sumatera Barat I")
        dapil.regions.set(["13.01", "13.02"])
        return dapil

    def url_args(self, obj):
        return [obj.pk]


class TestDapilListApi(DapilObject, ScopedRouteTests):
    url_name = "dapil-list"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return obj.pk in [d["id"] for d in response.json()["results"]]


class TestDapilDetailApi(DapilObject, ScopedRouteTests):
    url_name = "dapil-detail"


class ContestObject:
    """The Bupati contest of Kabupaten Solok (13.02): seen by a PPK inside it, not by one in 13.01."""

    api = True
    role = Role.PPK
    in_region = "13.02.03"
    out_region = "13.01.01"

    def make_object(self, make_user):
        pilkada = Election.objects.create(name="Pilkada 2024", kind=ElectionKind.PILKADA, voting_date="2024-11-27")
        return Contest.objects.create(election=pilkada, contest_type=ContestType.BUPATI, region_id="13.02")

    def url_args(self, obj):
        return [obj.pk]


class TestContestListApi(ContestObject, ScopedRouteTests):
    url_name = "contest-list"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return obj.pk in [c["id"] for c in response.json()["results"]]


class TestContestDetailApi(ContestObject, ScopedRouteTests):
    url_name = "contest-detail"


class TestContestCreateApi(ContestObject, ScopedRouteTests):
    """Every role may call it; only manage-elections over the region gets a contest (wrong roles get a
    400 naming the region: see test_api.py)."""

    url_name = "contest-list"
    kind = "create"
    method = "post"
    role = Role.COMMISSIONER
    in_region = "13.02"
    out_region = "13.01"
    ok_status = (201,)

    def make_object(self, make_user):
        return Election.objects.create(name="Pilkada 2024", kind=ElectionKind.PILKADA, voting_date="2024-11-27")

    def url_args(self, obj):
        return []

    def payload(self, obj):
        return {"election": obj.pk, "contest_type": ContestType.BUPATI, "region": "13.02"}

    def stored_count(self):
        return Contest.objects.count()


class ParticipantObject(ContestObject):
    def make_object(self, make_user):
        contest = super().make_object(make_user)
        return Participant.objects.create(contest=contest, kind=ParticipantKind.PAIR, name="Paslon 1", ballot_number=1)


class TestParticipantListApi(ParticipantObject, ScopedRouteTests):
    url_name = "participant-list"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return obj.pk in [p["id"] for p in response.json()["results"]]


class TestParticipantDetailApi(ParticipantObject, ScopedRouteTests):
    url_name = "participant-detail"


class TestParticipantCreateApi(ContestObject, ScopedRouteTests):
    url_name = "participant-list"
    kind = "create"
    method = "post"
    role = Role.COMMISSIONER
    in_region = "13.02"
    out_region = "13.01"
    ok_status = (201,)

    def payload(self, obj):
        return {"contest": obj.pk, "kind": ParticipantKind.PAIR, "name": "Paslon 2", "ballot_number": 2}

    def url_args(self, obj):
        return []

    def stored_count(self):
        return Participant.objects.count()
