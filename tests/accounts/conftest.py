import pytest
from rest_framework.test import APIClient

from accounts.choices import Role
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 costs ~0.1 s a hash; these tests make and log in hundreds of users. Hashing is not tested here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def office(make_user):
    """The Kabupaten Solok (13.02) commissioner: manages users inside 13.02 only."""
    return make_user(Role.COMMISSIONER, "13.02", username="komisioner.solok")


@pytest.fixture
def secretariat(make_user):
    """The Kabupaten Solok (13.02) secretariat: manages users, ranked below a commissioner."""
    return make_user(Role.SECRETARIAT, "13.02", username="sekretariat.solok")


@pytest.fixture
def bare_user(db):
    """A user with no assignment at all."""
    return UserFactory()
