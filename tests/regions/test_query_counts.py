"""Pinned query counts: region lists, children and pages cost the same whatever the number of rows.

Each test fetches a small and a larger result with the same pin; a per-row query (N+1) breaks the
pin on the larger one. The numbers are measured, identical on SQLite and PostgreSQL:
session + user (2), the caller's reach (1, kept on the request's user), then the regions themselves.
"""

import pytest
from django.urls import reverse

from accounts.choices import Role
from regions.services import generate_tps
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

LIST_API = 5  # session, user, reach, count, page
CHILDREN_API = 6  # session, user, reach, the parent, count + page of its children
DETAIL_API = 4  # session, user, reach, the region
BROWSE_ROOTS = 4  # session, user, reach, the roots
BROWSE_SEARCH = 5  # session, user, reach, count, page
DETAIL_PAGE = 7  # session, user, reach, region, count + page of children, breadcrumbs


@pytest.fixture
def get(django_assert_max_num_queries):
    def get(client, url, pinned, **params):
        with django_assert_max_num_queries(pinned):
            response = client.get(url, params)
        assert response.status_code == 200, response.content
        return response

    return get


def rows(response):
    return response.json()["results"]


def table_rows(response):
    return response.content.decode().count('<td class="code">')


def test_region_list_api(get, regency_client):
    url = reverse("region-list")
    # 13.02.03 has 3 TPS per village, 13.02.04 has 2 per village but twice the villages.
    small = get(regency_client, url, LIST_API, code="13.02.03")
    larger = get(regency_client, url, LIST_API, code="13.02.04")
    generate_tps(region_code="13.02.04", per_village=40)
    large = get(regency_client, url, LIST_API, code="13.02.04", page_size=500)

    assert [len(rows(r)) for r in (small, larger, large)] == [9, 13, 165]
    assert sum(r["child_count"] for r in rows(large)) == 164


def test_region_list_api_for_a_ppk(get, ppk_client):
    assert len(rows(get(ppk_client, reverse("region-list"), LIST_API))) == 9
    assert len(rows(get(ppk_client, reverse("region-list"), LIST_API, level="tps"))) == 6


def test_region_detail_api(get, ppk_client):
    assert get(ppk_client, reverse("region-detail", args=["13.02.03.2002"]), DETAIL_API).json()["child_count"] == 3


def test_children_api(get, regency_client):
    def children(code, **params):
        return rows(get(regency_client, reverse("region-children", args=[code]), CHILDREN_API, **params))

    assert len(children("13.02.03")) == 2
    assert len(children("13.02.04")) == 4
    assert len(children("13.02.03.2001")) == 3
    generate_tps(counts={"13.02.03.2001": 6})
    assert len(children("13.02.03.2001")) == 6
    generate_tps(counts={"13.02.03.2001": 400})
    assert len(children("13.02.03.2001", page_size=500)) == 400


def test_browse_roots(get, client, make_user):
    user = make_user(Role.PPK, "13.02.03")
    client.force_login(user)
    assert table_rows(get(client, reverse("region_browse"), BROWSE_ROOTS)) == 1

    AssignmentFactory(user=user, role=Role.PPK, region_id="13.02.04")
    AssignmentFactory(user=user, role=Role.PPK, region_id="13.71")
    assert table_rows(get(client, reverse("region_browse"), BROWSE_ROOTS)) == 3


def test_browse_search(get, regency_client):
    url = reverse("region_browse")

    assert table_rows(get(regency_client, url, BROWSE_SEARCH, q="13.02.03")) == 9
    assert table_rows(get(regency_client, url, BROWSE_SEARCH, q="13.02.04")) == 13
    generate_tps(region_code="13.02.04", per_village=40)
    assert table_rows(get(regency_client, url, BROWSE_SEARCH, q="13.02.04")) == 100  # a full page
    # Name search: the first nine TPS of each village, 3 + 3 in 13.02.03 and 4 x 9 in 13.02.04.
    assert table_rows(get(regency_client, url, BROWSE_SEARCH, q="TPS 00")) == 42


def test_detail_page(get, regency_client):
    def page(code, **params):
        return table_rows(get(regency_client, reverse("region_detail", args=[code]), DETAIL_PAGE, **params))

    assert page("13.02") == 14
    assert page("13.02.03") == 2
    assert page("13.02.04") == 4
    assert page("13.02.04.2001") == 2  # 2 TPS
    assert page("13.02.03.2001") == 3  # 3 TPS
    generate_tps(counts={"13.02.03.2001": 250})
    assert page("13.02.03.2001") == 100
    assert page("13.02.03.2001", page=3) == 50


def test_detail_page_of_a_tps_skips_the_empty_page(get, ppk_client):
    # No children: the paginator's count is 0 and no page is fetched.
    response = get(ppk_client, reverse("region_detail", args=["13.02.03.2001.003"]), DETAIL_PAGE - 1)

    assert "TPS 003" in response.content.decode()
