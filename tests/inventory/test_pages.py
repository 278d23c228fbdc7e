"""The inventory pages: filters, scoping of lists and counts, forms with service errors, uploads through
the page, hash-checked downloads, history, and pinned query counts."""

import hashlib
import logging
import struct

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from elections.choices import Stage
from inventory.choices import EvidenceKind, Risk, Status, Verification
from inventory.models import Category, Evidence, EvidenceDownload, Problem, ProblemComment
from inventory.previews import make_preview
from inventory.storage import evidence_storage
from tests.inventory.factories import (
    ProblemFactory,
    evidence_dir,
    jpeg_bytes,
    make_evidence,
    opened_by,
    pdf_bytes,
    uploaded,
)

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]

TPS = "13.02.03.2002.001"  # Pantai Cermin (13.02.03)
OTHER_TPS = "13.02.04.2001.001"  # Lembah Gumanti (13.02.04)


@pytest.fixture(autouse=True)
def _setup(settings, evidence_dir):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def ppk(make_user):
    return make_user(Role.PPK, "13.02.03", username="ppk.pantai.cermin")


@pytest.fixture
def ppk_client(client, ppk):
    client.force_login(ppk)
    return client


def elf_bytes() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + struct.pack("<HHI", 2, 62, 1) + b"\x00" * 200


def page(response) -> str:
    return response.content.decode()


def stored_files(directory) -> list:
    return [p for p in directory.rglob("*") if p.is_file()]


# The problem list ---------------------------------------------------------------------------------


def test_filters_narrow_the_list(ppk_client):
    counting = ProblemFactory(title="Tally mismatch", stage=Stage.PENGHITUNGAN, risk=Risk.HIGH)
    ProblemFactory(title="Late logistics", stage=Stage.LOGISTIK, risk=Risk.LOW, status=Status.RESOLVED)
    ProblemFactory(title="Voter list gap", stage=Stage.DPT, region_id="13.02.03.2001.001", description="DPT sync")
    make_evidence(problem=counting)
    Evidence.objects.update(verification=Verification.VERIFIED)
    url = reverse("problem_list")

    def titles(**params):
        html = page(ppk_client.get(url, params))
        return {t for t in ("Tally mismatch", "Late logistics", "Voter list gap") if t in html}

    assert titles() == {"Tally mismatch", "Late logistics", "Voter list gap"}
    assert titles(stage=Stage.LOGISTIK) == {"Late logistics"}
    assert titles(risk=Risk.HIGH) == {"Tally mismatch"}
    assert titles(status=Status.RESOLVED) == {"Late logistics"}
    assert titles(region="13.02.03.2001") == {"Voter list gap"}
    assert titles(q="dpt sync") == {"Voter list gap"}
    assert titles(verified_evidence="true") == {"Tally mismatch"}
    assert titles(verified_evidence="false") == {"Late logistics", "Voter list gap"}
    assert titles(category="lainnya", stage=Stage.DPT) == {"Voter list gap"}
    response = ppk_client.get(url, {"stage": Stage.LOGISTIK})
    assert "1 problem" in page(response)
    assert 'data-status="resolved">' in page(response)


def test_list_sorts_by_risk(ppk_client):
    ProblemFactory(title="Low one", risk=Risk.LOW)
    ProblemFactory(title="High one", risk=Risk.HIGH)
    ProblemFactory(title="Medium one", risk=Risk.MEDIUM)
    html = page(ppk_client.get(reverse("problem_list"), {"ordering": "risk"}))
    assert html.index("High one") < html.index("Medium one") < html.index("Low one")


def test_ppk_never_sees_another_kecamatan_in_list_or_counts(ppk_client):
    for i in range(3):
        ProblemFactory(title=f"Mine {i}", region_id=TPS)
    for i in range(2):
        ProblemFactory(title=f"Theirs {i}", region_id=OTHER_TPS, status=Status.RESOLVED)
    for params in ({}, {"region": "13.02.04"}, {"region": "13.02"}, {"q": "Theirs"}, {"status": Status.RESOLVED}):
        html = page(ppk_client.get(reverse("problem_list"), params))
        results = html.split('data-testid="counts"')[1].split("</main>")[0]  # counts and table only
        assert "Theirs" not in results
        assert "13.02.04.2001" not in results
    html = page(ppk_client.get(reverse("problem_list")))
    assert '<strong data-testid="total">3 problems</strong>' in html
    assert 'data-status="resolved">Resolved (selesai): 0<' in html
    assert 'data-status="new">New (baru): 3<' in html


