"""Reads on notifications: always the caller's own, never anyone else's."""

from django.core.cache import cache

from notifications.models import Notification
from notifications.services import BADGE_CACHE_SECONDS, badge_cache_key


def notification_list(*, user, unread_only: bool = False):
    queryset = Notification.objects.filter(user=user)
    return queryset.unread() if unread_only else queryset


def unread_count(*, user) -> int:
    """Count the unread notifications and remember the answer for the navbar badge."""
    count = Notification.objects.filter(user=user).unread().count()
    cache.set(badge_cache_key(user.pk), count, BADGE_CACHE_SECONDS)
    return count


def cached_unread_count(*, user) -> int | None:
    """The badge's count if it is in the cache (no database query); None when it must be fetched."""
    return cache.get(badge_cache_key(user.pk))
