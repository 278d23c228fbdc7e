"""Sign-in security: the audit of security events, browser sessions (inactivity expiry, the list of
active sessions, sign out everywhere) and the TOTP second factor (django-otp) that commissioners, the
legal division and superusers must pass before anything else.

The second factor: a TOTP device (any authenticator app) confirmed by a first code, and ten one-time
recovery codes (a django-otp static device). A session is "verified" once a code from either matched
(django-otp keeps the device in the session). An administrator who manages a user may reset their
factors; the user then sets up a new one at the next sign-in. Every step is a SecurityEvent.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.choices import SECOND_FACTOR_ROLES, SecurityEventKind
from accounts.delegation import can_grant
from accounts.models import Assignment, SecurityEvent, UserSession
from core.errors import ApplicationError

LAST_SEEN = "last_seen"  # epoch seconds, in the session
NEEDS_FACTOR = "needs_second_factor"  # decided at sign-in, in the session (see SecondFactorGate)
TOUCH_EVERY = 60  # seconds: how often activity is written back (not on every request)
RECOVERY_CODES = 10


def client_of(request) -> dict:
    if request is None:
        return {"ip": None, "user_agent": ""}
    ip = request.META.get("REMOTE_ADDR") or None
    return {"ip": ip, "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300]}


def record(kind: str, *, request=None, user=None, actor=None, username: str = "", **detail) -> SecurityEvent:
    """Add one entry to the security audit."""
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        actor=actor,
        username=(username or getattr(user, "username", ""))[:150],
        detail=detail,
        **client_of(request),
    )


# --- sign-in, sign-out, failures ------------------------------------------------------------------------


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    record(SecurityEventKind.SIGN_IN, request=request, user=user)
    session = getattr(request, "session", None)
    if session is None:
        return
    session[LAST_SEEN] = int(timezone.now().timestamp())
    session[NEEDS_FACTOR] = needs_factor(user)
    if session.session_key is None:
        session.save()
    UserSession.objects.update_or_create(
        session_key=session.session_key, defaults={"user": user, "ended_at": None, **client_of(request)}
    )


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is None:
        return
    kind = getattr(request, "_sign_out_reason", SecurityEventKind.SIGN_OUT)
    record(kind, request=request, user=user)
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key, ended_at__isnull=True).update(ended_at=timezone.now())


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    from accounts.models import User

    username = str(credentials.get("username", ""))
    record(
        SecurityEventKind.SIGN_IN_FAILED,
        request=request,
        user=User.objects.filter(username=username).first(),
        username=username,
    )


# --- sessions -------------------------------------------------------------------------------------------


class SessionActivity:
    """Sign out a browser session idle for longer than SESSION_IDLE_TIMEOUT; note activity once a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(timezone.now().timestamp())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                request._sign_out_reason = SecurityEventKind.SESSION_EXPIRED
                logout(request)
                messages.info(request, _("You were signed out after a period of inactivity."))
            elif last is None or now - last >= TOUCH_EVERY:
                request.session[LAST_SEEN] = now
                UserSession.objects.filter(session_key=request.session.session_key).update(last_seen=timezone.now())
        return self.get_response(request)


def active_sessions(*, user):
    """The user's browser sessions that are still open (not ended, not expired)."""
    idle = timezone.now() - datetime.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT)
    return UserSession.objects.filter(user=user, ended_at__isnull=True, last_seen__gte=idle).order_by("-last_seen")


@transaction.atomic
def sessions_end(*, user, request=None) -> int:
    """Sign the user out of every browser session (this one included); returns how many were open."""
    open_sessions = list(UserSession.objects.filter(user=user, ended_at__isnull=True))
    for item in open_sessions:
        SessionStore(session_key=item.session_key).delete()
    UserSession.objects.filter(pk__in=[s.pk for s in open_sessions]).update(ended_at=timezone.now())
    record(SecurityEventKind.SESSIONS_ENDED, request=request, user=user, sessions=len(open_sessions))
    return len(open_sessions)


# --- the second factor ----------------------------------------------------------------------------------


def needs_factor(user) -> bool:
    """Whether a session of this user must pass a second factor: they have one, or their role needs one."""
    return user_has_device(user) or (settings.TWO_FACTOR_REQUIRED and requires_second_factor(user))


def requires_second_factor(user) -> bool:
    """Superusers, and anyone holding a live commissioner or legal assignment."""
    if user.is_superuser:
        return True
    return Assignment.objects.live().filter(user=user, role__in=SECOND_FACTOR_ROLES).exists()


SETUP_KEY_LIFETIME = datetime.timedelta(minutes=10)


def totp_device(user, *, confirmed: bool | None = True) -> TOTPDevice | None:
    devices = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        devices = devices.filter(confirmed=confirmed)
    return devices.order_by("-id").first()


