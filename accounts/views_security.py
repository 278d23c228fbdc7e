"""Pages of sign-in security: setting up and passing the second factor, recovery codes, the user's
browser sessions, and an administrator's reset of someone's second factor."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from django_otp import login as otp_login
from django_otp import user_has_device

from accounts import security
from accounts.scoping import NOT_FOUND
from accounts.selectors import managed_user, recent_security_events
from accounts.services_language import language_choose
from core.errors import ApplicationError
from core.http import safe_next


def _next(request) -> str:
    return safe_next(request, "/")


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@login_required
def two_factor_setup(request):
    """Scan the QR code (or type the key) into an authenticator app, then confirm with its first code.
    Someone who already has a factor must pass it first (then this page replaces it)."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        return redirect(f"/accounts/2fa/verify/?{urlencode({'next': _next(request)})}")
    device = security.totp_device(user, confirmed=False)
    if request.method == "POST" and device is not None:
        codes = security.totp_confirm(user=user, device=device, token=request.POST.get("token", ""), request=request)
        if codes is not None:
            otp_login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
        messages.error(request, _("That code is not right. Check the clock of your phone and try again."))
    else:
        device = security.totp_start(user=user)
    key = base64.b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"qr": _qr_data_uri(device.config_url), "key": key, "next": _next(request)},
    )


@login_required
def two_factor_verify(request):
    """The second sign-in step: a code from the authenticator app, or one of the recovery codes."""
    if request.user.is_verified():
        return redirect(_next(request))
    if request.method == "POST":
        device = security.second_factor_verify(user=request.user, token=request.POST.get("token", ""), request=request)
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        messages.error(request, _("That code is not right, or too many wrong codes were tried: wait and try again."))
    return render(request, "accounts/two_factor_verify.html", {"next": _next(request)})


@login_required
@require_POST
def recovery_codes_renew(request):
    codes = security.recovery_codes_renew(user=request.user, request=request)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/accounts/security/"})


@login_required
def security_page(request):
    """The user's own sign-in security: second factor, open sessions, recent security events."""
    return render(
        request,
        "accounts/security.html",
        {
            "sessions": security.active_sessions(user=request.user),
            "current": request.session.session_key,
            "has_factor": user_has_device(request.user),
            "events": recent_security_events(user=request.user),
        },
    )


@login_required
@require_POST
def sign_out_everywhere(request):
    security.sessions_end(user=request.user, request=request)
    logout(request)
    messages.success(request, _("You were signed out of every session, this one included."))
    return redirect("login")


@login_required
@require_POST
def two_factor_reset(request, username: str):
    """An administrator resets someone's second factor (a lost phone); audited, and they are signed out."""
    person = managed_user(user=request.user, username=username)
    if person is None:
        raise Http404(NOT_FOUND)
    try:
        security.second_factor_reset(actor=request.user, user=person, request=request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The second factor was reset: they set up a new one at the next sign-in."))
    return redirect("user_detail", username=person.username)


@require_POST
def language_switch(request):
    """The language switch of every page. Someone signed in keeps the choice on their account (it follows
    them to every device and survives signing out and in); everyone gets Django's language cookie, so the
    sign-in page keeps the language chosen on this browser."""
    if request.user.is_authenticated:
        try:
            language_choose(user=request.user, language=request.POST.get("language", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return set_language(request)
