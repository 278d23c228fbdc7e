"""Audit trail: who created users and granted or revoked roles (django-simple-history)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.choices import Role
from accounts.models import Assignment, User
from accounts.services import assignment_create, assignment_revoke, user_create
from regions.models import Region

pytestmark = pytest.mark.django_db

Historical = Assignment.history.model
HistoricalUser = User.history.model


def test_user_create_page_records_the_actor(client, office):
    client.force_login(office)

    client.post(
        reverse("user_create"),
        {"username": "ppk.baru", "full_name": "PPK Baru", "role": Role.PPK, "region": "13.02.03"},
    )

    user = User.objects.get(username="ppk.baru")
    user_record = user.history.get()
    assert (user_record.history_type, user_record.history_user) == ("+", office)
    assignment_record = Historical.objects.get(user_id=user.pk)
    assert (assignment_record.history_type, assignment_record.history_user) == ("+", office)
    assert (assignment_record.role, assignment_record.region_id) == (Role.PPK, "13.02.03")
    # The password hash never lands in the history table.
    assert not hasattr(user_record, "password")


def test_assignment_add_and_revoke_pages_record_the_actor(client, office, make_user):
    person = make_user(Role.PPK, "13.02.03", username="ppk.target")
    client.force_login(office)

    client.post(reverse("user_detail", args=[person.username]), {"role": Role.VIEWER, "region": "13.02.04"})
    added = person.assignments.get(role=Role.VIEWER)
    client.post(reverse("assignment_revoke", args=[added.pk]))

    assert not Assignment.objects.filter(pk=added.pk).exists()
    records = list(Historical.objects.filter(id=added.pk).order_by("history_id"))
    assert [(r.history_type, r.history_user) for r in records] == [("+", office), ("-", office)]
    assert records[-1].region_id == "13.02.04"  # what was revoked is still on record


def test_api_create_and_delete_record_the_token_user(api_client, office, make_user):
    from accounts.services import token_create

    person = make_user(Role.PPK, "13.02.03", username="ppk.target")
    auth = {"HTTP_AUTHORIZATION": f"Token {token_create(user=office).key}"}

    response = api_client.post(
        reverse("assignment-list"), {"user": person.username, "role": Role.PPS, "region": "13.02.03.2001"}, **auth
    )
    pk = response.json()["id"]
    api_client.delete(reverse("assignment-detail", args=[pk]), **auth)

    records = list(Historical.objects.filter(id=pk).order_by("history_id"))
    assert [(r.history_type, r.history_user) for r in records] == [("+", office), ("-", office)]


def test_services_record_the_actor_outside_a_request(office):
    """Services called from tasks, commands or the shell still name who acted."""
    person = user_create(
        actor=office,
        username="ppk.baru",
        full_name="PPK Baru",
        role=Role.PPK,
        region=Region.objects.get(code="13.02.03"),
    )
    extra = assignment_create(actor=office, user=person, role=Role.VIEWER, region=Region.objects.get(code="13.02.04"))
    assignment_revoke(actor=office, assignment=extra)

    assert person.history.get().history_user == office
    records = Historical.objects.filter(user_id=person.pk).order_by("history_id")
    assert [(r.role, r.history_type, r.history_user) for r in records] == [
        (Role.PPK, "+", office),
        (Role.VIEWER, "+", office),
        (Role.VIEWER, "-", office),
    ]


def test_refused_create_leaves_no_history(office):
    from core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        user_create(
            actor=office, username="luar", full_name="Luar", role=Role.PPK, region=Region.objects.get(code="13.01.01")
        )

    assert not HistoricalUser.objects.filter(username="luar").exists()
    assert not Historical.objects.filter(region_id="13.01.01").exists()


def test_import_records_the_actor(tmp_path, office):
    path = tmp_path / "users.csv"
    path.write_text(
        "username,full_name,email,phone,role,region_code,valid_until\n"
        "ppk.a,PPK A,,,ppk,13.02.03,\n"
        "ppk.b,PPK B,,,ppk,13.02.04,\n"
    )

    call_command(
        "import_users", str(path), links_out=str(tmp_path / "l.csv"), actor=office.username, stdout=io.StringIO()
    )

    users = HistoricalUser.objects.filter(username__in=["ppk.a", "ppk.b"])
    assert [(r.history_type, r.history_user) for r in users] == [("+", office)] * 2
    assignments = Historical.objects.filter(region_id__in=["13.02.03", "13.02.04"]).exclude(user_id=office.pk)
    assert [(r.history_type, r.history_user) for r in assignments] == [("+", office)] * 2


def test_system_commands_leave_the_actor_empty(tmp_path):
    call_command("create_user", "--username=ketua.ri", "--role=commissioner", interactive=False, stdout=io.StringIO())

    user = User.objects.get(username="ketua.ri")
    assert user.history.get().history_user is None
    assert Historical.objects.get(user_id=user.pk).history_user is None
