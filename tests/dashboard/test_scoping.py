"""The dashboard and search pages and endpoints through the declarative scoping base: a problem in
13.02.03 shows (by its title: open problems without assignee are listed under "Needs attention") to a
PPK of 13.02.03 and never to one of 13.02.04."""

from django.urls import reverse

from accounts.choices import Role
from inventory.choices import Status
from tests.inventory.factories import ProblemFactory
from tests.scoping.base import ScopedRouteTests

WORD = "intimidasi"


class ProblemInReach:
    role = Role.PPK

    def make_object(self, make_user):
        return ProblemFactory(
            region_id="13.02.03.2002.001", status=Status.NEW, title=f"Dugaan {WORD} saksi", description=f"Ada {WORD}."
        )

    def listed(self, response, obj):
        return obj.title in response.content.decode()


class FollowOwnRedirect:
    """The dashboard sends someone with one region straight to it: follow that, not the login redirect."""

    def call(self, client, obj):
        response = super().call(client, obj)
        if response.status_code == 302 and not response["Location"].startswith(reverse("login")):
            return client.get(response["Location"])
        return response


class TestDashboardHome(FollowOwnRedirect, ProblemInReach, ScopedRouteTests):
    url_name = "dashboard"
    kind = "list"


class TestDashboardRegion(ProblemInReach, ScopedRouteTests):
    url_name = "dashboard_region"

    def url_args(self, obj):
        return ["13.02.03"]


class WithQuery:
    def call(self, client, obj):
        return client.get(reverse(self.url_name), {"q": WORD})


class TestSearchPage(WithQuery, ProblemInReach, ScopedRouteTests):
    url_name = "search"
    kind = "list"


class TestDashboardListApi(ProblemInReach, ScopedRouteTests):
    url_name = "dashboard-list"
    api = True
    kind = "list"


class TestDashboardDetailApi(ProblemInReach, ScopedRouteTests):
    url_name = "dashboard-detail"
    api = True

    def url_args(self, obj):
        return ["13.02.03"]


class TestSearchApi(WithQuery, ProblemInReach, ScopedRouteTests):
    url_name = "search-list"
    api = True
    kind = "list"
