"""The evidence bundle the MK receives holds no photo's position: each image stream bound in is the
location-free copy (the same compressed picture, the capture time kept), while the stored original,
whose SHA-256 the manifest records, still holds its GPS."""

import hashlib
import io

import pikepdf
import pytest
from PIL import Image

from dossiers.choices import JobStatus
from inventory.storage import evidence_storage
from tests.dossiers.conftest import TPS
from tests.files.images import TAKEN, gps_of, gps_photo, taken_of
from tests.inventory.factories import make_evidence

pytestmark = pytest.mark.django_db


def embedded_images(pdf_data: bytes) -> list[bytes]:
    """Every image stream in the PDF, as a reader extracts it (a JPEG's stream is the JPEG file itself);
    all objects are walked, not only what the pages show."""
    images = []
    with pikepdf.open(io.BytesIO(pdf_data)) as pdf:
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != pikepdf.Name.Image:
                continue
            if obj.get("/Filter") == pikepdf.Name.DCTDecode:
                images.append(obj.read_raw_bytes())
            else:
                out = io.BytesIO()
                pikepdf.PdfImage(obj).as_pil_image().save(out, "PNG")
                images.append(out.getvalue())
    return images


def entropy_coded(data: bytes) -> bytes:
    start = data.index(b"\xff\xda")
    return data[start : data.index(b"\xff\xd9", start) + 2]


def test_the_bundle_binds_in_photos_without_their_position(dossier_case, legal, request_job, render):
    photo = gps_photo("JPEG", size=(120, 80), seed=11)
    heic = gps_photo("HEIF", size=(80, 120), seed=12)
    exhibit = dossier_case.exhibits_list[0]
    exhibit.evidence.add(
        make_evidence(TPS, kind="photo", content=photo, name="rumah-pps.jpg"),
        make_evidence(TPS, kind="photo", content=heic, name="rumah-pps.heic"),
    )

    job = render(request_job(legal, "bundle", case=dossier_case))
    assert job.status == JobStatus.DONE, job.error
    with job.output.open("rb") as fileobj:
        images = embedded_images(fileobj.read())

    assert images and all(gps_of(image) == {} for image in images)
    assert not any(b"GPSLatitude" in image or b"vendor notes" in image for image in images)
    # The JPEG is there as the same compressed picture, with its capture time.
    bound = [image for image in images if image.startswith(b"\xff\xd8") and taken_of(image) == TAKEN]
    assert [entropy_coded(image) for image in bound] == [entropy_coded(photo)]
    assert (80, 120) in [Image.open(io.BytesIO(image)).size for image in images]  # the HEIC, redrawn
    # The originals are untouched: still the uploaded bytes, position and all.
    for content in (photo, heic):
        evidence = exhibit.evidence.get(sha256=hashlib.sha256(content).hexdigest())
        with evidence_storage().open(evidence.file.name, "rb") as stored:
            assert gps_of(stored.read()) != {}
