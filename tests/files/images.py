"""Photos as a phone writes them: EXIF with a GPS position (a PPS officer's house near Arosuka), the
capture time and zone, orientation, camera make and model, a body serial number and a maker note, and
XMP that repeats the position."""

import io

from PIL import Image
from PIL.TiffImagePlugin import IFDRational

import files.images  # noqa: F401 - HEIF

TAKEN = "2024:11:27 13:05:00"
SERIAL = "SN-PHONE-0042"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="0,51.4S" '
    b'exif:GPSLongitude="100,37.2E"/></rdf:RDF></x:xmpmeta>'
)


def gps_exif(orientation: int = 6):
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x0112] = orientation
    exif[0x0132] = TAKEN  # DateTime
    details = exif.get_ifd(0x8769)
    details[0x9003] = TAKEN  # DateTimeOriginal
    details[0x9011] = "+07:00"  # OffsetTimeOriginal
    details[0xA431] = SERIAL  # BodySerialNumber
    details[0x927C] = b"vendor notes with a position"  # MakerNote
    gps = exif.get_ifd(0x8825)
    gps[0x0001], gps[0x0003] = "S", "E"
    gps[0x0002] = (IFDRational(0), IFDRational(51), IFDRational(2400, 100))  # GPSLatitude
    gps[0x0004] = (IFDRational(100), IFDRational(37), IFDRational(1200, 100))  # GPSLongitude
    return exif


def gps_photo(fmt: str = "JPEG", size: tuple[int, int] = (96, 64), seed: int = 0, trailer: bytes = b"") -> bytes:
    """A small image in `fmt` (JPEG, PNG, WEBP, HEIF) carrying gps_exif() and, where Pillow writes it, XMP;
    `trailer` is appended after the image (what MPF phones do with their extra images)."""
    image = Image.new("RGB", size)
    image.putdata(
        [((x * 7 + seed) % 256, (y * 11) % 256, (x * y + seed) % 256) for y in range(size[1]) for x in range(size[0])]
    )
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=gps_exif(), xmp=XMP, **({"quality": 90} if fmt == "JPEG" else {}))
    return buffer.getvalue() + trailer


def gps_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(0x8825))


def taken_of(data: bytes):
    with Image.open(io.BytesIO(data)) as image:
        return image.getexif().get_ifd(0x8769).get(0x9003)
