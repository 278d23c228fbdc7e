"""The scoping test base on every team and activity page: anonymous, wrong role, out of region, in
region. Teams and activities hang on the office 13.02 (Kabupaten Solok); the out-of-region user holds
the same role over 13.01 (Kabupaten Pesisir Selatan). Viewing is open to every role in reach; every
change needs the manage-team action, which the legal division does not have."""

import pytest
from django.utils import timezone

from accounts.choices import Role
from teams.choices import ActivityFileKind
from teams.models import Activity, ActivityFile, ActivityFollowUp, MemberAssignment, TaskTeam, TeamMember
from teams.services import activity_file_upload
from tests.inventory.factories import evidence_dir, jpeg_bytes, pdf_bytes, uploaded
from tests.scoping.base import ScopedRouteTests
from tests.teams.factories import (
    ActivityFactory,
    AssignmentFactory,
    ElectionFactory,
    FollowUpFactory,
    MemberFactory,
    TeamFactory,
    make_active_team,
)

__all__ = ["evidence_dir"]

OFFICE = "13.02"
_seed = iter(range(10_000, 100_000))


class OfficeScoped:
    """Evidence-like files to a temporary folder; users at the office level."""

    in_region = OFFICE
    out_region = "13.01"

    @pytest.fixture(autouse=True)
    def _storage(self, evidence_dir):
        return evidence_dir


class Viewing(OfficeScoped):
    role = Role.VIEWER
    wrong_role = None


class Managing(OfficeScoped):
    role = Role.COMMISSIONER
    wrong_role = Role.LEGAL


class OfficeObject:
    def make_object(self, make_user):
        return OFFICE

    def url_args(self, obj):
        return [obj]


class TeamObject:
    def make_object(self, make_user):
        return TeamFactory(name="Tim Penyelesaian PHP Solok")

    def url_args(self, obj):
        return [obj.pk]


class MemberObject:
    def make_object(self, make_user):
        return MemberFactory(name="Anggota Tim")

    def url_args(self, obj):
        return [obj.pk]


class ActivityObject:
    def make_object(self, make_user):
        return ActivityFactory(title="Rakor PPK")

    def url_args(self, obj):
        return [obj.pk]


# Teams ----------------------------------------------------------------------------------------------


class TestTeamList(Viewing, ScopedRouteTests):
    url_name = "team_list"
    kind = "list"

    def make_object(self, make_user):
        return TeamFactory(name="Tim Penyelesaian PHP Solok")

    def listed(self, response, obj):
        return obj.name in response.content.decode()


class TestOfficePage(Viewing, OfficeObject, ScopedRouteTests):
    url_name = "office_detail"


class TestTeamCreate(Managing, OfficeObject, ScopedRouteTests):
    url_name = "team_create"
    kind = "create"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"election": ElectionFactory().pk, "name": "Tim baru", "sk_number": "1/2024"}

    def stored_count(self):
        return TaskTeam.objects.count()


class TestTeamCreateForm(Managing, OfficeObject, ScopedRouteTests):
    url_name = "team_create"


class TestTeamDetail(Viewing, TeamObject, ScopedRouteTests):
    url_name = "team_detail"


class TestTeamUpdate(Managing, TeamObject, ScopedRouteTests):
    url_name = "team_update"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"name": "Renamed team"}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not TaskTeam.objects.filter(name="Renamed team").exists()


class TestTeamStatus(Managing, ScopedRouteTests):
    url_name = "team_status"
    method = "post"
    ok_status = (302,)

    def make_object(self, make_user):
        return make_active_team()

    def url_args(self, obj):
        return [obj.pk]

    def payload(self, obj):
        return {"status": "ended"}

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert TaskTeam.objects.get().status == "ended"

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert TaskTeam.objects.get().status == "active"


class TestTeamSkDownload(Viewing, ScopedRouteTests):
    url_name = "team_sk_download"

    def make_object(self, make_user):
        return make_active_team()

    def url_args(self, obj):
        return [obj.pk]


class TestTeamExport(Viewing, TeamObject, ScopedRouteTests):
    url_name = "team_export"


# Members and assignments -------------------------------------------------------------------------


