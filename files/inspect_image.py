"""Images: whole inside (a cut-off or damaged one is refused), not a decompression bomb, checked within
a memory budget; and when the photo was taken.

The header says how large the image is before a single pixel is decoded (Pillow's `Image.open` only
reads the header), so the memory a decode would take is known first and the image is refused before
it is spent. The same budget protects what decodes the image later: previews and the MK bundle.
"""

import math
import re
import warnings
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from files.inspect_common import refuse, rewound

# Bytes per pixel the decoders hold besides Pillow's own image, measured with Pillow 13, libwebp and
# libheif 1.23 (a 25-megapixel WebP took 16 bytes per pixel at its peak, a 48-megapixel HEIC 4.6).
# libwebp decodes into two canvases of its own and Pillow copies the frame before reading it.
WEBP_EXTRA_PER_PIXEL = 12
# libheif decodes into Y, Cb and Cr planes (Cb and Cr a quarter each at 4:2:0), then into RGB.
HEIF_CHROMA_SHARE = {420: 0.25, 422: 0.5, 444: 1.0}


def check_image(fileobj, name: str) -> datetime | None:
    """Refuse decompression bombs and images whose decode would take more memory than
    EVIDENCE_MAX_DECODED_BYTES, from the header alone; then decode the whole image (a truncated or
    damaged one is refused) and read the capture time from EXIF."""
    from PIL import Image

    from files.images import strict_decoding

    with rewound(fileobj), strict_decoding(), warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(fileobj)
        except Image.DecompressionBombError:
            refuse(_("%(name)s has far too many pixels to be a photo or scan; it is refused."), name=name)
        except Exception:
            refuse(_("%(name)s could not be read as an image; it may be damaged or cut off."), name=name)
        with image:
            exif = _decode_within_budget(image, fileobj, name)
    exif_ifd = exif.get_ifd(0x8769)
    taken = exif_ifd.get(0x9003) or exif_ifd.get(0x9004) or exif.get(0x0132)
    return _exif_time(taken, exif_ifd.get(0x9011) or exif_ifd.get(0x9010))


def _decode_within_budget(image, fileobj, name: str):
    """The image's EXIF, once every pixel decoded without error; refused before decoding when the
    decode would cost too much."""
    from PIL import Image

    width, height = image.size
    # Pillow itself raises only past twice the ceiling; the ceiling is the limit here.
    if width * height > Image.MAX_IMAGE_PIXELS:
        refuse(_("%(name)s has far too many pixels to be a photo or scan; it is refused."), name=name)
    try:
        _reduce_jpeg(image)
    except Exception:
        refuse(_("%(name)s could not be read as an image; it may be damaged or cut off."), name=name)
    cost, limit = decode_cost(image, (width, height)), settings.EVIDENCE_MAX_DECODED_BYTES
    if cost > limit:
        refuse(
            _(
                "%(name)s is %(width)s × %(height)s pixels: checking it would take %(size)s of memory, more "
                "than the %(limit)s allowed. Save it at a smaller size (or as JPEG) and upload that."
            ),
            name=name,
            width=width,
            height=height,
            size=filesizeformat(cost),
            limit=filesizeformat(limit),
        )
    try:
        if image.format == "HEIF":
            _decode_heif(fileobj)
        else:
            image.load()
        # Only now: a PNG's EXIF may follow its pixels, and Pillow decodes them all to reach it.
        return image.getexif()
    except Exception:
        refuse(_("%(name)s could not be read as an image; it may be damaged or cut off."), name=name)


def _reduce_jpeg(image) -> None:
    """A JPEG decodes at 1/8 scale: every byte is still read, at a fraction of the memory."""
    from PIL.JpegImagePlugin import JpegImageFile

    if isinstance(image, JpegImageFile):  # MPO (several pictures, from some phones) is one too
        image.draft("RGB", (image.width // 8 or 1, image.height // 8 or 1))


def _decode_heif(fileobj) -> None:
    """Decode the primary picture with libheif alone: through Pillow the pixels would sit in memory
    twice (libheif's RGB and Pillow's copy)."""
    import pillow_heif

    fileobj.seek(0)
    heif = pillow_heif.open_heif(fileobj, convert_hdr_to_8bit=True)
    _pixels = heif.data  # decodes here; a cut-off or damaged file raises


def decode_cost(image, full_size: tuple[int, int]) -> int:
    """The bytes a decode of `image` (as it will be decoded: a JPEG at its reduced draft size) holds at
    its peak, from the header alone. `full_size` is the size the header declares."""
    pixels = image.width * image.height
    if image.format == "HEIF":
        return _heif_cost(image, pixels)
    cost = pixels * _pixel_bytes(image.mode)
    if image.format == "WEBP":
        cost += pixels * WEBP_EXTRA_PER_PIXEL
    if image.format in ("JPEG", "MPO") and image.info.get("progressive"):
        cost += _jpeg_coefficient_bytes(image, full_size)
    return cost


def _pixel_bytes(mode: str) -> int:
    """Bytes per pixel in Pillow's memory: one or two for single-band modes ("1", "L", "P", "I;16"),
    four for the rest (RGB is padded to four bytes, as RGBA)."""
    from PIL import ImageMode

    described = ImageMode.getmode(mode)
    return int(described.typestr[-1]) if len(described.bands) == 1 else 4


def _jpeg_coefficient_bytes(image, full_size: tuple[int, int]) -> int:
    """A progressive JPEG arrives in several passes over the whole image: libjpeg keeps every DCT
    coefficient (two bytes each) of every component at full size, whatever the scale it decodes at
    (a 100-megapixel progressive JPEG took 580 MB to check at 1/8 scale)."""
    width, height = full_size
    h_max = max(h for _id, h, _v, _q in image.layer)
    v_max = max(v for _id, _h, v, _q in image.layer)
    return sum(math.ceil(width * h / h_max) * math.ceil(height * v / v_max) * 2 for _id, h, v, _q in image.layer)


def _heif_cost(image, pixels: int) -> int:
    """libheif's Y/Cb/Cr planes (two bytes a sample past 8 bits) and the 8-bit RGB(A) it converts to."""
    depth = 2 if (image.info.get("bit_depth") or 8) > 8 else 1
    planes = (1 + 2 * HEIF_CHROMA_SHARE.get(image.info.get("chroma"), 1.0)) * depth
    return math.ceil(pixels * (planes + len(image.getbands())))


def _exif_time(value, offset=None) -> datetime | None:
    if not value:
        return None
    try:
        naive = datetime.strptime(str(value).strip("\x00 "), "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007
    except ValueError:
        return None
    if naive.year < 1990:  # cameras with an unset clock write 0000:00:00 or 1970
        return None
    match = re.fullmatch(r"([+-])(\d\d):(\d\d)", str(offset or "").strip("\x00 "))
    if match:
        sign = 1 if match[1] == "+" else -1
        zone = dt_timezone(sign * timedelta(hours=int(match[2]), minutes=int(match[3])))
        return naive.replace(tzinfo=zone)
    # Without OffsetTimeOriginal phones write local time; KPU offices read it as the server's zone (WIB).
    return timezone.make_aware(naive)
