"""The scoping test base on every case page: anonymous, wrong role, out of region, in region.

Cases hang on their Termohon office (13.02, Kabupaten Solok): office users are assigned at 13.02 and
the out-of-region ones at the neighbouring regency 13.01. Claims are also seen by the PPK of the
kecamatan they are located in (13.02.03), not by the next kecamatan's (13.02.04)."""

from accounts.choices import Role
from cases.choices import CaseKind, ClaimStatus
from cases.models import Case, Citation, Claim, Counsel, Exhibit, Hearing, RegionPopulation
from tests.cases.factories import (
    CaseFactory,
    CitationFactory,
    ClaimFactory,
    ContestFactory,
    CounselFactory,
    ExhibitFactory,
    ParticipantFactory,
)
from tests.scoping.base import ScopedRouteTests

TPS = "13.02.03.2002.001"


class OfficeRoute(ScopedRouteTests):
    in_region = "13.02"
    out_region = "13.01"


class ManageRoute(OfficeRoute):
    role = Role.LEGAL
    wrong_role = Role.VIEWER


class CaseObject:
    def make_object(self, make_user):
        return CaseFactory()

    def url_args(self, obj):
        return [obj.pk]


class ClaimObject:
    def make_object(self, make_user):
        return ClaimFactory(locations=[TPS])

    def url_args(self, obj):
        return [obj.pk]


class TestCaseListPage(CaseObject, OfficeRoute):
    url_name = "case_list"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return f'data-case="{obj.pk}"' in response.content.decode()


class TestCaseDetailPage(CaseObject, OfficeRoute):
    url_name = "case_detail"


class TestCaseCreatePage(ManageRoute):
    url_name = "case_create"
    kind = "create"
    method = "post"
    ok_status = (302,)

    def make_object(self, make_user):
        contest = ContestFactory()
        return {"contest": contest, "applicant": ParticipantFactory(contest=contest)}

    def payload(self, obj):
        return {
            "register_number": "45/PHPU.BUP-XXIII/2025",
            "kind": CaseKind.PHP_BUPATI,
            "contest": obj["contest"].pk,
            "applicant": obj["applicant"].pk,
            "respondent_office": "13.02",
        }

    def stored_count(self):
        return Case.objects.count()


class TestClaimCreatePage(CaseObject, ManageRoute):
    url_name = "claim_create"
    kind = "create"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"number": "9", "summary": "Suara dipindahkan.", "locations": TPS, "status": ClaimStatus.DRAFT}

    def stored_count(self):
        return Claim.objects.count()


class TestExhibitCreatePage(CaseObject, ManageRoute):
    url_name = "exhibit_create"
    kind = "create"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"description": "Model D.Hasil Kecamatan-KWK Pantai Cermin", "kind": "document"}

    def stored_count(self):
        return Exhibit.objects.count()


class TestExhibitReorder(ManageRoute):
    url_name = "case_exhibit_reorder"
    method = "post"
    ok_status = (302,)

    def make_object(self, make_user):
        case = CaseFactory()
        self.first, self.second = ExhibitFactory(case=case), ExhibitFactory(case=case)
        return case

    def url_args(self, obj):
        return [obj.pk]

    def payload(self, obj):
        return {f"position-{self.first.pk}": "5", f"position-{self.second.pk}": "1"}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        self.first.refresh_from_db()
        assert self.first.sequence == 1


class TestClaimDetailPage(ClaimObject, ScopedRouteTests):
    url_name = "claim_detail"
    role = Role.PPK


class TestClaimDetailPageForTheOffice(ClaimObject, OfficeRoute):
    """The same page seen from the office (13.02) and from the neighbouring regency (13.01)."""

    url_name = "claim_detail"


class TestClaimUpdatePage(ClaimObject, ManageRoute):
    url_name = "claim_update"


class TestClaimFiguresPage(ClaimObject, ManageRoute):
    url_name = "claim_figures"


