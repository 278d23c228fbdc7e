"""Browser sessions: signed out after inactivity, listed for their owner, ended everywhere at once; and
the security audit of sign-ins, failures, tokens and role changes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role, SecurityEventKind
from accounts.models import SecurityEvent, UserSession
from accounts.security import LAST_SEEN
from accounts.services import assignment_create, assignment_revoke, token_create, token_revoke
from regions.models import Region
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def ppk(make_user):
    return make_user(Role.PPK, "13.02.03", username="ppk.pantaicermin")


def sign_in(client, user, agent="Phone A"):
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, HTTP_USER_AGENT=agent)


def test_idle_sessions_are_signed_out(client, ppk, settings):
    sign_in(client, ppk)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(timezone.now().timestamp()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert SecurityEvent.objects.filter(user=ppk, kind=SecurityEventKind.SESSION_EXPIRED).exists()


def test_active_sessions_are_listed_and_ended_everywhere(client, ppk):
    other = client.__class__()
    sign_in(other, ppk, agent="Laptop B")
    sign_in(client, ppk, agent="Phone A")
    page = client.get(reverse("security"))
    assert page.status_code == 200
    assert len(page.context["sessions"]) == 2
    body = page.content.decode()
    assert "Laptop B" in body and "Phone A" in body
    response = client.post(reverse("sign_out_everywhere"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
    assert other.get(reverse("home")).status_code == 302
    assert not UserSession.objects.filter(user=ppk, ended_at__isnull=True).exists()
    assert SecurityEvent.objects.get(user=ppk, kind=SecurityEventKind.SESSIONS_ENDED).detail == {"sessions": 2}


def test_a_user_sees_only_their_own_sessions(client, ppk, make_user):
    someone = make_user(Role.PPK, "13.02.04")
    sign_in(client.__class__(), someone, agent="Someone else")
    sign_in(client, ppk)
    assert "Someone else" not in client.get(reverse("security")).content.decode()


def test_sign_ins_failures_tokens_and_roles_are_audited(client, ppk, make_user):
    client.post(reverse("login"), {"username": ppk.username, "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    sign_in(client, ppk)
    token_create(user=ppk)
    token_revoke(user=ppk)
    boss = make_user(Role.COMMISSIONER, "13.02")
    assignment = assignment_create(actor=boss, user=ppk, role=Role.PPS, region=Region.objects.get(code="13.02.03.2002"))
    assignment_revoke(actor=boss, assignment=assignment)

    kinds = list(SecurityEvent.objects.filter(user=ppk).order_by("at", "id").values_list("kind", flat=True))
    assert kinds[:2] == [SecurityEventKind.SIGN_IN_FAILED, SecurityEventKind.SIGN_IN]
    assert {
        SecurityEventKind.TOKEN_CREATED,
        SecurityEventKind.TOKEN_REVOKED,
        SecurityEventKind.ROLE_GRANTED,
        SecurityEventKind.ROLE_REVOKED,
    } <= set(kinds)
    failed = SecurityEvent.objects.get(user=ppk, kind=SecurityEventKind.SIGN_IN_FAILED)
    assert failed.ip == "10.1.2.3"
    unknown = SecurityEvent.objects.get(username="nobody")
    assert unknown.user is None and unknown.kind == SecurityEventKind.SIGN_IN_FAILED
    granted = SecurityEvent.objects.get(user=ppk, kind=SecurityEventKind.ROLE_GRANTED, detail__role=Role.PPS)
    assert granted.actor == boss and granted.detail["region"] == "13.02.03.2002"


def test_security_headers(client, ppk):
    sign_in(client, ppk)
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
