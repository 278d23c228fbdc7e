"""Resumable uploads (tus 1.0) as a phone on a weak link uses them: in pieces, across dropped links, with
every promise of a plain upload kept: the evidence is the whole file's SHA-256, a wrong file is refused
after its first piece, nothing is left behind on refusal or cancel, and only the owner sees an upload."""

import base64
import hashlib
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from files.store import put_as
from inventory.choices import EvidenceKind
from inventory.models import Evidence, ResumableUpload
from inventory.resumable import expire
from tests.inventory.factories import evidence_dir, jpeg_bytes, mp4_of_size  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

TPS = "13.02.03.2002.001"
TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}


@pytest.fixture
def pieces_dir(tmp_path, settings):
    location = tmp_path / "uploads"
    location.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "uploads": {**settings.STORAGES["uploads"], "OPTIONS": {"location": location}},
    }
    return location


@pytest.fixture
def ppk(client, make_user, evidence_dir, pieces_dir):  # noqa: F811 - fixture
    user = make_user(Role.PPK, "13.02.03")
    client.force_login(user)
    return user


def metadata(**values) -> str:
    return ",".join(f"{k} {base64.b64encode(str(v).encode()).decode()}" for k, v in values.items())


def open_upload(client, content: bytes, name="rekaman.mp4", kind=EvidenceKind.VIDEO, region=TPS, **extra):
    return client.post(
        reverse("upload-list"),
        HTTP_UPLOAD_LENGTH=str(len(content)),
        HTTP_UPLOAD_METADATA=metadata(filename=name, kind=kind, region=region, **extra),
        **TUS,
    )


def send(client, url, content: bytes, offset: int):
    return client.generic(
        "PATCH", url, content, content_type="application/offset+octet-stream", HTTP_UPLOAD_OFFSET=str(offset), **TUS
    )


def send_all(client, url, content: bytes, piece: int):
    response = None
    for offset in range(0, len(content), piece):
        response = send(client, url, content[offset : offset + piece], offset)
        assert response.status_code == 204, response.content
    return response


def test_a_video_in_pieces_becomes_evidence_with_the_whole_files_hash(client, ppk, pieces_dir):
    video = mp4_of_size(600_000)

    opened = open_upload(client, video, description="Rekaman penghitungan")
    assert opened.status_code == 201
    url = opened["Location"]
    last = send_all(client, url, video, 100_000)

    evidence = Evidence.objects.get()
    assert evidence.sha256 == hashlib.sha256(video).hexdigest() == last["Evidence-Sha256"]
    assert evidence.size == len(video)
    assert evidence.uploaded_by == ppk
    assert evidence.description == "Rekaman penghitungan"
    assert last["Evidence-Id"] == str(evidence.pk)
    assert last["Evidence-Url"] == reverse("evidence_detail", args=[evidence.pk])
    assert last["Evidence-Created"] == "true"
    assert last["Upload-Offset"] == str(len(video))
    # A client that lost that answer learns the result from HEAD; the pieces are gone.
    head = client.head(url, **TUS)
    assert head["Evidence-Id"] == str(evidence.pk)
    assert list(pieces_dir.iterdir()) == []


def test_a_fake_video_is_refused_after_its_first_piece_and_leaves_nothing(client, ppk, pieces_dir):
    fake = b"This is not a video, only text pretending.\n" * 50_000  # 2.2 MB

    url = open_upload(client, fake, name="rekaman.mp4")["Location"]
    refused = send(client, url, fake[:65_536], 0)

    assert refused.status_code == 415
    assert "rekaman.mp4" in refused.json()["message"]
    assert "text/" in refused.json()["message"]  # what it really is, whatever the page's language
    assert client.head(url, **TUS).status_code == 404
    assert not ResumableUpload.objects.exists()
    assert not Evidence.objects.exists()
    assert list(pieces_dir.iterdir()) == []


def test_a_video_cut_inside_is_refused_by_the_full_check_at_the_end(client, ppk, pieces_dir):
    cut = mp4_of_size(200_000)[:-1000]  # the header is right; the boxes do not tile the file
    url = open_upload(client, cut)["Location"]

    last = send(client, url, cut, 0)

    assert last.status_code == 400
    assert "rekaman.mp4" in last.json()["message"]
    assert not Evidence.objects.exists()
    assert not ResumableUpload.objects.exists()
    assert list(pieces_dir.iterdir()) == []


def test_bytes_that_do_not_continue_the_upload_are_refused_with_where_it_stands(client, ppk):
    video = mp4_of_size(200_000)
    url = open_upload(client, video)["Location"]
    send(client, url, video[:70_000], 0)

    again = send(client, url, video[:70_000], 0)  # a retry whose first attempt did arrive

    assert again.status_code == 409
    assert client.head(url, **TUS)["Upload-Offset"] == "70000"
    assert send(client, url, video[70_000:], 70_000).status_code == 204
    assert Evidence.objects.get().sha256 == hashlib.sha256(video).hexdigest()


