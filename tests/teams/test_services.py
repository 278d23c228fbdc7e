"""Team services: who may manage which office, the SK rules and its immutable scan, members,
assignments, activities with their bodies, follow-ups and files, and the actor in the history."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.choices import Role
from core.errors import ApplicationError
from files.store import content_name
from inventory.storage import evidence_storage
from regions.models import Region
from teams import services
from teams.choices import ActivityFileKind, ActivityKind, Position, TeamStatus
from teams.models import ActivityFile, TaskTeam
from tests.inventory.factories import ProblemFactory, evidence_dir, jpeg_bytes, pdf_bytes, uploaded
from tests.teams.factories import (
    ActivityFactory,
    ElectionFactory,
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


def region(code):
    return Region.objects.get(code=code)


class TestWhoManages:
    def test_commissioner_forms_the_team_of_own_office(self, make_user):
        commissioner = make_user(Role.COMMISSIONER, "13.02")
        team = services.team_create(
            actor=commissioner, office=region("13.02"), election=ElectionFactory(), name="  Tim PHP Solok "
        )
        assert team.name == "Tim PHP Solok" and team.status == TeamStatus.DRAFT
        assert team.history.first().history_user == commissioner

    def test_secretariat_may_manage_the_team(self, make_user):
        secretariat = make_user(Role.SECRETARIAT, "13.02")
        services.team_create(actor=secretariat, office=region("13.02"), election=ElectionFactory(), name="Tim")

    @pytest.mark.parametrize(
        ("role", "code"),
        [
            (Role.COMMISSIONER, "13.01"),  # neighbouring kabupaten
            (Role.PPK, "13.02.03"),  # below, and PPK cannot manage teams anyway
            (Role.LEGAL, "13.02"),  # right place, wrong role
            (Role.COMMISSIONER, "13.02"),  # a regency cannot form the province's team
        ],
    )
    def test_others_cannot(self, make_user, role, code):
        actor = make_user(role, code)
        office = "13" if code == "13.02" and role == Role.COMMISSIONER else "13.02"
        with pytest.raises(ApplicationError):
            services.team_create(actor=actor, office=region(office), election=ElectionFactory(), name="Tim")
        assert not TaskTeam.objects.exists()

    def test_commissioner_of_1301_cannot_touch_1302(self, make_user):
        team = TeamFactory(office_id="13.02")
        member = MemberFactory(team=team)
        activity = ActivityFactory(office_id="13.02")
        other = make_user(Role.COMMISSIONER, "13.01")
        calls = [
            lambda: services.team_update(actor=other, team=team, name="Diambil alih"),
            lambda: services.team_activate(actor=other, team=team),
            lambda: services.team_sk_upload(actor=other, team=team, file=sk_pdf()),
            lambda: services.member_add(actor=other, team=team, name="Penyusup"),
            lambda: services.member_update(actor=other, member=member, name="X"),
            lambda: services.member_remove(actor=other, member=member),
            lambda: services.assignment_create(actor=other, member=member, region=region("13.02.03")),
            lambda: services.activity_update(actor=other, activity=activity, title="X"),
            lambda: services.followup_add(actor=other, activity=activity, description="X"),
            lambda: services.activity_file_upload(
                actor=other, activity=activity, file=uploaded(pdf_bytes("notulen"), "notulen.pdf"), kind="minutes"
            ),
        ]
        for call in calls:
            with pytest.raises(ApplicationError):
                call()
        team.refresh_from_db()
        assert team.name != "Diambil alih" and not team.sk_file
        assert team.members.count() == 1 and member.assignments.count() == 0
        assert not activity.follow_ups.exists() and not activity.files.exists()

    def test_national_team_needs_national_reach(self, make_user):
        with pytest.raises(ApplicationError):
            services.team_create(
                actor=make_user(Role.COMMISSIONER, "13"), office=None, election=ElectionFactory(), name="Tim RI"
            )
        team = services.team_create(
            actor=make_user(Role.COMMISSIONER, None), office=None, election=ElectionFactory(), name="Tim RI"
        )
        assert team.office_label == "KPU RI"


class TestSk:
    def test_activation_needs_number_date_and_scan(self, make_user):
        actor = make_user(Role.COMMISSIONER, "13.02")
        team = TeamFactory()
        with pytest.raises(ApplicationError) as exc:
            services.team_activate(actor=actor, team=team)
        assert set(exc.value.extra) == {"sk_number", "sk_date", "sk_file"}
        services.team_update(actor=actor, team=team, sk_number="12/2024", sk_date=datetime.date(2024, 8, 1))
        with pytest.raises(ApplicationError) as exc:
            services.team_activate(actor=actor, team=team)
        assert set(exc.value.extra) == {"sk_file"}
        services.team_sk_upload(actor=actor, team=team, file=sk_pdf("SK Tim PHP.pdf"))
        team = services.team_activate(actor=actor, team=team)
        assert team.status == TeamStatus.ACTIVE
        # An active team cannot lose its SK number.
        with pytest.raises(ApplicationError):
            services.team_update(actor=actor, team=team, sk_number=" ")

    def test_scan_is_sniffed_hashed_and_stored_under_its_hash(self, make_user):
        actor = make_user(Role.COMMISSIONER, "13.02")
        team = services.team_sk_upload(actor=actor, team=TeamFactory(), file=sk_pdf("SK.pdf"))
        assert team.sk_mime_type == "application/pdf" and team.sk_original_name == "SK.pdf"
        assert team.sk_file.name == content_name(team.sk_sha256, ".pdf")
        assert evidence_storage().exists(team.sk_file.name)
        assert team.sk_size > 0 and team.sk_uploaded_by == actor

    def test_replacing_keeps_the_old_file_and_history(self, make_user):
        actor = make_user(Role.COMMISSIONER, "13.02")
        team = services.team_sk_upload(actor=actor, team=TeamFactory(), file=sk_pdf())
        first = team.sk_file.name
        team = services.team_sk_upload(actor=actor, team=team, file=sk_pdf())
        assert team.sk_file.name != first
        assert evidence_storage().exists(first)
        assert first in {h.sk_file for h in team.history.all()}

    def test_refuses_what_is_not_a_decree_scan(self, make_user):
        actor = make_user(Role.COMMISSIONER, "13.02")
        team = TeamFactory()
        fake = SimpleUploadedFile("sk.pdf", b"<html><script>alert(1)</script></html>")
        with pytest.raises(ApplicationError):
            services.team_sk_upload(actor=actor, team=team, file=fake)
        team.refresh_from_db()
        assert not team.sk_file

    def test_ended_team_is_frozen(self, make_user):
        actor = make_user(Role.COMMISSIONER, "13.02")
        team = services.team_end(actor=actor, team=make_active_team())
        assert team.status == TeamStatus.ENDED and team.period_end is not None
        for call in (
            lambda: services.team_update(actor=actor, team=team, name="x"),
            lambda: services.team_activate(actor=actor, team=team),
            lambda: services.member_add(actor=actor, team=team, name="x"),
        ):
            with pytest.raises(ApplicationError):
                call()


class TestMembersAndAssignments:
    def test_users_and_outside_persons(self, make_user):
        actor = make_user(Role.COMMISSIONER, "13.02")
        team = TeamFactory()
        staff = make_user(Role.SECRETARIAT, "13.02")  # assigned at the office (test_member_reach.py)
        services.member_add(actor=actor, team=team, user=staff, position=Position.KETUA, division="hukum")
        with pytest.raises(ApplicationError):
            services.member_add(actor=actor, team=team, user=staff)
        with pytest.raises(ApplicationError):
            services.member_add(actor=actor, team=team, name=" ")
        academic = services.member_add(
            actor=actor, team=team, name="Dr. Rina", institution="Universitas Andalas", position="narasumber"
        )
        services.member_update(actor=actor, member=academic, phone="0812")
        services.member_remove(actor=actor, member=academic)
        academic.refresh_from_db()
        assert not academic.active and academic.phone == "0812"
        assert academic.history.first().history_user == actor
        with pytest.raises(ApplicationError):
            services.assignment_create(actor=actor, member=academic, region=region("13.02.03"))

    def test_assignment_inside_the_area_and_complete(self, make_user):
        actor = make_user(Role.COMMISSIONER, "13.02")
        member = MemberFactory()
        with pytest.raises(ApplicationError):
            services.assignment_create(actor=actor, member=member, region=region("13.01.01"))
        problem = ProblemFactory(region_id="13.02.04.2001.001")
        assignment = services.assignment_create(
            actor=actor, member=member, problem=problem, due_date=timezone.localdate(), notes=" Cek C.Hasil "
        )
        assert assignment.notes == "Cek C.Hasil" and assignment.created_by == actor
        assignment = services.assignment_complete(actor=actor, assignment=assignment)
        assert assignment.done and assignment.done_at
        assignment = services.assignment_complete(actor=actor, assignment=assignment, done=False)
        assert not assignment.done and assignment.done_at is None


class TestActivities:
    def test_create_with_bodies_attendees_and_follow_ups(self, make_user):
        actor = make_user(Role.COMMISSIONER, "13.02")
        member = MemberFactory()
        activity = services.activity_create(
            actor=actor,
            office=region("13.02"),
            kind=ActivityKind.RAKOR,
            title="Rakor persiapan PHP",
            starts_at=timezone.now(),
            bodies=[region("13.02.03"), region("13.02.04.2001")],
            attendees=[member],
            with_bawaslu=True,
        )
        assert set(activity.bodies.values_list("code", flat=True)) == {"13.02.03", "13.02.04.2001"}
        assert list(activity.attendees.all()) == [member]
        assert activity.history.first().history_user == actor
        follow_up = services.followup_add(
            actor=actor, activity=activity, description="Kirim daftar hadir", owner=member, due_date=None
        )
        follow_up = services.followup_complete(actor=actor, follow_up=follow_up)
        assert follow_up.done and follow_up.done_at

    @pytest.mark.parametrize("code", ["13.01.01", "13.02", "13.02.03.2002.001"])
    def test_bodies_are_ppk_or_pps_of_the_office(self, make_user, code):
        actor = make_user(Role.COMMISSIONER, "13.02")
        with pytest.raises(ApplicationError) as exc:
            services.activity_create(
                actor=actor,
                office=region("13.02"),
                kind="supervisi",
                title="x",
                starts_at=timezone.now(),
                bodies=[region(code)],
            )
        assert "bodies" in exc.value.extra

    def test_attendees_from_another_office_refused(self, make_user):
        actor = make_user(Role.COMMISSIONER, "13")
        activity = ActivityFactory(office_id="13")
        stranger = MemberFactory(team=TeamFactory(office_id="13.02"))
        with pytest.raises(ApplicationError) as exc:
            services.activity_update(actor=actor, activity=activity, attendees=[stranger])
        assert "attendees" in exc.value.extra

    def test_ppk_cannot_record_activities(self, make_user):
        with pytest.raises(ApplicationError):
            services.activity_create(
                actor=make_user(Role.PPK, "13.02.03"),
                office=region("13.02"),
                kind="rakor",
                title="x",
                starts_at=timezone.now(),
            )

    def test_files_like_evidence(self, make_user):
        actor = make_user(Role.COMMISSIONER, "13.02")
        activity = ActivityFactory()
        minutes, created = services.activity_file_upload(
            actor=actor, activity=activity, file=uploaded(pdf_bytes("Notulen rakor"), "notulen.pdf"), kind="minutes"
        )
        assert created and minutes.mime_type == "application/pdf"
        assert minutes.file.name == content_name(minutes.sha256, ".pdf")
        again, created = services.activity_file_upload(
            actor=actor, activity=activity, file=uploaded(pdf_bytes("Notulen rakor"), "copy.pdf"), kind="minutes"
        )
        assert not created and again.pk == minutes.pk
        photo, _ = services.activity_file_upload(
            actor=actor, activity=activity, file=uploaded(jpeg_bytes(7), "foto.jpg"), kind=ActivityFileKind.PHOTO
        )
        assert photo.uploaded_by == actor
        with pytest.raises(ApplicationError):  # a PDF is not a photo
            services.activity_file_upload(
                actor=actor, activity=activity, file=uploaded(pdf_bytes("x"), "x.pdf"), kind="photo"
            )
        with pytest.raises(ApplicationError):
            services.activity_file_upload(
                actor=actor, activity=activity, file=uploaded(pdf_bytes("y"), "y.pdf"), kind="bogus"
            )
        assert ActivityFile.objects.filter(activity=activity).count() == 2

    def test_refused_upload_leaves_no_file(self, make_user, evidence_dir):
        actor = make_user(Role.COMMISSIONER, "13.02")
        activity = ActivityFactory()
        services.activity_file_upload(
            actor=actor, activity=activity, file=uploaded(jpeg_bytes(1), "a.jpg"), kind="photo"
        )
        before = sorted(p.name for p in evidence_dir.rglob("*") if p.is_file())
        with pytest.raises(ApplicationError):
            services.activity_file_upload(
                actor=make_user(Role.COMMISSIONER, "13.01"),
                activity=activity,
                file=uploaded(jpeg_bytes(2), "b.jpg"),
                kind="photo",
            )
        assert sorted(p.name for p in evidence_dir.rglob("*") if p.is_file()) == before
