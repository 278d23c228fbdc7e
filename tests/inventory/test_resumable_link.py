"""A link that drops in the middle of a piece, over a real socket to a real server: the bytes that got
through are kept, and the phone resumes from the last of them, not from the start of the piece."""

import hashlib
import http.client
import secrets
import time
from urllib.parse import urlsplit

import pytest
from django.test import Client

from accounts.choices import Role
from inventory.models import Evidence
from tests.e2e.conftest import restore_session_data
from tests.inventory.factories import mp4_of_size
from tests.inventory.test_resumable import TUS, open_upload, send

# The live server answers from its own thread: the data must be committed for it to see them.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module", autouse=True)
def _session_data_back(django_db_blocker):
    yield
    with django_db_blocker.unblock():
        restore_session_data()


@pytest.fixture
def phone(live_server, make_user, settings, tmp_path):
    restore_session_data()
    settings.STORAGES = {
        **settings.STORAGES,
        "uploads": {**settings.STORAGES["uploads"], "OPTIONS": {"location": tmp_path / "uploads"}},
        "evidence": {**settings.STORAGES["evidence"], "OPTIONS": {"location": tmp_path / "evidence"}},
    }
    browser = Client()
    browser.force_login(make_user(Role.PPK, "13.02.03"))
    return browser


def cut_off(live_server, path: str, session: str, announced: int, sent: bytes) -> None:
    """Send the headers of a piece of `announced` bytes and only `sent` of them, then drop the link."""
    host = urlsplit(live_server.url)
    csrf = secrets.token_hex(16)  # the cookie and the header must agree, as a page's script sends them
    link = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    link.putrequest("PATCH", path)
    for header, value in {
        "Cookie": f"sessionid={session}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Tus-Resumable": "1.0.0",
        "Upload-Offset": "0",
        "Content-Type": "application/offset+octet-stream",
        "Content-Length": str(announced),
    }.items():
        link.putheader(header, value)
    link.endheaders()
    link.send(sent)
    link.sock.shutdown(2)
    link.close()


def test_a_dropped_link_keeps_what_arrived_and_the_rest_resumes_from_there(live_server, phone):
    video = mp4_of_size(400_000)
    path = open_upload(phone, video)["Location"]

    cut_off(live_server, path, phone.cookies["sessionid"].value, len(video), video[:150_000])

    # The server notices the dropped link when its read comes back short, a moment after the close.
    for _attempt in range(100):
        offset = phone.head(path, **TUS)["Upload-Offset"]
        if offset != "0":
            break
        time.sleep(0.1)
    assert offset == "150000"
    assert send(phone, path, video[150_000:], 150_000).status_code == 204
    assert Evidence.objects.get().sha256 == hashlib.sha256(video).hexdigest()
