"""The declarative scoping test base (NetBox's API test mixins, adapted).

Every page and API endpoint gets a subclass of `ScopedRouteTests` that declares its URL, the object
it touches and the roles involved; the four checks below then run for it:

- anonymous: pages redirect to the login page, the API answers 401;
- wrong role (in the right region, but a role without the action): 403, or 404 for objects;
- out of region (the right role over another region): 404 for objects, absent from lists,
  refused for creates, with nothing stored;
- in region: allowed.

tests/scoping/test_coverage.py fails when a named route has no subclass, so no route skips this.
"""

import pytest
from django.urls import reverse

from accounts.choices import Role

REGISTRY: dict[str, type] = {}


@pytest.mark.django_db
class ScopedRouteTests:
    url_name: str = ""
    api: bool = False
    kind: str = "detail"  # list | detail | create | delete
    method: str = "get"
    role: str = Role.VIEWER  # the role that may do this
    wrong_role: str | None = None  # a role that may not; None when every role may
    in_region: str = "13.02.03"  # where the allowed user is assigned
    out_region: str = "13.02.04"  # where the out-of-region user is assigned (same level)
    ok_status: tuple = (200,)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.url_name:
            REGISTRY.setdefault(cls.url_name, cls)

    # Subclasses declare these.
    def make_object(self, make_user):
        """Create the object under test inside `in_region`; return it (or None)."""
        return

    def url_args(self, obj) -> list:
        return []

    def payload(self, obj) -> dict:
        return {}

    def listed(self, response, obj) -> bool:
        """Whether `obj` appears in a list response."""
        raise NotImplementedError

    def stored_count(self) -> int:
        """For creates: how many objects of the kind exist (must not change on refusal)."""
        raise NotImplementedError

    # The machinery.
    def call(self, client, obj):
        url = reverse(self.url_name, args=self.url_args(obj))
        if self.method == "get":
            return client.get(url)
        if self.api:
            return getattr(client, self.method)(url, self.payload(obj), content_type="application/json")
        return client.post(url, self.payload(obj))

    def client_for(self, client, user):
        client.force_login(user)
        return client

    def test_anonymous(self, client, make_user):
        obj = self.make_object(make_user)
        before = self.stored_count() if self.kind == "create" else None
        response = self.call(client, obj)
        if self.api:
            assert response.status_code == 401, response.content
        else:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
        if before is not None:
            assert self.stored_count() == before

    def test_wrong_role(self, client, make_user):
        if self.wrong_role is None:
            pytest.skip("every role may do this")
        obj = self.make_object(make_user)
        before = self.stored_count() if self.kind == "create" else None
        response = self.call(self.client_for(client, make_user(self.wrong_role, self.in_region)), obj)
        if self.kind == "list" and response.status_code == 200:
            assert not self.listed(response, obj)
        else:
            assert response.status_code in (403, 404), response.status_code
        if before is not None:
            assert self.stored_count() == before

    def test_out_of_region(self, client, make_user):
        obj = self.make_object(make_user)
        before = self.stored_count() if self.kind == "create" else None
        response = self.call(self.client_for(client, make_user(self.role, self.out_region)), obj)
        if self.kind == "list":
            assert response.status_code == 200
            assert not self.listed(response, obj)
        elif self.kind == "create":
            assert response.status_code in (200, 400, 403, 404)
            assert self.stored_count() == before
        else:
            assert response.status_code == 404

    def test_in_region(self, client, make_user):
        obj = self.make_object(make_user)
        before = self.stored_count() if self.kind == "create" else None
        response = self.call(self.client_for(client, make_user(self.role, self.in_region)), obj)
        assert response.status_code in self.ok_status, (response.status_code, response.content[:500])
        if self.kind == "list":
            assert self.listed(response, obj)
        if before is not None:
            assert self.stored_count() == before + 1
