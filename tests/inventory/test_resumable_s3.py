"""Resumable uploads with the evidence on S3 (MinIO in docker-compose), against a moto S3 server over
HTTP: the pieces wait in the bucket (any web replica may take the next one), the evidence is stored under
its hash, and nothing of the upload is left in the bucket once it is finished or cancelled."""

import hashlib

import pytest

from accounts.choices import Role
from inventory.models import Evidence
from inventory.storage import evidence_storage
from tests.inventory.factories import mp4_of_size, use_storage
from tests.inventory.test_resumable import TUS, open_upload, send, send_all
from tests.inventory.test_storage_s3 import KEYS, s3_endpoint, settings_with_s3  # noqa: F401 - fixture

boto3 = pytest.importorskip("boto3")

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch, request):  # noqa: F811 - fixture
    name = f"uploads-{request.node.name.replace('_', '-')[:40].lower()}"
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, **KEYS)
    s3.create_bucket(Bucket=name)
    with_s3 = settings_with_s3(monkeypatch, s3_endpoint, name)
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": with_s3.EVIDENCE_STORAGE,
        "uploads": with_s3.UPLOAD_STAGING_STORAGE,
    }
    use_storage(monkeypatch, "evidence", evidence_storage())
    return lambda: sorted(o["Key"] for o in s3.list_objects_v2(Bucket=name).get("Contents", []))


def test_pieces_wait_in_the_bucket_and_leave_only_the_evidence(client, make_user, bucket):
    client.force_login(make_user(Role.PPK, "13.02.03"))
    video = mp4_of_size(300_000)
    url = open_upload(client, video)["Location"]

    send(client, url, video[:100_000], 0)
    assert [key.split("/")[0] for key in bucket()] == ["uploads"]
    last = send(client, url, video[100_000:], 100_000)

    assert last.status_code == 204
    evidence = Evidence.objects.get()
    assert evidence.sha256 == hashlib.sha256(video).hexdigest()
    assert bucket() == [f"evidence/{evidence.file.name}"]


def test_a_cancelled_upload_leaves_nothing_in_the_bucket(client, make_user, bucket):
    client.force_login(make_user(Role.PPK, "13.02.03"))
    video = mp4_of_size(200_000)
    url = open_upload(client, video)["Location"]
    send_all(client, url, video[:150_000], 75_000)

    assert client.delete(url, **TUS).status_code == 204
    assert bucket() == []
