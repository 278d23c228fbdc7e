"""What an uploaded file really is: checked before any byte of it is stored.

Nothing here trusts the file name or the browser's Content-Type: the type comes from libmagic (with a
structural look at the containers libmagic 5.x cannot always name), and the caller says which families
of types it accepts (the evidence kinds' rules live in inventory). Everything refused raises
`ApplicationError` with a message that names the file and says why, so a PPK member on a phone can act
on it.
"""

import re
import struct
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from pathlib import PurePath

import magic
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError
from files.hashing import CHUNK, sha256_stream

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Accepted types: sniffed MIME type -> (family, file-name extensions that may carry it).
TYPES = {
    "application/pdf": ("document", {".pdf"}),
    "image/jpeg": ("image", {".jpg", ".jpeg", ".jfif", ".jpe"}),
    "image/png": ("image", {".png"}),
    "image/webp": ("image", {".webp"}),
    # libmagic names HEIF files by their brand: "heic"/"heix" (iPhone, most Android) or "mif1".
    "image/heic": ("image", {".heic", ".heif"}),
    "image/heif": ("image", {".heic", ".heif"}),
    "video/mp4": ("video", {".mp4", ".m4v"}),
    "video/x-m4v": ("video", {".mp4", ".m4v"}),
    "video/quicktime": ("video", {".mov", ".mp4", ".qt"}),
    "video/3gpp": ("video", {".3gp", ".mp4"}),
    "video/3gpp2": ("video", {".3g2", ".3gp", ".mp4"}),
    DOCX: ("office", {".docx"}),
    XLSX: ("office", {".xlsx"}),
}
EXTENSION_FOR = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "image/heif": ".heif",
    "video/mp4": ".mp4",
    "video/x-m4v": ".m4v",
    "video/quicktime": ".mov",
    "video/3gpp": ".3gp",
    "video/3gpp2": ".3g2",
    DOCX: ".docx",
    XLSX: ".xlsx",
}
FAMILY_LABELS = {
    "document": gettext_lazy("PDF"),
    "image": gettext_lazy("image"),
    "video": gettext_lazy("video"),
    "office": gettext_lazy("office document"),
}

# Types a person might recognise, for refusals that name what the file really is.
DANGEROUS = {
    "text/html": gettext_lazy("a web page (HTML)"),
    "application/xhtml+xml": gettext_lazy("a web page (HTML)"),
    "image/svg+xml": gettext_lazy("an SVG drawing (can carry scripts)"),
    "application/zip": gettext_lazy("an archive (ZIP)"),
    "application/x-rar": gettext_lazy("an archive (RAR)"),
    "application/vnd.rar": gettext_lazy("an archive (RAR)"),
    "application/x-7z-compressed": gettext_lazy("an archive (7z)"),
    "application/gzip": gettext_lazy("an archive (gzip)"),
    "application/x-bzip2": gettext_lazy("an archive (bzip2)"),
    "application/x-xz": gettext_lazy("an archive (xz)"),
    "application/zstd": gettext_lazy("an archive (zstd)"),
    "application/x-tar": gettext_lazy("an archive (tar)"),
    "application/vnd.ms-cab-compressed": gettext_lazy("an archive (CAB)"),
    "application/x-iso9660-image": gettext_lazy("a disk image"),
    "application/x-executable": gettext_lazy("a program"),
    "application/x-sharedlib": gettext_lazy("a program"),
    "application/x-pie-executable": gettext_lazy("a program"),
    "application/x-mach-binary": gettext_lazy("a program"),
    "application/x-dosexec": gettext_lazy("a Windows program"),
    "application/x-msdownload": gettext_lazy("a Windows program"),
    "application/vnd.microsoft.portable-executable": gettext_lazy("a Windows program"),
    "application/x-msi": gettext_lazy("a Windows installer"),
    "application/vnd.android.package-archive": gettext_lazy("an Android app"),
    "application/java-archive": gettext_lazy("a Java program"),
    "text/x-shellscript": gettext_lazy("a script"),
    "text/x-python": gettext_lazy("a script"),
    "text/x-perl": gettext_lazy("a script"),
    "text/x-php": gettext_lazy("a script"),
    "application/javascript": gettext_lazy("a script"),
    "text/javascript": gettext_lazy("a script"),
    "text/x-msdos-batch": gettext_lazy("a script"),
}

