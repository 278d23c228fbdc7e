"""The scoping test base on every cases API route: anonymous, wrong role, out of region, in region.

Reads are checked with a PPK of the kecamatan where the claim lies (they see the case through it);
writes with the legal division of the Termohon office (KPU Kabupaten Solok, 13.02) against the legal
division of a neighbouring regency (13.01), and a viewer of the office as the wrong role.
"""

import datetime as dt

import pytest

from accounts.choices import Role
from cases.choices import CaseStatus, ClaimStatus
from cases.deadlines import WIB
from cases.models import Case, Citation, Claim, ClaimFigure, Counsel, Exhibit, Hearing
from regions.models import Region
from tests.cases.factories import (
    CaseFactory,
    ClaimFactory,
    ContestFactory,
    CounselFactory,
    ExhibitFactory,
    ParticipantFactory,
)
from tests.scoping.base import ScopedRouteTests

TPS = "13.02.03.2002.001"


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def located_claim():
    """A case of KPU Kabupaten Solok with one claim at a TPS of Pantai Cermin (13.02.03)."""
    return ClaimFactory(case=CaseFactory(), number="1", locations=[Region.objects.get(code=TPS)])


class ReadByPpk:
    """Everyone who reaches the claim's location reads; a PPK of the next kecamatan does not."""

    api = True
    role = Role.PPK
    in_region = "13.02.03"
    out_region = "13.02.04"


class ReadByOffice:
    """The answer work of a case (its exhibits, counsel ...) is read at the Termohon office, not by a PPK
    who sees the case through a claim (tests/cases/test_partial_view.py)."""

    api = True
    role = Role.VIEWER
    in_region = "13.02"
    out_region = "13.01"


class ManagedByLegal:
    api = True
    role = Role.LEGAL
    wrong_role = Role.VIEWER
    in_region = "13.02"
    out_region = "13.01"


# Cases


class CaseObject:
    def make_object(self, make_user):
        return located_claim().case

    def url_args(self, obj):
        return [obj.pk]


class TestCaseListApi(ReadByPpk, CaseObject, ScopedRouteTests):
    url_name = "case-list"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return obj.pk in [c["id"] for c in response.json()["results"]]


class TestCaseDetailApi(ReadByPpk, CaseObject, ScopedRouteTests):
    url_name = "case-detail"


class TestCaseCreateApi(ManagedByLegal, ScopedRouteTests):
    url_name = "case-list"
    kind = "create"
    method = "post"
    ok_status = (201,)

    def make_object(self, make_user):
        contest = ContestFactory()
        return {"contest": contest, "a": ParticipantFactory(contest=contest), "b": ParticipantFactory(contest=contest)}

    def payload(self, obj):
        return {
            "register_number": "45/PHPU.BUP-XXIII/2025",
            "kind": "php_bupati",
            "contest": obj["contest"].pk,
            "applicant": obj["a"].pk,
            "related_party": obj["b"].pk,
            "respondent_office": "13.02",
        }

    def stored_count(self):
        return Case.objects.count()


class TestCaseUpdateApi(ManagedByLegal, CaseObject, ScopedRouteTests):
    url_name = "case-detail"
    method = "patch"

    def payload(self, obj):
        return {"summary": "Selisih suara di Pantai Cermin"}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Case.objects.get().summary == ""


class TestCaseStatusApi(ManagedByLegal, CaseObject, ScopedRouteTests):
    url_name = "case-status"
    method = "post"

    def payload(self, obj):
        return {"status": CaseStatus.PRELIMINARY_HEARING}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Case.objects.get().status == CaseStatus.RECEIVED


class TestCaseHearingsApi(ReadByPpk, CaseObject, ScopedRouteTests):
    url_name = "case-hearings"


class TestCaseHearingAddApi(ManagedByLegal, CaseObject, ScopedRouteTests):
    url_name = "case-hearings"
    kind = "create"
    method = "post"
    ok_status = (201,)

    def payload(self, obj):
        return {"starts_at": dt.datetime(2025, 1, 13, 8, tzinfo=WIB).isoformat(), "agenda": "preliminary"}

    def stored_count(self):
        return Hearing.objects.count()


class TestCaseCounselApi(ReadByOffice, ScopedRouteTests):
    url_name = "case-counsel"
    kind = "list"

    def make_object(self, make_user):
        return CounselFactory(case=located_claim().case, name="Dr. Arief Wicaksana, S.H., M.H.")

    def url_args(self, obj):
        return [obj.case_id]

    def listed(self, response, obj):
        return obj.pk in [c["id"] for c in response.json()]

    def test_out_of_region(self, client, make_user):
        """Another regency's office does not see the case at all: 404, not an empty list."""
        obj = self.make_object(make_user)
        response = self.call(self.client_for(client, make_user(self.role, self.out_region)), obj)
        assert response.status_code == 404


class TestCaseCounselAddApi(ManagedByLegal, CaseObject, ScopedRouteTests):
    url_name = "case-counsel"
    kind = "create"
    method = "post"
    ok_status = (201,)

    def payload(self, obj):
        return {"name": "Rini Oktaviani, S.H.", "kind": "advocate"}

    def stored_count(self):
        return Counsel.objects.count()


class CounselItem(ManagedByLegal):
    url_name = "case-counsel-item"

    def make_object(self, make_user):
        return CounselFactory(case=located_claim().case, name="Dr. Arief Wicaksana, S.H., M.H.")

    def url_args(self, obj):
        return [obj.case_id, obj.pk]


