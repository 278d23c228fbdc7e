"""Small JPEG previews of images and of a PDF's first page, for lists on a phone."""

import io
import logging

from django.core.files.base import ContentFile
from django.db.models import Q

from files.store import discard
from inventory.storage import evidence_storage

log = logging.getLogger(__name__)
SIZE = (480, 480)
STORAGE_KEY = "evidence"  # inventory.storage.evidence_storage


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


# Evidence that should have a preview (the periodic sweep asks the database the same question).
PREVIEWABLE = Q(mime_type__startswith="image/") | Q(mime_type="application/pdf")


def previewable(mime_type: str) -> bool:
    return mime_type.startswith("image/") or mime_type == "application/pdf"


def _render(evidence, storage):
    """The preview image, or None for a file that cannot be previewed (a damaged image, a PDF pdfium
    refuses): that evidence simply has no preview."""
    render = _image_preview if evidence.mime_type.startswith("image/") else _pdf_preview
    try:
        with storage.open(evidence.file.name, "rb") as fileobj:
            return render(fileobj)
    except Exception:
        log.exception("No preview for evidence %s", evidence.pk)
        return None


def make_preview(evidence) -> bool:
    """Render and store the preview; return whether the evidence has one now. A file that cannot be
    previewed (a video, an office document, a damaged image) simply has none: the evidence itself
    is untouched. The file is written before its row names it; if the row cannot be saved (the
    database went away), the file written for it goes again, unless a row names it meanwhile
    (files.store.discard), and the error goes up for the task to retry."""
    if not previewable(evidence.mime_type):
        return False
    storage = evidence_storage()
    name = preview_name(evidence.sha256)
    written = None
    if not storage.exists(name):
        image = _render(evidence, storage)
        if image is None:
            return False
        buffer = io.BytesIO()
        # No exif= (nor icc_profile, xmp): a preview carries none of the original's metadata, its GPS
        # position included; it is already upright (exif_transpose).
        image.save(buffer, "JPEG", quality=80, optimize=True)
        name = written = storage.save(name, ContentFile(buffer.getvalue()))
    try:
        type(evidence).objects.filter(pk=evidence.pk).update(preview=name)
    except BaseException:
        if written is not None:
            discard(STORAGE_KEY, written)
        raise
    return True
