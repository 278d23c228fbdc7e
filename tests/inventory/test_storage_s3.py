"""Evidence on S3-compatible storage (MinIO in docker-compose), against a moto S3 server over HTTP.

The storage options come from phpu/settings.py itself, evaluated with S3_BUCKET and S3_ENDPOINT_URL
set, so the switch docker-compose relies on is what is tested. Content addressing must hold on S3
too: a stored object is found by its hash (exists()), never written twice, never renamed, removed
again when the database write fails, and re-hashed on every download.
"""

import hashlib
import importlib.util
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

import phpu.settings
from accounts.choices import Role
from core.errors import ApplicationError
from files.store import content_name
from inventory.choices import EvidenceKind
from inventory.models import Evidence, EvidenceDownload
from inventory.services import evidence_upload
from inventory.storage import evidence_storage
from inventory.tasks import evidence_preview
from regions.models import Region
from tests.inventory.factories import jpeg_bytes, use_storage

moto_server = pytest.importorskip("moto.server")
boto3 = pytest.importorskip("boto3")

pytestmark = pytest.mark.django_db

TPS = "13.02.03.2002.001"
OTHER_TPS = "13.02.03.2002.002"
KEYS = {"aws_access_key_id": "phpu-test", "aws_secret_access_key": "phpu-test-secret", "region_name": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def settings_with_s3(monkeypatch, endpoint: str, bucket: str):
    """phpu/settings.py evaluated with the environment docker-compose gives it for S3 (MinIO)."""
    for key, value in {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": endpoint,
        "S3_ACCESS_KEY": KEYS["aws_access_key_id"],
        "S3_SECRET_KEY": KEYS["aws_secret_access_key"],
        "SECRET_KEY": "tests",
    }.items():
        monkeypatch.setenv(key, value)
    spec = importlib.util.spec_from_file_location("phpu_settings_with_s3", Path(phpu.settings.__file__))
    with_s3 = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(with_s3)
    return with_s3


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch, request):
    """A fresh bucket per test, and the evidence storage switched to it the way settings.py does."""
    name = f"evidence-{request.node.name.replace('_', '-')[:40].lower()}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, **KEYS)
    client.create_bucket(Bucket=name)
    with_s3 = settings_with_s3(monkeypatch, s3_endpoint, name)
    assert with_s3.EVIDENCE_STORAGE["BACKEND"] == "storages.backends.s3.S3Storage"

    settings.STORAGES = {**settings.STORAGES, "evidence": with_s3.EVIDENCE_STORAGE}
    storage = evidence_storage()  # a new S3Storage: Django drops cached storages when STORAGES changes
    use_storage(monkeypatch, "evidence", storage)
    objects = lambda: sorted(o["Key"] for o in client.list_objects_v2(Bucket=name).get("Contents", []))  # noqa: E731
    return client, name, objects


def upload(content: bytes, name: str, code: str = TPS, **kwargs):
    return evidence_upload(
        actor=None,
        file=SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        kind=EvidenceKind.PHOTO,
        region=Region.objects.get(code=code),
        **kwargs,
    )


def test_upload_is_stored_under_its_hash_and_downloads_intact(bucket, client, make_user):
    s3, name, objects = bucket
    content = jpeg_bytes(101, size=(64, 48))
    digest = hashlib.sha256(content).hexdigest()

    evidence, created = upload(content, "foto-tps.jpg")

    assert created
    assert evidence.file.name == content_name(digest, ".jpg")
    assert objects() == [f"evidence/{evidence.file.name}"]
    stored = s3.get_object(Bucket=name, Key=f"evidence/{evidence.file.name}")["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == digest == evidence.sha256

    client.force_login(make_user(Role.PPK, "13.02.03"))
    response = client.get(reverse("evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == digest
    assert EvidenceDownload.objects.get(evidence=evidence).intact


def test_same_bytes_in_two_regions_are_one_object(bucket):
    _s3, _name, objects = bucket
    content = jpeg_bytes(102)

    first, _ = upload(content, "a.jpg", TPS)
    again, created_again = upload(content, "a-lagi.jpg", TPS)
    elsewhere, created_elsewhere = upload(content, "b.jpg", OTHER_TPS)

    assert (again.pk, created_again) == (first.pk, False)
    assert created_elsewhere and elsewhere.pk != first.pk
    # exists() found the object by its hash: no second copy, no renamed "_abc123" variant.
    assert elsewhere.file.name == first.file.name
    assert objects() == [f"evidence/{first.file.name}"]


def test_failed_write_removes_the_object_it_stored(bucket):
    _s3, _name, objects = bucket
    original, _ = upload(jpeg_bytes(103), "v1.jpg")
    upload(jpeg_bytes(104), "v2.jpg", replaces=original)
    before = objects()

    with pytest.raises(ApplicationError):
        # v1 already has a newer version: refused after the new bytes were stored, inside the transaction.
        upload(jpeg_bytes(105), "v2-bis.jpg", replaces=original)

    assert objects() == before
    assert Evidence.objects.count() == 2
    out = io.StringIO()
    call_command("check_integrity", stdout=out)
    assert "Checked 2 stored files" in out.getvalue()
    assert "0 stored files are not referenced by any row" in out.getvalue()


def test_changed_object_is_refused_on_download_and_reported(bucket, client, make_user):
    s3, name, _objects = bucket
    evidence, _ = upload(jpeg_bytes(106), "asli.jpg")
    s3.put_object(Bucket=name, Key=f"evidence/{evidence.file.name}", Body=jpeg_bytes(107))

    client.force_login(make_user(Role.PPK, "13.02.03"))
    response = client.get(reverse("evidence_download", args=[evidence.pk]))

    assert response.status_code == 409
    assert not EvidenceDownload.objects.get(evidence=evidence).intact
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_integrity", stdout=out)
    assert "MISMATCH" in out.getvalue()
    assert evidence.file.name in out.getvalue()


def test_preview_is_written_to_the_bucket(bucket):
    _s3, _name, objects = bucket
    evidence, _ = upload(jpeg_bytes(108, size=(800, 600)), "besar.jpg")

    evidence_preview(evidence.pk)

    evidence.refresh_from_db()
    assert evidence.preview.name.startswith("previews/")
    assert evidence.sha256 in evidence.preview.name
    assert f"evidence/{evidence.preview.name}" in objects()
