"""Factories and file makers for the inventory tests (shared by the page, service and API tests).

Evidence always goes through `services.evidence_upload` (actor None = the system), so every piece of
evidence in a test was sniffed, hashed and stored exactly as a real upload is.
"""

import io
import itertools
import random
import struct
import uuid

import factory
import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile

from elections.choices import Stage
from inventory.choices import FollowUp, Source
from inventory.models import Category, Problem, ProblemComment
from tests.factories import UserFactory

DEFAULT_REGION = "13.02.03.2002.001"

# A per-run offset, so the "unique" files of one run never collide with files left by another.
_RUN = uuid.uuid4().int % 1_000_000_000
_counter = itertools.count(1)


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    region_id = DEFAULT_REGION
    category = factory.LazyFunction(lambda: Category.objects.get(slug="lainnya"))
    stage = Stage.PENGHITUNGAN
    source = Source.INTERNAL
    follow_up = FollowUp.NONE
    title = factory.Sequence(lambda n: f"Problem {n}")
    description = factory.Sequence(lambda n: f"What happened, case {n}.")


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProblemComment

    problem = factory.SubFactory(ProblemFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment {n}")


def jpeg_bytes(seed: int = 0, size: tuple[int, int] = (16, 16)) -> bytes:
    """A small valid JPEG whose pixels (and so bytes and SHA-256) depend on `seed`."""
    from PIL import Image

    rng = random.Random(seed)  # test data, not secrets
    image = Image.new("RGB", size)
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(size[0] * size[1])])
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def pdf_bytes(text: str = "C.Hasil") -> bytes:
    """A minimal valid one-page PDF showing `text` (Helvetica), with a correct cross-reference table."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1", "replace")
    stream = b"BT /F1 18 Tf 72 720 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def mp4_of_size(size: int, seed: int = 0) -> bytes:
    """A valid MP4 of `size` bytes (ftyp, moov, then media data): a phone's video, for uploads in pieces."""

    def box(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", 8 + len(payload)) + kind + payload

    head = box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2avc1mp41") + box(
        b"moov", box(b"mvhd", b"\x00" * 12 + struct.pack(">II", 1000, 0) + b"\x00" * 80)
    )
    return head + box(b"mdat", random.Random(seed).randbytes(max(size - len(head) - 8, 16)))


def uploaded(content: bytes, name: str, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_evidence(region_code=DEFAULT_REGION, kind="photo", uploaded_by=None, problem=None, content=None, name=None):
    """Store one piece of evidence through the upload service, as the system. Without `content`, a
    JPEG with pixels no other call has used; `uploaded_by` is recorded afterwards (the service itself
    runs as the system so the caller's reach does not matter)."""
    from inventory.models import Evidence
    from inventory.services import evidence_upload
    from regions.models import Region

    n = next(_counter)
    if content is None:
        content = jpeg_bytes(_RUN + n)
    if name is None:
        name = f"evidence-{n}.pdf" if content.startswith(b"%PDF") else f"evidence-{n}.jpg"
    evidence, _created = evidence_upload(
        actor=None,
        file=uploaded(content, name),
        kind=kind,
        region=Region.objects.get(code=region_code),
        problem=problem,
    )
    if uploaded_by is not None:
        Evidence.objects.filter(pk=evidence.pk).update(uploaded_by=uploaded_by)
        evidence.uploaded_by = uploaded_by
    return evidence


def opened_by(evidence, user):
    """Record that `user` opened the file in the viewer, which verifying requires; returns `evidence`."""
    from inventory.integrity import download_record

    download_record(evidence=evidence, user=user, intact=True, viewed=True)
    return evidence


@pytest.fixture
def evidence_dir(tmp_path, monkeypatch):
    """Point the evidence storage at a fresh temporary folder for one test (local-disk storage).
    Use it by naming it in a test's arguments after `from tests.inventory.factories import evidence_dir`,
    or through a conftest."""
    from inventory.storage import evidence_storage

    storage = evidence_storage()
    location = tmp_path / "evidence"
    location.mkdir()
    monkeypatch.setattr(storage, "_location", str(location))
    for cached in ("base_location", "location"):
        monkeypatch.delitem(storage.__dict__, cached, raising=False)
    use_storage(monkeypatch, "evidence", storage)
    return location


def use_storage(monkeypatch, key: str, storage) -> None:
    """Model fields hold the storage instance they were given at import; once a test changed
    settings.STORAGES, Django's registry hands out new ones. Point every field of `key` at `storage`."""
    from files.registry import KINDS

    for kind in KINDS:
        if kind.storage == key:
            model = django_apps.get_model(kind.model)
            monkeypatch.setattr(model._meta.get_field(kind.field), "storage", storage)