class TestCaseCounselUpdateApi(CounselItem, ScopedRouteTests):
    method = "patch"

    def payload(self, obj):
        return {"name": "Penyusup"}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Counsel.objects.get().name == "Dr. Arief Wicaksana, S.H., M.H."


class TestCaseCounselDeleteApi(CounselItem, ScopedRouteTests):
    kind = "delete"
    method = "delete"
    ok_status = (204,)

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert not Counsel.objects.exists()

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Counsel.objects.count() == 1


class TestCaseDeadlinesApi(ReadByPpk, CaseObject, ScopedRouteTests):
    url_name = "case-deadlines"


class TestCaseWarningsApi(ReadByPpk, CaseObject, ScopedRouteTests):
    url_name = "case-warnings"


class TestCaseExhibitsReorderApi(ManagedByLegal, ScopedRouteTests):
    url_name = "case-exhibits-reorder"
    method = "post"

    def make_object(self, make_user):
        case = CaseFactory()
        first, second = ExhibitFactory(case=case, description="first"), ExhibitFactory(case=case, description="second")
        return case, [second.pk, first.pk]

    def url_args(self, obj):
        return [obj[0].pk]

    def payload(self, obj):
        return {"ordered_ids": obj[1]}

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert Exhibit.objects.get(sequence=1).description == "second"

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Exhibit.objects.get(sequence=1).description == "first"


# Claims


class ClaimObject:
    def make_object(self, make_user):
        return located_claim()

    def url_args(self, obj):
        return [obj.pk]


class TestClaimListApi(ReadByPpk, ClaimObject, ScopedRouteTests):
    url_name = "claim-list"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return obj.pk in [c["id"] for c in response.json()["results"]]


class TestClaimDetailApi(ReadByPpk, ClaimObject, ScopedRouteTests):
    url_name = "claim-detail"


class TestClaimCreateApi(ManagedByLegal, ScopedRouteTests):
    url_name = "claim-list"
    kind = "create"
    method = "post"
    ok_status = (201,)

    def make_object(self, make_user):
        return CaseFactory()

    def payload(self, obj):
        return {"case": obj.pk, "number": "7", "summary": "Suara dipindahkan", "locations": [TPS]}

    def stored_count(self):
        return Claim.objects.count()


class TestClaimUpdateApi(ManagedByLegal, ClaimObject, ScopedRouteTests):
    url_name = "claim-detail"
    method = "patch"

    def payload(self, obj):
        return {"response": "Menurut C.Hasil, perolehan suara Pemohon 130."}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Claim.objects.get().response == ""


class TestClaimStatusApi(ManagedByLegal, ClaimObject, ScopedRouteTests):
    url_name = "claim-status"
    method = "post"

    def payload(self, obj):
        return {"status": ClaimStatus.REVIEWED}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Claim.objects.get().status == ClaimStatus.DRAFT


class TestClaimFiguresApi(ReadByPpk, ClaimObject, ScopedRouteTests):
    url_name = "claim-figures"


class TestClaimFiguresPutApi(ManagedByLegal, ClaimObject, ScopedRouteTests):
    url_name = "claim-figures"
    method = "put"

    def payload(self, obj):
        return [{"region": TPS, "participant": obj.case.applicant_id, "applicant_value": 250, "official_value": 130}]

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert ClaimFigure.objects.get().difference == 120

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not ClaimFigure.objects.exists()


class TestClaimConsistencyApi(ReadByPpk, ClaimObject, ScopedRouteTests):
    url_name = "claim-consistency"


class TestClaimCiteApi(ManagedByLegal, ScopedRouteTests):
    url_name = "claim-cite"
    method = "post"

    def make_object(self, make_user):
        claim = located_claim()
        return claim, ExhibitFactory(case=claim.case)

    def url_args(self, obj):
        return [obj[0].pk]

    def payload(self, obj):
        return {"exhibit": obj[1].pk, "note": "C.Hasil TPS 001"}

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert Citation.objects.count() == 1

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not Citation.objects.exists()


# Exhibits


class ExhibitObject:
    def make_object(self, make_user):
        """An exhibit the located claim cites: still only the office reads it, not the claim's PPK."""
        claim = located_claim()
        exhibit = ExhibitFactory(case=claim.case, description="Model C.Hasil TPS 001")
        Citation.objects.create(claim=claim, exhibit=exhibit)
        return exhibit

    def url_args(self, obj):
        return [obj.pk]


class TestExhibitListApi(ReadByOffice, ExhibitObject, ScopedRouteTests):
    url_name = "exhibit-list"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return obj.pk in [e["id"] for e in response.json()["results"]]


class TestExhibitDetailApi(ReadByOffice, ExhibitObject, ScopedRouteTests):
    url_name = "exhibit-detail"


class TestExhibitCreateApi(ManagedByLegal, ScopedRouteTests):
    url_name = "exhibit-list"
    kind = "create"
    method = "post"
    ok_status = (201,)

    def make_object(self, make_user):
        return CaseFactory()

    def payload(self, obj):
        return {"case": obj.pk, "description": "Model D.Hasil Kecamatan Pantai Cermin"}

    def stored_count(self):
        return Exhibit.objects.count()


class TestExhibitUpdateApi(ManagedByLegal, ExhibitObject, ScopedRouteTests):
    url_name = "exhibit-detail"
    method = "patch"

    def payload(self, obj):
        return {"physical_ready": True}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not Exhibit.objects.get().physical_ready


class TestExhibitDeleteApi(ManagedByLegal, ExhibitObject, ScopedRouteTests):
    url_name = "exhibit-detail"
    kind = "delete"
    method = "delete"
    ok_status = (204,)

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert not Exhibit.objects.exists()

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Exhibit.objects.count() == 1
