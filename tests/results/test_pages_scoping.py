"""The scoping test base on the official results pages: the report is seen by every role in its reach
only; the import and the D.Hasil template need the right to keep the inventory, inside the reach."""

import pytest

from accounts.choices import Role
from results.models import Tally
from results.sirekap import sirekap_import
from tests.results.helpers import make_ppwp, upload
from tests.scoping.base import ScopedRouteTests

TPS = "13.02.03.2001.002"  # a TPS of the fixture whose votes do not add up


def _contest_with_figures():
    contest = make_ppwp()
    result, _stored = sirekap_import(actor=None, contest=contest, file=upload("pantai_cermin.json"), name="k.json")
    assert result.ok
    return contest


class TestReport(ScopedRouteTests):
    url_name = "results_report"
    kind = "list"

    def make_object(self, make_user):
        return _contest_with_figures()

    def listed(self, response, obj):
        return f'data-region="{TPS}"'.encode() in response.content


class ImportRoute(ScopedRouteTests):
    role = Role.PPK
    wrong_role = Role.VIEWER


class TestImportPage(ImportRoute):
    url_name = "results_import"

    def make_object(self, make_user):
        return make_ppwp()

    def test_out_of_region(self, client, make_user):
        pytest.skip("the empty form shows nothing of any region")


class TestImportPost(ImportRoute):
    url_name = "results_import"
    method = "post"
    kind = "create"
    ok_status = (302,)

    def make_object(self, make_user):
        return make_ppwp()

    def payload(self, obj):
        return {"contest": obj.pk, "kind": "sirekap", "file": upload("pantai_cermin.json")}

    def stored_count(self):
        # One import, six TPS: "one more" is the import as a whole.
        return Tally.objects.values("batch").distinct().count()


class TestTemplate(ImportRoute):
    url_name = "results_template"
    kind = "list"

    def make_object(self, make_user):
        return make_ppwp()

    def call(self, client, obj):
        from django.urls import reverse

        return client.get(reverse(self.url_name), {"contest": obj.pk, "level": "district", "format": "csv"})

    def listed(self, response, obj):
        return b"\n13.02.03\r\n" in response.content
