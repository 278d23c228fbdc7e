"""Writes on notifications: send one (in the app, and by e-mail when configured), mark as read."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from core.errors import clean_or_raise
from notifications.models import Notification

log = logging.getLogger(__name__)

BADGE_CACHE_SECONDS = 60


def badge_cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def email_configured() -> bool:
    """E-mail goes out only when the environment names a mail server (settings.EMAIL_HOST)."""
    return bool(settings.EMAIL_HOST)


def _send_email(notification_id: int) -> None:
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at or not notification.user.email:
        return
    body = notification.body
    if notification.url:
        base = getattr(settings, "SITE_URL", "").rstrip("/")
        body = f"{body}\n\n{base}{notification.url}".strip()
    try:
        send_mail(
            subject=f"[Siaga PHPU] {notification.title}",
            message=body,
            from_email=None,
            recipient_list=[notification.user.email],
        )
    except OSError:
        # The in-app notification stands; a mail server that is down must not undo it.
        log.warning("Could not e-mail notification %s to %s", notification.pk, notification.user.username)
        return
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


@transaction.atomic
def notify(*, user, title: str, body: str = "", url: str = "", key: str = "") -> Notification | None:
    """Send `user` a notification; with a `key`, at most once per key (returns None when already sent).

    The e-mail, when configured, leaves after the transaction commits, so a rolled-back notification
    is never mailed."""
    if key and Notification.objects.filter(user=user, key=key).exists():
        return None
    notification = Notification(user=user, title=title[:200], body=body, url=url, key=key)
    clean_or_raise(notification)
    notification.save()
    transaction.on_commit(lambda: cache.delete(badge_cache_key(user.pk)))
    if email_configured() and user.email:
        transaction.on_commit(lambda: _send_email(notification.pk))
    return notification


def notification_mark_read(*, user, notification: Notification) -> Notification:
    """Mark one of the user's own notifications as read (a no-op when it already is)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
        cache.delete(badge_cache_key(user.pk))
    return notification


def notification_mark_all_read(*, user) -> int:
    count = Notification.objects.filter(user=user).unread().update(read_at=timezone.now())
    cache.delete(badge_cache_key(user.pk))
    return count
