"""Upload checks against the hostile corpus (tests/inventory/hostile.py): every refusal names the file
and the reason, and leaves nothing behind, neither a row nor a file; every accepted type is stored
with what it really is. Each file goes through the service directly and through a real multipart
request (so through HashingUploadHandler and its temporary file)."""

import dataclasses
import hashlib
import json
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import JsonResponse
from django.test import override_settings
from django.urls import path
from django.utils import translation

from accounts.choices import Role
from core.errors import ApplicationError
from files.hashing import HashingUploadHandler
from files.store import content_name
from inventory.choices import EvidenceKind
from inventory.evidence_files import KIND_FAMILIES, accepted_types, families_for, inspect_upload
from inventory.models import Evidence
from inventory.services import evidence_upload
from regions.models import Region
from tests.inventory import hostile
from tests.inventory.factories import evidence_dir, jpeg_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]

TPS = "13.02.03.2002.001"

REFUSED = hostile.refused()
ACCEPTED = hostile.accepted()


# A tiny view behind a real multipart request: what the pages and the API do, minus their forms.
def upload_view(request):
    upload = request.FILES["file"]
    if request.POST.get("probe"):
        return JsonResponse(
            {
                "sha256": upload.sha256,
                "too_large": upload.too_large,
                "size": upload.size,
                "on_disk": hasattr(upload, "temporary_file_path"),
            }
        )
    try:
        evidence, created = evidence_upload(
            actor=request.user,
            file=upload,
            kind=request.POST["kind"],
            region=Region.objects.get(code=request.POST["region"]),
        )
    except ApplicationError as exc:
        return JsonResponse({"message": exc.message, "extra": exc.extra}, status=400)
    return JsonResponse({"id": evidence.pk, "created": created, "name": evidence.original_name})


urlpatterns = [path("upload/", upload_view)]


@pytest.fixture(autouse=True)
def _english(settings, evidence_dir):
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield


@pytest.fixture
def ppk(make_user):
    return make_user(Role.PPK, "13.02.03")


@pytest.fixture
def tps():
    return Region.objects.get(code=TPS)


def stored_files(directory) -> list:
    return sorted(p for p in directory.rglob("*") if p.is_file())


def multipart(name: str, content: bytes, **fields) -> tuple[bytes, str]:
    """A multipart body built by hand: the test client would strip folders from the file name before
    sending, and the point is to see what the server does with the name a hostile client sends."""
    boundary = "----siaga-test-boundary"
    parts = []
    for key, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{quoted}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_file(client, name: str, content: bytes, **fields):
    body, content_type = multipart(name, content, **fields)
    return client.generic("POST", "/upload/", body, content_type=content_type, HTTP_ACCEPT_LANGUAGE="en")


def assert_refusal(message: str, sample) -> None:
    assert sample.shown_name in message, message
    for word in sample.reason:
        assert word.lower() in message.lower(), (word, message)


# --- refusals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", REFUSED, ids=[s.id for s in REFUSED])
def test_refused_by_the_service_leaving_nothing(sample, ppk, tps, evidence_dir):
    with override_settings(**sample.settings), pytest.raises(ApplicationError) as refusal:
        evidence_upload(
            actor=ppk, file=SimpleUploadedFile("upload", sample.content), kind=sample.kind, region=tps, name=sample.name
        )
    assert_refusal(refusal.value.message, sample)
    assert refusal.value.extra  # a field to show the message next to
    assert not Evidence.objects.exists()
    assert stored_files(evidence_dir) == []


