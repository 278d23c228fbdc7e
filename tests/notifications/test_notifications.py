"""Notifications: sending (once per key), e-mail when configured, the page, marking read, the badge."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.choices import Role
from notifications.models import Notification
from notifications.selectors import cached_unread_count, unread_count
from notifications.services import notification_mark_all_read, notification_mark_read, notify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(make_user):
    return make_user(Role.LEGAL, "13.02")


def test_notify_stores_once_per_key(person):
    first = notify(user=person, title="Tenggat besok", body="Jawaban Termohon", url="/cases/1/", key="d:1:2025-01-10")
    again = notify(user=person, title="Tenggat besok", key="d:1:2025-01-10")
    assert first is not None
    assert again is None
    assert Notification.objects.filter(user=person).count() == 1
    # Without a key every call is a new notification.
    notify(user=person, title="A")
    notify(user=person, title="A")
    assert Notification.objects.filter(user=person).count() == 3


def test_no_email_without_mail_server(person, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = ""
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=person, title="Sidang pendahuluan")
    assert mail.outbox == []


def test_email_when_mail_server_configured(person, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = "smtp.kpu.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://siaga.example"
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=person, title="Sidang pendahuluan", body="Besok 09.00", url="/cases/7/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert "Sidang pendahuluan" in message.subject
    assert "https://siaga.example/cases/7/" in message.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_email_skipped_for_user_without_address(make_user, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = "smtp.kpu.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    person = make_user(Role.LEGAL, "13.02", email="")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=person, title="X")
    assert mail.outbox == []


def test_mark_read_and_counts(person):
    a = notify(user=person, title="A")
    notify(user=person, title="B")
    assert unread_count(user=person) == 2
    assert cached_unread_count(user=person) == 2
    notification_mark_read(user=person, notification=a)
    assert cached_unread_count(user=person) is None  # the badge asks again
    assert unread_count(user=person) == 1
    assert notification_mark_all_read(user=person) == 1
    assert unread_count(user=person) == 0


def test_list_page_shows_only_own(client, person, make_user):
    other = make_user(Role.LEGAL, "13.02")
    notify(user=person, title="Milik saya")
    notify(user=other, title="Milik orang lain")
    client.force_login(person)
    page = client.get(reverse("notification_list")).content.decode()
    assert "Milik saya" in page
    assert "Milik orang lain" not in page


def test_read_with_open_goes_to_link(client, person):
    n = notify(user=person, title="A", url="/cases/")
    client.force_login(person)
    response = client.post(reverse("notification_read", args=[n.pk]), {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/cases/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_read_refuses_links_elsewhere(client, person):
    n = notify(user=person, title="A", url="https://evil.example/")
    client.force_login(person)
    response = client.post(reverse("notification_read", args=[n.pk]), {"open": "1"})
    assert response["Location"] == reverse("notification_list")


def test_someone_elses_notification_is_404(client, person, make_user):
    n = notify(user=person, title="A")
    client.force_login(make_user(Role.LEGAL, "13.02"))
    assert client.post(reverse("notification_read", args=[n.pk])).status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_navbar_badge(client, person):
    notify(user=person, title="A")
    notify(user=person, title="B")
    client.force_login(person)
    # Not cached: the navbar fetches the badge after the page loaded, no query on the page itself.
    page = client.get(reverse("notification_list")).content.decode()
    assert reverse("notification_badge") in page
    badge = client.get(reverse("notification_badge")).content.decode()
    assert 'data-testid="unread-badge"' in badge
    assert ">2<" in badge
    # Now cached: the page carries the badge itself.
    page = client.get(reverse("notification_list")).content.decode()
    assert 'data-testid="unread-badge"' in page
