"""The scoping test base on every inventory API route: anonymous, wrong role, out of region, in region."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.choices import Role
from elections.choices import Stage
from inventory.choices import EvidenceKind, Status
from inventory.models import Category, Evidence, Problem, ProblemComment
from tests.inventory.factories import ProblemFactory, evidence_dir, jpeg_bytes, make_evidence, opened_by
from tests.scoping.base import ScopedRouteTests

__all__ = ["evidence_dir"]

TPS = "13.02.03.2002.001"


@pytest.fixture(autouse=True)
def _fast(settings, evidence_dir):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class NationalReferenceData:
    """Reference data every signed-in user reads, wherever they work: out of region still sees it."""

    wrong_role = None

    def test_out_of_region(self, client, make_user):
        obj = self.make_object(make_user)
        response = self.call(self.client_for(client, make_user(self.role, self.out_region)), obj)
        assert response.status_code == 200
        if self.kind == "list":
            assert self.listed(response, obj)


class ProblemObject:
    api = True
    role = Role.PPK

    def make_object(self, make_user):
        return ProblemFactory(region_id=TPS, title="Kotak suara dibuka")

    def url_args(self, obj):
        return [obj.pk]


class TestProblemListApi(ProblemObject, ScopedRouteTests):
    url_name = "problem-list"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return obj.pk in [p["id"] for p in response.json()["results"]]


class TestProblemDetailApi(ProblemObject, ScopedRouteTests):
    url_name = "problem-detail"


class TestProblemCreateApi(ProblemObject, ScopedRouteTests):
    url_name = "problem-list"
    kind = "create"
    method = "post"
    wrong_role = Role.VIEWER
    ok_status = (201,)

    def make_object(self, make_user):
        return None

    def url_args(self, obj):
        return []

    def payload(self, obj):
        return {
            "region": TPS,
            "stage": Stage.PEMUNGUTAN,
            "category": "lainnya",
            "title": "Surat suara tertukar",
            "description": "Ballots of another dapil were delivered.",
            "source": "internal",
            "follow_up": "none",
        }

    def stored_count(self):
        return Problem.objects.count()


class TestProblemUpdateApi(ProblemObject, ScopedRouteTests):
    url_name = "problem-detail"
    method = "patch"
    wrong_role = Role.VIEWER

    def payload(self, obj):
        return {"title": "Corrected"}

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert Problem.objects.get().title == "Corrected"

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Problem.objects.get().title == "Kotak suara dibuka"


class TestProblemStatusApi(ProblemObject, ScopedRouteTests):
    url_name = "problem-status"
    method = "post"
    wrong_role = Role.VIEWER

    def payload(self, obj):
        return {"status": Status.IN_PROGRESS}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Problem.objects.get().status == Status.NEW


class TestProblemCommentsApi(ProblemObject, ScopedRouteTests):
    url_name = "problem-comments"


class TestProblemCommentAddApi(ProblemObject, ScopedRouteTests):
    url_name = "problem-comments"
    kind = "create"
    method = "post"
    ok_status = (201,)

    def payload(self, obj):
        return {"body": "Checked with the PPS."}

    def stored_count(self):
        return ProblemComment.objects.count()


class EvidenceObject:
    api = True
    role = Role.PPK

    def make_object(self, make_user):
        return make_evidence(TPS)

    def url_args(self, obj):
        return [obj.pk]


class TestEvidenceListApi(EvidenceObject, ScopedRouteTests):
    url_name = "evidence-list"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return obj.pk in [e["id"] for e in response.json()["results"]]


class TestEvidenceDetailApi(EvidenceObject, ScopedRouteTests):
    url_name = "evidence-detail"


class TestEvidenceUploadApi(EvidenceObject, ScopedRouteTests):
    url_name = "evidence-list"
    kind = "create"
    method = "post"
    role = Role.KPPS
    in_region = TPS
    out_region = "13.02.04.2001.001"
    wrong_role = Role.VIEWER
    ok_status = (201,)

    def make_object(self, make_user):
        return None

    def url_args(self, obj):
        return []

    def call(self, client, obj):
        photo = SimpleUploadedFile("foto-tps.jpg", jpeg_bytes(99), content_type="image/jpeg")
        return client.post(
            reverse(self.url_name), {"file": photo, "kind": EvidenceKind.PHOTO, "region": TPS}, format="multipart"
        )

    def stored_count(self):
        return Evidence.objects.count()


class VerifiableEvidence(EvidenceObject):
    role = Role.TECHNICAL
    wrong_role = Role.PPK
    in_region = "13.02"
    out_region = "13.01"
    method = "post"


class TestEvidenceVerifyApi(VerifiableEvidence, ScopedRouteTests):
    url_name = "evidence-verify"

    def payload(self, obj):
        return {"verified": True}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Evidence.objects.get().verification == "pending"

    def test_in_region(self, client, make_user):
        """A verifier in reach, who opened the file first (verifying requires it)."""
        evidence = self.make_object(make_user)
        verifier = make_user(self.role, self.in_region)
        response = self.call(self.client_for(client, verifier), opened_by(evidence, verifier))
        assert response.status_code == 200, response.content[:500]
        assert Evidence.objects.get().verification == "verified"


class TestEvidenceCertifiedApi(VerifiableEvidence, ScopedRouteTests):
    url_name = "evidence-certified"
    role = Role.LEGAL
    wrong_role = Role.TECHNICAL

    def payload(self, obj):
        return {"certified": True}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Evidence.objects.get().certified_copy is False


class TestCategoryListApi(NationalReferenceData, ScopedRouteTests):
    url_name = "category-list"
    api = True
    kind = "list"
    role = Role.KPPS
    in_region = TPS
    out_region = "11.01"

    def make_object(self, make_user):
        return Category.objects.get(slug="keberatan-saksi")

    def listed(self, response, obj):
        return obj.slug in [c["slug"] for c in response.json()]


# Spreadsheet import and export pages


class TestProblemExportPage(ScopedRouteTests):
    """A PPK's export never holds another kecamatan's rows (CSV here; both formats: test_spreadsheets)."""

    url_name = "problem_export"
    kind = "list"
    role = Role.PPK

    def make_object(self, make_user):
        return ProblemFactory(region_id=TPS, title="Kotak suara dibuka di Surian")

    def listed(self, response, obj):
        return obj.title in b"".join(response.streaming_content).decode("utf-8-sig")


class TestProblemImportPage(ScopedRouteTests):
    url_name = "problem_import"
    kind = "create"
    method = "post"
    role = Role.PPK
    wrong_role = Role.VIEWER
    ok_status = (302,)

    def payload(self, obj):
        from inventory.spreadsheets import COLUMN_NAMES

        values = {
            "region_code": TPS,
            "stage": Stage.PEMUNGUTAN,
            "category": "lainnya",
            "title": "Imported",
            "description": "From the office spreadsheet.",
            "source": "internal",
        }
        text = ",".join(COLUMN_NAMES) + "\n" + ",".join(values.get(c, "") for c in COLUMN_NAMES) + "\n"
        return {"file": SimpleUploadedFile("inventaris.csv", text.encode(), content_type="text/csv")}

    def stored_count(self):
        return Problem.objects.count()


class TestProblemImportTemplatePage(ScopedRouteTests):
    """The template holds no regional data: anyone who may edit the inventory somewhere gets it."""

    url_name = "problem_import_template"
    role = Role.PPK
    wrong_role = Role.VIEWER

    def test_out_of_region(self, client, make_user):
        response = self.call(self.client_for(client, make_user(self.role, self.out_region)), None)
        assert response.status_code == 200
