"""Where sign-in pages send the browser next. The second-factor pages follow `next` only to a place on
this site (and never from https down to http); the gate keeps the whole address it interrupted, query
and all; Django's own sign-in and language views refuse another site too."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.choices import Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

EXTERNAL = ["https://evil.example/x", "//evil.example", "/\\evil.example"]
LOCAL = "/cases/?page=2&q=x"


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def commissioner(make_user):
    return make_user(Role.COMMISSIONER, "13.02", username="komisioner.solok")


@pytest.fixture
def halfway(client, commissioner):
    """Signed in with the password, the second factor (an app already set up) still to pass."""
    device = TOTPDevice.objects.create(user=commissioner, name="app", confirmed=True)
    client.force_login(commissioner, second_factor=False)
    return client, device


@pytest.mark.parametrize("target", EXTERNAL)
def test_passing_the_second_factor_ignores_a_next_on_another_site(halfway, target):
    client, device = halfway
    page = client.get(reverse("two_factor_verify"), {"next": target})
    assert '<input type="hidden" name="next" value="/">' in page.content.decode()  # the form carries no other site
    response = client.post(reverse("two_factor_verify"), {"token": code_for(device), "next": target})
    assert response.status_code == 302 and response["Location"] == "/"
    # Already through: the page only sends on, and still not away.
    again = client.get(reverse("two_factor_verify"), {"next": target})
    assert again.status_code == 302 and again["Location"] == "/"


def test_passing_the_second_factor_follows_a_next_on_this_site(halfway):
    client, device = halfway
    response = client.post(reverse("two_factor_verify"), {"token": code_for(device), "next": LOCAL})
    assert response.status_code == 302 and response["Location"] == LOCAL


def test_a_page_reached_over_https_is_not_sent_down_to_http(halfway):
    client, device = halfway
    response = client.post(
        reverse("two_factor_verify"), {"token": code_for(device), "next": "http://testserver/cases/"}, secure=True
    )
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.parametrize("target", EXTERNAL)
def test_setting_up_the_factor_ignores_a_next_on_another_site(client, commissioner, target):
    client.force_login(commissioner, second_factor=False)
    page = client.get(reverse("two_factor_setup"), {"next": target})
    assert page.status_code == 200
    assert '<input type="hidden" name="next" value="/">' in page.content.decode()
    device = TOTPDevice.objects.get(user=commissioner, confirmed=False)
    done = client.post(reverse("two_factor_setup"), {"token": code_for(device), "next": target})
    assert done.status_code == 200
    assert 'href="/" data-testid="recovery-done"' in done.content.decode()


def test_setting_up_the_factor_follows_a_next_on_this_site(client, commissioner):
    client.force_login(commissioner, second_factor=False)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=commissioner, confirmed=False)
    done = client.post(reverse("two_factor_setup"), {"token": code_for(device), "next": "/teams/"})
    assert 'href="/teams/" data-testid="recovery-done"' in done.content.decode()


def test_the_gate_keeps_the_whole_address_it_interrupted(halfway):
    """A page with a query (`?page=2&q=x`) is where the user lands after the code, not a cut-off part."""
    client, device = halfway
    gate = client.get(LOCAL)
    assert gate.status_code == 302
    location = urlsplit(gate["Location"])
    assert location.path == reverse("two_factor_verify")
    assert parse_qs(location.query) == {"next": [LOCAL]}
    response = client.post(gate["Location"], {"token": code_for(device)})
    assert response.status_code == 302 and response["Location"] == LOCAL


def test_setup_sends_someone_with_a_factor_to_pass_it_first_keeping_next(halfway):
    client, _device = halfway
    response = client.get(reverse("two_factor_setup"), {"next": LOCAL})
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query) == {"next": [LOCAL]}


@pytest.mark.parametrize("target", EXTERNAL)
def test_sign_in_and_language_ignore_a_next_on_another_site(client, make_user, target):
    viewer = make_user(Role.VIEWER, "13.02")
    signed_in = client.post(reverse("login"), {"username": viewer.username, "password": PASSWORD, "next": target})
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("home")
    language = client.post(reverse("set_language"), {"language": "id", "next": target})
    assert language.status_code == 302 and "evil.example" not in language["Location"]
