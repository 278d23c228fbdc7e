"""A user's reach is read once per user object (one per request) and forgotten when it changes."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.choices import Action, Role
from accounts.models import Assignment
from accounts.scoping import forget_reach, has_some_reach, reach_of, require_some_reach
from accounts.services import assignment_create, assignment_revoke
from dossiers.selectors import can_export
from regions.models import Region
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def test_one_query_for_every_action(make_user, django_assert_num_queries):
    user = make_user(Role.LEGAL, "13.02")
    with django_assert_num_queries(1):
        for action in Action.values:
            reach_of(user, action)
        reach_of(user, Action.VIEW)
    assert reach_of(user, Action.EXPORT_DOSSIERS).prefixes == ("13.02",)
    assert not reach_of(user, Action.MANAGE_USERS).somewhere


def test_forget_reach_reads_again(make_user, django_assert_num_queries):
    user = make_user(Role.PPK, "13.02.03")
    reach_of(user)
    Assignment.objects.filter(user=user).update(region_id="13.02.04")  # behind the object's back
    assert reach_of(user).prefixes == ("13.02.03",)
    forget_reach(user)
    with django_assert_num_queries(1):
        assert reach_of(user).prefixes == ("13.02.04",)
    forget_reach(None)  # nothing to forget


def test_saving_or_deleting_an_assignment_forgets_its_holders_reach(make_user):
    user = make_user(Role.PPK, "13.02.03")
    assert not reach_of(user).contains("13.01.01")
    added = AssignmentFactory(user=user, role=Role.VIEWER, region_id="13.01.01")
    assert reach_of(user).contains("13.01.01")
    added.delete()
    assert not reach_of(user).contains("13.01.01")


def test_services_forget_the_actors_reach_when_it_is_their_own(office):
    own = Assignment.objects.get(user=office)
    assert reach_of(office, Action.MANAGE_USERS).somewhere
    other_object = Assignment.objects.select_related("user").get(pk=own.pk)
    assignment_revoke(actor=office, assignment=other_object)
    assert not reach_of(office, Action.MANAGE_USERS).somewhere


def test_granting_reaches_the_holder_at_once(office, bare_user):
    assert not reach_of(bare_user).somewhere
    region = Region.objects.get(code="13.02.03")
    assignment_create(actor=office, user=bare_user, role=Role.PPK, region=region)
    assert reach_of(bare_user).contains("13.02.03.2001")


def test_some_reach_refuses_with_403_where_the_role_grants_nothing(make_user):
    viewer = make_user(Role.VIEWER, "13.02")
    assert has_some_reach(viewer, Action.VIEW)
    assert require_some_reach(viewer, Action.VIEW).prefixes == ("13.02",)
    assert not has_some_reach(viewer, Action.EDIT_INVENTORY)
    with pytest.raises(PermissionDenied):
        require_some_reach(viewer, Action.EDIT_INVENTORY)
    with pytest.raises(PermissionDenied):
        require_some_reach(None, Action.VIEW)


def test_can_export_over_a_region_and_nationally(make_user, superuser):
    legal = make_user(Role.LEGAL, "13.02")
    viewer = make_user(Role.VIEWER, "13.02")
    assert can_export(legal, "13.02")
    assert can_export(legal, "13.02.03.2001")
    assert not can_export(legal, "13.01")
    assert not can_export(legal, "13.021")
    assert not can_export(legal, None)  # a national dossier needs national reach
    assert not can_export(viewer, "13.02")
    assert can_export(superuser, None)
    assert can_export(make_user(Role.LEGAL, None), None)
