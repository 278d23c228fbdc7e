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
