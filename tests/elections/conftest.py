import pytest
from rest_framework.test import APIClient

from elections.choices import ContestType, ElectionKind
from elections.models import Contest, Election


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """These tests make many users; Argon2's deliberate cost only slows them down."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api():
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def pemilu(db):
    return Election.objects.create(name="Pemilu 2024", kind=ElectionKind.PEMILU, voting_date="2024-02-14")


@pytest.fixture
def pilkada(db):
    return Election.objects.create(name="Pilkada 2024", kind=ElectionKind.PILKADA, voting_date="2024-11-27")


@pytest.fixture
def ppwp(pemilu):
    return Contest.objects.create(election=pemilu, contest_type=ContestType.PPWP)


@pytest.fixture
def bupati_solok(pilkada):
    return Contest.objects.create(election=pilkada, contest_type=ContestType.BUPATI, region_id="13.02")


@pytest.fixture
def bupati_pesisir(pilkada):
    return Contest.objects.create(election=pilkada, contest_type=ContestType.BUPATI, region_id="13.01")


@pytest.fixture
def gubernur_sumbar(pilkada):
    return Contest.objects.create(election=pilkada, contest_type=ContestType.GUBERNUR, region_id="13")
