"""Every named route is either covered by the scoping test base or listed here with the reason."""

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import tests
from tests.scoping.base import REGISTRY

# Routes that are about the signed-in person only, or public by nature: nothing in them hangs on a region.
NOT_REGION_SCOPED = {
    "login": "public sign-in page",
    "logout": "ends the caller's session",
    "password_setup": "one-time link bound to one account by its token",
    "password_change": "the caller's own password",
    "token": "the caller's own API token",
    "two_factor_setup": "the caller's own second factor",
    "two_factor_verify": "the caller's own second factor",
    "recovery_codes_renew": "the caller's own recovery codes",
    "security": "the caller's own sessions and security events",
    "sign_out_everywhere": "the caller's own sessions",
    "token_create": "the caller's own API token",
    "token_revoke": "the caller's own API token",
    "me-list": "the caller's own account",
    "set_language": "a cookie",
    "language_switch": "the caller's own language choice, and a cookie",
    "api-root": "the list of endpoints",
    "favicon": "a redirect to the site's icon, public, no data",
    "pwa_manifest": "installable-app description, public, no data (browsers fetch it without cookies)",
    "pwa_service_worker": "the offline script, public, no data",
    "upload-list": "opens the caller's own resumable upload; the target's region is checked by the service",
    "upload-detail": "the caller's own resumable upload only (tests/inventory/test_resumable.py)",
    "schema": "the OpenAPI description, no data",
    "swagger-ui": "the OpenAPI description, no data",
}


def _names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # superusers only, Django's own checks
            yield from _names(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if pattern.name.endswith("-root") or "format" in str(pattern.pattern):
                continue
            yield pattern.name


def test_every_route_is_scoping_tested():
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.split(".")[-1].startswith("test_"):
            importlib.import_module(module.name)
    routes = set(_names(get_resolver()))
    missing = sorted(routes - set(REGISTRY) - set(NOT_REGION_SCOPED))
    assert not missing, f"routes without a ScopedRouteTests subclass: {missing}"
