"""Format-suffix URLs (`/api/problems/1/status.json/`): the API has none. Every API route, asked with a
`.json` suffix by every method it answers, must answer 404 like any unknown address, never a 5xx (a custom
action's suffix route used to crash on the `format` argument it did not take)."""

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

# A value for each path parameter of the API's routes: the object need not exist, the route must only resolve.
SAMPLE = {"pk": "1", "code": "13.02", "counsel_pk": "1", "username": "nobody"}
METHODS = ("get", "post", "put", "patch", "delete")


def _api_routes(resolver=None, prefix=""):
    """(name, path parameters, methods) of every named route under /api/, suffix variants included."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _api_routes(pattern, route)
        elif isinstance(pattern, URLPattern) and pattern.name and route.lstrip("^").startswith("api/"):
            actions = getattr(pattern.callback, "actions", None)
            methods = [m for m in METHODS if m in actions] if actions else ["get", "post"]
            yield pattern.name, sorted(pattern.pattern.regex.groupindex), methods


def _suffixed(name: str, params: list[str]) -> str:
    """The route's address with `.json` before its closing slash (DRF's suffix form); the API root, whose
    path is the slash itself, takes it after."""
    try:
        url = reverse(name, kwargs={p: SAMPLE[p] for p in params})
    except NoReverseMatch:  # a route whose objects are named by UUID (resumable uploads)
        url = reverse(name, kwargs={p: "00000000-0000-4000-8000-000000000001" for p in params})
    if name == "api-root":
        return url + ".json"
    return url[:-1] + ".json/" if url.endswith("/") else url + ".json"


def test_no_api_route_answers_a_format_suffix(superuser):
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=superuser).key}")
    asked, wrong = set(), []
    for name, params, methods in _api_routes():
        if "format" in params:
            continue  # a suffix route itself: asked through its plain route's address
        url = _suffixed(name, params)
        for method in methods:
            if (method, url) in asked:
                continue
            asked.add((method, url))
            status = getattr(client, method)(url).status_code
            if status != 404:
                wrong.append(f"{method.upper()} {url}: {status}")
    assert len(asked) > 80  # every route of the API was asked, not a few
    assert not wrong, "\n".join(wrong)
