"""A photo's GPS position stays in the stored original (bit-exact, its SHA-256 the record) and leaves
with nobody who has not asked for it and may: a PPK's download is a copy without the position but with
the capture time; a verifier may download the original byte for byte, and that is logged like any
download; the preview carries no metadata; the evidence page says the original holds a location."""

import hashlib
import io

import pytest
from django.urls import reverse
from PIL import Image

from accounts.choices import Role
from files.location import MetadataError
from inventory import evidence_files
from inventory.choices import EvidenceKind
from inventory.models import Evidence, EvidenceDownload
from inventory.previews import make_preview
from inventory.storage import evidence_storage
from tests.files.images import TAKEN, gps_of, gps_photo, taken_of
from tests.inventory.factories import ProblemFactory, evidence_dir, jpeg_bytes, make_evidence, uploaded

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]

TPS = "13.02.03.2002.001"
NOTICE = "The original photo holds a GPS location"


@pytest.fixture(autouse=True)
def _setup(settings, evidence_dir):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def ppk(make_user):
    return make_user(Role.PPK, "13.02.03")


@pytest.fixture
def verifier(make_user):
    return make_user(Role.LEGAL, "13.02")


def upload_through_the_page(client, content: bytes, name: str) -> Evidence:
    problem = ProblemFactory()
    response = client.post(
        reverse("evidence_upload") + f"?problem={problem.pk}&region={TPS}",
        {"kind": EvidenceKind.PHOTO, "region": TPS, "problem": problem.pk, "files": [uploaded(content, name)]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Evidence.objects.get(original_name=name)


def download(client, evidence, **params) -> bytes:
    response = client.get(reverse("evidence_download", args=[evidence.pk]), params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_original_is_stored_as_uploaded_and_downloaded_without_its_position(client, ppk):
    photo = gps_photo("JPEG", seed=1)
    client.force_login(ppk)
    evidence = upload_through_the_page(client, photo, "rumah-pps.jpg")

    with evidence_storage().open(evidence.file.name, "rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == hashlib.sha256(photo).hexdigest() == evidence.sha256

    copy = download(client, evidence)
    assert gps_of(copy) == {}
    assert taken_of(copy) == TAKEN
    with Image.open(io.BytesIO(copy)) as image, Image.open(io.BytesIO(photo)) as original:
        assert image.tobytes() == original.tobytes()
    assert EvidenceDownload.objects.get(evidence=evidence, user=ppk).intact


def test_a_verifier_may_download_the_original_byte_for_byte_and_it_is_logged(client, ppk, verifier):
    photo = gps_photo("JPEG", seed=2)
    evidence = make_evidence(TPS, content=photo, name="foto.jpg")
    client.force_login(verifier)

    assert download(client, evidence, original="1") == photo
    assert gps_of(download(client, evidence)) == {}  # the default is the copy, for verifiers too
    assert EvidenceDownload.objects.filter(evidence=evidence, user=verifier, intact=True).count() == 2

    client.force_login(ppk)
    response = client.get(reverse("evidence_download", args=[evidence.pk]), {"original": "1"})
    assert response.status_code == 403
    assert photo[:2000] not in response.content
    assert not EvidenceDownload.objects.filter(user=ppk).exists()


def test_a_heic_photo_is_downloaded_without_its_position(client, ppk):
    photo = gps_photo("HEIF", seed=3)
    evidence = make_evidence(TPS, content=photo, name="foto.heic")
    client.force_login(ppk)
    copy = download(client, evidence)
    assert gps_of(photo) and gps_of(copy) == {}
    assert len(copy) == len(photo) and taken_of(copy) == TAKEN


def test_the_preview_carries_no_position(client, ppk):
    evidence = make_evidence(TPS, content=gps_photo("JPEG", size=(900, 600), seed=4), name="besar.jpg")
    assert make_preview(evidence)
    client.force_login(ppk)
    response = client.get(reverse("evidence_preview", args=[evidence.pk]))
    preview = b"".join(response.streaming_content)
    assert gps_of(preview) == {}
    assert b"Exif" not in preview and b"xmpmeta" not in preview


def test_the_evidence_page_says_the_original_holds_a_location(client, ppk, verifier):
    with_position = make_evidence(TPS, content=gps_photo("JPEG", seed=5), name="dengan-lokasi.jpg")
    without = make_evidence(TPS, content=jpeg_bytes(6006), name="tanpa-lokasi.jpg")

    client.force_login(ppk)
    html = client.get(reverse("evidence_detail", args=[with_position.pk])).content.decode()
    assert NOTICE in html and 'data-testid="location-notice"' in html
    assert 'data-testid="download-original"' not in html  # a PPK may not verify
    html = client.get(reverse("evidence_detail", args=[without.pk])).content.decode()
    assert 'data-testid="location-notice"' not in html

    client.force_login(verifier)
    html = client.get(reverse("evidence_detail", args=[with_position.pk])).content.decode()
    assert reverse("evidence_download", args=[with_position.pk]) + "?original=1" in html


def test_when_no_copy_can_be_made_the_original_is_not_served_instead(client, ppk, monkeypatch):
    def cannot(stored, out):
        raise MetadataError("a structure this copy cannot follow")

    monkeypatch.setattr(evidence_files, "write_location_free", cannot)
    photo = gps_photo("JPEG", seed=7)
    evidence = make_evidence(TPS, content=photo, name="aneh.jpg")
    client.force_login(ppk)
    response = client.get(reverse("evidence_download", args=[evidence.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("evidence_detail", args=[evidence.pk])
    assert "A copy without the location could not be made" in response.content.decode()
    assert photo[:2000] not in response.content
