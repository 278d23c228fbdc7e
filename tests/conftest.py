import pytest

from accounts.choices import Role
from regions.services import generate_tps, official_rows, region_bulk_load
from tests.factories import AssignmentFactory, UserFactory

# The tests use real official codes from two provinces: Kabupaten Solok (13.02) and its neighbours,
# and Aceh Selatan (11.01) as a region nobody in 13 may reach.
PROVINCES = ("11", "13")
SUBTREES = ("11.01", "13.01", "13.02", "13.71")


def in_test_set(code: str) -> bool:
    return code in PROVINCES or any(code == s or code.startswith(s + ".") for s in SUBTREES)


def load_test_regions():
    region_bulk_load([(c, n) for c, n in official_rows() if in_test_set(c)])
    generate_tps(region_code="13.02.03", per_village=3)
    generate_tps(region_code="13.02.04", per_village=2)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_test_regions()


@pytest.fixture(autouse=True)
def _second_factor_passed(monkeypatch):
    """`client.force_login(user)` stands for a whole sign-in: for those who need a second factor, one
    confirmed TOTP device is passed in that session. tests/accounts/test_two_factor.py signs in for real
    (`force_login(user, second_factor=False)`)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.security import requires_second_factor

    original = Client.force_login

    def force_login(self, user, backend=None, second_factor=True):
        original(self, user, backend)
        if second_factor and requires_second_factor(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
                user=user, name="test", confirmed=True
            )
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def make_user(db):
    """make_user(role, region_code) -> a user holding that one assignment; region None = national."""

    def make(role=Role.VIEWER, code="13.02", **kwargs):
        user = UserFactory(**kwargs)
        AssignmentFactory(user=user, role=role, region_id=code)
        return user

    return make


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)
