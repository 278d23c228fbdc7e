"""A user's reach: the union of the subtrees of their live assignments, per action."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.choices import Action, Role
from accounts.models import Assignment
from accounts.scoping import reach_of
from regions.models import Region
from tests.factories import AssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def visible_codes(user, action=Action.VIEW, **filters):
    return set(Region.objects.visible_to(user, action).filter(**filters).values_list("code", flat=True))


def test_reach_is_the_union_of_assignment_subtrees(make_user):
    user = make_user(Role.PPK, "13.02.03")
    AssignmentFactory(user=user, role=Role.VIEWER, region_id="13.01.01")

    seen = visible_codes(user)

    assert "13.02.03" in seen
    assert "13.02.03.2002.003" in seen  # a TPS deep inside the first subtree
    assert "13.01.01" in seen
    assert "13.01.01.2001" in seen  # a village inside the second subtree
    assert "13.02.04" not in seen  # the neighbouring district
    assert "13.02" not in seen  # the regency above
    assert "13" not in seen
    assert not any(code.startswith("11") for code in seen)
    expected = {
        code
        for code in Region.objects.values_list("code", flat=True)
        if code in ("13.02.03", "13.01.01") or code.startswith(("13.02.03.", "13.01.01."))
    }
    assert seen == expected


def test_prefix_match_stops_at_the_dot(make_user):
    """The subtree of 13.02.10 is 13.02.10 and 13.02.10.*: never 13.02.11 nor a bare string prefix."""
    user = make_user(Role.PPK, "13.02.10")

    seen = visible_codes(user, code__startswith="13.02.1")

    assert seen
    assert all(code == "13.02.10" or code.startswith("13.02.10.") for code in seen)
    assert reach_of(user).contains("13.02.10.2001")
    assert not reach_of(user).contains("13.02.11")
    assert not reach_of(user).contains("13.02.1")


def test_expired_assignment_gives_nothing(make_user):
    user = make_user(Role.COMMISSIONER, "13.02")
    Assignment.objects.filter(user=user).update(valid_until=timezone.now() - timedelta(minutes=1))

    assert visible_codes(user) == set()
    reach = reach_of(user, Action.MANAGE_USERS)
    assert not reach.everything
    assert reach.prefixes == ()


def test_assignment_valid_until_the_future_still_counts(make_user):
    user = make_user(Role.COMMISSIONER, "13.02")
    Assignment.objects.filter(user=user).update(valid_until=timezone.now() + timedelta(days=1))

    assert "13.02.03" in visible_codes(user)


def test_expired_assignment_does_not_shrink_a_live_one(make_user):
    user = make_user(Role.PPK, "13.02.03")
    AssignmentFactory(user=user, role=Role.VIEWER, region_id="13.01", valid_until=timezone.now() - timedelta(days=1))

    seen = visible_codes(user)

    assert "13.02.03.2001" in seen
    assert "13.01" not in seen
    assert "13.01.01" not in seen


def test_inactive_user_reaches_nothing(make_user):
    user = make_user(Role.COMMISSIONER, "13.02")
    user.is_active = False
    user.save()

    assert visible_codes(user) == set()


def test_user_without_assignments_reaches_nothing(bare_user):
    assert visible_codes(bare_user) == set()


def test_superuser_sees_all(superuser):
    assert visible_codes(superuser) == set(Region.objects.values_list("code", flat=True))
    assert reach_of(superuser, Action.MANAGE_USERS).everything


def test_national_assignment_sees_all(make_user):
    user = make_user(Role.VIEWER, None)

    assert visible_codes(user) == set(Region.objects.values_list("code", flat=True))


@pytest.mark.parametrize(
    ("role", "action"),
    [
        (Role.VIEWER, Action.EDIT_INVENTORY),
        (Role.KPPS, Action.EDIT_INVENTORY),
        (Role.PPK, Action.MANAGE_USERS),
        (Role.LEGAL, Action.MANAGE_USERS),
        (Role.TECHNICAL, Action.MANAGE_CASES),
        (Role.SECRETARIAT, Action.VERIFY_EVIDENCE),
    ],
)
def test_role_without_the_action_gives_nothing_for_it(make_user, role, action):
    code = {Role.KPPS: "13.02.03.2002.001", Role.PPK: "13.02.03"}.get(role, "13.02")
    user = make_user(role, code)

    assert visible_codes(user, action) == set()
    assert code in visible_codes(user, Action.VIEW)


def test_action_reach_is_only_from_assignments_granting_it(make_user):
    """Viewer over the province, secretariat over one regency: managing users reaches only the regency."""
    user = make_user(Role.VIEWER, "13")
    AssignmentFactory(user=user, role=Role.SECRETARIAT, region_id="13.02")

    assert "13.01.01" in visible_codes(user, Action.VIEW)
    managed = visible_codes(user, Action.MANAGE_USERS)
    assert "13.02.03" in managed
    assert "13.01.01" not in managed
    assert "13" not in managed


def test_anonymous_reaches_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert Region.objects.visible_to(AnonymousUser()).count() == 0
    assert Region.objects.visible_to(None).count() == 0


def test_assignment_visible_to_follows_the_region_of_the_assignment(make_user, office):
    inside = make_user(Role.PPK, "13.02.03")
    deeper = make_user(Role.KPPS, "13.02.03.2002.001")
    beside = make_user(Role.COMMISSIONER, "13.01")
    above = make_user(Role.VIEWER, "13")
    national = make_user(Role.VIEWER, None)

    managed = set(Assignment.objects.visible_to(office, Action.MANAGE_USERS).values_list("user__username", flat=True))

    assert {inside.username, deeper.username, office.username} <= managed
    assert beside.username not in managed
    assert above.username not in managed
    assert national.username not in managed


def test_assignment_visible_to_with_an_action_the_role_lacks(make_user):
    ppk = make_user(Role.PPK, "13.02.03")
    make_user(Role.KPPS, "13.02.03.2002.001")

    assert Assignment.objects.visible_to(ppk, Action.MANAGE_USERS).count() == 0
    assert Assignment.objects.visible_to(ppk, Action.VIEW).count() == 2


def test_superuser_sees_every_assignment(make_user, superuser):
    make_user(Role.PPK, "13.02.03")
    make_user(Role.VIEWER, "11.01")
    make_user(Role.VIEWER, None)

    assert Assignment.objects.visible_to(superuser, Action.MANAGE_USERS).count() == Assignment.objects.count()


def test_overlapping_assignments_do_not_duplicate_rows(make_user):
    user = make_user(Role.COMMISSIONER, "13.02")
    AssignmentFactory(user=user, role=Role.VIEWER, region_id="13.02.03")
    AssignmentFactory(user=user, role=Role.VIEWER, region_id="13")

    qs = Region.objects.visible_to(user).filter(code__startswith="13.02.03")
    assert qs.count() == len(set(qs.values_list("code", flat=True)))
    assert reach_of(user).prefixes == ("13",)


def test_reach_grows_and_shrinks_with_assignments(make_user):
    user = UserFactory()
    assert visible_codes(user) == set()
    assignment = AssignmentFactory(user=user, role=Role.PPK, region_id="13.02.04")
    assert "13.02.04.2001" in visible_codes(user)
    assignment.delete()
    assert visible_codes(user) == set()
