"""The inventory API: filters, writes through the services, the error shape, evidence uploads,
four eyes, the siap rule, and pinned query counts."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from elections.choices import ContestType, ElectionKind, Stage
from elections.models import Contest, Election
from inventory.choices import EvidenceKind, Risk, Status, Verification
from inventory.models import Category, Evidence, Problem, ProblemComment
from inventory.storage import evidence_storage
from tests.inventory.factories import (
    ProblemFactory,
    evidence_dir,
    jpeg_bytes,
    make_evidence,
    opened_by,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]

TPS = "13.02.03.2002.001"  # in Pantai Cermin (13.02.03)
OTHER_TPS = "13.02.04.2001.001"  # in Lembah Gumanti (13.02.04)


@pytest.fixture(autouse=True)
def _fast(settings, evidence_dir):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def api():
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def ppk(make_user):
    return make_user(Role.PPK, "13.02.03", username="ppk.pantai.cermin")


@pytest.fixture
def ppk_api(api, ppk):
    api.force_authenticate(ppk)
    return api


def problem_payload(**overrides):
    payload = {
        "region": TPS,
        "stage": Stage.PENGHITUNGAN,
        "category": "keberatan-saksi",
        "title": "Witness objection at TPS 001",
        "description": "The witness objected to the count of invalid ballots.",
        "source": "witness",
        "follow_up": "recount",
        "affected_votes": 40,
        "risk": Risk.MEDIUM,
    }
    payload.update(overrides)
    return payload


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# Problems: reading and filtering


def test_problem_list_shows_only_the_reach(ppk_api):
    mine = ProblemFactory(region_id=TPS)
    ProblemFactory(region_id=OTHER_TPS)
    assert ids(ppk_api.get(reverse("problem-list"))) == {mine.pk}


def test_problem_filters(ppk_api):
    a = ProblemFactory(region_id=TPS, stage=Stage.PEMUNGUTAN, risk=Risk.HIGH, title="Kotak suara dibuka")
    b = ProblemFactory(region_id="13.02.03.2001.002", stage=Stage.PENGHITUNGAN, risk=Risk.LOW)
    c = ProblemFactory(
        region_id="13.02.03",
        stage=Stage.REKAP_PPK,
        status=Status.RESOLVED,
        category=Category.objects.get(slug="logistik"),
    )
    make_evidence(TPS, problem=a)
    Evidence.objects.filter(problems=a).update(verification=Verification.VERIFIED)
    url = reverse("problem-list")

    assert ids(ppk_api.get(url, {"stage": Stage.PEMUNGUTAN})) == {a.pk}
    assert ids(ppk_api.get(url, {"region": "13.02.03.2001"})) == {b.pk}
    assert ids(ppk_api.get(url, {"region": "13.02.03"})) == {a.pk, b.pk, c.pk}
    assert ids(ppk_api.get(url, {"status": Status.RESOLVED})) == {c.pk}
    assert ids(ppk_api.get(url, {"category": "logistik"})) == {c.pk}
    assert ids(ppk_api.get(url, {"risk": Risk.HIGH})) == {a.pk}
    assert ids(ppk_api.get(url, {"q": "kotak"})) == {a.pk}
    assert ids(ppk_api.get(url, {"verified_evidence": "true"})) == {a.pk}
    assert ids(ppk_api.get(url, {"verified_evidence": "false"})) == {b.pk, c.pk}
    by_risk = ppk_api.get(url, {"ordering": "risk"}).json()["results"]
    assert by_risk[0]["id"] == a.pk
    oldest = ppk_api.get(url, {"ordering": "oldest"}).json()["results"]
    assert [r["id"] for r in oldest] == [a.pk, b.pk, c.pk]


def test_problem_filter_errors_use_the_error_shape(ppk_api):
    response = ppk_api.get(reverse("problem-list"), {"stage": "nonsense"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "extra"}
    assert "stage" in body["extra"]


def test_problem_detail(ppk_api):
    problem = ProblemFactory(region_id=TPS)
    body = ppk_api.get(reverse("problem-detail", args=[problem.pk])).json()
    assert body["region"] == TPS
    assert body["region_name"]
    assert body["category"] == "lainnya"
    assert body["status"] == Status.NEW
    assert body["verified_evidence"] is False
    assert ppk_api.get(reverse("problem-detail", args=[ProblemFactory(region_id=OTHER_TPS).pk])).status_code == 404


# Problems: writing


def test_create_problem(ppk_api, ppk):
    response = ppk_api.post(reverse("problem-list"), problem_payload(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    problem = Problem.objects.get(pk=body["id"])
    assert problem.region_id == TPS
    assert problem.reported_by == ppk
    assert body["reported_by"] == ppk.username
    assert body["status"] == Status.NEW
    assert problem.history.count() == 1


def test_create_problem_with_a_contest_and_assignee(ppk_api, ppk, make_user):
    pilkada = Election.objects.create(name="Pilkada 2024", kind=ElectionKind.PILKADA, voting_date="2024-11-27")
    bupati = Contest.objects.create(election=pilkada, contest_type=ContestType.BUPATI, region_id="13.02")
    elsewhere = Contest.objects.create(election=pilkada, contest_type=ContestType.BUPATI, region_id="13.01")
    colleague = make_user(Role.PPS, "13.02.03.2002", username="pps.surian")

    response = ppk_api.post(
        reverse("problem-list"), problem_payload(contest=bupati.pk, assignee=colleague.username), format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["contest"] == bupati.pk
    assert "Bupati" in response.json()["contest_label"] or "Regent" in response.json()["contest_label"]
    assert response.json()["assignee"] == "pps.surian"

    response = ppk_api.post(reverse("problem-list"), problem_payload(contest=elsewhere.pk), format="json")
    assert response.status_code == 400
    assert "contest" in response.json()["extra"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"stage": "nowhere"}, "stage"),
        ({"category": "no-such-category"}, "category"),
        ({"region": "99.99"}, "region"),
        ({"affected_votes": -3}, "affected_votes"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"assignee": "nobody.here"}, "assignee"),
    ],
)
def test_create_problem_errors_name_the_field(ppk_api, change, field):
    response = ppk_api.post(reverse("problem-list"), problem_payload(**change), format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "extra"}
    assert field in body["extra"], body
    assert not Problem.objects.exists()


def test_create_problem_outside_the_reach_is_refused_and_nothing_stored(ppk_api):
    response = ppk_api.post(reverse("problem-list"), problem_payload(region=OTHER_TPS), format="json")
    assert response.status_code == 400
    assert "region" in response.json()["extra"]
    assert not Problem.objects.exists()


def test_viewer_cannot_create(api, make_user):
    api.force_authenticate(make_user(Role.VIEWER, "13.02.03"))
    assert api.post(reverse("problem-list"), problem_payload(), format="json").status_code == 403
    assert not Problem.objects.exists()


def test_assignee_must_see_the_region(ppk_api, make_user):
    make_user(Role.PPK, "13.02.04", username="ppk.lembah")
    response = ppk_api.post(reverse("problem-list"), problem_payload(assignee="ppk.lembah"), format="json")
    assert response.status_code == 400
    assert "assignee" in response.json()["extra"]


@pytest.mark.parametrize("also", [{}, {"occurred_at": "yesterday"}])
def test_an_unknown_assignee_answers_like_one_out_of_reach(ppk_api, make_user, also):
    """A name nobody has and someone who may not see the region get the same answer, byte for byte,
    on create and on update, alone or beside another bad field: no answer tells which usernames exist."""
    problem = ProblemFactory(region_id=TPS)

    def answers():
        created = ppk_api.post(reverse("problem-list"), problem_payload(assignee="ppk.lembah", **also), format="json")
        changed = ppk_api.patch(
            reverse("problem-detail", args=[problem.pk]), {"assignee": "ppk.lembah", **also}, format="json"
        )
        return [(r.status_code, r.content) for r in (created, changed)]

    unknown = answers()
    make_user(Role.PPK, "13.02.04", username="ppk.lembah")  # now a real user, outside the TPS's kecamatan
    out_of_reach = answers()

    assert unknown == out_of_reach
    assert [status for status, _ in unknown] == [400, 400]
    assert Problem.objects.count() == 1
    problem.refresh_from_db()
    assert problem.assignee is None


def test_partial_update(ppk_api):
    problem = ProblemFactory(region_id=TPS)
    url = reverse("problem-detail", args=[problem.pk])
    response = ppk_api.patch(url, {"title": "Corrected title", "risk": Risk.HIGH}, format="json")
    assert response.status_code == 200, response.content
    problem.refresh_from_db()
    assert (problem.title, problem.risk) == ("Corrected title", Risk.HIGH)
    assert problem.history.count() == 2

    # Status is not a field: it moves through the status action.
    ppk_api.patch(url, {"status": Status.READY}, format="json")
    problem.refresh_from_db()
    assert problem.status == Status.NEW

    # Nobody moves a problem out of their reach.
    response = ppk_api.patch(url, {"region": OTHER_TPS}, format="json")
    assert response.status_code == 400
    assert "region" in response.json()["extra"]
    problem.refresh_from_db()
    assert problem.region_id == TPS


def test_put_is_not_offered(ppk_api):
    problem = ProblemFactory(region_id=TPS)
    response = ppk_api.put(reverse("problem-detail", args=[problem.pk]), problem_payload(), format="json")
    assert response.status_code == 405


def test_status_flow_and_the_siap_rule(ppk_api, make_user):
    problem = ProblemFactory(region_id=TPS)
    url = reverse("problem-status", args=[problem.pk])

    assert ppk_api.post(url, {"status": Status.RESOLVED}, format="json").status_code == 200
    response = ppk_api.post(url, {"status": Status.READY}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "verified" in body["message"]
    assert body["extra"]["status"]
    problem.refresh_from_db()
    assert problem.status == Status.RESOLVED

    evidence = make_evidence(TPS, problem=problem)
    verifier = APIClient()
    technical = make_user(Role.TECHNICAL, "13.02")
    verifier.force_authenticate(technical)
    opened_by(evidence, technical)
    response = verifier.post(reverse("evidence-verify", args=[evidence.pk]), {"verified": True}, format="json")
    assert response.status_code == 200, response.content

    response = ppk_api.post(url, {"status": Status.READY}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.READY
    assert response.json()["verified_evidence"] is True


def test_status_refuses_unknown_values_and_jumps(ppk_api):
    problem = ProblemFactory(region_id=TPS)
    url = reverse("problem-status", args=[problem.pk])
    assert "status" in ppk_api.post(url, {"status": "done"}, format="json").json()["extra"]
    response = ppk_api.post(url, {"status": Status.READY}, format="json")
    assert response.status_code == 400
    assert "status" in response.json()["extra"]


def test_comments(ppk_api, ppk):
    problem = ProblemFactory(region_id=TPS)
    url = reverse("problem-comments", args=[problem.pk])
    response = ppk_api.post(url, {"body": "  Checked with the PPS.  "}, format="json")
    assert response.status_code == 201
    assert response.json()["author"] == ppk.username
    assert ppk_api.post(url, {"body": ""}, format="json").status_code == 400
    listed = ppk_api.get(url).json()
    assert [c["body"] for c in listed] == ["Checked with the PPS."]
    assert ProblemComment.objects.count() == 1


# Evidence


def upload(client, content, name, **fields):
    data = {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream"), **fields}
    return client.post(reverse("evidence-list"), data, format="multipart")


def test_upload_returns_the_record_with_its_hash(ppk_api, ppk):
    content = pdf_bytes("C.Hasil TPS 001")
    response = upload(ppk_api, content, "c-hasil-001.pdf", kind=EvidenceKind.C_HASIL, region=TPS, description="Scan")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert body["duplicate"] is False
    assert body["mime_type"] == "application/pdf"
    assert body["size"] == len(content)
    assert body["uploaded_by"] == ppk.username
    assert body["verification"] == Verification.PENDING
    evidence = Evidence.objects.get(pk=body["id"])
    assert evidence_storage().exists(evidence.file.name)


def test_upload_linked_to_a_problem_and_duplicate_returns_the_existing(ppk_api):
    problem = ProblemFactory(region_id=TPS)
    content = jpeg_bytes(4242)
    first = upload(ppk_api, content, "foto.jpg", kind=EvidenceKind.PHOTO, region=TPS)
    assert first.status_code == 201

    again = upload(ppk_api, content, "same-photo-renamed.jpg", kind=EvidenceKind.PHOTO, region=TPS, problem=problem.pk)
    assert again.status_code == 200, again.content
    assert again.json()["duplicate"] is True
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["problems"] == [problem.pk]
    assert Evidence.objects.count() == 1


def test_upload_a_new_version(ppk_api):
    old = make_evidence(TPS, kind=EvidenceKind.C_HASIL, content=pdf_bytes("first scan"))
    response = upload(
        ppk_api, pdf_bytes("better scan"), "rescan.pdf", kind=EvidenceKind.C_HASIL, region=TPS, replaces=old.pk
    )
    assert response.status_code == 201, response.content
    assert response.json()["replaces"] == old.pk
    assert response.json()["version"] == 2
    assert ppk_api.get(reverse("evidence-detail", args=[old.pk])).json()["replaced_by"] == response.json()["id"]


@pytest.mark.parametrize(
    ("content", "name", "kind", "field"),
    [
        (b"<html><script>alert(1)</script></html>", "c-hasil.pdf", EvidenceKind.C_HASIL, "file"),
        (pdf_bytes(), "scan.pdf", EvidenceKind.VIDEO, "file"),
        (pdf_bytes(), "scan.pdf", "selfie", "kind"),
    ],
)
def test_refused_upload_stores_nothing(ppk_api, evidence_dir, content, name, kind, field):
    response = upload(ppk_api, content, name, kind=kind, region=TPS)
    assert response.status_code == 400
    assert set(response.json()) == {"message", "extra"}
    assert field in response.json()["extra"]
    assert not Evidence.objects.exists()
    assert not any(p.is_file() for p in evidence_dir.rglob("*"))


def test_upload_outside_the_reach_is_refused_and_nothing_stored(ppk_api, evidence_dir):
    response = upload(ppk_api, jpeg_bytes(7), "foto.jpg", kind=EvidenceKind.PHOTO, region=OTHER_TPS)
    assert response.status_code == 400
    assert "region" in response.json()["extra"]
    assert not Evidence.objects.exists()
    assert not any(p.is_file() for p in evidence_dir.rglob("*"))


def test_upload_cannot_link_a_problem_outside_the_reach(ppk_api):
    elsewhere = ProblemFactory(region_id=OTHER_TPS)
    response = upload(ppk_api, jpeg_bytes(8), "foto.jpg", kind=EvidenceKind.PHOTO, region=TPS, problem=elsewhere.pk)
    assert response.status_code == 400
    assert "problem" in response.json()["extra"]
    assert not Evidence.objects.exists()


def test_evidence_list_and_filters(ppk_api):
    problem = ProblemFactory(region_id=TPS)
    photo = make_evidence(TPS, kind=EvidenceKind.PHOTO, problem=problem)
    scan = make_evidence("13.02.03.2001.001", kind=EvidenceKind.C_HASIL, content=pdf_bytes("scan"))
    make_evidence(OTHER_TPS)
    url = reverse("evidence-list")
    assert ids(ppk_api.get(url)) == {photo.pk, scan.pk}
    assert ids(ppk_api.get(url, {"kind": EvidenceKind.C_HASIL})) == {scan.pk}
    assert ids(ppk_api.get(url, {"problem": problem.pk})) == {photo.pk}
    assert ids(ppk_api.get(url, {"region": "13.02.03.2001"})) == {scan.pk}
    assert ids(ppk_api.get(url, {"sha256": scan.sha256})) == {scan.pk}


def test_evidence_lists_only_the_linked_problems_in_reach(ppk_api):
    mine = ProblemFactory(region_id=TPS)
    theirs = ProblemFactory(region_id="13.02")  # the regency's own problem: not in a PPK's reach
    evidence = make_evidence(TPS, problem=mine)
    evidence.problems.add(theirs)
    assert ppk_api.get(reverse("evidence-detail", args=[evidence.pk])).json()["problems"] == [mine.pk]


def test_download_url_points_at_the_logged_route(ppk_api):
    from django.urls import NoReverseMatch

    evidence = make_evidence(TPS)
    body = ppk_api.get(reverse("evidence-detail", args=[evidence.pk])).json()
    try:
        expected = reverse("evidence_download", args=[evidence.pk])
    except NoReverseMatch:
        expected = None
    assert body["download_url"] == expected


# Four eyes and certification


def test_uploader_cannot_verify_their_own(make_user):
    technical = make_user(Role.TECHNICAL, "13.02", username="teknis.a")
    client = APIClient()
    client.force_authenticate(technical)
    evidence = make_evidence(TPS, uploaded_by=technical)

    response = client.post(reverse("evidence-verify", args=[evidence.pk]), {"verified": True}, format="json")
    assert response.status_code == 400
    assert "verification" in response.json()["extra"]
    evidence.refresh_from_db()
    assert evidence.verification == Verification.PENDING


def test_a_colleague_verifies_or_rejects_with_a_reason(make_user, ppk):
    evidence = make_evidence(TPS, uploaded_by=ppk)
    client = APIClient()
    colleague = make_user(Role.TECHNICAL, "13.02", username="teknis.b")
    client.force_authenticate(colleague)
    opened_by(evidence, colleague)
    url = reverse("evidence-verify", args=[evidence.pk])

    response = client.post(url, {"verified": False}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["extra"]

    response = client.post(url, {"verified": False, "reason": "Blurred, unreadable"}, format="json")
    assert response.status_code == 200
    assert response.json()["verification"] == Verification.REJECTED
    assert response.json()["rejection_reason"] == "Blurred, unreadable"

    response = client.post(url, {"verified": True}, format="json")
    assert response.json()["verification"] == Verification.VERIFIED
    assert response.json()["verified_by"] == colleague.username


def test_ppk_cannot_verify(ppk_api):
    evidence = make_evidence(TPS)
    response = ppk_api.post(reverse("evidence-verify", args=[evidence.pk]), {"verified": True}, format="json")
    assert response.status_code == 403


def test_certified_copy_by_the_legal_division(make_user):
    evidence = make_evidence(TPS)
    client = APIClient()
    client.force_authenticate(make_user(Role.LEGAL, "13.02"))
    url = reverse("evidence-certified", args=[evidence.pk])
    response = client.post(url, {"certified": True}, format="json")
    assert response.status_code == 200
    assert response.json()["certified_copy"] is True

    client.force_authenticate(make_user(Role.TECHNICAL, "13.02"))
    assert client.post(url, {"certified": False}, format="json").status_code == 403
    evidence.refresh_from_db()
    assert evidence.certified_copy is True


# Categories


def test_categories_are_listed_for_everyone_signed_in(api, make_user):
    api.force_authenticate(make_user(Role.KPPS, "13.01.01.2001"))
    slugs = [c["slug"] for c in api.get(reverse("category-list")).json()]
    assert "keberatan-saksi" in slugs
    assert slugs[-1] == "lainnya"


def test_only_superusers_add_categories(api, make_user, superuser):
    payload = {"slug": "kerusuhan", "name": "Kerusuhan di TPS"}
    api.force_authenticate(make_user(Role.COMMISSIONER, None))
    assert api.post(reverse("category-list"), payload, format="json").status_code == 403
    assert not Category.objects.filter(slug="kerusuhan").exists()

    api.force_authenticate(superuser)
    response = api.post(reverse("category-list"), payload, format="json")
    assert response.status_code == 201
    assert Category.objects.get(slug="kerusuhan").history.count() == 1
    response = api.post(reverse("category-list"), payload, format="json")
    assert response.status_code == 400
    assert "slug" in response.json()["extra"]


# Query counts: pinned, and the same for 20 and 200 rows.

# Reach (1), count (1), the page of problems with region, category, contest, assignee, reporter (1).
PROBLEM_LIST_QUERIES = 3
# Reach (1), count (1), the page of evidence (1), the linked problems in reach (the prefetch of the
# problems the caller can see: 1; the reach is kept on the request's user).
EVIDENCE_LIST_QUERIES = 4


def populate_problems(n, contest, assignee):
    villages = ["13.02.03.2001", "13.02.03.2002"]
    Problem.objects.bulk_create(
        Problem(
            region_id=f"{villages[i % 2]}.00{i % 3 + 1}",
            stage=Stage.values[i % len(Stage.values)],
            category=Category.objects.order_by("?").first(),
            title=f"Problem {i}",
            description="...",
            source="witness",
            follow_up="none",
            contest=contest,
            assignee=assignee,
            reported_by=assignee,
        )
        for i in range(n)
    )
    Problem.objects.bulk_create(
        Problem(
            region_id=OTHER_TPS,
            stage=Stage.DPT,
            category_id=Category.objects.first().pk,
            title="x",
            description="y",
            source="media",
            follow_up="none",
        )
        for _ in range(5)
    )


@pytest.mark.parametrize("n", [20, 200])
def test_problem_list_query_count(ppk_api, ppk, n, django_assert_max_num_queries):
    pemilu = Election.objects.create(name="Pemilu 2024", kind=ElectionKind.PEMILU, voting_date="2024-02-14")
    ppwp = Contest.objects.create(election=pemilu, contest_type=ContestType.PPWP)
    populate_problems(n, ppwp, ppk)
    with django_assert_max_num_queries(PROBLEM_LIST_QUERIES):
        response = ppk_api.get(reverse("problem-list"), {"page_size": 500})
    body = response.json()
    assert len(body["results"]) == n
    assert all(r["contest_label"] and r["assignee"] == ppk.username for r in body["results"])


@pytest.mark.parametrize("n", [20, 200])
def test_evidence_list_query_count(ppk_api, ppk, n, django_assert_max_num_queries):
    problem = ProblemFactory(region_id=TPS)
    rows = Evidence.objects.bulk_create(
        Evidence(
            file=f"{i:064x}.jpg",
            sha256=f"{i:064x}",
            size=100 + i,
            mime_type="image/jpeg",
            original_name=f"foto-{i}.jpg",
            kind=EvidenceKind.PHOTO,
            region_id=TPS,
            uploaded_by=ppk,
            verified_by=ppk,
        )
        for i in range(n)
    )
    Evidence.problems.through.objects.bulk_create(
        Evidence.problems.through(evidence_id=e.pk, problem_id=problem.pk) for e in rows
    )
    with django_assert_max_num_queries(EVIDENCE_LIST_QUERIES):
        response = ppk_api.get(reverse("evidence-list"), {"page_size": 500})
    body = response.json()
    assert len(body["results"]) == n
    assert all(r["problems"] == [problem.pk] for r in body["results"])
