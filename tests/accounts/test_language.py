"""The interface is Indonesian unless the user chose English on their account; the browser's language
(Accept-Language) is not asked on pages. Someone not signed in chooses with the language switch (a cookie).
The API keeps honouring Accept-Language for machine clients."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.choices import Role
from accounts.models import User

pytestmark = pytest.mark.django_db

ENGLISH_PHONE = "en-US,en;q=0.9"
PAGES = ("home", "security", "problem_list", "case_list", "notification_list")


@pytest.fixture
def ppk(make_user):
    user = make_user(Role.PPK, "13.02.03", username="ppk.kubung")
    user.set_password("rahasia-kubung-1")
    user.save()
    return user


def page_language(response) -> str:
    return response.headers["Content-Language"]


def sign_in(client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": "rahasia-kubung-1"})
    assert response.status_code == 302, response.content.decode()[:300]


def test_an_english_phone_gets_indonesian_pages(ppk):
    client = Client(HTTP_ACCEPT_LANGUAGE=ENGLISH_PHONE)
    login = client.get(reverse("login"))
    assert page_language(login) == "id"
    assert '<html lang="id">' in login.content.decode()
    sign_in(client, ppk)
    for name in PAGES:
        response = client.get(reverse(name), follow=True)
        assert response.status_code == 200, name
        assert page_language(response) == "id", name
        assert "Keluar" in response.content.decode(), name  # "Log out" in the menu


def test_english_chosen_on_the_profile_is_kept_on_every_page_and_after_signing_in_again(ppk):
    client = Client()
    sign_in(client, ppk)
    security = client.get(reverse("security")).content.decode()
    assert 'data-testid="language-choice"' in security
    response = client.post(reverse("language_switch"), {"language": "en", "next": reverse("security")})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("security")
    ppk.refresh_from_db()
    assert ppk.language == "en"
    for name in PAGES:
        page = client.get(reverse(name), follow=True)
        assert page_language(page) == "en", name
        assert "Log out" in page.content.decode(), name

    # Another browser (an Indonesian one, no cookie): the choice comes with the account.
    other = Client(HTTP_ACCEPT_LANGUAGE="id")
    assert page_language(other.get(reverse("login"))) == "id"
    sign_in(other, ppk)
    assert page_language(other.get(reverse("problem_list"))) == "en"


def test_choosing_indonesian_again_on_an_english_browser(ppk):
    User.objects.filter(pk=ppk.pk).update(language="en")
    client = Client(HTTP_ACCEPT_LANGUAGE=ENGLISH_PHONE)
    sign_in(client, ppk)
    assert page_language(client.get(reverse("home"), follow=True)) == "en"
    client.post(reverse("language_switch"), {"language": "id", "next": "/"})
    assert page_language(client.get(reverse("home"), follow=True)) == "id"
    ppk.refresh_from_db()
    assert ppk.language == "id"


def test_an_unknown_language_is_not_kept(ppk):
    client = Client()
    sign_in(client, ppk)
    client.post(reverse("language_switch"), {"language": "fr", "next": "/"})
    ppk.refresh_from_db()
    assert ppk.language == ""
    assert page_language(client.get(reverse("home"), follow=True)) == "id"


def test_the_switch_works_for_someone_not_signed_in():
    client = Client(HTTP_ACCEPT_LANGUAGE=ENGLISH_PHONE)
    assert page_language(client.get(reverse("login"))) == "id"
    # Django's own switch (the footer posts to ours, which hands over to it) sets the cookie.
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    login = client.get(reverse("login"))
    assert page_language(login) == "en"
    assert "Log in" in login.content.decode()
    client.post(reverse("language_switch"), {"language": "id", "next": reverse("login")})
    assert page_language(client.get(reverse("login"))) == "id"


def test_the_api_still_honours_accept_language(ppk):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert page_language(client.get("/api/me/")) == "en"
    assert page_language(Client().get("/api/me/")) == "id"
