"""`core.http.safe_next`: the one reading of a `next` from the request. Only an address on this site is
followed; another host, in any of the spellings browsers accept, goes to the page's default."""

import pytest
from django.test import RequestFactory

from core.http import safe_next

DEFAULT = "/default/"
EXTERNAL = [
    "https://evil.example/x",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "http://testserver.evil.example/",
]


@pytest.mark.parametrize("target", EXTERNAL)
def test_another_site_goes_to_the_default(target):
    factory = RequestFactory()
    assert safe_next(factory.get("/", {"next": target}), DEFAULT) == DEFAULT
    assert safe_next(factory.post("/", {"next": target}), DEFAULT) == DEFAULT


@pytest.mark.parametrize("target", ["/teams/", "/cases/?page=2&q=x", "http://testserver/regions/"])
def test_a_place_on_this_site_is_followed(target):
    factory = RequestFactory()
    assert safe_next(factory.get("/", {"next": target}), DEFAULT) == target
    assert safe_next(factory.post("/", {"next": target}), DEFAULT) == target


def test_no_next_or_an_empty_one_is_the_default():
    factory = RequestFactory()
    assert safe_next(factory.get("/"), DEFAULT) == DEFAULT
    assert safe_next(factory.post("/", {"next": ""}), DEFAULT) == DEFAULT


def test_the_form_field_comes_before_the_query():
    request = RequestFactory().post("/?next=/from-query/", {"next": "/from-form/"})
    assert safe_next(request, DEFAULT) == "/from-form/"


def test_a_page_reached_over_https_is_not_sent_back_to_plain_http():
    request = RequestFactory().get("/", {"next": "http://testserver/regions/"}, secure=True)
    assert safe_next(request, DEFAULT) == DEFAULT
    request = RequestFactory().get("/", {"next": "https://testserver/regions/"}, secure=True)
    assert safe_next(request, DEFAULT) == "https://testserver/regions/"
