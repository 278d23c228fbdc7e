from accounts.choices import Role
from regions.models import Region
from tests.scoping.base import ScopedRouteTests


class RegionObject:
    def make_object(self, make_user):
        return Region.objects.get(code="13.02.03.2002")

    def url_args(self, obj):
        return [obj.code]


class TestRegionBrowsePage(ScopedRouteTests):
    url_name = "region_browse"
    kind = "list"
    role = Role.PPK

    def make_object(self, make_user):
        return Region.objects.get(code="13.02.03")

    def listed(self, response, obj):
        return obj.code in response.content.decode()


class TestRegionDetailPage(RegionObject, ScopedRouteTests):
    url_name = "region_detail"
    role = Role.PPK


class TestRegionListApi(ScopedRouteTests):
    url_name = "region-list"
    api = True
    kind = "list"
    role = Role.PPK

    def make_object(self, make_user):
        return Region.objects.get(code="13.02.03")

    def listed(self, response, obj):
        return obj.code in [r["code"] for r in response.json()["results"]]


class TestRegionDetailApi(RegionObject, ScopedRouteTests):
    url_name = "region-detail"
    api = True
    role = Role.PPK


class TestRegionChildrenApi(RegionObject, ScopedRouteTests):
    url_name = "region-children"
    api = True
    role = Role.PPK
