"""The scoping test base on every inventory page: anonymous, wrong role, out of region, in region."""

import pytest

from accounts.choices import Role
from inventory.models import Evidence, Problem, ProblemComment
from inventory.previews import make_preview
from regions.models import Region
from tests.inventory.factories import (
    DEFAULT_REGION,
    ProblemFactory,
    evidence_dir,
    jpeg_bytes,
    make_evidence,
    opened_by,
    uploaded,
)
from tests.scoping.base import ScopedRouteTests

__all__ = ["evidence_dir"]


class EvidenceStorage:
    """Evidence files of these tests go to a temporary folder."""

    @pytest.fixture(autouse=True)
    def _storage(self, evidence_dir):
        return evidence_dir


class ProblemObject:
    def make_object(self, make_user):
        return ProblemFactory()

    def url_args(self, obj):
        return [obj.pk]


class EvidenceObject(EvidenceStorage):
    def make_object(self, make_user):
        return make_evidence()

    def url_args(self, obj):
        return [obj.pk]


class TestProblemListPage(ScopedRouteTests):
    url_name = "problem_list"
    kind = "list"
    role = Role.PPK

    def make_object(self, make_user):
        return ProblemFactory(title="Scoped problem in Pantai Cermin")

    def listed(self, response, obj):
        return obj.title in response.content.decode()


class TestProblemDetailPage(ProblemObject, ScopedRouteTests):
    url_name = "problem_detail"
    role = Role.PPK


class TestProblemCreatePage(ScopedRouteTests):
    url_name = "problem_create"
    kind = "create"
    method = "post"
    role = Role.PPK
    wrong_role = Role.VIEWER
    ok_status = (302,)

    def payload(self, obj):
        from inventory.models import Category

        return {
            "title": "Ballots short at TPS 001",
            "region": DEFAULT_REGION,
            "stage": "penghitungan",
            "category": Category.objects.get(slug="lainnya").pk,
            "source": "internal",
            "description": "Twenty ballots short.",
            "follow_up": "none",
            "risk": "low",
        }

    def stored_count(self):
        return Problem.objects.count()


class TestProblemCreateForm(ScopedRouteTests):
    """The empty form itself: refused to roles that cannot edit the inventory anywhere."""

    url_name = "problem_create"
    role = Role.PPK
    wrong_role = Role.VIEWER

    def test_out_of_region(self, client, make_user):
        pytest.skip("the empty form shows nothing of any region")


class TestProblemUpdatePage(ProblemObject, ScopedRouteTests):
    url_name = "problem_update"
    role = Role.PPK
    wrong_role = Role.VIEWER


class TestProblemUpdatePost(ProblemObject, ScopedRouteTests):
    url_name = "problem_update"
    method = "post"
    role = Role.PPK
    wrong_role = Role.VIEWER
    ok_status = (302,)

    def payload(self, obj):
        return {
            "title": "Renamed",
            "region": obj.region_id,
            "stage": obj.stage,
            "category": obj.category_id,
            "source": obj.source,
            "description": obj.description,
            "follow_up": obj.follow_up,
            "risk": obj.risk,
        }

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not Problem.objects.filter(title="Renamed").exists()


class TestProblemStatus(ProblemObject, ScopedRouteTests):
    url_name = "problem_status"
    method = "post"
    role = Role.PPK
    wrong_role = Role.VIEWER
    ok_status = (302,)

    def payload(self, obj):
        return {"status": "in_progress"}

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert Problem.objects.filter(status="in_progress").count() == 1

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not Problem.objects.filter(status="in_progress").exists()


class TestProblemComment(ProblemObject, ScopedRouteTests):
    url_name = "problem_comment"
    kind = "create"
    method = "post"
    role = Role.VIEWER  # everyone who can see a problem may comment on it
    ok_status = (302,)

    def payload(self, obj):
        return {"body": "Checked the C.Hasil with the PPS."}

    def stored_count(self):
        return ProblemComment.objects.count()


class TestEvidenceUploadPage(EvidenceStorage, ScopedRouteTests):
    url_name = "evidence_upload"
    kind = "create"
    method = "post"
    role = Role.PPK
    wrong_role = Role.VIEWER
    ok_status = (200, 302)

    def payload(self, obj):
        return {
            "kind": "photo",
            "region": DEFAULT_REGION,
            "files": [uploaded(jpeg_bytes(4242), "tps001.jpg", "image/jpeg")],
        }

    def stored_count(self):
        return Evidence.objects.count()


class TestEvidenceUploadForProblem(EvidenceStorage, ProblemObject, ScopedRouteTests):
    """Uploading for a problem: the problem itself must be in reach (else 404), whatever the region typed."""

    url_name = "evidence_upload"
    kind = "create"
    method = "post"
    role = Role.PPK
    wrong_role = Role.VIEWER
    ok_status = (302,)

    def url_args(self, obj):
        return []

    def payload(self, obj):
        return {
            "kind": "photo",
            "region": obj.region_id,
            "problem": obj.pk,
            "files": [uploaded(jpeg_bytes(4343), "tps001.jpg", "image/jpeg")],
        }

    def stored_count(self):
        return Evidence.objects.filter(problems__isnull=False).count()


class TestEvidenceDetailPage(EvidenceObject, ScopedRouteTests):
    url_name = "evidence_detail"
    role = Role.PPK


class TestEvidenceVerify(EvidenceObject, ScopedRouteTests):
    url_name = "evidence_verify"
    method = "post"
    role = Role.TECHNICAL
    wrong_role = Role.PPK
    in_region = "13.02"
    out_region = "13.01"
    ok_status = (302,)

    def payload(self, obj):
        return {"decision": "verify"}

    def client_for(self, client, user):
        # Verifying needs the file opened first; for the wrong role or region the record changes nothing.
        for evidence in Evidence.objects.all():
            opened_by(evidence, user)
        return super().client_for(client, user)

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert Evidence.objects.get().verification == "verified"

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert Evidence.objects.get().verification == "pending"


class TestEvidenceCertified(EvidenceObject, ScopedRouteTests):
    url_name = "evidence_certified"
    method = "post"
    role = Role.LEGAL
    wrong_role = Role.TECHNICAL
    in_region = "13.02"
    out_region = "13.01"
    ok_status = (302,)

    def payload(self, obj):
        return {"certified": "on"}

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert Evidence.objects.get().certified_copy

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not Evidence.objects.get().certified_copy


class TestEvidenceDownload(EvidenceObject, ScopedRouteTests):
    url_name = "evidence_download"
    role = Role.KPPS
    in_region = DEFAULT_REGION
    out_region = "13.02.03.2002.002"

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not Evidence.objects.get().downloads.exists()


class TestEvidencePreview(EvidenceObject, ScopedRouteTests):
    url_name = "evidence_preview"
    role = Role.KPPS
    in_region = DEFAULT_REGION
    out_region = "13.02.03.2002.002"

    def make_object(self, make_user):
        evidence = make_evidence()
        assert make_preview(evidence)
        return Evidence.objects.get(pk=evidence.pk)


class TestEvidenceCoveragePage(ScopedRouteTests):
    url_name = "evidence_coverage"
    role = Role.PPS
    in_region = "13.02.03.2002"
    out_region = "13.02.03.2001"

    def make_object(self, make_user):
        return Region.objects.get(code="13.02.03.2002")

    def url_args(self, obj):
        return [obj.code]
