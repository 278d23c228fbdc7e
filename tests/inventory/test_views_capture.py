"""The offline capture page (inventory/views_capture.py): the caller's editing reach only."""

import json

import pytest
from django.urls import reverse

from accounts.choices import Role
from inventory.models import Category
from tests.inventory.factories import DEFAULT_REGION, ProblemFactory
from tests.scoping.base import ScopedRouteTests


@pytest.fixture(autouse=True)
def plain_static_names(settings):
    """Static names as the files are, without a collected manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


class TestCapturePage(ScopedRouteTests):
    """The recent problems a change can be queued for are those the caller may edit, and only those."""

    url_name = "offline_capture"
    kind = "list"
    role = Role.PPK
    wrong_role = Role.VIEWER

    def make_object(self, make_user):
        return ProblemFactory(title="Kotak suara tertukar di TPS 001")

    def listed(self, response, obj):
        return obj.title in response.content.decode()


@pytest.mark.django_db
def test_the_form_offers_the_callers_reach_and_names_categories_as_the_api_does(client, make_user):
    client.force_login(make_user(Role.PPK, "13.02.03"))
    response = client.get(reverse("offline_capture"))
    page = response.content.decode()
    assert f'<option value="{DEFAULT_REGION}">' in page  # a TPS of the caller's kecamatan
    assert '<option value="13.02.04' not in page  # the neighbouring kecamatan
    for slug in Category.objects.values_list("slug", flat=True):
        assert f'<option value="{slug}"' in page
    assert 'capture="environment"' in page
    texts = json.loads(page.split('id="capture-text" type="application/json">')[1].split("</script>")[0])
    assert "{n}" in texts["waiting"]
