"""The TOTP second factor: required for commissioners, the legal division and superusers (pages send
them to set it up, the API refuses), codes and one-time recovery codes pass it, wrong codes are
throttled, an administrator's reset is audited and signs the user out everywhere."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.choices import Role, SecurityEventKind
from accounts.models import SecurityEvent, UserSession
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return response


@pytest.fixture(autouse=True)
def _no_throttle_unless_tested(request, settings):
    """django-otp refuses any code for a second after a wrong one (doubling each time): realistic, but
    these tests type the right code straight after a wrong one. test_wrong_codes_are_throttled keeps it."""
    if "throttled" not in request.node.name:
        settings.OTP_TOTP_THROTTLE_FACTOR = 0
        settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def commissioner(make_user):
    return make_user(Role.COMMISSIONER, "13.02", username="komisioner.solok")


def test_the_setup_key_stays_while_the_user_types_it_in(client, commissioner):
    """The browser's own request for /favicon.ico, sent to the setup page by the gate, or a reload, must
    not change the key shown a moment ago; after SETUP_KEY_LIFETIME setup starts over with a new one."""
    from accounts.security import SETUP_KEY_LIFETIME

    sign_in(client, commissioner)
    first = client.get(reverse("two_factor_setup")).context["key"]
    assert client.get("/favicon.ico", follow=True).status_code == 200  # lands on the setup page
    assert client.get(reverse("two_factor_setup")).context["key"] == first
    TOTPDevice.objects.filter(user=commissioner).update(created_at=timezone.now() - SETUP_KEY_LIFETIME)
    assert client.get(reverse("two_factor_setup")).context["key"] != first
    assert TOTPDevice.objects.filter(user=commissioner).count() == 1


def test_a_commissioner_must_set_up_the_factor_before_anything_else(client, commissioner):
    sign_in(client, commissioner)
    page = client.get(reverse("dashboard_region", args=["13.02"]))
    assert page.status_code == 302 and page["Location"].startswith(reverse("two_factor_setup"))
    api = client.get("/api/problems/")
    assert api.status_code == 403 and "next" in api.json()["extra"]

    setup = client.get(reverse("two_factor_setup"))
    assert setup.status_code == 200 and setup.context["qr"].startswith("data:image/svg+xml;base64,")
    device = TOTPDevice.objects.get(user=commissioner, confirmed=False)
    wrong = client.post(reverse("two_factor_setup"), {"token": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.filter(user=commissioner, confirmed=True).exists()
    done = client.post(reverse("two_factor_setup"), {"token": code_for(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("dashboard_region", args=["13.02"])).status_code == 200
    assert client.get("/api/problems/").status_code == 200
    assert SecurityEvent.objects.filter(user=commissioner, kind=SecurityEventKind.SECOND_FACTOR_ENROLLED).exists()


def test_a_fragment_the_page_loads_never_carries_the_setup_page(client, commissioner):
    """The nav's notification badge is fetched by htmx on every page, the setup page included. Sent the
    setup page by redirect, htmx swapped it (secret key and all) into the navigation bar."""
    sign_in(client, commissioner)
    setup = client.get(reverse("two_factor_setup"))
    badge = client.get(reverse("notification_badge"), headers={"HX-Request": "true"})
    assert badge.status_code == 403 and badge.content == b""
    assert setup.context["key"] not in badge.content.decode()
    page = client.get(reverse("notification_badge"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("two_factor_setup"))


def test_the_next_sign_in_asks_for_a_code_or_a_recovery_code_once(client, commissioner):
    device = TOTPDevice.objects.create(user=commissioner, name="app", confirmed=True)
    from accounts.security import recovery_codes_renew

    codes = recovery_codes_renew(user=commissioner)
    sign_in(client, commissioner)
    page = client.get(reverse("home"))
    assert page["Location"].startswith(reverse("two_factor_verify"))
    assert client.post(reverse("two_factor_verify"), {"token": "12345678"}).status_code == 200
    ok = client.post(reverse("two_factor_verify"), {"token": code_for(device), "next": "/dashboard/"})
    assert ok.status_code == 302 and ok["Location"] == "/dashboard/"
    client.post(reverse("logout"))

    # A recovery code works once.
    sign_in(client, commissioner)
    assert client.post(reverse("two_factor_verify"), {"token": codes[0]}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert not StaticToken.objects.filter(device__user=commissioner, token=codes[0]).exists()
    client.post(reverse("logout"))
    sign_in(client, commissioner)
    assert client.post(reverse("two_factor_verify"), {"token": codes[0]}).status_code == 200
    kinds = list(SecurityEvent.objects.filter(user=commissioner).values_list("kind", flat=True))
    assert SecurityEventKind.RECOVERY_CODE_USED in kinds and SecurityEventKind.SECOND_FACTOR_FAILED in kinds


def test_wrong_codes_are_throttled(client, commissioner):
    device = TOTPDevice.objects.create(user=commissioner, name="app", confirmed=True)
    sign_in(client, commissioner)
    wrong = "999999" if code_for(device) != "999999" else "888888"
    assert client.post(reverse("two_factor_verify"), {"token": wrong}).status_code == 200
    # Straight after a wrong code even the right one is refused: guessing is slowed down.
    refused = client.post(reverse("two_factor_verify"), {"token": code_for(device)})
    assert refused.status_code == 200
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1


def test_roles_without_the_requirement_sign_in_with_a_password(client, make_user):
    ppk = make_user(Role.PPK, "13.02.03")
    sign_in(client, ppk)
    assert client.get(reverse("home")).status_code == 200


def test_an_administrator_resets_a_lost_factor_and_it_is_audited(client, make_user, commissioner):
    legal = make_user(Role.LEGAL, "13.02.03", username="hukum.pantaicermin")
    TOTPDevice.objects.create(user=legal, name="app", confirmed=True)
    other = client.__class__()
    other.force_login(legal)  # an open session of the person who lost the phone
    assert UserSession.objects.filter(user=legal, ended_at__isnull=True).exists()

    client.force_login(commissioner)
    response = client.post(reverse("two_factor_reset", args=[legal.username]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=legal).exists()
    event = SecurityEvent.objects.get(user=legal, kind=SecurityEventKind.SECOND_FACTOR_RESET)
    assert event.actor == commissioner
    assert not UserSession.objects.filter(user=legal, ended_at__isnull=True).exists()
    assert other.get(reverse("home")).status_code == 302  # signed out


def test_nobody_resets_a_factor_above_their_reach(client, make_user, commissioner):
    national = make_user(Role.LEGAL, None, username="hukum.ri")
    TOTPDevice.objects.create(user=national, name="app", confirmed=True)
    client.force_login(commissioner)
    assert client.post(reverse("two_factor_reset", args=[national.username])).status_code == 404
    assert TOTPDevice.objects.filter(user=national).exists()
