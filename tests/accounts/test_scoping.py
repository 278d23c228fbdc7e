from accounts.choices import Role
from accounts.models import Assignment, User
from tests.scoping.base import ScopedRouteTests


class ManagedPerson:
    """A PPK member in 13.02.03, managed by the Kabupaten Solok office (13.02), not by 13.01's."""

    role = Role.COMMISSIONER
    wrong_role = Role.PPK
    in_region = "13.02"
    out_region = "13.01"

    def make_object(self, make_user):
        return make_user(Role.PPK, "13.02.03", username="ppk.target")

    def url_args(self, obj):
        return [obj.username]


class TestUserListPage(ManagedPerson, ScopedRouteTests):
    url_name = "user_list"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return obj.username in response.content.decode()


class TestUserDetailPage(ManagedPerson, ScopedRouteTests):
    url_name = "user_detail"


class TestUserCreatePage(ManagedPerson, ScopedRouteTests):
    url_name = "user_create"
    kind = "create"
    method = "post"
    ok_status = (200,)

    def url_args(self, obj):
        return []

    def payload(self, obj):
        return {"username": "new.ppk", "full_name": "PPK Baru", "role": Role.PPK, "region": "13.02.03"}

    def stored_count(self):
        return User.objects.filter(username="new.ppk").count()


class TestAssignmentRevokePage(ManagedPerson, ScopedRouteTests):
    url_name = "assignment_revoke"
    kind = "delete"
    method = "post"
    ok_status = (302,)

    def url_args(self, obj):
        return [obj.assignments.get().pk]


class AssignmentObject(ManagedPerson):
    api = True

    def url_args(self, obj):
        return [obj.assignments.get().pk]


class TestAssignmentListApi(AssignmentObject, ScopedRouteTests):
    url_name = "assignment-list"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return obj.username in [a["user"] for a in response.json()["results"]]


class TestAssignmentDetailApi(AssignmentObject, ScopedRouteTests):
    url_name = "assignment-detail"


class TestAssignmentDeleteApi(AssignmentObject, ScopedRouteTests):
    url_name = "assignment-detail"
    kind = "delete"
    method = "delete"
    ok_status = (204,)


class TestAssignmentCreateApi(AssignmentObject, ScopedRouteTests):
    url_name = "assignment-list"
    kind = "create"
    method = "post"
    ok_status = (201,)

    def url_args(self, obj):
        return []

    def payload(self, obj):
        return {"user": obj.username, "role": Role.PPS, "region": "13.02.03.2002"}

    def stored_count(self):
        return Assignment.objects.filter(role=Role.PPS, region_id="13.02.03.2002").count()


# Sign-in security pages: about the caller's own account, except the reset, which is scoped.


class TestTwoFactorReset(ScopedRouteTests):
    """Resetting someone's second factor needs the manage-users action over where they are assigned."""

    url_name = "two_factor_reset"
    method = "post"
    role = Role.COMMISSIONER
    wrong_role = Role.PPK
    ok_status = (302,)

    def make_object(self, make_user):
        return make_user(Role.PPS, "13.02.03.2002")

    def url_args(self, obj):
        return [obj.username]
