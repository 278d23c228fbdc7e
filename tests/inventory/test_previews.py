"""The evidence_preview task, called directly (the real-worker round trip is tested elsewhere):
JPEG thumbnails for images (HEIC too, turned upright by EXIF orientation) and PDFs' first pages,
nothing for video, idempotent, and quiet when the row is gone."""

import io

import pytest
from PIL import Image

import files.images  # noqa: F401 - HEIF reader
from inventory.choices import EvidenceKind
from inventory.models import Evidence
from inventory.previews import SIZE, make_preview
from inventory.tasks import evidence_preview
from tests.inventory import hostile
from tests.inventory.factories import evidence_dir, make_evidence, pdf_bytes

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]

TPS = "13.02.03.2002.001"


def preview_of(evidence, evidence_dir) -> Image.Image:
    evidence.refresh_from_db()
    assert evidence.preview, "no preview"
    image = Image.open(io.BytesIO((evidence_dir / evidence.preview.name).read_bytes()))
    assert image.format == "JPEG"
    assert image.width <= SIZE[0]
    assert image.height <= SIZE[1]
    return image


def test_jpeg_preview_is_upright(evidence_dir):
    # Landscape pixels, with EXIF saying "rotate 90° clockwise to view": a portrait photo.
    content = hostile.image_bytes("JPEG", size=(640, 480), exif=hostile.photo_exif(orientation=6))
    evidence = make_evidence(TPS, content=content, name="foto.jpg")
    evidence_preview.run(evidence.pk)
    image = preview_of(evidence, evidence_dir)
    assert image.size == (360, 480)


def test_heic_preview(evidence_dir):
    evidence = make_evidence(TPS, content=hostile.image_bytes("HEIF", size=(800, 600)), name="IMG_0001.HEIC")
    assert evidence.mime_type == "image/heic"
    evidence_preview.run(evidence.pk)
    assert preview_of(evidence, evidence_dir).size == (480, 360)


def test_transparent_png_on_white(evidence_dir):
    image = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    evidence = make_evidence(TPS, content=buffer.getvalue(), name="scan.png")
    evidence_preview.run(evidence.pk)
    assert preview_of(evidence, evidence_dir).convert("RGB").getpixel((50, 50)) > (250, 250, 250)


def test_pdf_first_page(evidence_dir):
    evidence = make_evidence(TPS, kind=EvidenceKind.C_HASIL, content=pdf_bytes("C.Hasil"), name="c_hasil.pdf")
    evidence_preview.apply(args=[evidence.pk])
    image = preview_of(evidence, evidence_dir)
    assert image.height == 480  # an A4 page, portrait
    assert 330 <= image.width <= 345
    # The page is mostly white, with the text in dark ink.
    grey = image.convert("L")
    assert grey.getpixel((5, 5)) > 240
    assert grey.getextrema()[0] < 100


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (hostile.mp4_bytes(), "rekaman.mp4", EvidenceKind.VIDEO),
        (hostile.docx_bytes(), "ba.docx", EvidenceKind.BERITA_ACARA),
    ],
    ids=["video", "docx"],
)
def test_no_preview_for_video_or_office(content, name, kind, evidence_dir):
    evidence = make_evidence(TPS, kind=kind, content=content, name=name)
    before = sorted(evidence_dir.rglob("*"))
    evidence_preview.run(evidence.pk)
    evidence.refresh_from_db()
    assert not evidence.preview
    assert sorted(evidence_dir.rglob("*")) == before


def test_idempotent(evidence_dir, monkeypatch):
    evidence = make_evidence(TPS, content=hostile.image_bytes("PNG", size=(900, 300)), name="scan.png")
    evidence_preview.run(evidence.pk)
    evidence.refresh_from_db()
    first = evidence.preview.name
    previews = sorted((evidence_dir / "previews").rglob("*.jpg"))

    # A second run (a redelivered message) renders nothing and changes nothing.
    monkeypatch.setattr("inventory.previews._image_preview", lambda fileobj: pytest.fail("rendered again"))
    evidence_preview.run(evidence.pk)
    evidence.refresh_from_db()
    assert evidence.preview.name == first
    assert sorted((evidence_dir / "previews").rglob("*.jpg")) == previews == [evidence_dir / first]


def test_the_same_bytes_share_one_preview(evidence_dir):
    content = pdf_bytes("Surat Bawaslu")
    here = make_evidence(TPS, kind=EvidenceKind.BAWASLU_LETTER, content=content)
    there = make_evidence("13.02.03.2002.002", kind=EvidenceKind.BAWASLU_LETTER, content=content)
    evidence_preview.run(here.pk)
    evidence_preview.run(there.pk)
    here.refresh_from_db()
    there.refresh_from_db()
    assert here.preview.name == there.preview.name
    assert len(list((evidence_dir / "previews").rglob("*.jpg"))) == 1


def test_missing_row_is_quiet():
    assert evidence_preview.run(987654321) is None


def test_a_damaged_stored_file_gets_no_preview(evidence_dir):
    evidence = make_evidence(TPS, name="foto.jpg")
    (evidence_dir / evidence.file.name).write_bytes(b"\xff\xd8\xff garbage")
    assert make_preview(Evidence.objects.get(pk=evidence.pk)) is False
    evidence_preview.run(evidence.pk)  # no exception, no retry storm
    evidence.refresh_from_db()
    assert not evidence.preview
