"""The language a request is answered in: Indonesian unless someone chose English.

In order: the signed-in user's saved choice (`User.language`, set on the sign-in security page), then the
language cookie of Django's `set_language` (the switch in the footer, which is how someone not signed in
chooses), then LANGUAGE_CODE (Indonesian). The browser's Accept-Language is not asked on pages: a phone
set to English is no choice of its user. Only the API honours it, for machine clients that say what they
read (a token is authenticated inside the API view, after this middleware, so the caller is not known yet).

Replaces django.middleware.locale.LocaleMiddleware and sits after AuthenticationMiddleware.
"""

from django.conf import settings
from django.db import DatabaseError
from django.utils import translation
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"


def _supported(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def _saved_choice(request) -> str | None:
    user = getattr(request, "user", None)
    try:
        if user is None or not user.is_authenticated:
            return None
    except DatabaseError:
        # The session or the user could not be read: answer in the default language; the view meets
        # the same outage and answers 503 (core.views_errors).
        return None
    return _supported(getattr(user, "language", ""))


def request_language(request) -> str:
    """The language code to answer `request` in (see the module docstring for the order)."""
    chosen = _saved_choice(request) or _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if chosen:
        return chosen
    if request.path_info.startswith(API_PREFIX):
        return translation.get_language_from_request(request)
    return settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    """Activate the request's language (request_language) for the view and the templates."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # First the default, so that an error while choosing never leaves the previous request's language.
        translation.activate(settings.LANGUAGE_CODE)
        translation.activate(request_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        if request.path_info.startswith(API_PREFIX):
            patch_vary_headers(response, ("Accept-Language",))
        return response
