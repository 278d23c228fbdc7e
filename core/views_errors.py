"""Error pages (handler400/403/404/500 in phpu/urls.py, CSRF_FAILURE_VIEW): translated, with a way back.

403, 404 and the refused form (CSRF) are pages of the site, inside its navigation. 400, 500 and 503 are
rendered without the request's context processors, so they need neither the database nor the user (the
database may be what failed) and show nothing of the failure. A database that cannot be reached answers
503 "try again in a minute", as the API does (core.api). Paths under /api/ answer JSON in the API's shape.
"""

import logging
import sys

from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from core.api import RETRY_AFTER
from core.errors import NOT_FOUND
from core.http import is_safe_target
from core.middleware_language import API_PREFIX

log = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _api_error(message, status: int) -> JsonResponse:
    message = str(message)
    return JsonResponse({"detail": message, "message": message, "extra": {}}, status=status)


def _back(request) -> str | None:
    """The page the browser came from, when it is on this site and is not this very page."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        same_site = is_safe_target(request, referer)
    except SuspiciousOperation:  # a 400 for a host not allowed: no "back" to offer
        return None
    return referer if same_site and not referer.endswith(request.get_full_path()) else None


def _page(request, template_name: str, status: int) -> HttpResponse:
    return render(request, template_name, {"back": _back(request)}, status=status)


def _plain_page(request, template_name: str, status: int, context: dict | None = None) -> HttpResponse:
    """Without context processors: no query, no user menu, nothing that could fail a second time."""
    body = loader.render_to_string(template_name, {"back": _back(request), **(context or {})})
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    if _is_api(request):
        return _api_error(_("The request could not be understood."), 400)
    return _plain_page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    if _is_api(request):
        return _api_error(_("You do not have permission to do this."), 403)
    return _page(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    if _is_api(request):
        return _api_error(NOT_FOUND, 404)
    return _page(request, "404.html", 404)


def csrf_failure(request, reason=""):
    """A form sent from a page that was open too long, or after signing out and in again elsewhere."""
    if _is_api(request):
        return _api_error(_("The form was refused because it had expired. Load the page again."), 403)
    return _page(request, "403_csrf.html", 403)


def server_error(request):
    """Called by Django while the exception is being handled: a lost database is a 503, the rest a 500."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        return database_unavailable(request, exc)
    if _is_api(request):
        return _api_error(_("Something went wrong on the server. It has been logged; try again later."), 500)
    return _plain_page(request, "500.html", 500)


def database_unavailable(request, exc) -> HttpResponse:
    """The database went away (restart, failover): nothing of this request was saved (writes are atomic)."""
    log.error("Database unavailable, answered 503: %s", exc)
    if not connection.is_usable():
        connection.close()  # the next request starts afresh
    saved_nothing = request.method not in SAFE_METHODS
    if _is_api(request):
        if saved_nothing:
            message = _("The database cannot be reached right now: nothing was saved. Try again in a moment.")
        else:
            message = _("The database cannot be reached right now. Try again in a moment.")
        response = _api_error(message, 503)
    else:
        response = _plain_page(request, "503.html", 503, {"saved_nothing": saved_nothing})
    response["Retry-After"] = str(RETRY_AFTER)
    return response
