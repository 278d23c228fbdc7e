"""Logging in through the real page, with django-axes counting failures."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.choices import Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = 5  # settings.AXES_FAILURE_LIMIT


@pytest.fixture
def person(make_user):
    return make_user(Role.PPK, "13.02.03", username="ppk.pantaicermin")


def attempt(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def logged_in(client):
    return SESSION_KEY in client.session


def template_names(response):
    return [t.name for t in response.templates]


def test_right_password_logs_in(client, person):
    response = attempt(client, person.username, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert logged_in(client)
    assert int(client.session[SESSION_KEY]) == person.pk


def test_wrong_password_shows_the_form_again(client, person):
    response = attempt(client, person.username, "salah-sandi-123")

    assert response.status_code == 200
    assert "registration/login.html" in template_names(response)
    assert response.context["form"].errors
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()
    assert not logged_in(client)


def test_success_below_the_limit_works(client, person):
    for _ in range(LIMIT - 1):
        assert attempt(client, person.username, "salah-sandi-123").status_code == 200

    response = attempt(client, person.username, PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_success_resets_the_count(client, person):
    for _ in range(LIMIT - 1):
        attempt(client, person.username, "salah-sandi-123")
    attempt(client, person.username, PASSWORD)
    client.logout()

    for _ in range(LIMIT - 1):
        assert attempt(client, person.username, "salah-sandi-123").status_code == 200
    assert attempt(client, person.username, PASSWORD).status_code == 302


def test_five_failures_lock_the_account(client, person):
    responses = [attempt(client, person.username, "salah-sandi-123") for _ in range(LIMIT)]

    assert [r.status_code for r in responses[:-1]] == [200] * (LIMIT - 1)
    locked = responses[-1]
    assert locked.status_code == 429
    assert "registration/locked_out.html" in template_names(locked)
    assert "Akun terkunci" in locked.content.decode()
    assert not logged_in(client)


def test_locked_account_refuses_even_the_right_password(client, person):
    for _ in range(LIMIT):
        attempt(client, person.username, "salah-sandi-123")

    response = attempt(client, person.username, PASSWORD)

    assert response.status_code == 429
    assert "registration/locked_out.html" in template_names(response)
    assert not logged_in(client)
    # And from a fresh browser session on the same address, too.
    client.cookies.clear()
    assert attempt(client, person.username, PASSWORD).status_code == 429
    assert not logged_in(client)


def test_lockout_is_per_username(client, person, make_user):
    other = make_user(Role.PPK, "13.02.04", username="ppk.lembahgumanti")
    for _ in range(LIMIT):
        attempt(client, person.username, "salah-sandi-123")

    response = attempt(client, other.username, PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_inactive_user_cannot_log_in(client, person):
    person.is_active = False
    person.save()

    response = attempt(client, person.username, PASSWORD)

    assert response.status_code == 200
    assert not logged_in(client)


def test_login_page_is_in_indonesian_by_default(client):
    response = client.get(reverse("login"))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in page
    assert "<title>Masuk" in page
    assert ">Nama pengguna</label>" in page
    assert 'type="submit">Masuk</button>' in page
    assert ">Log in<" not in page


def test_login_page_in_english_when_chosen(client):
    client.cookies["django_language"] = "en"

    page = client.get(reverse("login")).content.decode()

    assert '<html lang="en">' in page
    assert ">Username</label>" in page
    assert "Nama pengguna" not in page


def test_pages_need_login(client):
    response = client.get(reverse("user_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
