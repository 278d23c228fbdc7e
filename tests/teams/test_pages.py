"""The team and activity pages: forming a team with its SK, members and assignments, the workload
view, activities with bodies, attendees, follow-ups and files (hash-checked downloads), the office
page's readiness checklist with its links, filters, and pinned query counts."""

import datetime
import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from inventory.storage import evidence_storage
from teams.choices import ActivityFileKind, ActivityKind, Position, TeamStatus
from teams.models import Activity, ActivityFile, ActivityFollowUp, MemberAssignment, TaskTeam, TeamMember
from teams.services import activity_file_upload
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

OFFICE = "13.02"


@pytest.fixture(autouse=True)
def _setup(settings, evidence_dir):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def commissioner(make_user):
    return make_user(Role.COMMISSIONER, OFFICE, username="komisioner.solok", full_name="Komisioner Solok")


@pytest.fixture
def office_client(client, commissioner):
    client.force_login(commissioner)
    return client


def text(response) -> str:
    return response.content.decode()


def check_state(response, key: str) -> str:
    """'true' or 'false': the data-ok of one readiness line on the office page."""
    page = text(response)
    start = page.index(f'data-check="{key}"')
    return page[start : start + 80].split('data-ok="')[1].split('"')[0]


# Office page --------------------------------------------------------------------------------------


def test_office_page_shows_checklist_with_links_to_what_is_missing(office_client):
    election = ElectionFactory()
    TeamFactory(election=election)  # a draft: the team check is not ok yet
    ActivityFactory(kind=ActivityKind.SUPERVISI, election=election, bodies=["13.02.03"])
    ProblemFactory(title="Nobody on this one")
    response = office_client.get(reverse("office_detail", args=[OFFICE]))
    assert response.status_code == 200
    page = text(response)
    assert check_state(response, "team") == "false"
    assert check_state(response, "rakor") == "false"
    assert check_state(response, "outreach") == "false"
    # Kecamatan without a supervision link to a supervisi prefilled with that PPK; 13.02.03 had one.
    supervise = reverse("activity_create", args=[OFFICE]) + "?kind=supervisi&amp;body=13.02.04"
    assert supervise in page
    assert 'data-testid="supervise-13.02.03"' not in page
    # Stages without problems link to the filtered problem list; the unassigned problem is linked.
    assert reverse("problem_list") + "?region=13.02&amp;stage=dpt" in page
    assert "Nobody on this one" in page
    assert reverse("activity_create", args=[OFFICE]) + "?kind=rakor" in page


def test_office_page_lists_upcoming_activities_and_open_follow_ups(office_client):
    soon = ActivityFactory(title="Rakor minggu depan", starts_at=timezone.now() + datetime.timedelta(days=3))
    past = ActivityFactory(title="Rakor lalu")
    FollowUpFactory(activity=past, description="Kumpulkan D.Hasil", due_date=datetime.date(2024, 1, 1))
    FollowUpFactory(activity=past, description="Sudah beres", done=True)
    page = text(office_client.get(reverse("office_detail", args=[OFFICE])))
    upcoming = page[page.index('data-testid="upcoming"') : page.index('data-testid="recent"')]
    assert soon.title in upcoming and past.title not in upcoming
    assert "Kumpulkan D.Hasil" in page and "Sudah beres" not in page


def test_office_page_needs_an_office_region(office_client):
    assert office_client.get(reverse("office_detail", args=["13.02.03"])).status_code == 404


# Teams ----------------------------------------------------------------------------------------------