# ISO base media (MP4/MOV/3GP) brands a phone or camera writes, for files libmagic calls octet-stream
# (e.g. Sony "XAVC", "MP4 ", "kddi" from Japanese phones).
MP4_BRANDS = {
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash",
    b"mmp4", b"MP4 ", b"XAVC", b"kddi", b"M4V ", b"M4VP", b"MSNV", b"f4v ", b"nvr1",
}  # fmt: skip
QUICKTIME_BRANDS = {b"qt  "}


def extensions_for(families: Collection[str]) -> list[str]:
    """The file-name extensions of every type in `families`, sorted: what a refusal lists as accepted."""
    return sorted({ext for _mime, (fam, exts) in TYPES.items() if fam in families for ext in exts})


@dataclass(frozen=True)
class FileFacts:
    name: str
    mime_type: str
    extension: str
    sha256: str
    size: int
    captured_at: datetime | None = None


def refuse(message: str, field: str = "file", **params):
    text = message % params if params else message
    raise ApplicationError(text, {field: [text]})


def check_name(name: str) -> str:
    """Refuse names that try to be paths or hide their nature; return the clean name.

    Names are only shown, never used as storage paths (files are stored under their hash), but a name
    with a right-to-left override (showing "laporan.pdf" for a program) or `../../x.pdf` is a trick,
    and a trick is refused, not repaired."""
    name = unicodedata.normalize("NFC", name or "")
    shown = repr(name)
    if not name.strip():
        refuse(_("The file has no name."))
    if len(name) > 200:
        refuse(_("The file name %(name)s is too long (at most 200 characters)."), name=shown[:60] + "…")
    if "\x00" in name:
        refuse(_("The file name %(name)s contains a hidden null character."), name=shown)
    if any(ch in name for ch in "/\\") or PurePath(name).name != name or name.strip(". ") == "":
        refuse(_("The file name %(name)s contains a folder path; upload the file itself."), name=shown)
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in name):
        refuse(
            _("The file name %(name)s contains hidden control characters (such as right-to-left marks)."),
            name=shown,
        )
    if name.startswith("."):
        refuse(_("The file name %(name)s starts with a dot (a hidden file)."), name=shown)
    return name


def sniff(fileobj) -> str:
    """The file's real type: libmagic's answer, refined where libmagic 5.x is known to fall short."""
    path = getattr(fileobj, "temporary_file_path", None)
    if path is not None:
        mime = magic.from_file(path(), mime=True)
    else:
        fileobj.seek(0)
        head = fileobj.read(2 * CHUNK)
        fileobj.seek(0)
        mime = magic.from_buffer(head, mime=True)
    if mime in {"application/octet-stream", "audio/mp4"}:
        return _sniff_iso_media(fileobj) or mime
    if mime == "application/zip":
        return _sniff_ooxml(fileobj) or mime
    return mime


def _sniff_iso_media(fileobj) -> str | None:
    """libmagic names only some MP4 brands; a camera's "XAVC" or a phone's "kddi" comes back as
    octet-stream. An ISO base media file starts with an `ftyp` box listing its brands."""
    fileobj.seek(0)
    head = fileobj.read(64)
    fileobj.seek(0)
    if len(head) < 16 or head[4:8] != b"ftyp":
        return None
    size = struct.unpack(">I", head[:4])[0]
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, min(size, len(head)) - 3, 4)}
    if brands & QUICKTIME_BRANDS:
        return "video/quicktime"
    if brands & MP4_BRANDS:
        return "video/mp4"
    return None


