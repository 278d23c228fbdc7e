"""The navbar badge. Pages must not pay a query for it (their query counts are pinned), so the count
comes from the cache; on a miss the navbar fetches it after the page has loaded (HTMX)."""

from notifications.selectors import cached_unread_count


def unread_notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": cached_unread_count(user=user)}
