"""Members are given claims (dalil) to answer once a case exists, inside their office's area only."""

import pytest

from accounts.choices import Role
from cases.models import Case
from core.errors import ApplicationError
from teams import services
from teams.models import MemberAssignment
from tests.cases.factories import ClaimFactory, ContestFactory
from tests.teams.factories import MemberFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commissioner(make_user):
    return make_user(Role.COMMISSIONER, "13.02")


def test_member_is_given_a_claim_of_their_office(commissioner):
    member = MemberFactory(team=TeamFactory(office_id="13.02"))
    claim = ClaimFactory()  # a case against KPU Kabupaten Solok (13.02)
    assignment = services.assignment_create(actor=commissioner, member=member, claim=claim, due_date=None)
    assert MemberAssignment.objects.get(pk=assignment.pk).claim == claim
    assert assignment.history.first().history_user == commissioner


def test_a_claim_of_another_office_is_refused(make_user):
    actor = make_user(Role.COMMISSIONER, "13.01")
    member = MemberFactory(team=TeamFactory(office_id="13.01"))
    claim = ClaimFactory()
    with pytest.raises(ApplicationError):
        services.assignment_create(actor=actor, member=member, claim=claim)
    assert not MemberAssignment.objects.filter(member=member).exists()


def test_a_claim_of_a_case_outside_the_team_area_is_refused_even_for_the_system():
    member = MemberFactory(team=TeamFactory(office_id="13.01"))
    claim = ClaimFactory(case__contest=ContestFactory(), case__respondent_office_id="13.02")
    assert Case.objects.get(pk=claim.case_id).respondent_office_id == "13.02"
    with pytest.raises(ApplicationError):
        services.assignment_create(actor=None, member=member, claim=claim)
