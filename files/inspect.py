"""What an uploaded file really is: checked before any byte of it is stored.

Nothing here trusts the file name or the browser's Content-Type: the type comes from libmagic (with a
structural look at the containers libmagic 5.x cannot always name), and the caller says which families
of types it accepts (the evidence kinds' rules live in inventory). Everything refused raises
`ApplicationError` with a message that names the file and says why, so a PPK member on a phone can act
on it. What is looked at inside a file of each family lives beside this module: `inspect_image`,
`inspect_pdf`, `inspect_office` (videos, a walk over box headers, are here).
"""

import io
import re
import struct
import unicodedata
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

import magic
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from files.hashing import CHUNK, sha256_stream
from files.inspect_common import refuse
from files.inspect_image import check_image
from files.inspect_office import check_office
from files.inspect_pdf import check_pdf

__all__ = ["FileFacts", "check_head", "check_name", "extensions_for", "inspect_file", "refuse", "sniff"]

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
# "C:laporan.pdf" is a path relative to drive C's current folder on Windows (Django keeps it).
WINDOWS_DRIVE = re.compile(r"[A-Za-z]:")


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


def check_name(name: str) -> str:
    """Refuse names that try to be paths or hide their nature; return the clean name.

    Names are only shown, never used as storage paths (files are stored under their hash), but a name
    with a right-to-left override (showing "laporan.pdf" for a program) or `../../x.pdf` is a trick,
    and a trick is refused, not repaired.

    Over HTTP the trick is mostly gone before this sees the name: Django's multipart parser (the
    pages' and the API's alike) keeps only the part after the last / or \\ and drops every character
    that does not print (NUL, control characters, right-to-left marks), and no upload handler is shown
    the name it was sent. What survives that is refused here: a drive ("C:x.pdf"), a leading dot, a
    name too long. Names given to a service directly (commands, imports) get every check."""
    name = unicodedata.normalize("NFC", name or "")
    shown = repr(name)
    if not name.strip():
        refuse(_("The file has no name."))
    if len(name) > 200:
        refuse(_("The file name %(name)s is too long (at most 200 characters)."), name=shown[:60] + "…")
    if "\x00" in name:
        refuse(_("The file name %(name)s contains a hidden null character."), name=shown)
    if (
        any(ch in name for ch in "/\\")
        or WINDOWS_DRIVE.match(name)
        or PurePath(name).name != name
        or name.strip(". ") == ""
    ):
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


def check_head(head: bytes, *, name: str, families: Collection[str], accepted_as: str) -> None:
    """Refuse, from a file's first bytes, what the whole file would be refused for: a wrong type, a
    dangerous one, a name that lies about it. A resumable upload calls this after its first chunk, so a
    wrong 50 MB file is refused after kilobytes. Types the first bytes cannot settle (a ZIP, whose
    directory sits at its end; bytes libmagic cannot name yet) wait for the full check of the whole file."""
    check_name(name)
    mime = magic.from_buffer(head, mime=True)
    if mime in {"application/octet-stream", "audio/mp4"}:
        mime = _sniff_iso_media(io.BytesIO(head)) or mime
    if mime in TYPES or mime in DANGEROUS or mime.startswith("text/"):
        _family_of(mime, name, families=families, accepted_as=accepted_as)


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
    "image": check_image,
    "document": check_pdf,
    "office": check_office,
    "video": _check_video,
}
