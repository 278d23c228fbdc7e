"""The readiness checklist (each rule flips when the data changes, counts only what the user sees, a
fixed number of queries) and the team workload."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import Role
from accounts.scoping import forget_reach
from elections.choices import Stage
from inventory.models import Problem
from regions.choices import Level
from regions.models import Region
from teams.choices import ActivityKind, TeamStatus
from teams.models import MemberAssignment
from teams.selectors import office_readiness, readiness_report, stages_taken_place, team_workload
from tests.inventory.factories import ProblemFactory, evidence_dir
from tests.teams.factories import (
    ActivityFactory,
    AssignmentFactory,
    ElectionFactory,
    FollowUpFactory,
    MemberFactory,
    TeamFactory,
    make_active_team,
)

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]

OFFICE = "13.02"


@pytest.fixture(autouse=True)
def _fast(settings, evidence_dir):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def election():
    return ElectionFactory(voting_date=timezone.localdate() - datetime.timedelta(days=10))


@pytest.fixture
def office():
    return Region.objects.get(code=OFFICE)


@pytest.fixture
def user(make_user):
    return make_user(Role.COMMISSIONER, OFFICE)


def districts():
    return list(Region.objects.filter(code__startswith=OFFICE + ".", level=Level.DISTRICT).order_by("code"))


def checks(user, office, election):
    return {c.key: c for c in office_readiness(user=user, office_region=office, election=election)}


def test_stages_rule():
    election = ElectionFactory(voting_date=datetime.date(2024, 11, 27))
    assert stages_taken_place(election, Level.REGENCY, datetime.date(2024, 11, 26)) == []
    assert stages_taken_place(election, Level.REGENCY, datetime.date(2024, 11, 27)) == [
        Stage.DPT,
        Stage.LOGISTIK,
        Stage.PEMUNGUTAN,
        Stage.PENGHITUNGAN,
    ]
    late = stages_taken_place(election, Level.REGENCY, datetime.date(2025, 6, 1))
    assert Stage.REKAP_KABKO in late and Stage.PENETAPAN in late
    assert Stage.REKAP_PROVINSI not in late and Stage.REKAP_NASIONAL not in late
    assert Stage.REKAP_NASIONAL in stages_taken_place(election, None, datetime.date(2025, 6, 1))


def test_team_check(user, office, election):
    assert not checks(user, office, election)["team"].ok
    team = TeamFactory(office_id=OFFICE, election=election, sk_number="1/2024")
    result = checks(user, office, election)["team"]
    assert not result.ok and result.targets[0]["id"] == team.pk
    team.delete()
    team = make_active_team(election=election)
    assert checks(user, office, election)["team"].ok
    # Out of its period, the SK no longer counts.
    type(team).objects.filter(pk=team.pk).update(period_end=timezone.localdate() - datetime.timedelta(days=1))
    assert not checks(user, office, election)["team"].ok
    type(team).objects.filter(pk=team.pk).update(status=TeamStatus.ENDED)
    assert not checks(user, office, election)["team"].ok


def test_team_of_another_office_or_election_does_not_count(user, office, election):
    make_active_team(office="13.01", election=election)
    make_active_team(election=ElectionFactory())
    assert not checks(user, office, election)["team"].ok


def test_inventory_per_stage(user, office, election):
    result = checks(user, office, election)["inventory"]
    expected = stages_taken_place(election, Level.REGENCY, timezone.localdate())
    assert not result.ok and [t["key"] for t in result.targets] == expected
    for stage in expected[:-1]:
        ProblemFactory(region_id="13.02.03.2002.001", stage=stage)
    ProblemFactory(region_id="13.01.01", stage=expected[-1])  # another kabupaten: does not count
    result = checks(user, office, election)["inventory"]
    assert [t["key"] for t in result.targets] == [expected[-1]]
    ProblemFactory(region_id="13.02.04", stage=expected[-1])
    assert checks(user, office, election)["inventory"].ok


def test_inventory_before_voting_day_is_not_due(user, office):
    future = ElectionFactory(voting_date=timezone.localdate() + datetime.timedelta(days=30))
    assert checks(user, office, future)["inventory"].ok


def test_every_ppk_reached(user, office, election):
    all_districts = districts()
    assert len(all_districts) > 2
    result = checks(user, office, election)["outreach"]
    assert not result.ok and result.count == len(all_districts)
    *reached, last = all_districts
    ActivityFactory(kind=ActivityKind.SUPERVISI, bodies=reached[:2])
    ActivityFactory(kind=ActivityKind.ADVOKASI, bodies=reached[2:])
    # A rakor, a future supervision and another office's supervision do not count.
    ActivityFactory(kind=ActivityKind.RAKOR, bodies=[last])
    ActivityFactory(kind=ActivityKind.SUPERVISI, bodies=[last], starts_at=timezone.now() + datetime.timedelta(days=2))
    ActivityFactory(office_id="13.01", kind=ActivityKind.SUPERVISI)
    result = checks(user, office, election)["outreach"]
    assert [t["key"] for t in result.targets] == [last.code]
    # Supervising one of its PPS counts for the kecamatan.
    village = Region.objects.filter(parent=last).first()
    ActivityFactory(kind=ActivityKind.SUPERVISI, bodies=[village])
    assert checks(user, office, election)["outreach"].ok


def test_activity_of_another_election_does_not_count(user, office, election):
    ActivityFactory(kind=ActivityKind.BIMTEK, election=ElectionFactory())
    assert not checks(user, office, election)["bimtek"].ok
    ActivityFactory(kind=ActivityKind.BIMTEK, election=election)
    assert checks(user, office, election)["bimtek"].ok


def test_bimtek_and_rakor_held(user, office, election):
    result = checks(user, office, election)
    assert not result["bimtek"].ok and not result["rakor"].ok
    ActivityFactory(kind=ActivityKind.RAKOR, starts_at=timezone.now() + datetime.timedelta(days=1))  # planned
    ActivityFactory(office_id="13", kind=ActivityKind.BIMTEK)  # the province's bimtek is not ours
    result = checks(user, office, election)
    assert not result["bimtek"].ok and not result["rakor"].ok
    ActivityFactory(kind=ActivityKind.RAKOR)
    ActivityFactory(kind=ActivityKind.BIMTEK)
    result = checks(user, office, election)
    assert result["bimtek"].ok and result["rakor"].ok and result["rakor"].count == 1


def test_follow_ups_past_due(user, office, election):
    assert checks(user, office, election)["followups"].ok
    today = timezone.localdate()
    late = FollowUpFactory(due_date=today - datetime.timedelta(days=1), owner=MemberFactory())
    FollowUpFactory(due_date=today)  # due today: not late yet
    FollowUpFactory(due_date=today - datetime.timedelta(days=5), done=True)
    FollowUpFactory(activity=ActivityFactory(office_id="13.01"), due_date=today - datetime.timedelta(days=3))
    result = checks(user, office, election)["followups"]
    assert not result.ok and [t["id"] for t in result.targets] == [late.pk]
    assert result.targets[0]["owner"] == late.owner.display_name
    late.done = True
    late.save()
    assert checks(user, office, election)["followups"].ok


def test_problems_without_assignee(user, office, election):
    assert checks(user, office, election)["unassigned"].ok
    first = ProblemFactory(region_id="13.02.03.2002.001")
    second = ProblemFactory(region_id="13.02.04")
    ProblemFactory(region_id="13.01.01")
    result = checks(user, office, election)["unassigned"]
    assert result.count == 2
    Problem.objects.filter(pk=first.pk).update(assignee=user)
    assignment = AssignmentFactory(problem=second, region=None)
    assert checks(user, office, election)["unassigned"].ok
    MemberAssignment.objects.filter(pk=assignment.pk).update(done=True)
    assert checks(user, office, election)["unassigned"].count == 1


def test_counts_only_what_the_user_sees(make_user, office, election):
    ProblemFactory(region_id="13.02.03.2002.001")
    ProblemFactory(region_id="13.02.04")
    ppk = make_user(Role.PPK, "13.02.03")
    assert checks(ppk, office, election)["unassigned"].count == 1


def test_report_takes_the_team_election_by_default(user, office, election):
    make_active_team(election=election)
    ElectionFactory(voting_date=timezone.localdate())
    report = readiness_report(user=user, office_region=office)
    assert report["election"] == election and not report["ready"]


def test_constant_queries(user, office, election):
    def count():
        forget_reach(user)  # the reach is kept on the user object: a real request brings a fresh one
        with CaptureQueriesContext(connection) as ctx:
            office_readiness(user=user, office_region=office, election=election)
        return len(ctx)

    make_active_team(election=election)
    for _ in range(2):
        FollowUpFactory(
            activity=ActivityFactory(kind=ActivityKind.SUPERVISI, bodies=districts()[:2]),
            due_date=timezone.localdate() - datetime.timedelta(days=2),
        )
        ProblemFactory(region_id="13.02.03.2002.001")
    small = count()
    for _ in range(18):
        FollowUpFactory(
            activity=ActivityFactory(kind=ActivityKind.SUPERVISI, bodies=districts()[:4]),
            due_date=timezone.localdate() - datetime.timedelta(days=2),
            owner=MemberFactory(team__election=ElectionFactory()),
        )
        ProblemFactory(region_id="13.02.04")
    assert count() == small
    # One reach look-up (kept on the user object, not one per scoped query), election 0, team 1,
    # stages 1, districts 2, meetings 1, follow-ups 1, unassigned 2 (count + sample).
    assert small <= 9


class TestWorkload:
    def test_per_member_and_unassigned(self, user, election):
        team = make_active_team(election=election)
        busy = MemberFactory(team=team, name="Busy")
        idle = MemberFactory(team=team, name="Idle")
        gone = MemberFactory(team=team, name="Gone", active=False)
        today = timezone.localdate()
        d1, d2, *rest = districts()
        AssignmentFactory(member=busy, region=d1, due_date=today - datetime.timedelta(days=1))
        AssignmentFactory(member=busy, region_id=Region.objects.filter(parent=d2).first().code)
        AssignmentFactory(member=busy, region=rest[0], done=True)
        AssignmentFactory(member=gone, region=rest[1])
        problem = ProblemFactory(region_id="13.02.03.2002.001")
        handled = ProblemFactory(region_id="13.02.04")
        AssignmentFactory(member=idle, problem=handled, region=None)
        workload = team_workload(user=user, team=team)
        rows = {m.display_name: (m.open_count, m.overdue_count) for m in workload["members"]}
        assert rows == {"Busy": (2, 1), "Idle": (1, 0)}
        assert [p.pk for p in workload["unassigned_problems"]] == [problem.pk]
        assert workload["unassigned_problem_count"] == 1
        uncovered = [d.code for d in workload["uncovered_districts"]]
        assert d1.code not in uncovered and d2.code not in uncovered
        assert rest[0].code in uncovered and rest[1].code in uncovered

    def test_member_covering_the_whole_kabupaten_covers_every_kecamatan(self, user, election):
        team = make_active_team(election=election)
        AssignmentFactory(member=MemberFactory(team=team), region_id=OFFICE)
        assert team_workload(user=user, team=team)["uncovered_districts"] == []

    def test_constant_queries(self, user, election, django_assert_max_num_queries):
        team = make_active_team(election=election)
        for district in districts():
            member = MemberFactory(team=team)
            AssignmentFactory(member=member, region=district)
            ProblemFactory(region_id=district.code)
        with django_assert_max_num_queries(6):
            workload = team_workload(user=user, team=team)
            [(m.display_name, m.open_count) for m in workload["members"]]
