"""The scoping test base on the numbers pages: the import (and its template) needs MANAGE_CASES at
the case's office; the per-case table is seen by whoever sees the case."""

from accounts.choices import Role
from cases.models import ClaimFigure
from tests.cases.factories import CaseFactory, ClaimFactory
from tests.scoping.base import ScopedRouteTests

TPS = "13.02.03.2002.001"


class OfficeRoute(ScopedRouteTests):
    in_region = "13.02"
    out_region = "13.01"


class ManageRoute(OfficeRoute):
    role = Role.LEGAL
    wrong_role = Role.VIEWER

    def make_object(self, make_user):
        return ClaimFactory(locations=[TPS])

    def url_args(self, obj):
        return [obj.pk]


class TestClaimFiguresImportPage(ManageRoute):
    url_name = "claim_figures_import"


class TestClaimFiguresImportPost(ManageRoute):
    url_name = "claim_figures_import"
    method = "post"
    kind = "create"
    ok_status = (302,)

    def payload(self, obj):
        from django.core.files.uploadedfile import SimpleUploadedFile

        content = f"location_code,participant,metric,claimed_value\n{TPS},{obj.case.applicant.ballot_number},,7\n"
        return {"file": SimpleUploadedFile("n.csv", content.encode())}

    def stored_count(self):
        return ClaimFigure.objects.count()


class TestClaimFiguresTemplate(ManageRoute):
    url_name = "claim_figures_template"


class TestCaseFiguresPage(OfficeRoute):
    url_name = "case_figures"

    def make_object(self, make_user):
        return CaseFactory()

    def url_args(self, obj):
        return [obj.pk]
