"""The scoping test base on every dossier page and API route: anonymous, wrong role, out of region, in region.

A dossier hangs on its subject region, here the Termohon office of the case (KPU Kabupaten Solok,
13.02). The legal division of that office may export; the legal division of the neighbouring regency
(13.01) is out of region, and a viewer of the office is the wrong role (export is not theirs).
"""

import pytest

from accounts.choices import Role
from dossiers import services
from dossiers.choices import DossierKind, JobStatus
from dossiers.models import DossierDownload, DossierJob
from tests.cases.factories import CaseFactory, ClaimFactory
from tests.dossiers.test_api import failed_job, finished_job
from tests.factories import UserFactory
from tests.scoping.base import ScopedRouteTests


@pytest.fixture(autouse=True)
def _setting(storage, monkeypatch, settings):
    """Dossiers in a temporary folder, fast passwords, and no task sent for the jobs requested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(services, "_enqueue", lambda job: None)


class DossierRoute(ScopedRouteTests):
    role = Role.LEGAL
    wrong_role = Role.VIEWER
    in_region = "13.02"
    out_region = "13.01"


class ApiRoute(DossierRoute):
    api = True


def queued_job():
    case = CaseFactory()
    return DossierJob.objects.create(
        kind=DossierKind.BRIEF, case=case, region_id=case.respondent_office_id, requested_by=UserFactory()
    )


class JobObject:
    def make_object(self, make_user):
        return queued_job()

    def url_args(self, obj):
        return [obj.pk]


class FailedJobObject(JobObject):
    def make_object(self, make_user):
        return failed_job()

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert DossierJob.objects.get().status == JobStatus.FAILED

    def test_wrong_role(self, client, make_user):
        super().test_wrong_role(client, make_user)
        assert DossierJob.objects.get().status == JobStatus.FAILED

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert DossierJob.objects.get().status == JobStatus.QUEUED


class FinishedJobObject(JobObject):
    def make_object(self, make_user):
        return finished_job()


class DownloadChecks(FinishedJobObject):
    """A refused download is not a download: nothing is logged."""

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not DossierDownload.objects.exists()

    def test_wrong_role(self, client, make_user):
        super().test_wrong_role(client, make_user)
        assert not DossierDownload.objects.exists()

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert DossierDownload.objects.get().intact


# Pages


class TestDossierListPage(JobObject, DossierRoute):
    url_name = "dossier_list"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return f'id="dossier-{obj.pk}"' in response.content.decode()


class TestDossierListInventoryRequest(DossierRoute):
    """The inventory report form on the list page, for the office's own region."""

    url_name = "dossier_list"
    kind = "create"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"region": "13.02", "risk": "high"}

    def stored_count(self):
        return DossierJob.objects.filter(kind=DossierKind.INVENTORY).count()


class TestCaseDossiersPanel(DossierRoute):
    url_name = "case_dossiers"

    def make_object(self, make_user):
        case = CaseFactory()
        self.job = DossierJob.objects.create(
            kind=DossierKind.BRIEF, case=case, region_id=case.respondent_office_id, requested_by=UserFactory()
        )
        return case

    def url_args(self, obj):
        return [obj.pk]

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        response = self.call(client, self.job.case)
        assert f'id="dossier-{self.job.pk}"' in response.content.decode()


class TestCaseDossierPanel(ScopedRouteTests):
    """The case page's dossier section, which the page loads by htmx: for whoever sees the whole case
    (a viewer of the office too); the request buttons and the case's jobs only where the user may export."""

    url_name = "case_dossier_panel"
    role = Role.VIEWER
    wrong_role = None  # every role reaching the office sees the section; export decides what it holds
    in_region = "13.02"
    out_region = "13.01"

    def make_object(self, make_user):
        case = CaseFactory()
        self.job = DossierJob.objects.create(
            kind=DossierKind.BRIEF, case=case, region_id=case.respondent_office_id, requested_by=UserFactory()
        )
        return case

    def url_args(self, obj):
        return [obj.pk]

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        viewer = self.call(client, self.job.case).content.decode()
        assert 'id="dossiers"' in viewer
        assert 'data-testid="request-' not in viewer and f'id="dossier-{self.job.pk}"' not in viewer
        legal = self.call(self.client_for(client, make_user(Role.LEGAL, self.in_region)), self.job.case)
        assert legal.status_code == 200
        assert 'data-testid="request-brief"' in legal.content.decode()
        assert f'id="dossier-{self.job.pk}"' in legal.content.decode()

    def test_seen_only_through_a_claim(self, client, make_user):
        """A PPK sees the case through a claim in its kecamatan, not the whole case: no section (404)."""
        case = self.make_object(make_user)
        ClaimFactory(case=case, locations=["13.02.03.2002.001"])
        response = self.call(self.client_for(client, make_user(Role.PPK, "13.02.03")), case)
        assert response.status_code == 404


class TestCaseDossiersRequest(DossierRoute):
    url_name = "case_dossiers"
    kind = "create"
    method = "post"
    ok_status = (302,)

    def make_object(self, make_user):
        return CaseFactory()

    def url_args(self, obj):
        return [obj.pk]

    def payload(self, obj):
        return {"kind": DossierKind.EXHIBIT_LIST}

    def stored_count(self):
        return DossierJob.objects.count()


class TestDossierJobRow(JobObject, DossierRoute):
    url_name = "dossier_job"


class TestDossierRetryPage(FailedJobObject, DossierRoute):
    url_name = "dossier_retry"
    method = "post"
    ok_status = (302,)


class TestDossierDownloadPage(DownloadChecks, DossierRoute):
    url_name = "dossier_download"


class TestDossierManifestPage(FinishedJobObject, DossierRoute):
    url_name = "dossier_manifest"


class TestDossierManifestPdfPage(DownloadChecks, DossierRoute):
    url_name = "dossier_manifest_pdf"


# API


class TestDossierListApi(JobObject, ApiRoute):
    url_name = "dossier-list"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return obj.pk in [job["id"] for job in response.json()["results"]]


class TestDossierCreateApi(ApiRoute):
    url_name = "dossier-list"
    kind = "create"
    method = "post"
    ok_status = (202,)

    def make_object(self, make_user):
        return CaseFactory()

    def payload(self, obj):
        return {"kind": DossierKind.BRIEF, "case": obj.pk}

    def stored_count(self):
        return DossierJob.objects.count()


class TestDossierInventoryCreateApi(ApiRoute):
    url_name = "dossier-list"
    kind = "create"
    method = "post"
    ok_status = (202,)

    def payload(self, obj):
        return {"kind": DossierKind.INVENTORY, "region": "13.02"}

    def stored_count(self):
        return DossierJob.objects.count()


class TestDossierDetailApi(JobObject, ApiRoute):
    url_name = "dossier-detail"


class TestDossierRetryApi(FailedJobObject, ApiRoute):
    url_name = "dossier-retry"
    method = "post"
    ok_status = (202,)


class TestDossierDownloadApi(DownloadChecks, ApiRoute):
    url_name = "dossier-download"


class TestDossierManifestApi(FinishedJobObject, ApiRoute):
    url_name = "dossier-manifest"


class TestDossierManifestPdfApi(DownloadChecks, ApiRoute):
    url_name = "dossier-manifest-pdf"
