"""Team files leave like evidence does: an activity photo or an SK scan taken with a phone is downloaded
without the GPS position its camera wrote, while the stored file keeps every byte (its SHA-256)."""

import hashlib

import pytest
from django.urls import reverse

from accounts.choices import Role
from inventory.storage import evidence_storage
from teams.choices import ActivityFileKind
from teams.services import activity_file_upload, team_sk_upload
from tests.files.images import TAKEN, gps_of, gps_photo, taken_of
from tests.inventory.factories import evidence_dir, pdf_bytes, uploaded
from tests.teams.factories import ActivityFactory, make_active_team

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]


@pytest.fixture
def office_client(client, make_user, evidence_dir):
    client.force_login(make_user(Role.COMMISSIONER, "13.02", username="komisioner.solok"))
    return client


def body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_an_activity_photo_is_downloaded_without_its_position(office_client):
    photo = gps_photo("JPEG", seed=5)
    record, _ = activity_file_upload(
        actor=None, activity=ActivityFactory(), file=uploaded(photo, "supervisi.jpg"), kind=ActivityFileKind.PHOTO
    )
    with evidence_storage().open(record.file.name, "rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == hashlib.sha256(photo).hexdigest()

    copy = body(office_client.get(reverse("activity_file_download", args=[record.pk])))
    assert gps_of(photo) and gps_of(copy) == {}
    assert taken_of(copy) == TAKEN


def test_an_sk_photographed_with_a_phone_is_downloaded_without_its_position(office_client):
    team = make_active_team()
    team_sk_upload(actor=None, team=team, file=uploaded(gps_photo("PNG", seed=6), "sk.png"))
    assert gps_of(body(office_client.get(reverse("team_sk_download", args=[team.pk])))) == {}


def test_a_pdf_sk_is_served_as_stored(office_client):
    team = make_active_team()
    scan = pdf_bytes("SK Tim")
    team_sk_upload(actor=None, team=team, file=uploaded(scan, "sk.pdf"))
    assert body(office_client.get(reverse("team_sk_download", args=[team.pk]))) == scan