def _sniff_ooxml(fileobj) -> str | None:
    """libmagic recognises DOCX/XLSX only when the first ZIP entries come in the order Microsoft
    Office writes them; other tools write a valid document libmagic calls a plain ZIP."""
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        fileobj.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def inspect_file(fileobj, *, name: str, families: Collection[str], accepted_as: str) -> FileFacts:
    """Check one uploaded file: a clean name, within the size limit, of a type in one of `families`
    (`accepted_as` names what it was offered as, in the refusal), named by its type's extension, and
    whole inside. Return what it really is, or refuse."""
    name = check_name(name)
    _check_size(fileobj, name)
    mime = sniff(fileobj)
    family = _family_of(mime, name, families=families, accepted_as=accepted_as)
    captured_at = CONTENT_CHECKS[family](fileobj, name)
    sha = getattr(fileobj, "sha256", None) or sha256_stream(fileobj)
    return FileFacts(
        name=name,
        mime_type=mime,
        extension=EXTENSION_FOR[mime],
        sha256=sha,
        size=fileobj.size,
        captured_at=captured_at,
    )


def _check_size(fileobj, name: str) -> None:
    if getattr(fileobj, "too_large", False) or fileobj.size > settings.EVIDENCE_MAX_BYTES:
        refuse(
            _("%(name)s is too large: at most %(limit)s per file."),
            name=name,
            limit=filesizeformat(settings.EVIDENCE_MAX_BYTES),
        )
    if not fileobj.size:
        refuse(_("%(name)s is empty (0 bytes); pick the file again."), name=name)


def _family_of(mime: str, name: str, *, families: Collection[str], accepted_as: str) -> str:
    """The family of `mime` if it is accepted here and the name's extension fits it; else refuse."""
    if mime in DANGEROUS:
        refuse(_("%(name)s is %(what)s; such files are never accepted."), name=name, what=DANGEROUS[mime])
    family, extensions = TYPES.get(mime, (None, set()))
    if family is None:
        refuse(
            _("%(name)s is of type %(mime)s, which is not accepted. Accepted: %(accepted)s."),
            name=name,
            mime=mime,
            accepted=", ".join(extensions_for(families)),
        )
    if family not in families:
        refuse(
            _("%(name)s (%(family)s) is not accepted as %(kind)s. Accepted: %(accepted)s."),
            name=name,
            family=FAMILY_LABELS[family],
            kind=accepted_as,
            accepted=", ".join(extensions_for(families)),
        )
    suffix = PurePath(name).suffix.lower()
    if suffix not in extensions:
        refuse(
            _("%(name)s is really of type %(mime)s, but its name ends in %(suffix)s. Rename it or pick another file."),
            name=name,
            mime=mime,
            suffix=suffix or _("(nothing)"),
        )
    return family


# --- images ---------------------------------------------------------------------------------------


