"""The PDF/ZIP polyglot check, beside the corpus (tests/inventory/hostile_hidden.py): the polyglots
there really open in both worlds, and the ZIP signatures that turn up by chance in a scan's compressed
images do not get a good PDF refused."""

import io
import random
import zipfile

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from files.inspect import inspect_file
from tests.inventory import hostile_hidden
from tests.inventory.hostile import pdf_with


def check(content: bytes, name: str = "scan.pdf"):
    with translation.override("en"):
        return inspect_file(SimpleUploadedFile(name, content), name=name, families={"document"}, accepted_as="form")


def test_the_polyglots_are_both_a_pdf_and_a_zip():
    samples = {s.id: s for s in hostile_hidden.refused()}
    for sample_id in ("pdf-zip-appended", "pdf-zip-in-stream"):
        content = samples[sample_id].content
        with pikepdf.open(io.BytesIO(content)) as pdf:
            assert len(pdf.pages) == 1
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            assert archive.namelist() == ["run.exe", "baca.txt"]


def test_zip_signatures_by_chance_in_compressed_data_are_no_archive():
    rng = random.Random(18)
    noise = bytearray(rng.randbytes(400_000))
    # Entry and end-record signatures followed by whatever bytes came next, as in a JPEG's entropy data.
    for at in range(1000, 390_000, 9_973):
        noise[at : at + 4] = b"PK\x03\x04"
    tail = b"PK\x05\x06" + rng.randbytes(18)
    content = pdf_with(more=(hostile_hidden.pdf_stream(bytes(noise) + tail),))
    assert check(content).mime_type == "application/pdf"