class TestClaimCite(ManageRoute):
    url_name = "claim_cite"
    method = "post"
    ok_status = (302,)

    def make_object(self, make_user):
        claim = ClaimFactory(locations=[TPS])
        self.exhibit = ExhibitFactory(case=claim.case)
        return claim

    def url_args(self, obj):
        return [obj.pk]

    def payload(self, obj):
        return {"exhibit": self.exhibit.pk}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not Citation.objects.exists()


class TestClaimUncite(ManageRoute):
    url_name = "claim_uncite"
    method = "post"
    ok_status = (302,)

    def make_object(self, make_user):
        return CitationFactory(claim=ClaimFactory(locations=[TPS]))

    def url_args(self, obj):
        return [obj.claim_id]

    def payload(self, obj):
        return {"exhibit": obj.exhibit_id}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Citation.objects.exists()


class TestClaimProblemLink(ManageRoute):
    url_name = "claim_problem"
    method = "post"
    ok_status = (302,)

    def make_object(self, make_user):
        from tests.inventory.factories import ProblemFactory

        claim = ClaimFactory(locations=[TPS])
        self.problem = ProblemFactory(region_id=TPS)
        return claim

    def url_args(self, obj):
        return [obj.pk]

    def payload(self, obj):
        return {"problem": self.problem.pk}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not self.problem.claims.exists()

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert self.problem.claims.exists()


class TestCaseStatusChange(CaseObject, ManageRoute):
    url_name = "case_status"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"status": "answer_filed"}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not Case.objects.filter(status="answer_filed").exists()


class TestHearingCreate(CaseObject, ManageRoute):
    url_name = "hearing_create"
    kind = "create"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"starts_at": "2025-01-14T09:00", "agenda": "evidence"}

    def stored_count(self):
        return Hearing.objects.count()


class TestCasePopulation(CaseObject, ManageRoute):
    url_name = "case_population"
    kind = "create"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"year": 2024, "population": 398_000, "source": "DAK2"}

    def stored_count(self):
        return RegionPopulation.objects.count()


class TestCaseUpdatePage(CaseObject, ManageRoute):
    url_name = "case_update"


class TestCaseUpdatePost(CaseObject, ManageRoute):
    url_name = "case_update"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {
            "register_number": obj.register_number,
            "kind": obj.kind,
            "contest": obj.contest_id,
            "applicant": obj.applicant_id,
            "respondent_office": "13.02",
            "outcome": "none",
            "respondent_chair": "Nofriadi Syahputra, S.H.",
        }

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Case.objects.get().respondent_chair == ""

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert Case.objects.get().respondent_chair == "Nofriadi Syahputra, S.H."


class TestCounselCreate(CaseObject, ManageRoute):
    url_name = "counsel_create"
    kind = "create"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"counsel-name": "Rini Oktaviani, S.H.", "counsel-kind": "advocate"}

    def stored_count(self):
        return Counsel.objects.count()


class CounselObject:
    def make_object(self, make_user):
        return CounselFactory(name="Dr. Arief Wicaksana, S.H., M.H.")

    def url_args(self, obj):
        return [obj.pk]


class TestCounselUpdate(CounselObject, ManageRoute):
    url_name = "counsel_update"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {f"counsel-{obj.pk}-name": "Penyusup", f"counsel-{obj.pk}-kind": "advocate"}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Counsel.objects.get().name == "Dr. Arief Wicaksana, S.H., M.H."

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert Counsel.objects.get().name == "Penyusup"


class TestCounselRemove(CounselObject, ManageRoute):
    url_name = "counsel_remove"
    method = "post"
    ok_status = (302,)

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Counsel.objects.count() == 1

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert not Counsel.objects.exists()


class ExhibitObject:
    def make_object(self, make_user):
        return ExhibitFactory(description="Model C.Hasil-KWK TPS 001")

    def url_args(self, obj):
        return [obj.pk]


class TestExhibitUpdatePage(ExhibitObject, ManageRoute):
    url_name = "exhibit_update"


class TestExhibitUpdatePost(ExhibitObject, ManageRoute):
    url_name = "exhibit_update"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"description": "Diubah", "kind": "document", "presented_as": "original"}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Exhibit.objects.get().description == "Model C.Hasil-KWK TPS 001"

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert Exhibit.objects.get().presented_as == "original"
