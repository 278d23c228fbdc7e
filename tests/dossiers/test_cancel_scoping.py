"""The scoping test base on the cancel route, page and API: anonymous, wrong role, out of region, in
region. A refused cancel leaves the job queued."""

import pytest

from dossiers import services
from dossiers.choices import JobStatus
from dossiers.models import DossierJob
from tests.dossiers.test_pages_scoping import ApiRoute, DossierRoute, JobObject


@pytest.fixture(autouse=True)
def _setting(storage, monkeypatch, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(services, "_enqueue", lambda job: None)


class CancelChecks(JobObject):
    method = "post"

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert DossierJob.objects.get().status == JobStatus.QUEUED

    def test_wrong_role(self, client, make_user):
        super().test_wrong_role(client, make_user)
        assert DossierJob.objects.get().status == JobStatus.QUEUED

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert DossierJob.objects.get().status == JobStatus.CANCELLED


class TestDossierCancelPage(CancelChecks, DossierRoute):
    url_name = "dossier_cancel"
    ok_status = (302,)


class TestDossierCancelApi(CancelChecks, ApiRoute):
    url_name = "dossier-cancel"
    ok_status = (200,)
