"""List pages and endpoints pin their query counts: more users must not mean more queries."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

# Page: session, user, the session's second-factor device, reach (read once, kept on the request's user),
# the page count, the people, their managed assignments (one prefetch).
USER_LIST_PAGE_QUERIES = 7
# API: reach (for the permission check and the queryset), count, the page of assignments.
ASSIGNMENT_LIST_API_QUERIES = 3


def populate(make_user, n):
    """n PPK members in 13.02, each also a viewer over a second district, plus people the office must not see."""
    people = []
    for i in range(n):
        person = make_user(Role.PPK, "13.02.03", username=f"ppk.{n}.{i:03d}")
        AssignmentFactory(user=person, role=Role.VIEWER, region_id="13.02.04")
        people.append(person)
    make_user(Role.PPK, "13.01.01", username="ppk.tetangga")
    return people


@pytest.mark.parametrize("n", [3, 30])
def test_user_list_page(client, office, make_user, django_assert_max_num_queries, n):
    people = populate(make_user, n)
    client.force_login(office)

    with django_assert_max_num_queries(USER_LIST_PAGE_QUERIES):
        response = client.get(reverse("user_list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert all(f">{p.username}</a>" in page for p in people)
    assert "ppk.tetangga" not in page
    assert page.count('<span class="code">13.02.04</span>') == n


@pytest.mark.parametrize("n", [3, 30])
def test_user_list_page_for_superuser(client, superuser, make_user, django_assert_max_num_queries, n):
    people = populate(make_user, n)
    client.force_login(superuser)

    with django_assert_max_num_queries(USER_LIST_PAGE_QUERIES):
        response = client.get(reverse("user_list"))

    assert all(p.username in response.content.decode() for p in people)


@pytest.mark.parametrize("n", [3, 30])
def test_assignment_list_api(api_client, office, make_user, django_assert_max_num_queries, n):
    people = populate(make_user, n)
    api_client.force_authenticate(office)

    with django_assert_max_num_queries(ASSIGNMENT_LIST_API_QUERIES):
        response = api_client.get(reverse("assignment-list"), {"page_size": 500})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 * n + 1  # each person's two assignments plus the office's own
    listed = {(a["user"], a["region"]) for a in body["results"]}
    assert {(p.username, "13.02.04") for p in people} <= listed
    assert all(a["user"] != "ppk.tetangga" for a in body["results"])


@pytest.mark.parametrize("n", [3, 30])
def test_assignment_list_api_with_a_token(api_client, office, make_user, django_assert_max_num_queries, n):
    from accounts.services import token_create

    populate(make_user, n)
    key = token_create(user=office).key

    # One more query: the token lookup (with its user).
    with django_assert_max_num_queries(ASSIGNMENT_LIST_API_QUERIES + 1):
        response = api_client.get(reverse("assignment-list"), HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert response.json()["count"] == 2 * n + 1