class TestMemberCreate(Managing, TeamObject, ScopedRouteTests):
    url_name = "member_create"
    kind = "create"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"name": "Prof. Akademisi", "position": "narasumber", "division": "other"}

    def stored_count(self):
        return TeamMember.objects.count()


class TestMemberDetail(Viewing, MemberObject, ScopedRouteTests):
    url_name = "member_detail"


class TestMemberUpdate(Managing, MemberObject, ScopedRouteTests):
    url_name = "member_update"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"name": "Renamed member", "position": "anggota", "division": "hukum"}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not TeamMember.objects.filter(name="Renamed member").exists()


class TestMemberRemove(Managing, MemberObject, ScopedRouteTests):
    url_name = "member_remove"
    method = "post"
    ok_status = (302,)

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert TeamMember.objects.get().active


class TestAssignmentCreate(Managing, MemberObject, ScopedRouteTests):
    url_name = "assignment_create"
    kind = "create"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"region": "13.02.03", "notes": "Dampingi PPK"}

    def stored_count(self):
        return MemberAssignment.objects.count()


class TestAssignmentDone(Managing, ScopedRouteTests):
    url_name = "assignment_done"
    method = "post"
    ok_status = (302,)

    def make_object(self, make_user):
        return AssignmentFactory()

    def url_args(self, obj):
        return [obj.pk]

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not MemberAssignment.objects.get().done


# Activities -----------------------------------------------------------------------------------------


class TestActivityList(Viewing, OfficeObject, ScopedRouteTests):
    url_name = "activity_list"

    def make_object(self, make_user):
        ActivityFactory(title="Rakor PPK se-Kabupaten")
        return OFFICE

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        client.force_login(make_user(self.role, self.in_region))
        assert "Rakor PPK se-Kabupaten" in client.get(f"/teams/office/{OFFICE}/activities/").content.decode()


class TestActivityExport(Viewing, OfficeObject, ScopedRouteTests):
    url_name = "activity_export"


class TestActivityCreate(Managing, OfficeObject, ScopedRouteTests):
    url_name = "activity_create"
    kind = "create"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"kind": "bimtek", "title": "Bimtek PPK", "starts_at": "2024-11-14T09:00", "districts": ["13.02.03"]}

    def stored_count(self):
        return Activity.objects.count()


class TestActivityCreateForm(Managing, OfficeObject, ScopedRouteTests):
    url_name = "activity_create"


class TestActivityDetail(Viewing, ActivityObject, ScopedRouteTests):
    url_name = "activity_detail"


class TestActivityUpdate(Managing, ActivityObject, ScopedRouteTests):
    url_name = "activity_update"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"kind": "rakor", "title": "Renamed activity", "starts_at": "2024-12-04T09:00"}

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not Activity.objects.filter(title="Renamed activity").exists()


class TestFollowUpCreate(Managing, ActivityObject, ScopedRouteTests):
    url_name = "followup_create"
    kind = "create"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"description": "Kumpulkan D.Hasil", "due_date": timezone.localdate().isoformat()}

    def stored_count(self):
        return ActivityFollowUp.objects.count()


class TestFollowUpDone(Managing, ScopedRouteTests):
    url_name = "followup_done"
    method = "post"
    ok_status = (302,)

    def make_object(self, make_user):
        return FollowUpFactory()

    def url_args(self, obj):
        return [obj.pk]

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not ActivityFollowUp.objects.get().done


class TestActivityFileUpload(Managing, ActivityObject, ScopedRouteTests):
    url_name = "activity_file_upload"
    kind = "create"
    method = "post"
    ok_status = (302,)

    def payload(self, obj):
        return {"kind": "minutes", "file": uploaded(pdf_bytes(f"Notulen {next(_seed)}"), "notulen.pdf")}

    def stored_count(self):
        return ActivityFile.objects.count()


class TestActivityFileDownload(Viewing, ScopedRouteTests):
    url_name = "activity_file_download"

    def make_object(self, make_user):
        record, _created = activity_file_upload(
            actor=None,
            activity=ActivityFactory(),
            file=uploaded(jpeg_bytes(next(_seed)), "foto.jpg"),
            kind=ActivityFileKind.PHOTO,
        )
        return record

    def url_args(self, obj):
        return [obj.pk]