def test_list_paginates_at_fifty(ppk_client):
    ProblemFactory.create_batch(55)
    first = page(ppk_client.get(reverse("problem_list")))
    assert first.count('data-problem="') == 50
    assert "1 / 2" in first
    second = page(ppk_client.get(reverse("problem_list"), {"page": 2}))
    assert second.count('data-problem="') == 5


def test_export_links_appear_only_with_the_export_route(ppk_client):
    from django.urls import NoReverseMatch

    html = page(ppk_client.get(reverse("problem_list"), {"stage": Stage.DPT}))
    try:
        reverse("problem_export")
    except NoReverseMatch:
        assert 'data-testid="export-csv"' not in html
    else:
        assert 'data-testid="export-csv"' in html
        assert "stage=dpt" in html.split('data-testid="export-csv"')[0].rsplit("href=", 1)[1]


# Create and edit ----------------------------------------------------------------------------------


def problem_form(**overrides):
    data = {
        "title": "Ballots short at TPS 001",
        "region": TPS,
        "stage": Stage.PENGHITUNGAN,
        "category": Category.objects.get(slug="lainnya").pk,
        "source": "witness",
        "description": "Twenty ballots short.",
        "follow_up": "recount",
        "risk": Risk.MEDIUM,
        "occurred_at": "2024-02-14T13:30",
        "affected_votes": "20",
    }
    data.update(overrides)
    return data


def test_ppk_creates_a_problem_at_a_tps(ppk_client, ppk):
    form = page(ppk_client.get(reverse("problem_create")))
    assert 'data-picker="region"' in form  # searched by name (static/js/picker.js), so a text keyboard
    assert f'<option value="{TPS}">' in form  # the TPS of their kecamatan are suggested
    assert "13.02.04" not in form
    response = ppk_client.post(reverse("problem_create"), problem_form())
    problem = Problem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("problem_detail", args=[problem.pk])
    assert problem.region_id == TPS
    assert problem.reported_by == ppk
    assert problem.affected_votes == 20
    assert problem.occurred_at.isoformat().startswith("2024-02-14T06:30")  # 13:30 WIB, stored in UTC


@pytest.mark.parametrize(
    "region, message",
    [(OTHER_TPS, "Unknown region code"), ("99.99.99", "Unknown region code"), ("", "This field is required")],
)
def test_create_with_a_bad_region_shows_an_error_and_stores_nothing(ppk_client, region, message):
    response = ppk_client.post(reverse("problem_create"), problem_form(region=region))
    assert response.status_code == 200
    assert message in page(response)
    assert "is-invalid" in page(response)
    assert not Problem.objects.exists()


def test_service_refusal_is_shown_next_to_its_field(ppk_client, make_user):
    """Also: a name nobody has reads exactly like someone who may not see the region (no user enumeration)."""
    unknown = ppk_client.post(reverse("problem_create"), problem_form(assignee="someone.else")).context["form"].errors
    make_user(Role.PPK, "13.02.04", username="someone.else")
    response = ppk_client.post(reverse("problem_create"), problem_form(assignee="someone.else"))
    html = page(response)
    assert response.status_code == 200
    message = "someone.else is not an active user who can see this region."
    assert message in html
    assert html.index(message) > html.index('name="assignee"')
    assert unknown == response.context["form"].errors == {"assignee": [message]}
    assert not Problem.objects.exists()


def test_viewer_may_not_open_the_create_form(client, make_user):
    client.force_login(make_user(Role.VIEWER, "13.02.03"))
    assert client.get(reverse("problem_create")).status_code == 403


def test_edit_then_detail_shows_the_history(ppk_client, ppk):
    ppk_client.post(reverse("problem_create"), problem_form())
    problem = Problem.objects.get()
    form = page(ppk_client.get(reverse("problem_update", args=[problem.pk])))
    assert 'value="2024-02-14T13:30"' in form
    response = ppk_client.post(
        reverse("problem_update", args=[problem.pk]),
        problem_form(title="Ballots short, confirmed", risk=Risk.HIGH),
    )
    assert response.status_code == 302
    html = page(ppk_client.get(reverse("problem_detail", args=[problem.pk])))
    timeline = html.split('data-testid="timeline"')[1].split("</ol>")[0]
    assert "Problem recorded" in timeline
    assert "Changed" in timeline
    assert "Ballots short at TPS 001" in timeline  # old title
    assert "Ballots short, confirmed" in timeline  # new title
    assert "Medium (sedang)" in timeline
    assert "High (tinggi)" in timeline
    assert str(ppk) in timeline


