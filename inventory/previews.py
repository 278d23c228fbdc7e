"""Small JPEG previews of images and of a PDF's first page, for lists on a phone."""

import io
import logging

from django.core.files.base import ContentFile

from inventory.storage import evidence_storage

log = logging.getLogger(__name__)
SIZE = (480, 480)


def preview_name(sha256: str) -> str:
    """Previews are named after the file's hash, like the files: the same bytes, the same preview."""
    return f"previews/{sha256[:2]}/{sha256}.jpg"


def _image_preview(fileobj):
    from PIL import Image, ImageOps

    import files.images  # noqa: F401 - HEIC and the pixel ceiling

    with Image.open(fileobj) as image:
        # JPEG decodes straight at a reduced scale: a 48-megapixel photo never sits in memory whole.
        image.draft("RGB", (SIZE[0] * 2, SIZE[1] * 2))
        image.thumbnail(SIZE)
        # Turn the small image upright as the camera held it (EXIF orientation); exif_transpose reads
        # the orientation from the image's own EXIF, which thumbnail() keeps.
        return _flatten(ImageOps.exif_transpose(image))


def _flatten(image):
    """RGB on white: a transparent PNG would otherwise turn black in a JPEG."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _pdf_preview(fileobj):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(fileobj)  # reads the pages it needs from the stream, not the whole file
    try:
        page = pdf[0]
        scale = max(SIZE) / max(page.get_width(), page.get_height(), 1)
        image = page.render(scale=scale).to_pil()
        image.thumbnail(SIZE)
        return image.convert("RGB")
    finally:
        pdf.close()


def make_preview(evidence) -> bool:
    """Render and store the preview; return whether the evidence has one now. A file that cannot be
    previewed (a video, an office document, a damaged image) simply has none: the evidence itself
    is untouched."""
    if evidence.mime_type.startswith("image/"):
        render = _image_preview
    elif evidence.mime_type == "application/pdf":
        render = _pdf_preview
    else:
        return False
    storage = evidence_storage()
    name = preview_name(evidence.sha256)
    if not storage.exists(name):
        try:
            with storage.open(evidence.file.name, "rb") as fileobj:
                image = render(fileobj)
        except Exception:
            log.exception("No preview for evidence %s", evidence.pk)
            return False
        buffer = io.BytesIO()
        # No exif= (nor icc_profile, xmp): a preview carries none of the original's metadata, its GPS
        # position included; it is already upright (exif_transpose).
        image.save(buffer, "JPEG", quality=80, optimize=True)
        name = storage.save(name, ContentFile(buffer.getvalue()))
    type(evidence).objects.filter(pk=evidence.pk).update(preview=name)
    return True
