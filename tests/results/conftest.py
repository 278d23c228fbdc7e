import pytest

from tests.results.helpers import make_ppwp


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ppwp(db):
    return make_ppwp()
