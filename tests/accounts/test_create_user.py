"""`manage.py create_user`: one user, one role over one region."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.choices import Role
from accounts.models import Assignment, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def create_user(*args, **options):
    out = io.StringIO()
    call_command("create_user", *args, interactive=False, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def counts():
    return User.objects.count(), Assignment.objects.count()


def test_creates_user_and_assignment():
    out = create_user(
        "--username=ppk.pantaicermin",
        "--role=ppk",
        "--region=13.02.03",
        "--full-name=PPK Pantai Cermin",
        "--email=ppk@kpu.example",
        "--phone=0812",
        f"--password={PASSWORD}",
    )

    user = User.objects.get(username="ppk.pantaicermin")
    assert (user.full_name, user.email, user.phone) == ("PPK Pantai Cermin", "ppk@kpu.example", "0812")
    assert user.check_password(PASSWORD)
    assert not user.is_superuser
    assignment = user.assignments.get()
    assert (assignment.role, assignment.region_id, assignment.valid_until) == (Role.PPK, "13.02.03", None)
    assert "ppk.pantaicermin" in out


def test_without_region_is_national():
    create_user("--username=ketua.ri", "--role=commissioner", f"--password={PASSWORD}")

    assert User.objects.get(username="ketua.ri").assignments.get().region_id is None


def test_without_password_waits_for_a_setup_link():
    create_user("--username=viewer.solok", "--role=viewer", "--region=13.02")

    assert not User.objects.get(username="viewer.solok").has_usable_password()


def test_superuser_flag():
    create_user("--username=root", "--role=commissioner", "--superuser", f"--password={PASSWORD}")

    user = User.objects.get(username="root")
    assert user.is_superuser
    assert user.is_staff


def test_bad_role_refused():
    before = counts()

    with pytest.raises(CommandError) as caught:
        create_user("--username=x", "--role=ketua", "--region=13.02")

    assert "ketua" in str(caught.value)
    assert "commissioner" in str(caught.value)  # the valid choices are listed
    assert counts() == before


def test_unknown_region_refused():
    before = counts()

    with pytest.raises(CommandError) as caught:
        create_user("--username=x", "--role=ppk", "--region=13.02.99")

    assert "13.02.99" in str(caught.value)
    assert counts() == before


@pytest.mark.parametrize(
    ("role", "code"), [("ppk", "13.02"), ("pps", "13.02.03"), ("kpps", None), ("legal", "13.02.03")]
)
def test_role_not_fitting_the_level_refused(role, code):
    before = counts()
    args = [f"--username=x.{role}", f"--role={role}"] + ([f"--region={code}"] if code else [])

    with pytest.raises(CommandError) as caught:
        create_user(*args)

    assert "role: " in str(caught.value)
    assert "['" not in str(caught.value)  # read by a person, not a Python repr
    assert counts() == before


def test_weak_password_refused():
    before = counts()

    with pytest.raises(CommandError) as caught:
        create_user("--username=lemah", "--role=viewer", "--region=13.02", "--password=12345")

    assert "password: " in str(caught.value)
    assert counts() == before


def test_taken_username_refused(make_user):
    make_user(Role.VIEWER, "13.02", username="ada")
    before = counts()

    with pytest.raises(CommandError) as caught:
        create_user("--username=ada", "--role=ppk", "--region=13.02.03")

    assert "username: " in str(caught.value)
    assert counts() == before
    assert User.objects.get(username="ada").assignments.get().role == Role.VIEWER


def test_bad_email_refused():
    with pytest.raises(CommandError, match="email: "):
        create_user("--username=surel", "--role=viewer", "--region=13.02", "--email=bukan-surel")
    assert not User.objects.filter(username="surel").exists()


def test_username_is_required():
    with pytest.raises(CommandError, match="username"):
        create_user("--role=viewer")