@transaction.atomic
def totp_start(*, user) -> TOTPDevice:
    """An unconfirmed authenticator for the user to scan. The same one for a while, so that a second
    load of the page (a reload, the browser's own request for /favicon.ico sent here by the gate) does
    not change the key under the user who is typing it in; a fresh secret once setup starts over."""
    recent = TOTPDevice.objects.filter(
        user=user, confirmed=False, created_at__gt=timezone.now() - SETUP_KEY_LIFETIME
    ).first()
    if recent is not None:
        return recent
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic
def totp_confirm(*, user, device: TOTPDevice, token: str, request=None) -> list[str] | None:
    """Confirm the authenticator with a first code; returns the new recovery codes, or None if the code
    was wrong. Replaces any earlier authenticator."""
    if not device.verify_token(token.strip()):
        record(SecurityEventKind.SECOND_FACTOR_FAILED, request=request, user=user, step="setup")
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    record(SecurityEventKind.SECOND_FACTOR_ENROLLED, request=request, user=user)
    return recovery_codes_renew(user=user, request=request, audit=False)


@transaction.atomic
def recovery_codes_renew(*, user, request=None, audit: bool = True) -> list[str]:
    """Ten new one-time recovery codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Recovery codes"))
    codes = [f"{secrets.randbelow(10**8):08d}" for _i in range(RECOVERY_CODES)]
    for code in codes:
        device.token_set.create(token=code)
    if audit:
        record(SecurityEventKind.RECOVERY_CODES_RENEWED, request=request, user=user)
    return codes


def second_factor_verify(*, user, token: str, request=None):
    """The device whose code (or recovery code) matches, or None. Wrong codes count towards the
    device's throttling (django-otp): after a few, it refuses for a growing while."""
    token = token.strip().replace(" ", "")
    for device in devices_for_user(user):
        allowed, _why = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            kind = (
                SecurityEventKind.RECOVERY_CODE_USED
                if isinstance(device, StaticDevice)
                else SecurityEventKind.SECOND_FACTOR_VERIFIED
            )
            record(kind, request=request, user=user)
            return device
    record(SecurityEventKind.SECOND_FACTOR_FAILED, request=request, user=user, step="sign_in")
    return None


def may_reset(actor, user) -> bool:
    """Someone who could revoke every role the user holds (a superuser's only by a superuser)."""
    if actor is None or actor.pk == user.pk:
        return False
    if actor.is_superuser:
        return True
    if user.is_superuser:
        return False
    held = list(Assignment.objects.filter(user=user).select_related("region"))
    return bool(held) and all(can_grant(actor, role=a.role, region=a.region) for a in held)


@transaction.atomic
def second_factor_reset(*, actor, user, request=None) -> None:
    """An administrator removes a user's authenticator and recovery codes (a lost phone); the user sets
    up a new one at the next sign-in, and is signed out everywhere now."""
    if not may_reset(actor, user):
        raise ApplicationError(_("You may not reset the second factor of this user."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(SecurityEventKind.SECOND_FACTOR_RESET, request=request, user=user, actor=actor)
    sessions_end(user=user, request=request)


GATE_EXEMPT = ("two_factor_setup", "two_factor_verify", "logout", "set_language")


class SecondFactorGate:
    """Until the session has passed the second factor, a user who needs one (or has one) reaches only
    the second-factor pages and sign-out; pages redirect there, the API and fragments answer 403.

    Whether the session needs it is decided at sign-in and kept in the session, so that the other
    requests cost no query: a device is added only in a session that then passes it, a reset ends
    every session, and granting a commissioner or legal role ends the person's sessions
    (accounts.services), so a session never holds a stale answer."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt_prefixes = (settings.STATIC_URL, "/i18n/")

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        needed = request.session.get(NEEDS_FACTOR)
        if needed is None:
            needed = request.session[NEEDS_FACTOR] = needs_factor(user)
        if not needed or request.path.startswith(self.exempt_prefixes) or self._exempt(request):
            return self.get_response(request)
        target = "two_factor_verify" if user_has_device(user) else "two_factor_setup"
        if request.headers.get("HX-Request"):
            # A fragment the page loads by itself (the nav's notification badge) must not follow a
            # redirect: htmx would swap the whole setup page, secret key and all, into the navigation
            # bar. htmx swaps nothing on a 4xx answer.
            return HttpResponse(status=403)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"message": _("Complete the second sign-in step first."), "extra": {"next": reverse(target)}},
                status=403,
            )
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")

    @staticmethod
    def _exempt(request) -> bool:
        match = getattr(request, "resolver_match", None)
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return False
        return match.url_name in GATE_EXEMPT
