"""Verification means looking: the queue of what waits for a verifier, the viewer that opens the file
through the logged download, and the rule that nobody verifies a file they never opened."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from accounts.choices import Role
from core.errors import ApplicationError
from inventory.choices import Verification
from inventory.models import Evidence, EvidenceDownload
from inventory.services import evidence_upload, evidence_verify
from regions.models import Region
from tests.inventory.factories import evidence_dir, make_evidence, pdf_bytes, uploaded
from tests.scoping.base import ScopedRouteTests

__all__ = ["evidence_dir"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _storage(evidence_dir):
    return evidence_dir


def opened(client, evidence):
    """Open the file as the viewer does; the response body is read so the file is served in full."""
    response = client.get(reverse("evidence_download", args=[evidence.pk]) + "?view=1")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    return response


def aged(evidence, days: int) -> Evidence:
    Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=timezone.now() - datetime.timedelta(days=days))
    return evidence


# The rule -------------------------------------------------------------------------------------------


def test_nobody_verifies_a_file_they_never_opened(client, make_user):
    technical = make_user(Role.TECHNICAL, "13.02")
    evidence = make_evidence()
    with override("en"), pytest.raises(ApplicationError, match="Open the file"):
        evidence_verify(actor=technical, evidence=evidence, verified=True)
    with pytest.raises(ApplicationError):
        evidence_verify(actor=technical, evidence=evidence, verified=False, reason="Blurred")
    client.force_login(technical)
    opened(client, evidence)
    assert evidence_verify(actor=technical, evidence=evidence, verified=True).verification == Verification.VERIFIED


def test_a_colleague_opening_it_does_not_count(client, make_user):
    technical, colleague = make_user(Role.TECHNICAL, "13.02"), make_user(Role.TECHNICAL, "13.02")
    evidence = make_evidence()
    client.force_login(colleague)
    opened(client, evidence)
    with pytest.raises(ApplicationError):
        evidence_verify(actor=technical, evidence=evidence, verified=True)


def test_the_viewer_request_is_inline_and_recorded_as_opened(client, make_user):
    technical = make_user(Role.TECHNICAL, "13.02")
    evidence = make_evidence(content=pdf_bytes("Berita acara"), kind="berita_acara")
    client.force_login(technical)
    response = opened(client, evidence)
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == "sandbox"
    download = client.get(reverse("evidence_download", args=[evidence.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    purposes = list(EvidenceDownload.objects.filter(evidence=evidence).order_by("at").values_list("purpose", flat=True))
    assert purposes == [EvidenceDownload.Purpose.VIEW, EvidenceDownload.Purpose.DOWNLOAD]


def test_the_api_refuses_with_the_reason(client, make_user):
    technical = make_user(Role.TECHNICAL, "13.02")
    evidence = make_evidence()
    client.force_login(technical)
    url = reverse("evidence-verify", args=[evidence.pk])
    response = client.post(url, {"verified": True}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Open the file" in response.json()["message"]
    opened(client, evidence)
    response = client.post(url, {"verified": True}, content_type="application/json")
    assert response.status_code == 200 and response.json()["verification"] == "verified"


def test_the_evidence_page_says_the_verifier_opened_it(client, make_user):
    technical = make_user(Role.TECHNICAL, "13.02", username="verifier")
    evidence = make_evidence()
    client.force_login(technical)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch: English pages
    page = client.get(reverse("evidence_detail", args=[evidence.pk])).content.decode()
    assert "Open the file before you verify" in page and reverse("evidence_viewer", args=[evidence.pk]) in page
    opened(client, evidence)
    response = client.post(
        reverse("evidence_verify", args=[evidence.pk]), {"decision": "verify", "next": reverse("verification_queue")}
    )
    assert response["Location"] == reverse("verification_queue")
    page = client.get(reverse("evidence_detail", args=[evidence.pk])).content.decode()
    assert 'data-testid="verifier-opened"' in page and "after opening the file on" in page


def test_verifying_from_the_page_without_opening_says_why(client, make_user):
    client.force_login(make_user(Role.TECHNICAL, "13.02"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch: English pages
    evidence = make_evidence()
    response = client.post(reverse("evidence_verify", args=[evidence.pk]), {"decision": "verify"}, follow=True)
    assert "Open the file" in response.content.decode()
    assert Evidence.objects.get(pk=evidence.pk).verification == Verification.PENDING


# The queue ------------------------------------------------------------------------------------------


def queued(client) -> list[int]:
    response = client.get(reverse("verification_queue"))
    assert response.status_code == 200
    return [e.pk for e in response.context["evidence"]]


def test_the_queue_holds_what_waits_for_me_oldest_first(client, make_user):
    me, colleague = make_user(Role.TECHNICAL, "13.02"), make_user(Role.TECHNICAL, "13.02")
    newest = make_evidence()
    oldest = aged(make_evidence(region_code="13.02.04"), 3)
    middle = aged(make_evidence(), 1)
    mine = aged(make_evidence(uploaded_by=me), 5)
    done = aged(make_evidence(), 4)
    Evidence.objects.filter(pk=done.pk).update(verification=Verification.VERIFIED)
    aged(make_evidence(region_code="13.01.01"), 6)  # outside my reach
    corrected = aged(make_evidence(), 2)
    correction, _created = evidence_upload(
        actor=None,
        file=uploaded(pdf_bytes("correction"), "correction.pdf"),
        kind="c_hasil",
        region=Region.objects.get(code=corrected.region_id),
        replaces=corrected,
    )
    client.force_login(me)
    # Not my own upload, not decided, not outside my reach, not a version since corrected.
    assert queued(client) == [oldest.pk, middle.pk, newest.pk, correction.pk]
    client.force_login(colleague)
    assert mine.pk in queued(client)


def test_the_queue_links_each_file_to_the_viewer(client, make_user):
    client.force_login(make_user(Role.TECHNICAL, "13.02"))
    evidence = make_evidence()
    page = client.get(reverse("verification_queue")).content.decode()
    assert reverse("evidence_viewer", args=[evidence.pk]) in page


def test_the_queue_is_paginated(client, make_user, monkeypatch):
    monkeypatch.setattr("inventory.views_verify.PAGE_SIZE", 2)
    client.force_login(make_user(Role.TECHNICAL, "13.02"))
    for days in (3, 2, 1):
        aged(make_evidence(), days)
    first = client.get(reverse("verification_queue"))
    second = client.get(reverse("verification_queue") + "?page=2")
    assert first.context["page"].paginator.count == 3
    assert len(first.context["evidence"]) == 2 and len(second.context["evidence"]) == 1


def test_the_viewer_locks_the_form_until_the_file_is_shown(client, make_user):
    client.force_login(make_user(Role.TECHNICAL, "13.02"))
    evidence = make_evidence(content=pdf_bytes(), kind="berita_acara")
    page = client.get(reverse("evidence_viewer", args=[evidence.pk])).content.decode()
    assert 'data-kind="pdf"' in page and "data-verify-locked" in page
    assert "download/?view=1" in page and "vendor/pdfjs/pdf.min." in page


def test_pdf_js_is_loaded_only_on_the_viewer(client, make_user):
    client.force_login(make_user(Role.TECHNICAL, "13.02"))
    evidence = make_evidence()
    assert "pdfjs" not in client.get(reverse("evidence_detail", args=[evidence.pk])).content.decode()


# Scoping of the new pages -----------------------------------------------------------------------------


class TestEvidenceListPage(ScopedRouteTests):
    url_name = "evidence_list"
    kind = "list"
    role = Role.PPK

    @pytest.fixture(autouse=True)
    def _files(self, evidence_dir):
        return evidence_dir

    def make_object(self, make_user):
        return make_evidence(name="scoped-list-file.jpg")

    def listed(self, response, obj):
        return obj.original_name in response.content.decode()


class TestVerificationQueuePage(ScopedRouteTests):
    url_name = "verification_queue"
    kind = "list"
    role = Role.TECHNICAL
    wrong_role = Role.PPK
    in_region = "13.02"
    out_region = "13.01"

    @pytest.fixture(autouse=True)
    def _files(self, evidence_dir):
        return evidence_dir

    def make_object(self, make_user):
        return make_evidence(name="scoped-queue-file.jpg")

    def listed(self, response, obj):
        return obj.original_name in response.content.decode()


class TestEvidenceViewerPage(ScopedRouteTests):
    url_name = "evidence_viewer"
    role = Role.PPK

    @pytest.fixture(autouse=True)
    def _files(self, evidence_dir):
        return evidence_dir

    def make_object(self, make_user):
        return make_evidence()

    def url_args(self, obj):
        return [obj.pk]