# Django's multipart parser keeps only the last path component of a file name and drops characters
# that do not print: a hostile name arrives defused. The service refuses such names where they can
# still arrive (an explicit `name` from the API or a command); over HTTP the trick is gone before any
# of our code sees it, and the file is judged on what is left.
SANITISED_BY_DJANGO = {
    "path-up": "passwd.pdf",
    "path-sub": "b.pdf",
    "path-backslash": "x.pdf",
    "rtl-override": "c_hasilgpj.pdf",
}
NOT_SENDABLE = {"dots-only", "blank-name"}  # Django treats these as "no file at all"
# Django drops a null byte from the name; what is left is still refused, for what it now claims to be.
OVER_HTTP = {"null-byte": {"shown": "x.pdf.jpg", "reason": ("application/pdf", ".jpg")}}


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "sample", [s for s in REFUSED if s.id not in NOT_SENDABLE], ids=[s.id for s in REFUSED if s.id not in NOT_SENDABLE]
)
def test_refused_over_http_leaving_nothing(sample, client, ppk, evidence_dir):
    client.force_login(ppk)
    with override_settings(**sample.settings):
        response = post_file(client, sample.name, sample.content, kind=sample.kind, region=TPS)
    if sample.id in SANITISED_BY_DJANGO:
        assert response.status_code == 200, response.content
        assert response.json()["name"] == SANITISED_BY_DJANGO[sample.id]
        return
    assert response.status_code == 400, response.content
    assert_refusal(response.json()["message"], dataclasses.replace(sample, **OVER_HTTP.get(sample.id, {})))
    assert not Evidence.objects.exists()
    assert stored_files(evidence_dir) == []


# --- accepted files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", ACCEPTED, ids=[s.id for s in ACCEPTED])
def test_accepted_stored_as_what_it_is(sample, ppk, tps, evidence_dir):
    evidence, created = evidence_upload(
        actor=ppk, file=SimpleUploadedFile(sample.name, sample.content), kind=sample.kind, region=tps
    )
    assert created
    sha = hashlib.sha256(sample.content).hexdigest()
    assert (evidence.sha256, evidence.size, evidence.mime_type) == (sha, len(sample.content), sample.mime_type)
    assert (evidence.original_name, evidence.kind, evidence.uploaded_by) == (sample.name, sample.kind, ppk)
    if sample.captured_at:
        assert evidence.captured_at == datetime.fromisoformat(sample.captured_at)
    else:
        assert evidence.captured_at is None
    # Stored once, under its hash, byte for byte.
    assert evidence.file.name.startswith(content_name(sha, ""))
    assert [p.relative_to(evidence_dir).as_posix() for p in stored_files(evidence_dir)] == [evidence.file.name]
    assert (evidence_dir / evidence.file.name).read_bytes() == sample.content


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("sample", ACCEPTED, ids=[s.id for s in ACCEPTED])
def test_accepted_over_http(sample, client, ppk, evidence_dir):
    client.force_login(ppk)
    response = post_file(client, sample.name, sample.content, kind=sample.kind, region=TPS)
    assert response.status_code == 200, response.content
    evidence = Evidence.objects.get(pk=response.json()["id"])
    assert evidence.sha256 == hashlib.sha256(sample.content).hexdigest()
    assert evidence.mime_type == sample.mime_type
    assert (evidence_dir / evidence.file.name).read_bytes() == sample.content


# --- the kind allow-lists ---------------------------------------------------------------------------

# One good file of each family, and which families each kind accepts.
FAMILY_FILES = {
    "document": ("scan.pdf", pdf_bytes("allow-list")),
    "image": ("foto.jpg", jpeg_bytes(99)),
    "video": ("rekaman.mp4", hostile.mp4_bytes()),
    "office": ("notulen.docx", hostile.docx_bytes()),
}
FORMS = {"document", "image"}
EXPECTED_FAMILIES = {
    EvidenceKind.PHOTO: {"image"},
    EvidenceKind.VIDEO: {"video"},
    EvidenceKind.BERITA_ACARA: {"document", "image", "office"},
    EvidenceKind.OTHER: {"document", "image", "office", "video"},
    EvidenceKind.C_HASIL: FORMS,
    EvidenceKind.C_HASIL_SALINAN: FORMS,
    EvidenceKind.C_KEJADIAN: FORMS,
    EvidenceKind.D_HASIL_KECAMATAN: FORMS,
    EvidenceKind.D_HASIL_KABKO: FORMS,
    EvidenceKind.D_HASIL_PROVINSI: FORMS,
    EvidenceKind.D_KEJADIAN: FORMS,
    EvidenceKind.BAWASLU_LETTER: FORMS,
    EvidenceKind.DECREE: FORMS,
}


def test_every_kind_has_an_expected_allow_list():
    assert set(EXPECTED_FAMILIES) == set(EvidenceKind.values)
    assert set(KIND_FAMILIES) <= set(EXPECTED_FAMILIES)