# Detail, status, comments ------------------------------------------------------------------------


def test_ready_is_refused_with_its_reasons_then_allowed(ppk_client, make_user, client):
    problem = ProblemFactory(status=Status.RESOLVED)
    html = page(ppk_client.get(reverse("problem_detail", args=[problem.pk])))
    assert 'data-testid="ready-blockers"' in html
    assert "verified piece of evidence" in html
    response = ppk_client.post(reverse("problem_status", args=[problem.pk]), {"status": Status.READY}, follow=True)
    alerts = page(response).split('data-testid="ready-blockers"')[0]
    assert 'class="alert alert-danger"' in alerts
    assert "verified piece of evidence" in alerts.split('class="alert alert-danger"')[1]
    problem.refresh_from_db()
    assert problem.status == Status.RESOLVED
    evidence = make_evidence(problem=problem)
    Evidence.objects.filter(pk=evidence.pk).update(verification=Verification.VERIFIED)
    response = ppk_client.post(reverse("problem_status", args=[problem.pk]), {"status": Status.READY}, follow=True)
    assert "Status is now: Ready (siap)." in page(response)
    problem.refresh_from_db()
    assert problem.status == Status.READY


def test_comment_is_added_and_shown(ppk_client, ppk):
    problem = ProblemFactory()
    response = ppk_client.post(reverse("problem_comment", args=[problem.pk]), {"body": "Called the PPS."}, follow=True)
    assert "Called the PPS." in page(response)
    assert ProblemComment.objects.get().author == ppk


def test_detail_only_shows_evidence_in_reach(client, make_user):
    problem = ProblemFactory(region_id="13.02.03.2002")
    make_evidence(TPS, problem=problem, name="mine.jpg")
    make_evidence("13.02.03.2001.001", problem=problem, name="next-village.jpg")
    client.force_login(make_user(Role.PPS, "13.02.03.2002"))
    html = page(client.get(reverse("problem_detail", args=[problem.pk])))
    assert "mine.jpg" in html
    assert "next-village.jpg" not in html


# Uploads through the page -------------------------------------------------------------------------


