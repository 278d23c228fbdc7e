"""Delegation: who may create users and assignments where, through the service, the page and the API."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.choices import Role
from accounts.delegation import can_grant
from accounts.models import Assignment, User
from accounts.services import assignment_create, assignment_revoke, user_create
from core.errors import ApplicationError
from regions.models import Region

pytestmark = pytest.mark.django_db


def region(code):
    return Region.objects.get(code=code) if code else None


def counts():
    return User.objects.count(), Assignment.objects.count()


# --- the rule itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "code", "allowed"),
    [
        (Role.COMMISSIONER, "13.02", True),  # up to their own rank, at their own office
        (Role.LEGAL, "13.02", True),
        (Role.PPK, "13.02.03", True),
        (Role.PPS, "13.02.03.2002", True),
        (Role.KPPS, "13.02.03.2002.001", True),
        (Role.VIEWER, "13.02.04", True),
        (Role.PPK, "13.01.01", False),  # beside: the neighbouring regency
        (Role.VIEWER, "13.01", False),
        (Role.VIEWER, "13", False),  # above: the province
        (Role.VIEWER, None, False),  # above: the whole country
        (Role.VIEWER, "11.01", False),
    ],
)
def test_commissioner_grants_inside_their_subtree_only(office, role, code, allowed):
    assert can_grant(office, role=role, region=region(code)) is allowed


@pytest.mark.parametrize(
    ("role", "code", "allowed"),
    [
        (Role.COMMISSIONER, "13.02", False),  # ranked above the secretariat
        (Role.SECRETARIAT, "13.02", True),
        (Role.LEGAL, "13.02", False),  # same rank, but manages cases: an action the secretariat lacks
        (Role.TECHNICAL, "13.02", False),  # verifies evidence, exports dossiers: the same
        (Role.PPK, "13.02.03", True),
        (Role.VIEWER, "13.02", True),
    ],
)
def test_secretariat_never_grants_a_role_above_its_own_nor_one_doing_more(secretariat, role, code, allowed):
    assert can_grant(secretariat, role=role, region=region(code)) is allowed


def test_actions_held_there_count_not_those_held_elsewhere(make_user):
    """Secretariat of 13.02 and legal division of 13.01: the legal role may not be granted in 13.02."""
    actor = make_user(Role.SECRETARIAT, "13.02")
    Assignment.objects.create(user=actor, role=Role.LEGAL, region_id="13.01")

    assert not can_grant(actor, role=Role.LEGAL, region=region("13.02"))


@pytest.mark.parametrize("role", [Role.LEGAL, Role.TECHNICAL, Role.PPK, Role.PPS, Role.KPPS, Role.VIEWER])
def test_roles_without_manage_users_grant_nothing(make_user, role):
    code = {Role.PPK: "13.02.03", Role.PPS: "13.02.03.2002", Role.KPPS: "13.02.03.2002.001"}.get(role, "13.02")
    actor = make_user(role, code)

    assert not can_grant(actor, role=Role.VIEWER, region=region(code))


def test_mixed_grants_do_not_combine(make_user):
    """Commissioner of 13.02 and secretariat of 13: a commissioner role in 13.01 needs both at once, so no."""
    actor = make_user(Role.COMMISSIONER, "13.02")
    Assignment.objects.create(user=actor, role=Role.SECRETARIAT, region_id="13")

    assert can_grant(actor, role=Role.SECRETARIAT, region=region("13.01"))
    assert not can_grant(actor, role=Role.COMMISSIONER, region=region("13.01"))
    assert can_grant(actor, role=Role.COMMISSIONER, region=region("13.02"))


# --- the service -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "code", "field"),
    [
        (Role.PPK, "13.01.01", "region"),  # beside
        (Role.VIEWER, "13", "region"),  # above
        (Role.VIEWER, None, "region"),  # national
        (Role.PPK, "13.02", "role"),  # PPK sits at a district, not a regency
        (Role.PPS, "13.02.03", "role"),  # PPS sits at a village
        (Role.KPPS, "13.02.03.2002", "role"),  # KPPS sits at a TPS
        (Role.COMMISSIONER, "13.02.03", "role"),  # no KPU office at a district
        (Role.LEGAL, "13.02.03.2002.001", "role"),
    ],
)
def test_user_create_refused_stores_nothing(office, role, code, field):
    before = counts()

    with pytest.raises(ApplicationError) as caught:
        user_create(actor=office, username="orang.baru", full_name="Orang Baru", role=role, region=region(code))

    assert caught.value.message
    assert field in caught.value.extra
    assert caught.value.extra[field]
    assert counts() == before
    assert not User.objects.filter(username="orang.baru").exists()


def test_user_create_role_above_own_refused(secretariat):
    before = counts()

    with pytest.raises(ApplicationError) as caught:
        user_create(
            actor=secretariat, username="ketua", full_name="Ketua", role=Role.COMMISSIONER, region=region("13.02")
        )

    assert "region" in caught.value.extra
    assert counts() == before


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.PPK, "13.02.03"),
        (Role.PPS, "13.02.04.2001"),
        (Role.KPPS, "13.02.03.2002.002"),
        (Role.VIEWER, "13.02.10"),
        (Role.LEGAL, "13.02"),
    ],
)
def test_user_create_inside_subtree(office, role, code):
    user = user_create(actor=office, username="orang.baru", full_name="Orang Baru", role=role, region=region(code))

    assignment = user.assignments.get()
    assert (assignment.role, assignment.region_id, assignment.created_by) == (role, code, office)
    assert not user.has_usable_password()  # waits for the setup link


def test_expired_actor_may_not_delegate(office):
    from datetime import timedelta

    from django.utils import timezone

    Assignment.objects.filter(user=office).update(valid_until=timezone.now() - timedelta(seconds=1))

    with pytest.raises(ApplicationError):
        user_create(actor=office, username="x", full_name="X", role=Role.PPK, region=region("13.02.03"))
    assert not User.objects.filter(username="x").exists()


def test_assignment_create_outside_subtree_refused(office, make_user):
    person = make_user(Role.PPK, "13.02.03")

    with pytest.raises(ApplicationError) as caught:
        assignment_create(actor=office, user=person, role=Role.PPK, region=region("13.01.01"))

    assert "region" in caught.value.extra
    assert list(person.assignments.values_list("region_id", flat=True)) == ["13.02.03"]


def test_assignment_create_unknown_role_refused(office, make_user):
    person = make_user(Role.PPK, "13.02.03")

    with pytest.raises(ApplicationError) as caught:
        assignment_create(actor=office, user=person, role="boss", region=region("13.02"))

    assert "role" in caught.value.extra
    assert person.assignments.count() == 1


def test_superuser_and_system_may_grant_anything(superuser):
    national = user_create(actor=superuser, username="ri", full_name="KPU RI", role=Role.COMMISSIONER, region=None)
    by_system = user_create(
        actor=None, username="prov", full_name="KPU Prov", role=Role.SECRETARIAT, region=region("13")
    )

    assert national.assignments.get().region_id is None
    assert by_system.assignments.get().region_id == "13"


def test_superuser_still_bound_by_levels(superuser):
    with pytest.raises(ApplicationError) as caught:
        user_create(actor=superuser, username="ppk.salah", full_name="PPK", role=Role.PPK, region=region("13"))

    assert "role" in caught.value.extra
    assert not User.objects.filter(username="ppk.salah").exists()


def test_only_superuser_creates_superuser(office):
    with pytest.raises(ApplicationError):
        user_create(
            actor=office, username="root2", full_name="R", role=Role.VIEWER, region=region("13.02"), is_superuser=True
        )
    assert not User.objects.filter(username="root2").exists()


def test_revoke_above_own_rank_refused(secretariat, office):
    held = office.assignments.get()

    with pytest.raises(ApplicationError):
        assignment_revoke(actor=secretariat, assignment=held)

    assert Assignment.objects.filter(pk=held.pk).exists()


def test_revoke_inside_subtree(office, make_user):
    person = make_user(Role.PPK, "13.02.03")

    assignment_revoke(actor=office, assignment=person.assignments.get())

    assert not person.assignments.exists()


# --- the user-create page --------------------------------------------------------------------


def post_user_create(client, actor, **data):
    client.force_login(actor)
    payload = {"username": "orang.baru", "full_name": "Orang Baru", "email": "", "phone": "", **data}
    return client.post(reverse("user_create"), payload)


def assert_refused_on_page(response, field):
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors, "the form shows why"
    assert field in form.errors
    page = response.content.decode()
    for message in form.errors[field]:
        assert escape(message) in page, f"{message!r} is not shown on the page"


@pytest.mark.parametrize(
    ("role", "code", "field"),
    [
        (Role.PPK, "13.01.01", "region"),  # beside: not even a known region for this user
        (Role.VIEWER, "13", "region"),  # above
        (Role.VIEWER, "", "__all__"),  # national: the service refuses
        (Role.PPK, "13.02", "role"),  # level does not fit
        (Role.KPPS, "13.02.03", "role"),
    ],
)
def test_page_refuses_outside_or_misfit(client, office, role, code, field):
    before = counts()

    response = post_user_create(client, office, role=role, region=code)

    assert_refused_on_page(response, field)
    assert counts() == before


def test_page_refuses_a_role_above_own(client, secretariat):
    before = counts()

    response = post_user_create(client, secretariat, role=Role.COMMISSIONER, region="13.02")

    assert_refused_on_page(response, "region")
    assert counts() == before


def test_page_creates_inside_and_shows_setup_link(client, office):
    response = post_user_create(client, office, role=Role.PPK, region="13.02.04")

    assert response.status_code == 200
    user = User.objects.get(username="orang.baru")
    assert user.assignments.get().region_id == "13.02.04"
    assert "/accounts/setup/" in response.content.decode()


def test_page_refuses_a_taken_username(client, office, make_user):
    make_user(Role.PPK, "13.02.03", username="orang.baru")
    before = counts()

    response = post_user_create(client, office, role=Role.PPK, region="13.02.04")

    assert_refused_on_page(response, "username")
    assert counts() == before


def test_page_forbidden_for_a_role_without_manage_users(client, make_user):
    actor = make_user(Role.LEGAL, "13.02")
    before = counts()

    response = post_user_create(client, actor, role=Role.VIEWER, region="13.02")

    assert response.status_code == 403
    assert counts() == before


# --- the assignment page (add to an existing user) --------------------------------------------


def test_detail_page_refuses_assignment_beside(client, office, make_user):
    person = make_user(Role.PPK, "13.02.03", username="ppk.target")
    client.force_login(office)

    response = client.post(reverse("user_detail", args=[person.username]), {"role": Role.VIEWER, "region": "13.01"})

    assert_refused_on_page(response, "region")
    assert person.assignments.count() == 1


def test_revoke_page_refuses_above_own_rank_with_a_message(client, secretariat, office):
    held = office.assignments.get()
    client.force_login(secretariat)

    response = client.post(reverse("assignment_revoke", args=[held.pk]), follow=True)

    assert Assignment.objects.filter(pk=held.pk).exists()
    messages = [m for m in response.context["messages"]]
    assert [m.level_tag for m in messages] == ["error"]


# --- the API ---------------------------------------------------------------------------------


def post_assignment(api_client, actor, **data):
    api_client.force_authenticate(actor)
    return api_client.post(reverse("assignment-list"), data, format="json")


@pytest.mark.parametrize(
    ("role", "code", "key"),
    [
        (Role.PPK, "13.01.01", "region"),  # beside: read as a missing region
        (Role.VIEWER, "13", "region"),  # above
        (Role.VIEWER, "11.01", "region"),
    ],
)
def test_api_refuses_outside_subtree(api_client, office, make_user, role, code, key):
    person = make_user(Role.PPK, "13.02.03", username="ppk.target")
    before = counts()

    response = post_assignment(api_client, office, user=person.username, role=role, region=code)

    assert response.status_code == 400, response.content
    assert response.json()[key]
    assert counts() == before


@pytest.mark.parametrize(
    ("role", "code", "key"),
    [
        (Role.VIEWER, None, "region"),  # national
        (Role.PPK, "13.02", "role"),  # level does not fit
        (Role.PPS, "13.02.03", "role"),
    ],
)
def test_api_service_refusals_use_the_error_shape(api_client, office, make_user, role, code, key):
    person = make_user(Role.PPK, "13.02.03", username="ppk.target")
    before = counts()

    response = post_assignment(api_client, office, user=person.username, role=role, region=code)

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["message"]
    assert body["extra"][key]
    assert counts() == before


def test_api_refuses_a_role_above_own(api_client, secretariat, make_user):
    person = make_user(Role.PPK, "13.02.03", username="ppk.target")
    before = counts()

    response = post_assignment(api_client, secretariat, user=person.username, role=Role.COMMISSIONER, region="13.02")

    assert response.status_code == 400
    assert response.json()["message"]
    assert response.json()["extra"]["region"]
    assert counts() == before


def test_api_refuses_unknown_role(api_client, office, make_user):
    person = make_user(Role.PPK, "13.02.03", username="ppk.target")
    before = counts()

    response = post_assignment(api_client, office, user=person.username, role="boss", region="13.02")

    assert response.status_code == 400
    assert response.json()["role"]
    assert counts() == before


def test_api_refuses_a_user_outside_the_managed_ones(api_client, office, make_user):
    stranger = make_user(Role.PPK, "13.01.01", username="ppk.tetangga")
    before = counts()

    response = post_assignment(api_client, office, user=stranger.username, role=Role.PPK, region="13.02.03")

    assert response.status_code == 400
    assert response.json()["user"]
    assert counts() == before


def test_api_creates_inside(api_client, office, make_user):
    person = make_user(Role.PPK, "13.02.03", username="ppk.target")

    response = post_assignment(api_client, office, user=person.username, role=Role.PPS, region="13.02.03.2001")

    assert response.status_code == 201, response.content
    assert response.json()["region"] == "13.02.03.2001"
    created = person.assignments.get(role=Role.PPS)
    assert created.created_by == office


def test_api_forbidden_for_a_role_without_manage_users(api_client, make_user):
    actor = make_user(Role.TECHNICAL, "13.02")
    person = make_user(Role.PPK, "13.02.03", username="ppk.target")
    before = counts()

    response = post_assignment(api_client, actor, user=person.username, role=Role.VIEWER, region="13.02")

    assert response.status_code == 403
    assert counts() == before


def test_api_delete_above_own_rank_refused(api_client, secretariat, office):
    held = office.assignments.get()
    api_client.force_authenticate(secretariat)

    response = api_client.delete(reverse("assignment-detail", args=[held.pk]))

    assert response.status_code == 400
    assert response.json()["message"]
    assert Assignment.objects.filter(pk=held.pk).exists()


# --- a role carrying an action the granter lacks (the secretariat and the legal role) ----------


def test_secretariat_may_not_grant_itself_or_others_the_legal_role(secretariat, make_user):
    person = make_user(Role.VIEWER, "13.02.03", username="staf.baru")
    before = counts()

    for user in (secretariat, person):
        with pytest.raises(ApplicationError) as caught:
            assignment_create(actor=secretariat, user=user, role=Role.LEGAL, region=region("13.02"))
        assert caught.value.extra["region"]
    with pytest.raises(ApplicationError) as caught:
        user_create(actor=secretariat, username="hukum.baru", full_name="H", role=Role.LEGAL, region=region("13.02"))
    assert caught.value.extra["region"]

    assert counts() == before
    assert not secretariat.assignments.filter(role=Role.LEGAL).exists()


def test_page_refuses_the_secretariat_the_legal_role(client, secretariat, make_user):
    person = make_user(Role.VIEWER, "13.02.03", username="staf.baru")
    before = counts()

    for user in (secretariat, person):
        client.force_login(secretariat)
        response = client.post(reverse("user_detail", args=[user.username]), {"role": Role.LEGAL, "region": "13.02"})
        assert_refused_on_page(response, "region")
    assert_refused_on_page(post_user_create(client, secretariat, role=Role.LEGAL, region="13.02"), "region")

    assert counts() == before


def test_api_refuses_the_secretariat_the_legal_role(api_client, secretariat, make_user):
    person = make_user(Role.VIEWER, "13.02.03", username="staf.baru")
    before = counts()

    for user in (secretariat, person):
        response = post_assignment(api_client, secretariat, user=user.username, role=Role.LEGAL, region="13.02")
        assert response.status_code == 400, response.content
        assert response.json()["extra"]["region"]

    assert counts() == before
    assert not secretariat.assignments.filter(role=Role.LEGAL).exists()


def test_commissioner_still_grants_the_legal_role(api_client, client, office, make_user):
    person = make_user(Role.VIEWER, "13.02.03", username="staf.baru")

    assert assignment_create(actor=office, user=person, role=Role.LEGAL, region=region("13.02")).role == Role.LEGAL
    response = post_assignment(api_client, office, user=person.username, role=Role.TECHNICAL, region="13.02")
    assert response.status_code == 201, response.content
    client.force_login(office)
    response = client.post(
        reverse("user_detail", args=[person.username]), {"role": Role.SECRETARIAT, "region": "13.02"}
    )
    assert response.status_code == 302
    held = set(person.assignments.values_list("role", flat=True))
    assert held == {Role.VIEWER, Role.LEGAL, Role.TECHNICAL, Role.SECRETARIAT}
