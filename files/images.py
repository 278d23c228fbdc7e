"""Pillow set-up shared by upload checks and previews: HEIC from phones, and a pixel ceiling."""

import contextlib

from PIL import Image, ImageFile
from pillow_heif import register_heif_opener

register_heif_opener()
# A 100-megapixel scan is already generous; anything larger is refused as a decompression bomb.
Image.MAX_IMAGE_PIXELS = 100_000_000


@contextlib.contextmanager
def strict_decoding():
    """Decode with truncated images as errors. WeasyPrint sets Pillow's process-wide
    LOAD_TRUNCATED_IMAGES to True when it is imported (dossiers, the demo), which would let a cut-off
    photo pass the upload check; the check turns it back off for its own decode. Every stored image
    passed this check, so other code decoding meanwhile loses nothing."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before
