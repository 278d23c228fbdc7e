"""Forms mark what is required before any submit, and after a failed submit mark only the fields in error:
an optional field left empty gets no green "valid" tick (core/bootstrap.py, settings.BOOTSTRAP5)."""

import re

import pytest
from django.urls import reverse

from accounts.choices import Role


def wrapper_classes(html: str, field: str) -> list[str]:
    """The classes of the element right around the label of `field` (django-bootstrap5's field wrapper)."""
    match = re.search(rf'<div class="([^"]*)">\s*<label[^>]*for="id_{field}"', html)
    assert match, f"no wrapper for {field}"
    return match.group(1).split()


@pytest.mark.django_db
def test_problem_form_marks_required_fields_before_submit(client, make_user):
    client.force_login(make_user(Role.PPK, "13.02.03"))
    html = client.get(reverse("problem_create")).content.decode()
    assert "required" in wrapper_classes(html, "title")
    assert "required" in wrapper_classes(html, "region")
    assert "required" not in wrapper_classes(html, "chronology")
    assert re.search(r'<input[^>]*name="title"[^>]*required', html)
    assert 'data-testid="required-legend"' in html


@pytest.mark.django_db
def test_failed_submit_marks_only_the_fields_in_error(client, make_user):
    client.force_login(make_user(Role.PPK, "13.02.03"))
    response = client.post(reverse("problem_create"), {"title": "Kotak suara rusak", "chronology": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "is-invalid" in html  # the region, category and description are missing
    assert "is-valid" not in html.replace("is-invalid", "")


@pytest.mark.django_db
def test_user_form_marks_required_fields_and_gives_no_green_ticks(client, make_user):
    client.force_login(make_user(Role.SECRETARIAT, "13.02"))
    html = client.get(reverse("user_create")).content.decode()
    assert 'data-testid="required-legend"' in html
    assert "required" in wrapper_classes(html, "username")
    assert "required" not in wrapper_classes(html, "email")
    html = client.post(reverse("user_create"), {"username": "", "email": ""}).content.decode()
    assert "is-invalid" in html and "is-valid" not in html.replace("is-invalid", "")