@pytest.mark.parametrize("kind", EvidenceKind.values)
@pytest.mark.parametrize("family", sorted(FAMILY_FILES))
def test_kind_allow_list(kind, family):
    name, content = FAMILY_FILES[family]
    assert families_for(kind) == EXPECTED_FAMILIES[kind]
    if family in EXPECTED_FAMILIES[kind]:
        facts = inspect_upload(SimpleUploadedFile(name, content), kind=kind, name=name)
        assert facts.extension in accepted_types(kind)
    else:
        with pytest.raises(ApplicationError) as refusal:
            inspect_upload(SimpleUploadedFile(name, content), kind=kind, name=name)
        assert name in refusal.value.message
        assert "not accepted as" in refusal.value.message


def test_unknown_kind_refused():
    with pytest.raises(ApplicationError) as refusal:
        inspect_upload(SimpleUploadedFile("a.pdf", pdf_bytes()), kind="selfie", name="a.pdf")
    assert "selfie" in refusal.value.message
    assert "kind" in refusal.value.extra


# --- HashingUploadHandler ---------------------------------------------------------------------------


def feed(handler, content: bytes, chunk: int = 64):
    handler.new_file("file", "a.bin", "application/octet-stream", len(content))
    for start in range(0, len(content), chunk):
        handler.receive_data_chunk(content[start : start + chunk], start)
    return handler.file_complete(len(content))


def test_handler_hashes_while_streaming_to_disk():
    content = bytes(range(256)) * 40
    uploaded = feed(HashingUploadHandler(), content)
    assert uploaded.sha256 == hashlib.sha256(content).hexdigest()
    assert not uploaded.too_large
    assert uploaded.size == len(content)
    with open(uploaded.temporary_file_path(), "rb") as on_disk:
        assert on_disk.read() == content


@override_settings(EVIDENCE_MAX_BYTES=1000)
def test_handler_stops_writing_past_the_limit():
    content = b"x" * 5000
    uploaded = feed(HashingUploadHandler(), content)
    assert uploaded.too_large
    with open(uploaded.temporary_file_path(), "rb") as on_disk:
        assert len(on_disk.read()) <= 1000  # the rest of the bytes arrived but were not kept


@pytest.mark.urls(__name__)
def test_handler_in_a_real_request(client, ppk):
    client.force_login(ppk)
    content = jpeg_bytes(5)
    response = post_file(client, "foto.jpg", content, probe="1")
    assert response.json() == {
        "sha256": hashlib.sha256(content).hexdigest(),
        "too_large": False,
        "size": len(content),
        "on_disk": True,
    }


@pytest.mark.urls(__name__)
@override_settings(EVIDENCE_MAX_BYTES=1000)
def test_too_large_through_a_real_request(client, ppk, evidence_dir):
    client.force_login(ppk)
    content = jpeg_bytes(6, size=(64, 64))
    assert len(content) > 1000
    probe = post_file(client, "foto.jpg", content, probe="1").json()
    assert probe["too_large"]
    response = post_file(client, "foto.jpg", content, kind=EvidenceKind.PHOTO, region=TPS)
    assert response.status_code == 400
    message = response.json()["message"]
    assert "foto.jpg" in message
    assert "too large" in message
    assert "1000" in message  # the limit, in words a person can compare with their file
    assert not Evidence.objects.exists()
    assert stored_files(evidence_dir) == []


def test_messages_are_plain_text_for_json():
    """Refusals travel as JSON to the API and htmx: lazy translations must be rendered to text."""
    with pytest.raises(ApplicationError) as refusal:
        inspect_upload(SimpleUploadedFile("x.html", hostile.HTML), kind=EvidenceKind.OTHER, name="x.html")
    json.dumps({"message": refusal.value.message, "extra": refusal.value.extra})


def test_truncated_images_refused_even_after_weasyprint_relaxed_pillow(monkeypatch):
    """Importing WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    sample = next(s for s in REFUSED if s.id == "jpeg-truncated")
    with pytest.raises(ApplicationError, match="cut off"):
        inspect_upload(SimpleUploadedFile(sample.name, sample.content), kind=sample.kind, name=sample.name)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as WeasyPrint wants it
