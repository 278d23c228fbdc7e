"""files.location: the copy of an image that leaves the office holds no position (EXIF GPS, XMP,
maker notes, serial numbers, data after the image), keeps when and which way up it was taken, shows the
very same pixels, and is still an image the upload check accepts. An image with nothing to remove is
copied byte for byte."""

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

import files.images  # noqa: F401 - HEIF
from files.inspect import inspect_file
from files.location import MetadataError, has_location, location_free_bytes
from tests.files.images import SERIAL, TAKEN, XMP, gps_exif, gps_of, gps_photo, taken_of
from tests.inventory.factories import jpeg_bytes, uploaded

FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "HEIF": ".heic"}


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()


def entropy_coded(data: bytes) -> bytes:
    """A JPEG from its start-of-scan to its end-of-image marker: the compressed picture itself."""
    return data[data.index(b"\xff\xda") : data.index(b"\xff\xd9", data.index(b"\xff\xda")) + 2]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_copy_has_no_position_but_keeps_time_and_pixels(fmt):
    original = gps_photo(fmt)
    assert gps_of(original) and has_location(io.BytesIO(original))

    copy = location_free_bytes(original)

    assert gps_of(copy) == {}
    assert not has_location(io.BytesIO(copy))
    assert b"GPSLatitude" not in copy and b"vendor notes" not in copy and SERIAL.encode() not in copy
    assert taken_of(copy) == TAKEN
    assert pixels(copy) == pixels(original)
    with Image.open(io.BytesIO(copy)) as image:
        assert image.getexif()[0x0110] == "Phone 12"
        if fmt != "HEIF":  # libheif turns a HEIF upright itself and resets the tag
            assert image.getexif()[0x0112] == 6


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_copy_passes_the_upload_check(fmt, settings):
    copy = location_free_bytes(gps_photo(fmt))
    facts = inspect_file(
        uploaded(copy, "foto" + FORMATS[fmt]), name="foto" + FORMATS[fmt], families={"image"}, accepted_as="foto"
    )
    assert facts.mime_type.startswith("image/")
    assert facts.captured_at is not None and facts.captured_at.strftime("%Y:%m:%d %H:%M:%S") == TAKEN


def test_a_jpeg_copy_keeps_the_compressed_picture_and_drops_what_follows_it():
    original = gps_photo("JPEG", trailer=b"\xff\xd8 a second image with its own GPS \xff\xd9")
    copy = location_free_bytes(original)
    assert entropy_coded(copy) == entropy_coded(original)
    assert copy.endswith(b"\xff\xd9") and b"second image" not in copy


def test_a_progressive_jpeg_keeps_every_scan():
    buffer = io.BytesIO()
    Image.new("RGB", (200, 120), "teal").save(buffer, "JPEG", progressive=True, exif=gps_exif())
    copy = location_free_bytes(buffer.getvalue())
    assert copy.count(b"\xff\xda") == buffer.getvalue().count(b"\xff\xda") > 1
    assert pixels(copy) == pixels(buffer.getvalue()) and gps_of(copy) == {}


def test_an_image_with_nothing_to_remove_is_copied_byte_for_byte():
    plain = jpeg_bytes(5)
    assert location_free_bytes(plain) == plain
    assert not has_location(io.BytesIO(plain))
    copy = location_free_bytes(gps_photo("PNG"))
    assert location_free_bytes(copy) == copy


def test_what_is_not_an_image_is_refused_not_passed_through():
    with pytest.raises(MetadataError):
        location_free_bytes(b"%PDF-1.4 not an image")
    with pytest.raises(MetadataError):
        location_free_bytes(gps_photo("PNG")[:60])  # cut off inside its chunks


def test_a_position_only_in_xmp_counts_and_goes():
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = TAKEN
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "olive").save(buffer, "JPEG", exif=exif, xmp=XMP)
    assert gps_of(buffer.getvalue()) == {} and has_location(buffer)
    copy = location_free_bytes(buffer.getvalue())
    assert b"GPSLongitude" not in copy and b"xmpmeta" not in copy
    assert taken_of(copy) == TAKEN


GPS_PHOTOS = {fmt: gps_photo(fmt) for fmt in FORMATS}


@given(
    fmt=st.sampled_from(sorted(FORMATS)),
    changes=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=6),
    cut=st.none() | st.floats(0.05, 1),
)
@settings(max_examples=300, deadline=None)
def test_a_damaged_photo_never_leaves_with_its_position(fmt, changes, cut):
    """Whatever bytes are changed: either no copy is made, or the copy holds no position a reader finds."""
    data = bytearray(GPS_PHOTOS[fmt])
    for where, value in changes:
        data[int(where * len(data))] = value
    data = bytes(data[: int(len(data) * cut)] if cut else data)
    try:
        copy = location_free_bytes(data)
    except MetadataError:
        return
    try:
        position = gps_of(copy)
    except Exception:  # not an image any reader can open: nothing to find either
        return
    assert position == {}