def _check_image(fileobj, name: str) -> datetime | None:
    """Decode the whole image (a truncated or damaged one is refused), refuse decompression bombs,
    and read the capture time from EXIF."""
    from PIL import Image

    from files.images import strict_decoding

    fileobj.seek(0)
    try:
        with strict_decoding(), warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(fileobj) as image:
                # Pillow itself raises only past twice the ceiling; the ceiling is the limit here.
                if image.width * image.height > Image.MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError(f"{image.width}x{image.height}")
                exif = image.getexif()
                if image.format == "JPEG":
                    # Decode at 1/8 scale: every byte is still read, at a fraction of the memory.
                    image.draft("RGB", (image.width // 8 or 1, image.height // 8 or 1))
                image.load()
    except Image.DecompressionBombError:
        refuse(_("%(name)s has far too many pixels to be a photo or scan; it is refused."), name=name)
    except Exception:
        refuse(_("%(name)s could not be read as an image; it may be damaged or cut off."), name=name)
    finally:
        fileobj.seek(0)
    exif_ifd = exif.get_ifd(0x8769)
    taken = exif_ifd.get(0x9003) or exif_ifd.get(0x9004) or exif.get(0x0132)
    return _exif_time(taken, exif_ifd.get(0x9011) or exif_ifd.get(0x9010))


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


# --- PDF ------------------------------------------------------------------------------------------

# Actions and objects that run code or smuggle files when the PDF is opened or clicked.
PDF_SCRIPT_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute", "/GoToE", "/SubmitForm"}
PDF_SCRIPT_KEYS = {"/JS", "/JavaScript", "/XFA"}
PDF_ATTACHMENT_KEYS = {"/EmbeddedFiles"}
PDF_ATTACHMENT_TYPES = {"/EmbeddedFile", "/FileAttachment", "/RichMedia"}
# Page content, fonts and images cannot trigger actions; not walking them keeps big scans fast.
PDF_SKIP_KEYS = {
    "/Parent", "/P", "/Resources", "/Contents", "/AP", "/Thumb", "/Metadata", "/StructTreeRoot",
    "/Font", "/XObject", "/ColorSpace", "/Pattern", "/Shading", "/ExtGState", "/Threads", "/PieceInfo",
}  # fmt: skip
PDF_MAX_OBJECTS = 200_000


def _check_pdf(fileobj, name: str) -> None:
    from pypdf import PdfReader

    fileobj.seek(0)
    try:
        reader = PdfReader(fileobj, strict=False)
        if reader.is_encrypted:
            refuse(
                _("%(name)s is an encrypted (password-protected or locked) PDF; upload an unlocked copy."),
                name=name,
            )
        if len(reader.pages) == 0:
            refuse(_("%(name)s is a PDF without pages."), name=name)
        found = _pdf_active_content(reader)
    except ApplicationError:
        raise
    except Exception:
        refuse(_("%(name)s could not be read as a PDF; it may be damaged."), name=name)
    finally:
        fileobj.seek(0)
    if found == "script":
        refuse(
            _("%(name)s is a PDF with embedded scripts or actions; print it to a new PDF or scan it, and upload that."),
            name=name,
        )
    if found == "attachment":
        refuse(_("%(name)s is a PDF with files attached inside it; upload each file on its own."), name=name)
    if found == "complex":
        refuse(_("%(name)s is a PDF too complex to check; print it to a new PDF and upload that."), name=name)


class _TooComplex(Exception):
    pass


def _pdf_active_content(reader) -> str | None:
    """Walk the document from its catalogue (names, open action, outlines, pages, annotations, form
    fields, additional actions) looking for scripts, launch actions and attached files."""
    seen: set[tuple[int, int]] = set()
    stack = [dict.__getitem__(reader.trailer, "/Root")]
    try:
        while stack:
            obj = _pdf_resolve(stack.pop(), seen)
            if isinstance(obj, dict):
                found = _pdf_dict_verdict(obj, stack)
                if found:
                    return found
            elif isinstance(obj, list):
                stack.extend(obj)
    except _TooComplex:
        return "complex"
    return None


def _pdf_resolve(obj, seen: set[tuple[int, int]]):
    """The object a reference points at; None when it was walked already. Past PDF_MAX_OBJECTS
    objects the walk gives up before reading another one."""
    from pypdf.generic import IndirectObject

    if not isinstance(obj, IndirectObject):
        return obj
    key = (obj.idnum, obj.generation)
    if key in seen:
        return None
    seen.add(key)
    if len(seen) > PDF_MAX_OBJECTS:
        raise _TooComplex
    return obj.get_object()


def _pdf_dict_verdict(obj: dict, stack: list) -> str | None:
    """Whether this dictionary is a script or action ("script") or an attached file ("attachment");
    if neither, its values worth walking go on `stack`."""
    for key, value in dict.items(obj):
        if key in PDF_SCRIPT_KEYS or (key == "/S" and value in PDF_SCRIPT_ACTIONS):
            return "script"
        if key in PDF_ATTACHMENT_KEYS or (key in ("/Type", "/Subtype") and value in PDF_ATTACHMENT_TYPES):
            return "attachment"
        if key not in PDF_SKIP_KEYS:
            stack.append(value)
    return None


# --- office documents -----------------------------------------------------------------------------

OFFICE_MAX_ENTRIES = 10_000
OFFICE_ACTIVE_PARTS = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX\d*\.(xml|bin)|oleObject\d*\.bin)$", re.I)
OFFICE_RISKY_EXTERNAL = re.compile(r"/(attachedTemplate|oleObject|frame|subDocument)$")


def _check_office(fileobj, name: str) -> None:
    """DOCX/XLSX are ZIP archives: refuse macros, embedded programs, remote templates and archive
    bombs. Sizes are counted while actually unpacking: the sizes a ZIP declares can lie."""
    limit = settings.EVIDENCE_MAX_UNPACKED_BYTES
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            _check_office_entries(infos, name, limit)
            _unpack_office(archive, infos, name, limit)
    except ApplicationError:
        raise
    except Exception:
        refuse(_("%(name)s could not be read as an office document; it may be damaged."), name=name)
    finally:
        fileobj.seek(0)


def _check_office_entries(infos, name: str, limit: int) -> None:
    """What the archive declares: too many entries or bytes, or parts that hold code."""
    if len(infos) > OFFICE_MAX_ENTRIES or sum(i.file_size for i in infos) > limit:
        refuse(_("%(name)s unpacks to far more than its size (an archive bomb); it is refused."), name=name)
    if any(OFFICE_ACTIVE_PARTS.search(i.filename) for i in infos):
        refuse(
            _("%(name)s contains macros or embedded programs; save it without them and upload again."),
            name=name,
        )


def _unpack_office(archive, infos, name: str, limit: int) -> None:
    """Unpack every part, counting what really comes out; read the relationship parts for links to
    templates or objects on the internet."""
    unpacked = 0
    for info in infos:
        rels = info.filename.endswith(".rels")
        content = bytearray() if rels else None
        with archive.open(info) as member:
            for chunk in iter(lambda member=member: member.read(CHUNK), b""):
                unpacked += len(chunk)
                if unpacked > limit:
                    refuse(
                        _("%(name)s unpacks to far more than its size (an archive bomb); it is refused."),
                        name=name,
                    )
                if content is not None and len(content) < CHUNK:
                    content += chunk
        if content is not None and _has_risky_external(bytes(content)):
            refuse(
                _("%(name)s loads a template or object from the internet; such files are never accepted."),
                name=name,
            )


def _has_risky_external(rels: bytes) -> bool:
    for element in re.findall(rb"<Relationship\b[^>]*>", rels):
        attrs = dict(re.findall(rb'(\w+)\s*=\s*["\']([^"\']*)["\']', element))
        if attrs.get(b"TargetMode", b"").lower() == b"external" and OFFICE_RISKY_EXTERNAL.search(
            attrs.get(b"Type", b"").decode("ascii", "replace")
        ):
            return True
    return False


# --- video ----------------------------------------------------------------------------------------


def _check_video(fileobj, name: str) -> None:
    """Walk the top-level boxes of an MP4/MOV/3GP: they must tile the file exactly. A cut-off video
    or one with something else appended (a program behind a video header) is refused. Only box
    headers are read, so a 500 MB video costs a few seeks."""
    fileobj.seek(0, 2)
    total = fileobj.tell()
    offset = 0
    boxes = set()
    try:
        while offset < total:
            fileobj.seek(offset)
            header = fileobj.read(16)
            if len(header) < 8:
                break
            size, box = struct.unpack(">I4s", header[:8])
            if size == 1 and len(header) == 16:
                size = struct.unpack(">Q", header[8:16])[0]
            elif size == 0:
                size = total - offset
            if size < 8 or not re.fullmatch(rb"[\x20-\x7e\xa9]{4}", box):
                break
            boxes.add(box)
            offset += size
    finally:
        fileobj.seek(0)
    if offset != total or not boxes & {b"moov", b"mdat", b"moof"}:
        refuse(_("%(name)s could not be read as a video; it may be damaged or cut off."), name=name)


# What is checked inside a file of each family; the image check also reads when the photo was taken.
CONTENT_CHECKS: dict[str, Callable[..., datetime | None]] = {
    "image": _check_image,
    "document": _check_pdf,
    "office": _check_office,
    "video": _check_video,
}
