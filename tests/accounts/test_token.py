"""The API token page: create (shown once), use, replace, revoke."""

import re

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.choices import Role

pytestmark = pytest.mark.django_db

ME = "/api/me/"


@pytest.fixture
def person(make_user):
    return make_user(Role.PPK, "13.02.03", username="ppk.pantaicermin")


def shown_key(response):
    match = re.search(r'<code class="secret">([0-9a-f]{40})</code>', response.content.decode())
    return match[1] if match else None


def create_token(client):
    response = client.post(reverse("token_create"))
    assert response.status_code == 200
    key = shown_key(response)
    assert key, "the new key is shown"
    return key


def test_me_url_is_the_me_endpoint():
    assert reverse("me-list") == ME


def test_anonymous_api_gets_401(api_client):
    for url in (ME, reverse("assignment-list"), reverse("region-list")):
        response = api_client.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"].startswith("Token")


def test_wrong_token_gets_401(api_client, person):
    response = api_client.get(ME, HTTP_AUTHORIZATION="Token " + "0" * 40)

    assert response.status_code == 401


def test_token_is_shown_once_and_authenticates(client, api_client, person):
    client.force_login(person)

    key = create_token(client)

    assert Token.objects.get(user=person).key == key
    # Not shown again on a later visit.
    later = client.get(reverse("token"))
    assert later.status_code == 200
    assert key not in later.content.decode()
    assert shown_key(later) is None
    # The key works on the API, as this user.
    response = api_client.get(ME, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "ppk.pantaicermin"
    assert body["assignments"] == [{"region": "13.02.03", "role": "ppk", "valid_until": None}]


def test_revoked_token_stops_working(client, api_client, person):
    client.force_login(person)
    key = create_token(client)
    assert api_client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200

    response = client.post(reverse("token_revoke"))

    assert response.status_code == 302
    assert response["Location"] == reverse("token")
    assert not Token.objects.filter(user=person).exists()
    assert api_client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_replacing_the_token_kills_the_old_one(client, api_client, person):
    client.force_login(person)
    old = create_token(client)

    new = create_token(client)

    assert new != old
    assert api_client.get(ME, HTTP_AUTHORIZATION=f"Token {old}").status_code == 401
    assert api_client.get(ME, HTTP_AUTHORIZATION=f"Token {new}").status_code == 200
    assert Token.objects.filter(user=person).count() == 1


def test_token_of_a_deactivated_user_stops_working(client, api_client, person):
    client.force_login(person)
    key = create_token(client)
    person.is_active = False
    person.save()

    assert api_client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_token_acts_within_the_users_reach(client, api_client, person, make_user):
    """The token carries the user's rights: a PPK cannot list assignments (no manage-users)."""
    client.force_login(person)
    key = create_token(client)

    response = api_client.get(reverse("assignment-list"), HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 403


def test_token_pages_need_login_and_post(client, person):
    assert client.get(reverse("token"))["Location"].startswith(reverse("login"))
    assert client.post(reverse("token_create"))["Location"].startswith(reverse("login"))
    assert not Token.objects.exists()
    client.force_login(person)
    assert client.get(reverse("token_create")).status_code == 405
    assert client.get(reverse("token_revoke")).status_code == 405
    assert not Token.objects.exists()


def test_token_create_needs_csrf(person):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(person)

    response = csrf_client.post(reverse("token_create"))

    assert response.status_code == 403
    assert not Token.objects.exists()


def test_session_api_write_needs_csrf(person, office, make_user):
    """A logged-in browser session cannot be ridden by another site to grant roles."""
    from django.test import Client

    target = make_user(Role.PPK, "13.02.04", username="ppk.target")
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(office)

    response = csrf_client.post(
        reverse("assignment-list"),
        {"user": target.username, "role": "viewer", "region": "13.02"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert target.assignments.count() == 1
