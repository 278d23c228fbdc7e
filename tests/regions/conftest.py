import pytest
from django.conf import settings

from accounts.choices import Role


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """These tests log users in with force_login; Argon2's deliberate cost only slows them down."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ppk_user(make_user):
    """The PPK of Pantai Cermin (13.02.03): 2 villages with 3 TPS each in the test data."""
    return make_user(Role.PPK, "13.02.03")


@pytest.fixture
def ppk_client(client, ppk_user):
    client.force_login(ppk_user)
    # English labels, so assertions do not depend on the Indonesian catalogue.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch: English pages
    return client


@pytest.fixture
def regency_client(client, make_user):
    """A viewer of the whole Kabupaten Solok (13.02)."""
    client.force_login(make_user(Role.VIEWER, "13.02"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch: English pages
    return client