def test_commissioner_forms_an_active_team_with_its_sk(office_client, commissioner):
    election = ElectionFactory()
    scan = pdf_bytes("Keputusan KPU Kabupaten Solok")
    response = office_client.post(
        reverse("team_create", args=[OFFICE]),
        {
            "election": election.pk,
            "name": "Tim Penyelesaian PHP",
            "sk_number": "12/PP.01-Kpt/1302/2024",
            "sk_date": "2024-11-20",
            "sk_file": uploaded(scan, "sk.pdf"),
            "activate": "on",
        },
    )
    team = TaskTeam.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("team_detail", args=[team.pk])
    assert (team.status, team.office_id, team.sk_sha256) == (
        TeamStatus.ACTIVE,
        OFFICE,
        hashlib.sha256(scan).hexdigest(),
    )
    assert team.sk_uploaded_by == commissioner
    download = office_client.get(reverse("team_sk_download", args=[team.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == scan
    response = office_client.get(reverse("office_detail", args=[OFFICE]))
    assert check_state(response, "team") == "true"


def test_activating_without_sk_scan_is_refused_and_stores_nothing(office_client):
    election = ElectionFactory()
    response = office_client.post(
        reverse("team_create", args=[OFFICE]),
        {"election": election.pk, "name": "Tim", "sk_number": "1/2024", "sk_date": "2024-11-20", "activate": "on"},
    )
    assert response.status_code == 200
    assert "An active team needs the scan of its SK." in text(response)
    assert not TaskTeam.objects.exists()


def test_sk_that_is_not_a_document_is_refused_next_to_the_field(office_client):
    response = office_client.post(
        reverse("team_create", args=[OFFICE]),
        {"election": ElectionFactory().pk, "name": "Tim", "sk_file": uploaded(b"MZ\x90\x00" * 100, "sk.pdf")},
    )
    assert response.status_code == 200
    assert "is-invalid" in text(response)
    assert not TaskTeam.objects.exists()


def test_team_update_and_status(office_client):
    team = TeamFactory()
    response = office_client.post(
        reverse("team_update", args=[team.pk]),
        {"name": "Tim baru", "sk_number": "9/2024", "sk_date": "2024-11-21", "sk_file": sk_pdf()},
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert (team.name, team.sk_number, team.status) == ("Tim baru", "9/2024", TeamStatus.DRAFT)
    office_client.post(reverse("team_status", args=[team.pk]), {"status": "active"})
    team.refresh_from_db()
    assert team.status == TeamStatus.ACTIVE
    office_client.post(reverse("team_status", args=[team.pk]), {"status": "ended"})
    team.refresh_from_db()
    assert team.status == TeamStatus.ENDED


def test_sk_download_refuses_a_changed_file(office_client):
    team = make_active_team()
    path = evidence_storage().path(team.sk_file.name)
    with open(path, "ab") as fileobj:
        fileobj.write(b"tampered")
    response = office_client.get(reverse("team_sk_download", args=[team.pk]))
    assert response.status_code == 409
    assert 'data-testid="tampered"' in text(response)


def test_team_list_shows_visible_teams_only(office_client):
    mine = TeamFactory(name="Tim Solok")
    TeamFactory(name="Tim Aceh Selatan", office_id="11.01")
    page = text(office_client.get(reverse("team_list")))
    assert mine.name in page and "Tim Aceh Selatan" not in page
    assert office_client.get(reverse("team_list") + "?office=13.02")["Location"] == reverse(
        "office_detail", args=[OFFICE]
    )


# Members and assignments -------------------------------------------------------------------------


def test_add_members_user_and_outside_person(office_client, make_user):
    team = TeamFactory()
    colleague = make_user(Role.LEGAL, OFFICE, username="hukum.solok")
    url = reverse("member_create", args=[team.pk])
    assert office_client.post(url, {"user": "hukum.solok", "position": "ketua", "division": "hukum"}).status_code == 302
    response = office_client.post(
        url,
        {
            "name": "Prof. Dr. Elvi Susanti",
            "institution": "Universitas Andalas",
            "phone": "0813",
            "position": "narasumber",
            "division": "other",
        },
    )
    assert response.status_code == 302
    members = {m.user: m for m in TeamMember.objects.filter(team=team)}
    assert members[colleague].position == Position.KETUA
    assert (members[None].name, members[None].position) == ("Prof. Dr. Elvi Susanti", Position.NARASUMBER)
    # Neither a user nor a name: refused on the page.
    response = office_client.post(url, {"position": "anggota", "division": "other"})
    assert response.status_code == 200 and TeamMember.objects.count() == 2
    # The same user twice: the service's refusal next to the field.
    response = office_client.post(url, {"user": "hukum.solok", "position": "anggota", "division": "hukum"})
    assert "already on the team" in text(response)
    page = text(office_client.get(reverse("team_detail", args=[team.pk])))
    # The roster follows the SK's order: the chair before the resource person.
    assert page.index(members[colleague].display_name) < page.index("Prof. Dr. Elvi Susanti")


def test_edit_and_remove_member(office_client):
    member = MemberFactory(name="Nofrianti")
    response = office_client.post(
        reverse("member_update", args=[member.pk]),
        {"name": "Nofrianti, S.H.", "position": "sekretaris", "division": "sekretariat"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.name, member.position) == ("Nofrianti, S.H.", "sekretaris")
    office_client.post(reverse("member_remove", args=[member.pk]))
    member.refresh_from_db()
    assert not member.active
    page = text(office_client.get(reverse("team_detail", args=[member.team_id])))
    assert "Former members" in page


def test_assignments_workload_and_member_page(office_client, commissioner):
    team = TeamFactory()
    member = MemberFactory(team=team, name="Hendri")
    idle = MemberFactory(team=team, name="Irwan")
    problem = ProblemFactory(title="Selisih suara TPS 001")
    ProblemFactory(title="Belum ada yang pegang")
    url = reverse("assignment_create", args=[member.pk])
    assert office_client.get(url).status_code == 200
    response = office_client.post(url, {"region": "13.02.03", "due_date": "2024-01-01", "notes": "Dampingi PPK"})
    assert response.status_code == 302
    response = office_client.post(url, {"problem": problem.pk})
    assert response.status_code == 302
    # A region outside the office's area, or nothing at all, is refused.
    assert office_client.post(url, {"region": "13.01.01"}).status_code == 200
    assert office_client.post(url, {"notes": "?"}).status_code == 200
    assert MemberAssignment.objects.count() == 2

    page = text(office_client.get(reverse("team_detail", args=[team.pk])))
    assert "1 overdue" in page
    assert "Belum ada yang pegang" in page and "Selisih suara TPS 001" not in page.split('data-testid="unassigned"')[1]
    assert idle.name in page

    member_page = text(office_client.get(reverse("member_detail", args=[member.pk])))
    assert "Selisih suara TPS 001" in member_page and "Dampingi PPK" in member_page

    assignment = MemberAssignment.objects.get(problem=problem)
    office_client.post(reverse("assignment_done", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.done
    assert "Selisih suara TPS 001" not in text(office_client.get(reverse("member_detail", args=[member.pk])))


def test_member_page_lists_follow_ups_and_inventory_problems(office_client, make_user):
    person = make_user(Role.LEGAL, OFFICE, username="hukum.solok")
    member = MemberFactory(user=person, name="")
    FollowUpFactory(owner=member, description="Siapkan draf jawaban")
    ProblemFactory(title="Problem for the lawyer", assignee=person)
    page = text(office_client.get(reverse("member_detail", args=[member.pk])))
    assert "Siapkan draf jawaban" in page and "Problem for the lawyer" in page


# Activities ---------------------------------------------------------------------------------------


def test_record_an_activity_with_bodies_attendees_and_stakeholders(office_client, commissioner):
    election = ElectionFactory()
    team = TeamFactory(election=election)
    ketua = MemberFactory(team=team, name="Ketua Tim")
    form_page = office_client.get(reverse("activity_create", args=[OFFICE]) + "?kind=supervisi&body=13.02.04")
    assert form_page.status_code == 200
    initial = form_page.context["form"].initial
    assert (initial["kind"], initial["districts"], initial["election"]) == ("supervisi", ["13.02.04"], election.pk)
    response = office_client.post(
        reverse("activity_create", args=[OFFICE]),
        {
            "kind": "rakor",
            "title": "Rakor PPK se-Kabupaten Solok",
            "election": election.pk,
            "starts_at": "2024-12-04T09:00",
            "place": "Aula KPU",
            "districts": ["13.02.03", "13.02.04"],
            "other_bodies": "13.02.03.2002",
            "with_bawaslu": "on",
            "attendees": [ketua.pk],
            "outside_attendees": "Ketua Bawaslu",
            "agenda": "Persiapan",
            "outcome": "Sepakat",
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("activity_detail", args=[activity.pk])
    assert sorted(activity.bodies.values_list("code", flat=True)) == ["13.02.03", "13.02.03.2002", "13.02.04"]
    assert list(activity.attendees.all()) == [ketua]
    assert activity.with_bawaslu and activity.created_by == commissioner
    assert timezone.localtime(activity.starts_at).hour == 9
    page = text(office_client.get(reverse("activity_detail", args=[activity.pk])))
    assert "Ketua Tim" in page and "13.02.03.2002" in page

    # Edit: the form comes back filled; a body outside the office is refused.
    edit = office_client.get(reverse("activity_update", args=[activity.pk]))
    assert edit.context["form"].initial["other_bodies"] == "13.02.03.2002"
    response = office_client.post(
        reverse("activity_update", args=[activity.pk]),
        {"kind": "rakor", "title": "Rakor", "starts_at": "2024-12-04T09:00", "other_bodies": "13.01.01"},
    )
    assert response.status_code == 200 and "is-invalid" in text(response)
    response = office_client.post(
        reverse("activity_update", args=[activity.pk]),
        {"kind": "rakor", "title": "Rakor (revisi)", "starts_at": "2024-12-04T10:00", "districts": ["13.02.03"]},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Rakor (revisi)" and list(activity.bodies.values_list("code", flat=True)) == ["13.02.03"]


def test_follow_ups_add_and_done(office_client):
    activity = ActivityFactory()
    owner = MemberFactory(name="Pemilik")
    response = office_client.post(
        reverse("followup_create", args=[activity.pk]),
        {"description": "Kumpulkan daftar hadir", "owner": owner.pk, "due_date": "2024-12-09"},
    )
    assert response.status_code == 302
    follow_up = ActivityFollowUp.objects.get()
    assert (follow_up.owner, follow_up.done) == (owner, False)
    page = text(office_client.get(reverse("activity_detail", args=[activity.pk])))
    assert "list-group-item-danger" in page  # past due
    office_client.post(reverse("followup_done", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    assert follow_up.done and follow_up.done_at
    office_client.post(reverse("followup_done", args=[follow_up.pk]), {"done": "0"})
    follow_up.refresh_from_db()
    assert not follow_up.done


def test_activity_files_upload_and_checked_download(office_client):
    activity = ActivityFactory()
    minutes = pdf_bytes("Notulen rakor")
    response = office_client.post(
        reverse("activity_file_upload", args=[activity.pk]), {"kind": "minutes", "file": uploaded(minutes, "n.pdf")}
    )
    assert response.status_code == 302
    record = ActivityFile.objects.get()
    assert record.sha256 == hashlib.sha256(minutes).hexdigest() and record.mime_type == "application/pdf"
    # A disguised executable is refused with its reason; nothing stored.
    response = office_client.post(
        reverse("activity_file_upload", args=[activity.pk]),
        {"kind": "photo", "file": uploaded(b"\x7fELF" + b"\x00" * 300, "foto.jpg")},
        follow=True,
    )
    assert "Refused" in text(response) and ActivityFile.objects.count() == 1
    download = office_client.get(reverse("activity_file_download", args=[record.pk]))
    assert b"".join(download.streaming_content) == minutes
    assert download["Cache-Control"] == "private, no-store"
    with open(evidence_storage().path(record.file.name), "wb") as fileobj:
        fileobj.write(b"%PDF-1.4 changed")
    assert office_client.get(reverse("activity_file_download", args=[record.pk])).status_code == 409


def test_activity_list_filters_by_kind_kecamatan_and_period(office_client):
    now = timezone.now()
    ActivityFactory(title="Supervisi Pantai Cermin", kind="supervisi", bodies=["13.02.03"], starts_at=now)
    ActivityFactory(title="Supervisi Lembah Gumanti", kind="supervisi", bodies=["13.02.04.2001"], starts_at=now)
    ActivityFactory(title="Bimtek lama", kind="bimtek", starts_at=now - datetime.timedelta(days=400))
    ActivityFactory(title="Rakor Aceh", office_id="11.01")
    url = reverse("activity_list", args=[OFFICE])
    page = text(office_client.get(url))
    assert "Supervisi Pantai Cermin" in page and "Bimtek lama" in page and "Rakor Aceh" not in page
    page = text(office_client.get(url, {"kind": "bimtek"}))
    assert "Bimtek lama" in page and "Supervisi Pantai Cermin" not in page
    page = text(office_client.get(url, {"kecamatan": "13.02.04"}))
    assert "Supervisi Lembah Gumanti" in page and "Supervisi Pantai Cermin" not in page
    assert reverse("activity_create", args=[OFFICE]) + "?body=13.02.04" in page  # recorded for that PPK
    since = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    page = text(office_client.get(url, {"since": since}))
    assert "Bimtek lama" not in page and "Supervisi Pantai Cermin" in page


def test_activity_list_query_count_does_not_grow(office_client):
    for _ in range(3):
        activity = ActivityFactory(bodies=["13.02.03", "13.02.04"])
        FollowUpFactory(activity=activity)
    url = reverse("activity_list", args=[OFFICE])
    with CaptureQueriesContext(connection) as few:
        office_client.get(url)
    for _ in range(20):
        ActivityFactory(bodies=["13.02.03"])
    with CaptureQueriesContext(connection) as many:
        office_client.get(url)
    assert len(many) == len(few)


def test_office_and_team_pages_query_counts_are_flat(office_client):
    team = make_active_team()
    members = [MemberFactory(team=team) for _ in range(3)]
    AssignmentFactory(member=members[0])
    activity = ActivityFactory(bodies=["13.02.03"])
    activity_file_upload(
        actor=None, activity=activity, file=uploaded(jpeg_bytes(7), "foto.jpg"), kind=ActivityFileKind.PHOTO
    )
    urls = [
        reverse("office_detail", args=[OFFICE]),
        reverse("team_detail", args=[team.pk]),
        reverse("activity_detail", args=[activity.pk]),
    ]
    before = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert office_client.get(url).status_code == 200
        before.append(len(queries))
    for _ in range(10):
        member = MemberFactory(team=team)
        AssignmentFactory(member=member, due_date=datetime.date(2024, 1, 1))
        activity.attendees.add(member)
        FollowUpFactory(activity=activity, owner=member)
        ActivityFactory(bodies=["13.02.04"])
    for url, count in zip(urls, before, strict=True):
        with CaptureQueriesContext(connection) as queries:
            office_client.get(url)
        assert len(queries) == count, url


def test_office_checklist_shows_the_first_problems_and_how_many_more(office_client):
    for n in range(13):
        ProblemFactory(title=f"Unassigned problem {n}")
    response = office_client.get(reverse("office_detail", args=[OFFICE]))
    line = text(response).split('data-check="unassigned"')[1].split("</li>\n    \n")[0]
    assert line.count(reverse("problem_list").rstrip("/") + "/") >= 1
    assert "and 3 more" in line
    assert "Unassigned problem 12" in line and "Unassigned problem 2<" not in line
