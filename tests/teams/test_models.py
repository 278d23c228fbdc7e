"""Team models: validation, named constraints, and the office scoping (ancestor-aware for viewing)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.choices import Action, Role
from inventory.models import Problem
from teams.choices import TeamStatus
from teams.models import Activity, ActivityFollowUp, MemberAssignment, TaskTeam, TeamMember
from tests.factories import UserFactory
from tests.inventory.factories import ProblemFactory
from tests.teams.factories import (
    ActivityFactory,
    AssignmentFactory,
    ElectionFactory,
    FollowUpFactory,
    MemberFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_office_must_be_a_province_or_regency():
    for code in ("13", "13.02"):
        TeamFactory.build(office_id=code, election=ElectionFactory()).full_clean()
    TeamFactory.build(office_id=None, election=ElectionFactory()).full_clean()
    with pytest.raises(ValidationError) as exc:
        TeamFactory.build(office_id="13.02.03", election=ElectionFactory()).full_clean()
    assert "office" in exc.value.message_dict
    with pytest.raises(ValidationError):
        ActivityFactory.build(office_id="13.02.03.2002").full_clean()


def test_period_cannot_end_before_it_starts():
    team = TeamFactory.build(
        election=ElectionFactory(), period_start=datetime.date(2024, 12, 1), period_end=datetime.date(2024, 11, 1)
    )
    with pytest.raises(ValidationError) as exc:
        team.full_clean()
    assert "period_end" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        team.save()


def test_one_live_team_per_office_and_election_national_too():
    election = ElectionFactory()
    TeamFactory(office_id="13.02", election=election)
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamFactory(office_id="13.02", election=election)
    TeamFactory(office_id=None, election=election)
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamFactory(office_id=None, election=election)
    # An ended team makes room for a new one.
    TaskTeam.objects.filter(office_id="13.02").update(status=TeamStatus.ENDED)
    TeamFactory(office_id="13.02", election=election)
    TeamFactory(office_id="13.01", election=election)


def test_member_is_a_user_or_a_named_outside_person():
    team = TeamFactory()
    with pytest.raises(ValidationError) as exc:
        TeamMember(team=team, name="  ").full_clean()
    assert "name" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(team=team, name="")
    user = UserFactory(full_name="Dewi Lestari")
    member = TeamMember.objects.create(team=team, user=user)
    assert member.display_name == "Dewi Lestari"
    assert not member.is_outside
    outside = MemberFactory(team=team, name="Dr. Andalas", institution="Universitas Andalas")
    assert outside.is_outside and str(outside) == "Dr. Andalas"


def test_a_user_sits_once_per_team_but_on_several_teams():
    user = UserFactory()
    team = TeamFactory()
    TeamMember.objects.create(team=team, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(team=team, user=user)
    TeamMember.objects.create(team=TeamFactory(office_id="13"), user=user)
    assert user.team_memberships.count() == 2


def test_assignment_needs_a_target_inside_the_office_area():
    member = MemberFactory(team=TeamFactory(office_id="13.02"))
    with pytest.raises(ValidationError):
        MemberAssignment(member=member).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberAssignment.objects.create(member=member)
    MemberAssignment(member=member, region_id="13.02.03").full_clean()
    with pytest.raises(ValidationError) as exc:
        MemberAssignment(member=member, region_id="13.01.01").full_clean()
    assert "region" in exc.value.message_dict
    problem = ProblemFactory(region_id="13.02.04.2001.001")
    MemberAssignment(member=member, problem=problem).full_clean()
    elsewhere = ProblemFactory(region_id="13.01.01")
    with pytest.raises(ValidationError) as exc:
        MemberAssignment(member=member, problem=elsewhere).full_clean()
    assert "problem" in exc.value.message_dict
    # A national team covers everything.
    national = MemberFactory(team=TeamFactory(office_id=None))
    MemberAssignment(member=national, problem=elsewhere).full_clean()


def test_follow_up_owner_is_on_a_team_of_the_same_office():
    activity = ActivityFactory(office_id="13.02")
    own = MemberFactory(team=TeamFactory(office_id="13.02"))
    ActivityFollowUp(activity=activity, description="Kirim notulen", owner=own).full_clean()
    other = MemberFactory(team=TeamFactory(office_id="13.01"))
    with pytest.raises(ValidationError) as exc:
        ActivityFollowUp(activity=activity, description="Kirim notulen", owner=other).full_clean()
    assert "owner" in exc.value.message_dict


def test_activity_end_after_start():
    now = timezone.now()
    activity = ActivityFactory.build(starts_at=now, ends_at=now - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError) as exc:
        activity.full_clean(exclude=["bodies", "attendees"])
    assert "ends_at" in exc.value.message_dict


class TestScoping:
    """View: own area, the teams and members of the offices above and of KPU RI, and of their work and
    activities only what touches the own area. Manage: the office itself must be in reach."""

    @pytest.fixture
    def rows(self):
        election = ElectionFactory()
        teams = {code: TeamFactory(office_id=code, election=election) for code in ("13", "13.02", "13.01", None)}
        for team in teams.values():
            member = MemberFactory(team=team)
            AssignmentFactory(member=member, region_id=team.office_id or "11")
            FollowUpFactory(activity=ActivityFactory(office_id=team.office_id), owner=member)
        return teams

    def offices(self, model, user, action=Action.VIEW):
        path = model.objects.all().office_path
        return set(model.objects.visible_to(user, action).values_list(path, flat=True))

    def test_ppk_sees_its_kabupaten_province_and_national_rows(self, rows, make_user):
        ppk = make_user(Role.PPK, "13.02.03")
        for model in (TaskTeam, TeamMember):
            assert self.offices(model, ppk) == {"13", "13.02", None}, model
        for model in (MemberAssignment, Activity, ActivityFollowUp):  # nothing here touches 13.02.03
            assert self.offices(model, ppk) == set(), model
        for model in (TaskTeam, TeamMember, MemberAssignment, Activity, ActivityFollowUp):
            assert self.offices(model, ppk, Action.MANAGE_TEAM) == set()

    def test_regency_commissioner_manages_own_office_only(self, rows, make_user):
        commissioner = make_user(Role.COMMISSIONER, "13.02")
        assert self.offices(TaskTeam, commissioner) == {"13", "13.02", None}
        assert self.offices(TaskTeam, commissioner, Action.MANAGE_TEAM) == {"13.02"}

    def test_province_sees_its_regencies(self, rows, make_user):
        commissioner = make_user(Role.COMMISSIONER, "13")
        assert self.offices(Activity, commissioner) == {"13", "13.02", "13.01"}  # not KPU RI's, from below
        assert self.offices(Activity, commissioner, Action.MANAGE_TEAM) == {"13", "13.02", "13.01"}

    def test_national_rows_need_national_reach_to_manage(self, rows, make_user, superuser):
        national = make_user(Role.COMMISSIONER, None)
        assert self.offices(TaskTeam, national, Action.MANAGE_TEAM) == {"13", "13.02", "13.01", None}
        assert self.offices(TaskTeam, superuser, Action.MANAGE_TEAM) == {"13", "13.02", "13.01", None}

    def test_nobody_without_assignment_sees_anything(self, rows):
        assert not TaskTeam.objects.visible_to(UserFactory()).exists()
        assert not Problem.objects.visible_to(UserFactory()).exists()

    def test_other_province_sees_only_national(self, rows, make_user):
        aceh = make_user(Role.COMMISSIONER, "11.01")
        assert self.offices(TaskTeam, aceh) == {None}
