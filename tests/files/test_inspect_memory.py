"""Images are checked within a memory budget (EVIDENCE_MAX_DECODED_BYTES): the header says what a decode
would cost, and an image over budget is refused before a pixel is decoded. A 9,999 x 9,999 RGBA PNG
(under the pixel ceiling, 390 KB on disk) took 383 MB of a worker's memory to check; now it is refused
at the cost of reading its header."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from core.errors import ApplicationError
from files.inspect import inspect_file
from tests.inventory.hostile import png_bomb

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024

# Checks one file in a fresh interpreter and reports how far its peak memory grew during the check alone.
MEASURE = """
import json, resource, sys
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
import PIL.Image, pillow_heif, files.images
from core.errors import ApplicationError
from files.inspect import inspect_file
path, name = sys.argv[1], sys.argv[2]
upload = SimpleUploadedFile(name, open(path, "rb").read())
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with translation.override("en"):
    try:
        inspect_file(upload, name=name, families={"image"}, accepted_as="photo")
        outcome = "accepted"
    except ApplicationError as exc:
        outcome = exc.message
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "growth_kb": after - before}))
"""


def measure(path: Path, name: str) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "phpu.settings"}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), name],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def check(content: bytes, name: str):
    with translation.override("en"):
        return inspect_file(SimpleUploadedFile(name, content), name=name, families={"image"}, accepted_as="photo")


def test_large_rgba_png_refused_before_it_costs_memory(tmp_path):
    path = tmp_path / "scan_besar.png"
    path.write_bytes(png_bomb(9999, 9999, depth=8, color_type=6))
    result = measure(path, path.name)
    assert "scan_besar.png is 9999 × 9999 pixels" in result["outcome"]
    assert "memory" in result["outcome"]
    # Decoding it took 383 MB; refused from its header it takes about 1 MB.
    assert result["growth_kb"] < 150 * 1024, result


def png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 90, 160)).save(out, "PNG")
    return out.getvalue()


def test_the_budget_is_a_setting():
    content = png(600, 400)  # Pillow holds RGB in four bytes a pixel: 960,000 bytes decoded
    with override_settings(EVIDENCE_MAX_DECODED_BYTES=900_000), pytest.raises(ApplicationError) as refusal:
        check(content, "scan.png")
    assert "600 × 400 pixels" in refusal.value.message
    assert "memory" in refusal.value.message
    with override_settings(EVIDENCE_MAX_DECODED_BYTES=1_000_000):
        assert check(content, "scan.png").mime_type == "image/png"


def progressive_jpeg(size, subsampling) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (120, 60, 30)).save(out, "JPEG", progressive=True, subsampling=subsampling)
    return out.getvalue()


def test_progressive_jpeg_counts_its_coefficients():
    """A baseline JPEG is decoded at 1/8 scale; a progressive one needs every coefficient at full size
    (two bytes a sample: 6 bytes a pixel at 4:4:4, 3 at 4:2:0) whatever the scale."""
    full = progressive_jpeg((1000, 1000), 0)
    with override_settings(EVIDENCE_MAX_DECODED_BYTES=5 * MB), pytest.raises(ApplicationError, match="memory"):
        check(full, "progresif.jpg")
    with override_settings(EVIDENCE_MAX_DECODED_BYTES=7 * MB):
        assert check(full, "progresif.jpg").mime_type == "image/jpeg"
    with override_settings(EVIDENCE_MAX_DECODED_BYTES=5 * MB):
        assert check(progressive_jpeg((1000, 1000), 2), "progresif_420.jpg").mime_type == "image/jpeg"
