"""The scoping test base on every teams API route: anonymous, wrong role, out of region, in region.

Viewing is open to every role in the office's area (wrong role: none); changing needs the manage-team
action on the office (a legal-division user of the same office is the wrong role)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from teams.models import Activity, ActivityFile, ActivityFollowUp, MemberAssignment, TaskTeam, TeamMember
from tests.inventory.factories import evidence_dir, pdf_bytes, uploaded
from tests.scoping.base import ScopedRouteTests
from tests.teams.factories import (
    ActivityFactory,
    AssignmentFactory,
    ElectionFactory,
    FollowUpFactory,
    MemberFactory,
    TeamFactory,
    sk_pdf,
)

__all__ = ["evidence_dir"]


@pytest.fixture(autouse=True)
def _fast(settings, evidence_dir):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class AtOffice:
    api = True
    role = Role.VIEWER
    wrong_role = None
    in_region = "13.02"
    out_region = "13.01"

    def url_args(self, obj):
        return [obj.pk]


class Manage(AtOffice):
    role = Role.COMMISSIONER
    wrong_role = Role.LEGAL
    method = "post"


class Listing(AtOffice):
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return obj.pk in [row["id"] for row in response.json()["results"]]


class Creating(Manage):
    kind = "create"
    ok_status = (201,)

    def url_args(self, obj):
        return []


class Multipart:
    def call(self, client, obj):
        return client.post(reverse(self.url_name, args=self.url_args(obj)), self.payload(obj))


# Teams


class TestTeamList(Listing, ScopedRouteTests):
    url_name = "team-list"

    def make_object(self, make_user):
        return TeamFactory(office_id="13.02")


class TestTeamCreate(Creating, ScopedRouteTests):
    url_name = "team-list"

    def make_object(self, make_user):
        return ElectionFactory()

    def payload(self, election):
        return {"office": "13.02", "election": election.pk, "name": "Tim PHP Kabupaten Solok"}

    def stored_count(self):
        return TaskTeam.objects.count()


class TestTeamDetail(AtOffice, ScopedRouteTests):
    url_name = "team-detail"

    def make_object(self, make_user):
        return TeamFactory(office_id="13.02")


class TestTeamUpdate(Manage, ScopedRouteTests):
    url_name = "team-detail"
    method = "patch"

    def make_object(self, make_user):
        return TeamFactory(office_id="13.02")

    def payload(self, team):
        return {"sk_number": "99/2024"}


class TestTeamActivate(Manage, ScopedRouteTests):
    url_name = "team-activate"

    def make_object(self, make_user):
        from teams.services import team_sk_upload

        team = TeamFactory(office_id="13.02", sk_number="1/2024", sk_date=timezone.localdate())
        return team_sk_upload(actor=None, team=team, file=sk_pdf())


class TestTeamEnd(Manage, ScopedRouteTests):
    url_name = "team-end"

    def make_object(self, make_user):
        return TeamFactory(office_id="13.02")


class TestTeamSk(Multipart, Manage, ScopedRouteTests):
    url_name = "team-sk"

    def make_object(self, make_user):
        return TeamFactory(office_id="13.02")

    def payload(self, team):
        return {"file": sk_pdf()}


class TestTeamWorkload(AtOffice, ScopedRouteTests):
    url_name = "team-workload"

    def make_object(self, make_user):
        return TeamFactory(office_id="13.02")


# Members


def member():
    return MemberFactory(team=TeamFactory(office_id="13.02"))


class TestMemberList(Listing, ScopedRouteTests):
    url_name = "team-member-list"

    def make_object(self, make_user):
        return member()


class TestMemberCreate(Creating, ScopedRouteTests):
    url_name = "team-member-list"

    def make_object(self, make_user):
        return TeamFactory(office_id="13.02")

    def payload(self, team):
        return {"team": team.pk, "name": "Dr. Rina", "institution": "Universitas Andalas", "position": "narasumber"}

    def stored_count(self):
        return TeamMember.objects.count()


class TestMemberDetail(AtOffice, ScopedRouteTests):
    url_name = "team-member-detail"

    def make_object(self, make_user):
        return member()


class TestMemberUpdate(Manage, ScopedRouteTests):
    url_name = "team-member-detail"
    method = "patch"

    def make_object(self, make_user):
        return member()

    def payload(self, obj):
        return {"phone": "0812 000"}


class TestMemberRemove(Manage, ScopedRouteTests):
    url_name = "team-member-detail"
    method = "delete"
    kind = "delete"
    ok_status = (204,)

    def make_object(self, make_user):
        return member()


# Assignments


def assignment():
    return AssignmentFactory(member=member(), region_id="13.02.03")


class TestAssignmentList(Listing, ScopedRouteTests):
    url_name = "team-assignment-list"

    def make_object(self, make_user):
        return assignment()


class TestAssignmentCreate(Creating, ScopedRouteTests):
    url_name = "team-assignment-list"

    def make_object(self, make_user):
        return member()

    def payload(self, obj):
        return {"member": obj.pk, "region": "13.02.03", "due_date": "2030-01-01"}

    def stored_count(self):
        return MemberAssignment.objects.count()


class TestAssignmentDetail(AtOffice, ScopedRouteTests):
    url_name = "team-assignment-detail"

    def make_object(self, make_user):
        return assignment()


class TestAssignmentComplete(Manage, ScopedRouteTests):
    url_name = "team-assignment-complete"

    def make_object(self, make_user):
        return assignment()

    def payload(self, obj):
        return {"done": True}


# Activities


class TestActivityList(Listing, ScopedRouteTests):
    url_name = "activity-list"

    def make_object(self, make_user):
        return ActivityFactory(office_id="13.02")


class TestActivityCreate(Creating, ScopedRouteTests):
    url_name = "activity-list"

    def payload(self, obj):
        return {
            "office": "13.02",
            "kind": "rakor",
            "title": "Rakor persiapan PHP",
            "starts_at": timezone.now().isoformat(),
            "bodies": ["13.02.03", "13.02.04"],
        }

    def stored_count(self):
        return Activity.objects.count()


class TestActivityDetail(AtOffice, ScopedRouteTests):
    url_name = "activity-detail"

    def make_object(self, make_user):
        return ActivityFactory(office_id="13.02")


class TestActivityUpdate(Manage, ScopedRouteTests):
    url_name = "activity-detail"
    method = "patch"

    def make_object(self, make_user):
        return ActivityFactory(office_id="13.02")

    def payload(self, obj):
        return {"outcome": "Sepakat"}


class TestActivityFiles(Multipart, Manage, ScopedRouteTests):
    url_name = "activity-files"
    ok_status = (201,)

    def make_object(self, make_user):
        return ActivityFactory(office_id="13.02")

    def payload(self, obj):
        return {"kind": "minutes", "file": uploaded(pdf_bytes(f"Notulen {obj.pk}"), "notulen.pdf")}

    def test_in_region(self, client, make_user):
        super().test_in_region(client, make_user)
        assert ActivityFile.objects.count() == 1


# Follow-ups


def follow_up():
    return FollowUpFactory(activity=ActivityFactory(office_id="13.02"))


class TestFollowUpList(Listing, ScopedRouteTests):
    url_name = "activity-followup-list"

    def make_object(self, make_user):
        return follow_up()


class TestFollowUpCreate(Creating, ScopedRouteTests):
    url_name = "activity-followup-list"

    def make_object(self, make_user):
        return ActivityFactory(office_id="13.02")

    def payload(self, obj):
        return {"activity": obj.pk, "description": "Kirim notulen ke PPK", "due_date": "2030-01-01"}

    def stored_count(self):
        return ActivityFollowUp.objects.count()


class TestFollowUpDetail(AtOffice, ScopedRouteTests):
    url_name = "activity-followup-detail"

    def make_object(self, make_user):
        return follow_up()


class TestFollowUpComplete(Manage, ScopedRouteTests):
    url_name = "activity-followup-complete"

    def make_object(self, make_user):
        return follow_up()

    def payload(self, obj):
        return {"done": True}


# Readiness


class TestReadiness(AtOffice, ScopedRouteTests):
    url_name = "readiness-detail"

    def make_object(self, make_user):
        return TeamFactory(office_id="13.02")

    def url_args(self, obj):
        return ["13.02"]