def test_upload_a_pdf_and_a_jpeg_then_see_their_hashes(ppk_client, ppk, evidence_dir):
    problem = ProblemFactory()
    pdf, jpeg = pdf_bytes("C.Hasil TPS 001"), jpeg_bytes(7)
    url = reverse("evidence_upload") + f"?problem={problem.pk}&region={TPS}"
    form = page(ppk_client.get(url))
    assert 'name="files"' in form and "multiple" in form
    assert 'capture="environment"' in form
    assert f'value="{TPS}"' in form
    response = ppk_client.post(
        url,
        {
            "kind": EvidenceKind.C_HASIL,
            "region": TPS,
            "problem": problem.pk,
            "description": "Scan and photo of the tally",
            "files": [uploaded(pdf, "c-hasil.pdf", "application/pdf"), uploaded(jpeg, "c-hasil.jpg", "image/jpeg")],
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("problem_detail", args=[problem.pk]))
    stored = {e.original_name: e for e in Evidence.objects.all()}
    assert set(stored) == {"c-hasil.pdf", "c-hasil.jpg"}
    assert stored["c-hasil.pdf"].mime_type == "application/pdf"
    assert stored["c-hasil.jpg"].uploaded_by == ppk
    assert {p.pk for p in stored["c-hasil.pdf"].problems.all()} == {problem.pk}
    html = page(ppk_client.get(response["Location"]))
    for content in (pdf, jpeg):
        assert hashlib.sha256(content).hexdigest() in html
    assert "Evidence uploaded" in html  # in the timeline
    assert len(stored_files(evidence_dir)) == 2


def test_a_refused_file_shows_its_reason_and_stores_nothing(ppk_client, evidence_dir):
    problem = ProblemFactory()
    response = ppk_client.post(
        reverse("evidence_upload"),
        {
            "kind": EvidenceKind.PHOTO,
            "region": TPS,
            "problem": problem.pk,
            "files": [uploaded(elf_bytes(), "photo.jpg", "image/jpeg")],
        },
    )
    html = page(response)
    assert response.status_code == 200
    assert 'data-outcome="refused"' in html
    refusal = html.split('data-testid="refusal">')[1].split("</div>")[0]
    assert "photo.jpg" in refusal
    assert "accepted" in refusal
    assert not Evidence.objects.exists()
    assert stored_files(evidence_dir) == []


def test_one_bad_file_does_not_stop_the_good_ones(ppk_client, evidence_dir):
    response = ppk_client.post(
        reverse("evidence_upload"),
        {
            "kind": EvidenceKind.PHOTO,
            "region": TPS,
            "files": [
                uploaded(jpeg_bytes(1), "good.jpg"),
                uploaded(b"", "empty.jpg"),
                uploaded(jpeg_bytes(2), "b.jpg"),
            ],
        },
    )
    html = page(response)
    assert html.count('data-outcome="stored"') == 2
    assert html.count('data-outcome="refused"') == 1
    assert "empty.jpg is empty" in html
    assert Evidence.objects.count() == 2
    assert len(stored_files(evidence_dir)) == 2


def test_the_same_file_twice_is_linked_not_stored_twice(ppk_client):
    first, second = ProblemFactory(), ProblemFactory()
    content = jpeg_bytes(99)
    make_evidence(TPS, problem=first, content=content, name="original.jpg")
    response = ppk_client.post(
        reverse("evidence_upload"),
        {"kind": EvidenceKind.PHOTO, "region": TPS, "problem": second.pk, "files": [uploaded(content, "again.jpg")]},
        follow=True,
    )
    assert "already stored here as original.jpg" in page(response)
    evidence = Evidence.objects.get()
    assert {p.pk for p in evidence.problems.all()} == {first.pk, second.pk}


def test_too_many_files_are_refused_before_anything_is_stored(ppk_client, settings):
    settings.EVIDENCE_MAX_FILES = 2
    files = [uploaded(jpeg_bytes(i), f"p{i}.jpg") for i in range(3)]
    response = ppk_client.post(reverse("evidence_upload"), {"kind": EvidenceKind.PHOTO, "region": TPS, "files": files})
    assert "At most 2 files at once" in page(response)
    assert not Evidence.objects.exists()


def test_upload_into_another_kecamatan_is_refused(ppk_client):
    response = ppk_client.post(
        reverse("evidence_upload"),
        {"kind": EvidenceKind.PHOTO, "region": OTHER_TPS, "files": [uploaded(jpeg_bytes(5), "x.jpg")]},
    )
    assert "Unknown region code" in page(response)
    assert not Evidence.objects.exists()


def test_corrected_version_keeps_the_old_one(ppk_client):
    problem = ProblemFactory()
    old = make_evidence(TPS, kind=EvidenceKind.C_HASIL, problem=problem, name="c-hasil.jpg")
    detail = page(ppk_client.get(reverse("evidence_detail", args=[old.pk])))
    assert 'data-testid="correction-form"' in detail
    response = ppk_client.post(
        reverse("evidence_upload"),
        {
            "replaces": old.pk,
            "kind": old.kind,
            "region": TPS,
            "files": [uploaded(pdf_bytes("corrected"), "c-hasil-fixed.pdf")],
        },
    )
    new = Evidence.objects.get(replaces=old)
    assert response.status_code == 302
    assert response["Location"] == reverse("evidence_detail", args=[new.pk])
    assert new.version == 2
    assert {p.pk for p in new.problems.all()} == {problem.pk}
    html = page(ppk_client.get(reverse("evidence_detail", args=[new.pk])))
    assert 'data-testid="versions"' in html
    assert reverse("evidence_detail", args=[old.pk]) in html
    old_page = page(ppk_client.get(reverse("evidence_detail", args=[old.pk])))
    assert "superseded by a newer version" in old_page
    assert 'data-testid="correction-form"' not in old_page
    # The problem lists the current version only.
    problem_page = page(ppk_client.get(reverse("problem_detail", args=[problem.pk])))
    assert "c-hasil-fixed.pdf" in problem_page
    assert f'data-evidence="{old.pk}"' not in problem_page


# Verification and certified copies ------------------------------------------------------------------


def test_verify_and_reject_through_the_page(client, make_user, ppk):
    evidence = make_evidence(uploaded_by=ppk)
    technical = make_user(Role.TECHNICAL, "13.02")
    client.force_login(technical)
    html = page(client.get(reverse("evidence_detail", args=[evidence.pk])))
    assert 'data-testid="verify-form"' in html
    response = client.post(reverse("evidence_verify", args=[evidence.pk]), {"decision": "verify"}, follow=True)
    assert "Open the file" in page(response)  # never opened: refused, whatever the decision
    opened_by(evidence, technical)
    response = client.post(reverse("evidence_verify", args=[evidence.pk]), {"decision": "reject"}, follow=True)
    assert "Say why the evidence is rejected." in page(response)
    evidence.refresh_from_db()
    assert evidence.verification == Verification.PENDING
    client.post(reverse("evidence_verify", args=[evidence.pk]), {"decision": "reject", "reason": "Blurred"})
    evidence.refresh_from_db()
    assert (evidence.verification, evidence.rejection_reason) == (Verification.REJECTED, "Blurred")
    client.post(reverse("evidence_verify", args=[evidence.pk]), {"decision": "verify"})
    evidence.refresh_from_db()
    assert evidence.verification == Verification.VERIFIED
    assert evidence.verified_by == technical


def test_nobody_verifies_their_own_upload(client, make_user):
    technical = make_user(Role.TECHNICAL, "13.02")
    evidence = make_evidence(uploaded_by=technical)
    client.force_login(technical)
    html = page(client.get(reverse("evidence_detail", args=[evidence.pk])))
    assert 'data-testid="verify-form"' not in html
    response = client.post(reverse("evidence_verify", args=[evidence.pk]), {"decision": "verify"}, follow=True)
    assert "Nobody verifies their own upload" in page(response)
    evidence.refresh_from_db()
    assert evidence.verification == Verification.PENDING


def test_ppk_sees_no_verify_or_certified_forms(ppk_client):
    evidence = make_evidence()
    html = page(ppk_client.get(reverse("evidence_detail", args=[evidence.pk])))
    assert 'data-testid="verify-form"' not in html
    assert 'data-testid="certified-form"' not in html


def test_legal_marks_a_certified_copy(client, make_user):
    evidence = make_evidence()
    client.force_login(make_user(Role.LEGAL, "13.02"))
    client.post(reverse("evidence_certified", args=[evidence.pk]), {"certified": "on"})
    evidence.refresh_from_db()
    assert evidence.certified_copy
    client.post(reverse("evidence_certified", args=[evidence.pk]), {})
    evidence.refresh_from_db()
    assert not evidence.certified_copy


# Downloads and previews ---------------------------------------------------------------------------


def test_download_returns_the_bytes_and_is_logged(ppk_client, ppk):
    content = pdf_bytes("Berita acara")
    evidence = make_evidence(kind=EvidenceKind.BERITA_ACARA, content=content, name="berita acara.pdf")
    response = ppk_client.get(reverse("evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="berita acara.pdf"' in response["Content-Disposition"]
    log = EvidenceDownload.objects.get()
    assert (log.evidence, log.user, log.intact) == (evidence, ppk, True)
    html = page(ppk_client.get(reverse("evidence_detail", args=[evidence.pk])))
    assert '<dd class="col-sm-8" data-testid="downloads">1' in html


def test_a_tampered_file_is_not_served(ppk_client, ppk, caplog):
    content = jpeg_bytes(31)
    evidence = make_evidence(content=content)
    path = evidence_storage().path(evidence.file.name)
    with open(path, "r+b") as stored:
        stored.seek(100)
        stored.write(b"\x00\x01\x02")
    with caplog.at_level(logging.ERROR):
        response = ppk_client.get(reverse("evidence_download", args=[evidence.pk]))
    assert response.status_code == 409
    html = page(response)
    assert "no longer matches its fingerprint" in html
    assert "The office has been alerted." in html
    assert content[:50] not in response.content
    log = EvidenceDownload.objects.get()
    assert (log.user, log.intact) == (ppk, False)
    critical = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    assert critical and evidence.sha256 in critical[0].getMessage()


def test_a_missing_file_is_reported_not_served(ppk_client):
    evidence = make_evidence()
    evidence_storage().delete(evidence.file.name)
    response = ppk_client.get(reverse("evidence_download", args=[evidence.pk]))
    assert response.status_code == 409
    assert not EvidenceDownload.objects.get().intact


def test_preview_is_served_when_made_and_404_before(ppk_client):
    evidence = make_evidence()
    assert ppk_client.get(reverse("evidence_preview", args=[evidence.pk])).status_code == 404
    assert make_preview(evidence)
    response = ppk_client.get(reverse("evidence_preview", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    detail = page(ppk_client.get(reverse("problem_detail", args=[ProblemFactory().pk])))
    assert "evidence_preview" not in detail


# Evidence coverage --------------------------------------------------------------------------------


def test_coverage_of_a_village_shows_tps_without_c_hasil(ppk_client):
    make_evidence("13.02.03.2002.001", kind=EvidenceKind.C_HASIL)
    make_evidence("13.02.03.2002.001", kind=EvidenceKind.C_HASIL_SALINAN)
    make_evidence("13.02.03.2002.002", kind=EvidenceKind.PHOTO)
    html = page(ppk_client.get(reverse("evidence_coverage", args=["13.02.03.2002"])))
    rows = {
        code: html.split(f'data-region="{code}"')[1].split("</tr>")[0]
        for code in ("13.02.03.2002.001", "13.02.03.2002.002", "13.02.03.2002.003")
    }
    assert 'data-missing="c_hasil"' not in rows["13.02.03.2002.001"]
    assert 'data-missing="c_hasil"' in rows["13.02.03.2002.002"]
    assert 'data-missing="c_hasil_salinan"' in rows["13.02.03.2002.003"]
    assert "kind=c_hasil" in rows["13.02.03.2002.002"]  # a link to upload the missing scan
    assert "2 of 3 lack an expected kind of evidence." in html


def test_coverage_of_a_kecamatan_drills_down_to_villages(ppk_client):
    make_evidence("13.02.03.2002.001", kind=EvidenceKind.C_HASIL)
    html = page(ppk_client.get(reverse("evidence_coverage", args=["13.02.03"])))
    assert reverse("evidence_coverage", args=["13.02.03.2002"]) in html
    assert "13.02.04" not in html.split('data-testid="coverage"')[1]


def test_region_page_links_to_coverage(ppk_client):
    html = page(ppk_client.get(reverse("region_detail", args=["13.02.03.2002"])))
    assert reverse("evidence_coverage", args=["13.02.03.2002"]) in html


# Pinned query counts ------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# A page is read in two steps, its keys and then its rows (core.pagination.TwoStepPaginator): one query more
# than reading the rows at once, and at national scale much cheaper (bench/lists.py).
LIST_QUERIES = 9


def test_problem_list_queries_do_not_grow_with_rows(ppk_client, django_assert_max_num_queries):
    ProblemFactory.create_batch(20)
    url = reverse("problem_list") + "?ordering=risk"
    with_20 = count_queries(ppk_client, url)
    ProblemFactory.create_batch(180)
    with_200 = count_queries(ppk_client, url)
    assert with_20 == with_200
    with django_assert_max_num_queries(LIST_QUERIES):
        ppk_client.get(url)
    with django_assert_max_num_queries(LIST_QUERIES):
        ppk_client.get(reverse("problem_list") + "?verified_evidence=false&region=13.02.03&page=2")


DETAIL_QUERIES = 9


def test_problem_detail_queries_with_twenty_evidence_items(ppk_client, ppk, django_assert_max_num_queries):
    problem = ProblemFactory()
    with_two = [make_evidence(problem=problem, uploaded_by=ppk) for _ in range(2)]
    ppk_client.post(reverse("problem_comment", args=[problem.pk]), {"body": "first"})
    url = reverse("problem_detail", args=[problem.pk])
    few = count_queries(ppk_client, url)
    for _ in range(18):
        make_evidence(problem=problem, uploaded_by=ppk)
    for evidence in [*with_two, *Evidence.objects.all()[:5]]:
        make_preview(evidence)
    many = count_queries(ppk_client, url)
    assert few == many
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = ppk_client.get(url)
    assert page(response).count('data-testid="sha256"') == 20
