"""The scoping test base on the notification pages. A notification is its addressee's alone: the
"in region" user is its owner, the "out of region" user is anybody else (404, never listed)."""

from notifications.models import Notification
from notifications.services import notify
from tests.scoping.base import ScopedRouteTests


class OwnNotification:
    def make_object(self, make_user):
        return notify(user=make_user(self.role, self.in_region), title="Tenggat: jawaban Termohon", url="/")

    def url_args(self, obj):
        return [obj.pk]

    def test_in_region(self, client, make_user):
        obj = self.make_object(make_user)
        response = self.call(self.client_for(client, obj.user), obj)
        assert response.status_code in self.ok_status, response.status_code
        if self.kind == "list":
            assert self.listed(response, obj)


class TestNotificationListPage(OwnNotification, ScopedRouteTests):
    url_name = "notification_list"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return f'data-notification="{obj.pk}"' in response.content.decode()


class TestNotificationBadge(OwnNotification, ScopedRouteTests):
    url_name = "notification_badge"
    kind = "list"

    def url_args(self, obj):
        return []

    def listed(self, response, obj):
        return 'data-testid="unread-badge"' in response.content.decode()


class TestNotificationRead(OwnNotification, ScopedRouteTests):
    url_name = "notification_read"
    method = "post"
    ok_status = (302,)

    def test_out_of_region(self, client, make_user):
        super().test_out_of_region(client, make_user)
        assert not Notification.objects.filter(read_at__isnull=False).exists()


class TestNotificationReadAll(OwnNotification, ScopedRouteTests):
    url_name = "notification_read_all"
    kind = "list"
    method = "post"
    ok_status = (302,)

    def url_args(self, obj):
        return []

    def test_out_of_region(self, client, make_user):
        """Somebody else marking all their own read leaves this one unread."""
        obj = self.make_object(make_user)
        response = self.call(self.client_for(client, make_user(self.role, self.out_region)), obj)
        assert response.status_code == 302
        obj.refresh_from_db()
        assert obj.read_at is None

    def test_in_region(self, client, make_user):
        obj = self.make_object(make_user)
        response = self.call(self.client_for(client, obj.user), obj)
        assert response.status_code == 302
        obj.refresh_from_db()
        assert obj.read_at is not None