def test_another_users_upload_answers_like_a_missing_one(client, ppk, make_user):
    video = mp4_of_size(100_000)
    url = open_upload(client, video)["Location"]
    client.force_login(make_user(Role.PPK, "13.02.03"))  # same kecamatan, another person

    assert client.head(url, **TUS).status_code == 404
    assert send(client, url, video, 0).status_code == 404
    assert client.delete(url, **TUS).status_code == 404
    assert ResumableUpload.objects.get().offset == 0


def test_an_upload_outside_reach_is_refused_before_any_byte(client, ppk):
    response = open_upload(client, mp4_of_size(10_000), region="13.01.01.2001.001")

    assert response.status_code == 400
    assert "region" in response.json()["extra"]
    assert not ResumableUpload.objects.exists()


def test_a_file_over_the_limit_and_unfinished_uploads_over_the_quota_are_refused_up_front(client, ppk, settings):
    settings.EVIDENCE_MAX_BYTES = 1_000_000
    settings.RESUMABLE_UPLOAD_QUOTA_BYTES = 1_500_000
    too_large = open_upload(client, b"x" * 1_000_001)
    assert too_large.status_code == 413
    assert "rekaman.mp4" in too_large.json()["message"]

    assert open_upload(client, mp4_of_size(900_000)).status_code == 201
    over_quota = open_upload(client, mp4_of_size(700_000))
    assert over_quota.status_code == 413
    assert "rekaman.mp4" not in over_quota.json()["message"]  # about the unfinished uploads, not this file
    assert ResumableUpload.objects.count() == 1


def test_cancel_frees_the_server_side(client, ppk, pieces_dir):
    video = mp4_of_size(200_000)
    url = open_upload(client, video)["Location"]
    send(client, url, video[:80_000], 0)
    assert len(list(pieces_dir.iterdir())) == 1

    assert client.delete(url, **TUS).status_code == 204

    assert client.head(url, **TUS).status_code == 404
    assert list(pieces_dir.iterdir()) == []
    assert not ResumableUpload.objects.exists()


def test_abandoned_uploads_and_orphan_pieces_are_swept(client, ppk, pieces_dir):
    video = mp4_of_size(200_000)
    url = open_upload(client, video)["Location"]
    send(client, url, video[:80_000], 0)
    fresh = open_upload(client, video)["Location"]
    send(client, fresh, video[:80_000], 0)
    storages["uploads"].save("deadbeef-000000000000000-0000.part", open(__file__, "rb"))  # noqa: SIM115
    ResumableUpload.objects.filter(pk=url.rstrip("/").rsplit("/", 1)[1]).update(expires_at=timezone.now())

    swept = expire(now=timezone.now() + timedelta(hours=2) - timedelta(minutes=1))

    assert swept == {"uploads": 1, "orphan_pieces": 1}
    assert client.head(url, **TUS).status_code == 404
    assert client.head(fresh, **TUS)["Upload-Offset"] == "80000"
    assert len(list(pieces_dir.iterdir())) == 1


def test_the_same_file_again_is_linked_not_stored_twice(client, ppk):
    photo = jpeg_bytes(7, size=(64, 48))
    for _time in range(2):
        url = open_upload(client, photo, name="foto.jpg", kind=EvidenceKind.PHOTO)["Location"]
        last = send(client, url, photo, 0)

    assert last["Evidence-Created"] == "false"
    assert Evidence.objects.count() == 1


def test_an_upload_whose_finishing_request_died_is_finished_on_the_next_head(client, ppk):
    video = mp4_of_size(100_000)
    url = open_upload(client, video)["Location"]
    send(client, url, video[:50_000], 0)
    upload = ResumableUpload.objects.get()
    # All bytes in, the finishing request killed before the evidence row (a worker restart).
    name = put_as(ContentFile(video[50_000:]), storage_key="uploads", name=f"{upload.pk}-rest.part").name
    ResumableUpload.objects.filter(pk=upload.pk).update(
        parts=[*upload.parts, [name, 50_000]], offset=100_000, finishing_since=timezone.now() - timedelta(hours=1)
    )

    head = client.head(url, **TUS)

    assert head["Evidence-Sha256"] == hashlib.sha256(video).hexdigest()
    assert Evidence.objects.get().sha256 == head["Evidence-Sha256"]


def test_the_server_says_what_it_speaks(client, ppk):
    response = client.options(reverse("upload-list"))
    assert response["Tus-Version"] == "1.0.0"
    assert set(response["Tus-Extension"].split(",")) == {"creation", "termination", "expiration"}
    assert client.post(reverse("upload-list"), HTTP_UPLOAD_LENGTH="10").status_code == 412
