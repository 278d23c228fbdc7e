"""What the levels below an office see of its team (README: "What the levels below an office see of its
team"). The team of KPU Kabupaten Solok (13.02) has a member working in Pantai Cermin (13.02.03, "A")
and one working in Lembah Gumanti (13.02.04, "B"). A PPK of A sees that the team exists, its SK number
and date, its status and who is on it in which role; nothing of B, no contact details, not the SK scan,
not the roster. A viewer at the office sees everything, as before."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from teams.models import MemberAssignment
from tests.inventory.factories import ProblemFactory, evidence_dir
from tests.teams.factories import ActivityFactory, AssignmentFactory, FollowUpFactory, MemberFactory, make_active_team

__all__ = ["evidence_dir"]

pytestmark = pytest.mark.django_db

KECAMATAN_A, KECAMATAN_B = "13.02.03", "13.02.04"
SK_NUMBER = "77/PP.01-Kpt/1302/2024"
PHONE, EMAIL = "0812-7000-1234", "ketua.tim@kpu-solok.example"
B_TITLE = "Kotak suara Lembah Gumanti dibuka"
A_TITLE = "C.Hasil Pantai Cermin tanpa tanda tangan"
B_ACTIVITY = "Supervisi PPK Lembah Gumanti"
A_ACTIVITY = "Supervisi PPK Pantai Cermin"
B_FOLLOW_UP = "Periksa segel kotak suara di Lembah Gumanti"
B_NAME = "Lembah Gumanti"  # the name of kecamatan B


@pytest.fixture(autouse=True)
def _storage(evidence_dir):
    return evidence_dir


@pytest.fixture
def office(make_user):
    team = make_active_team(sk_number=SK_NUMBER)
    account = make_user(Role.LEGAL, "13.02", username="hukum.solok")
    chair = MemberFactory(team=team, user=account, name="Ketua Tim Solok", phone=PHONE, email=EMAIL, position="ketua")
    lawyer = MemberFactory(team=team, name="Kuasa Hukum Solok", phone="0813-9000-5678", position="kuasa_hukum")
    problem_b = ProblemFactory(region_id=KECAMATAN_B, title=B_TITLE)
    problem_a = ProblemFactory(region_id=KECAMATAN_A, title=A_TITLE)
    due = timezone.localdate() + datetime.timedelta(days=3)
    AssignmentFactory(member=chair, region_id=KECAMATAN_B, problem=problem_b, due_date=due)
    AssignmentFactory(member=lawyer, region_id=KECAMATAN_A, problem=problem_a, due_date=due)
    activity_b = ActivityFactory(title=B_ACTIVITY, kind="supervisi", bodies=[KECAMATAN_B])
    FollowUpFactory(activity=activity_b, owner=chair, description=B_FOLLOW_UP)
    activity_a = ActivityFactory(title=A_ACTIVITY, kind="supervisi", bodies=[KECAMATAN_A, KECAMATAN_B])
    return {"team": team, "chair": chair, "activity_a": activity_a, "activity_b": activity_b}


@pytest.fixture
def ppk_a(client, make_user):
    client.force_login(make_user(Role.PPK, KECAMATAN_A))
    return client


@pytest.fixture
def at_office(client, make_user):
    client.force_login(make_user(Role.VIEWER, "13.02"))
    return client


def page(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def api(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return response.json()


def leaks(text: str) -> list[str]:
    """What of B, of contact details or of the SK scan a text shows."""
    return [s for s in (B_TITLE, B_ACTIVITY, B_FOLLOW_UP, B_NAME, KECAMATAN_B, PHONE, EMAIL) if s in text]


# Pages ---------------------------------------------------------------------------------------------


def test_team_page_from_below_shows_the_team_and_who_is_on_it_and_nothing_of_b(office, ppk_a):
    team = office["team"]
    html = page(ppk_a, "team_detail", team.pk)
    assert team.name in html and SK_NUMBER in html
    assert "Ketua Tim Solok" in html and "Kuasa Hukum Solok" in html
    assert A_TITLE in html  # the work in the PPK's own kecamatan
    assert leaks(html) == []
    assert team.sk_sha256 not in html and reverse("team_sk_download", args=[team.pk]) not in html
    assert reverse("team_export", args=[team.pk]) not in html


def test_member_page_from_below_shows_no_contact_and_no_work_in_b(office, ppk_a):
    html = page(ppk_a, "member_detail", office["chair"].pk)
    assert "Ketua Tim Solok" in html
    assert leaks(html) == []


def test_sk_scan_and_roster_refused_from_below(office, ppk_a):
    team = office["team"]
    assert ppk_a.get(reverse("team_sk_download", args=[team.pk])).status_code == 404
    assert ppk_a.get(reverse("team_export", args=[team.pk])).status_code == 404


def test_activity_of_b_is_out_of_reach_and_a_shared_one_shows_only_a(office, ppk_a):
    assert ppk_a.get(reverse("activity_detail", args=[office["activity_b"].pk])).status_code == 404
    html = page(ppk_a, "activity_detail", office["activity_a"].pk)
    assert A_ACTIVITY in html and "Pantai Cermin" in html
    assert leaks(html) == []


def test_the_office_itself_still_sees_everything(office, at_office):
    team = office["team"]
    html = page(at_office, "team_detail", team.pk)
    assert B_TITLE in html and PHONE in html and EMAIL in html and team.sk_sha256 in html
    assert B_FOLLOW_UP in page(at_office, "member_detail", office["chair"].pk)
    assert at_office.get(reverse("team_sk_download", args=[team.pk])).status_code == 200
    assert at_office.get(reverse("team_export", args=[team.pk])).status_code == 200
    assert B_NAME in page(at_office, "activity_detail", office["activity_a"].pk)


# API -----------------------------------------------------------------------------------------------


def test_team_api_from_below_has_the_sk_number_but_nothing_of_the_scan(office, ppk_a):
    team = office["team"]
    body = api(ppk_a, f"/api/teams/{team.pk}/")
    assert body["name"] == team.name and body["sk_number"] == SK_NUMBER and body["status"] == "active"
    assert body["sk_date"] == team.sk_date.isoformat()
    assert not {k for k in body if k.startswith("sk_") and k not in ("sk_number", "sk_date")}
    assert team.sk_sha256 not in str(api(ppk_a, "/api/teams/"))


def test_member_api_from_below_gives_names_and_roles_only(office, ppk_a):
    rows = api(ppk_a, f"/api/team-members/?team={office['team'].pk}")["results"]
    assert {(r["display_name"], r["position"]) for r in rows} == {
        ("Ketua Tim Solok", "ketua"),
        ("Kuasa Hukum Solok", "kuasa_hukum"),
    }
    assert leaks(str(rows)) == [] and "hukum.solok" not in str(rows)
    assert not {"phone", "email", "institution", "user"} & {key for row in rows for key in row}
    assert api(ppk_a, "/api/team-members/?user=hukum.solok")["results"] == []  # not searchable by account


def test_assignments_workload_activities_and_follow_ups_from_below_stay_in_a(office, ppk_a):
    team = office["team"]
    assignments = api(ppk_a, "/api/team-assignments/")["results"]
    assert [a["problem_title"] for a in assignments] == [A_TITLE]
    workload = api(ppk_a, f"/api/teams/{team.pk}/workload/")
    activities = api(ppk_a, "/api/activities/")["results"]
    assert [a["title"] for a in activities] == [A_ACTIVITY]
    assert activities[0]["bodies"] == [KECAMATAN_A]
    follow_ups = api(ppk_a, "/api/activity-followups/")["results"]
    for body in (assignments, workload, activities, follow_ups):
        assert leaks(str(body)) == [], body


def test_the_office_api_still_sees_everything(office, at_office):
    team = office["team"]
    body = api(at_office, f"/api/teams/{team.pk}/")
    assert body["sk_sha256"] == team.sk_sha256
    members = api(at_office, f"/api/team-members/?team={team.pk}")["results"]
    assert PHONE in str(members) and EMAIL in str(members)
    assert [m["display_name"] for m in api(at_office, "/api/team-members/?user=hukum.solok")["results"]] == [
        "Ketua Tim Solok"
    ]
    assert B_TITLE in str(api(at_office, "/api/team-assignments/"))
    assert {a["title"] for a in api(at_office, "/api/activities/")["results"]} == {A_ACTIVITY, B_ACTIVITY}


def test_a_kabupaten_sees_a_province_team_from_below(office, client, make_user):
    """The same rule one level up: a KPU Kabupaten user below the province's team."""
    province = make_active_team(office="13", election=office["team"].election, sk_number="5/Kpt/13/2024")
    member = MemberFactory(team=province, name="Ketua Tim Sumbar", phone="0811-6600-0013")
    pesisir = "Surat suara Pesisir Selatan kurang"
    AssignmentFactory(member=member, region_id="13.01", problem=ProblemFactory(region_id="13.01", title=pesisir))
    client.force_login(make_user(Role.COMMISSIONER, "13.02"))
    html = page(client, "team_detail", province.pk)
    assert "Ketua Tim Sumbar" in html and "5/Kpt/13/2024" in html
    assert pesisir not in html and "0811-6600-0013" not in html and "Pesisir Selatan" not in html
    assert client.get(reverse("team_sk_download", args=[province.pk])).status_code == 404
    assert not MemberAssignment.objects.visible_to(make_user(Role.COMMISSIONER, "13.02")).filter(member=member)
