"""Teams API: a commissioner forms a team by API (SK upload, activation, members, assignments),
records activities with files and follow-ups, filters them, reads the readiness checklist; list
endpoints and the checklist keep the same number of queries whatever the amount of data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.choices import Role
from accounts.scoping import forget_reach
from elections.choices import Stage
from regions.models import Region
from teams.choices import ActivityKind, TeamStatus
from tests.inventory.factories import ProblemFactory, evidence_dir, jpeg_bytes, pdf_bytes, uploaded
from tests.teams.factories import (
    ActivityFactory,
    AssignmentFactory,
    ElectionFactory,
    FollowUpFactory,
    MemberFactory,
    TeamFactory,
    make_active_team,
    sk_pdf,
)

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]


@pytest.fixture(autouse=True)
def _fast(settings, evidence_dir):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def commissioner(make_user):
    return make_user(Role.COMMISSIONER, "13.02")


@pytest.fixture
def api(commissioner):
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_authenticate(commissioner)
    return client


def test_form_a_team_end_to_end(api, commissioner, make_user):
    election = ElectionFactory()
    response = api.post("/api/teams/", {"office": "13.02", "election": election.pk, "name": "Tim PHP"}, format="json")
    assert response.status_code == 201, response.content
    team = response.json()
    assert team["status"] == TeamStatus.DRAFT and team["office_name"] == "Kabupaten Solok"

    response = api.post(f"/api/teams/{team['id']}/activate/")
    assert response.status_code == 400
    assert set(response.json()["extra"]) == {"sk_number", "sk_date", "sk_file"}

    api.patch(f"/api/teams/{team['id']}/", {"sk_number": "12/2024", "sk_date": "2024-08-01"}, format="json")
    response = api.post(f"/api/teams/{team['id']}/sk/", {"file": sk_pdf("SK Tim.pdf")}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["sk_original_name"] == "SK Tim.pdf" and len(response.json()["sk_sha256"]) == 64
    response = api.post(f"/api/teams/{team['id']}/activate/")
    assert response.status_code == 200 and response.json()["status"] == TeamStatus.ACTIVE

    staff = make_user(Role.LEGAL, "13.02")
    response = api.post(
        "/api/team-members/",
        {"team": team["id"], "user": staff.username, "position": "ketua", "division": "hukum"},
        format="json",
    )
    assert response.status_code == 201, response.content
    ketua = response.json()["id"]
    response = api.post(
        "/api/team-members/",
        {"team": team["id"], "name": "Dr. Rina", "institution": "Universitas Andalas", "position": "narasumber"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["display_name"] == "Dr. Rina"
    response = api.post(
        "/api/team-assignments/",
        {"member": ketua, "region": "13.02.03", "due_date": "2020-01-01"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["overdue"] is True
    response = api.post("/api/team-assignments/", {"member": ketua, "region": "13.01.01"}, format="json")
    assert response.status_code == 400 and "region" in response.json()["extra"]

    response = api.get(f"/api/teams/{team['id']}/workload/")
    assert response.status_code == 200
    rows = {m["name"]: (m["open_count"], m["overdue_count"]) for m in response.json()["members"]}
    assert rows[str(staff)] == (1, 1) and rows["Dr. Rina"] == (0, 0)
    assert "13.02.03" not in [d["code"] for d in response.json()["uncovered_districts"]]
    assert api.get("/api/teams/", {"office": "13.02"}).json()["results"][0]["member_count"] == 2

    response = api.delete(f"/api/team-members/{ketua}/")
    assert response.status_code == 204
    assert api.get(f"/api/team-members/{ketua}/").json()["active"] is False


def test_team_create_refused_outside_reach(api):
    response = api.post(
        "/api/teams/", {"office": "13.01", "election": ElectionFactory().pk, "name": "x"}, format="json"
    )
    assert response.status_code == 400
    response = api.post("/api/teams/", {"office": "13.02.03", "election": ElectionFactory().pk, "name": "x"})
    assert response.status_code == 400


def test_activity_with_files_and_follow_ups(api, commissioner):
    team = make_active_team()
    member = MemberFactory(team=team)
    response = api.post(
        "/api/activities/",
        {
            "office": "13.02",
            "kind": "rakor",
            "title": "Rakor PPK se-Kabupaten Solok",
            "starts_at": timezone.now().isoformat(),
            "place": "Aula KPU",
            "bodies": ["13.02.03", "13.02.04"],
            "attendees": [member.pk],
            "with_bawaslu": True,
            "other_stakeholders": "Kejaksaan Negeri",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    activity = response.json()
    assert activity["bodies"] == ["13.02.03", "13.02.04"] and activity["attendees"] == [member.pk]

    response = api.post(
        f"/api/activities/{activity['id']}/files/",
        {"kind": "minutes", "file": uploaded(pdf_bytes("Notulen"), "notulen.pdf")},
        format="multipart",
    )
    assert response.status_code == 201 and response.json()["duplicate"] is False
    response = api.post(
        f"/api/activities/{activity['id']}/files/",
        {"kind": "minutes", "file": uploaded(pdf_bytes("Notulen"), "notulen-lagi.pdf")},
        format="multipart",
    )
    assert response.status_code == 200 and response.json()["duplicate"] is True
    response = api.post(
        f"/api/activities/{activity['id']}/files/",
        {"kind": "photo", "file": uploaded(pdf_bytes("bukan foto"), "foto.pdf")},
        format="multipart",
    )
    assert response.status_code == 400 and "file" in response.json()["extra"]
    api.post(
        f"/api/activities/{activity['id']}/files/",
        {"kind": "photo", "file": uploaded(jpeg_bytes(3), "foto.jpg")},
        format="multipart",
    )
    detail = api.get(f"/api/activities/{activity['id']}/").json()
    assert sorted(f["kind"] for f in detail["files"]) == ["minutes", "photo"]

    response = api.patch(f"/api/activities/{activity['id']}/", {"outcome": "Sepakat", "office": "13.01"}, format="json")
    assert response.status_code == 200 and response.json()["office"] == "13.02"

    response = api.post(
        "/api/activity-followups/",
        {"activity": activity["id"], "description": "Kirim notulen", "owner": member.pk, "due_date": "2020-01-01"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["overdue"] is True
    follow_up = response.json()["id"]
    assert [f["id"] for f in api.get("/api/activity-followups/", {"overdue": "true"}).json()["results"]] == [follow_up]
    response = api.post(f"/api/activity-followups/{follow_up}/complete/", {"done": True}, format="json")
    assert response.json()["done"] is True and response.json()["overdue"] is False


def test_activity_filters(api):
    rakor = ActivityFactory(kind=ActivityKind.RAKOR, bodies=[Region.objects.get(code="13.02.03")])
    bimtek = ActivityFactory(
        kind=ActivityKind.BIMTEK,
        starts_at=timezone.now() - datetime.timedelta(days=40),
        bodies=[Region.objects.get(code="13.02.04.2001")],
    )
    # From below, the province's and KPU RI's activities are seen where one of their bodies is in reach.
    province = ActivityFactory(office_id="13", kind=ActivityKind.RAKOR, bodies=[Region.objects.get(code="13.02.05")])
    national = ActivityFactory(office_id=None, kind=ActivityKind.RAKOR, bodies=[Region.objects.get(code="13.02.06")])
    ActivityFactory(office_id="13", kind=ActivityKind.RAKOR, bodies=[Region.objects.get(code="13.01.01")])
    ActivityFactory(office_id=None, kind=ActivityKind.RAKOR)

    def ids(**params):
        response = api.get("/api/activities/", params)
        assert response.status_code == 200, response.content
        return {a["id"] for a in response.json()["results"]}

    assert ids() == {rakor.pk, bimtek.pk, province.pk, national.pk}
    assert ids(kind="bimtek") == {bimtek.pk}
    assert ids(office="13.02") == {rakor.pk, bimtek.pk}
    assert ids(office="national") == {national.pk}
    assert ids(district="13.02.04") == {bimtek.pk}
    assert ids(district="13.02.03") == {rakor.pk}
    since = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    assert ids(office="13.02", date_from=since) == {rakor.pk}
    assert ids(office="13.02", date_to=since) == {bimtek.pk}
    assert api.get("/api/activities/", {"kind": "picnic"}).status_code == 400


def test_readiness_endpoint(api, commissioner):
    election = ElectionFactory(voting_date=timezone.localdate() - datetime.timedelta(days=2))
    team = make_active_team(election=election)
    response = api.get("/api/readiness/13.02/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["office"] == "13.02" and body["election"] == election.pk and body["ready"] is False
    checks = {c["key"]: c for c in body["checks"]}
    assert list(checks) == ["team", "inventory", "outreach", "bimtek", "rakor", "followups", "unassigned"]
    assert checks["team"]["ok"] and checks["team"]["targets"][0]["id"] == team.pk
    assert not checks["rakor"]["ok"]
    assert Stage.PEMUNGUTAN in [t["key"] for t in checks["inventory"]["targets"]]
    ActivityFactory(kind=ActivityKind.RAKOR, election=election)
    ProblemFactory(region_id="13.02.03", stage=Stage.PEMUNGUTAN)
    checks = {c["key"]: c for c in api.get("/api/readiness/13.02/", {"election": election.pk}).json()["checks"]}
    assert checks["rakor"]["ok"]
    assert Stage.PEMUNGUTAN not in [t["key"] for t in checks["inventory"]["targets"]]
    assert checks["unassigned"]["count"] == 1
    assert api.get("/api/readiness/13.02/", {"election": 999999}).status_code == 404
    assert api.get("/api/readiness/13.01/").status_code == 404
    assert api.get("/api/readiness/13.02.03/").status_code == 404  # not an office
    assert api.get("/api/readiness/national/").status_code == 404


def test_readiness_national_for_national_reach(make_user):
    client = APIClient()
    client.force_authenticate(make_user(Role.COMMISSIONER, None))
    response = client.get("/api/readiness/national/")
    assert response.status_code == 200 and response.json()["office"] is None


def _count(api, url):
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(ctx)


def _seed(n):
    election = ElectionFactory()
    for i in range(n):
        office = ["13.02", "13", "13.71", None][i % 4]
        team = TeamFactory(office_id=office, election=ElectionFactory() if i >= 4 else election)
        member = MemberFactory(team=team, user=None)
        AssignmentFactory(member=member, region_id=office or "13", problem=ProblemFactory(region_id="13.02.03"))
        activity = ActivityFactory(
            office_id=office if office != "13.71" else "13.02",
            bodies=[Region.objects.get(code="13.02.03"), Region.objects.get(code="13.02.04")],
        )
        activity.attendees.set([member] if office == activity.office_id else [])
        FollowUpFactory(activity=activity, owner=member if office == activity.office_id else None)


LISTS = {
    "/api/teams/": 3,  # reach, count, page
    "/api/team-members/": 3,
    "/api/team-assignments/": 3,
    "/api/activities/": 6,  # reach, count, page, bodies, attendees, files
    "/api/activity-followups/": 3,
    "/api/readiness/13/": 10,  # the reach is read once per request (was 15: once per scoped query)
}


@pytest.mark.parametrize(("url", "pinned"), LISTS.items())
def test_query_counts_do_not_grow(make_user, url, pinned):
    """Session and user lookups are not counted: force_authenticate. Pinned per endpoint."""
    client = APIClient()
    user = make_user(Role.COMMISSIONER, "13")
    client.force_authenticate(user)
    _seed(2)
    small = _count(client, url)
    _seed(18)
    forget_reach(user)  # the reach is kept on the user object: a real request brings a fresh one
    assert _count(client, url) == small
    assert small <= pinned, small
